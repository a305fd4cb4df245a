"""Built files reused while their inputs stay the same (rapport.cache): a rebuild with nothing
changed renders no PDF and no LMS package again, and gives the same bytes; a changed input
renders again."""

from __future__ import annotations

import re

from rapport.app import build_site


def entries(project):
    folder = project / ".cache" / "rapport"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_rebuild_with_nothing_changed_reuses_every_pdf_and_gives_the_same_bytes(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    build_site(project / "mkdocs.yml", project / "a")
    first = entries(project)
    kinds = {name.split("/")[0] for name in first}
    assert kinds == {"card", "paper", "lms", "lms-downloads", "minify"}, kinds
    import rapport.outputs.card.render as render
    import rapport.outputs.lms as lms
    import rapport.outputs.paper as paper

    def refuse(*args, **kwargs):
        raise AssertionError("a PDF was rendered again although nothing changed")

    with monkeypatch.context() as m:
        m.setattr(render, "weasy", refuse)
        m.setattr(paper, "weasy", refuse)
        m.setattr(lms, "render", refuse)  # the LMS package's run of the pipeline
        build_site(project / "mkdocs.yml", project / "b")
    assert entries(project) == first, "nothing new in the cache"
    built = {p.relative_to(project / "a"): p.read_bytes() for p in (project / "a").rglob("*") if p.is_file()}
    again = {p.relative_to(project / "b"): p.read_bytes() for p in (project / "b").rglob("*") if p.is_file()}
    assert built.keys() == again.keys()
    assert [name for name in built if built[name] != again[name]] == [], "two builds are byte-identical"


def test_a_changed_card_line_renders_the_card_again_and_the_old_entries_go(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    build_site(project / "mkdocs.yml", project / "a")
    before = (project / "a" / "pocket-card.pdf").read_bytes()
    first = entries(project)
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(re.sub(r"(?m)^card:.*$", "card: Listen first. Then ask what would help today.", tip.read_text()))
    build_site(project / "mkdocs.yml", project / "b")
    assert (project / "b" / "pocket-card.pdf").read_bytes() != before
    after = entries(project)
    assert set(after) - set(first), "the new card and the changed pages were rendered and kept"
    assert len(after) <= len(first), "what the edit superseded is gone: the cache does not grow with each edit"
    # A build that fails removes nothing: the last good build's files stay for the next try.
    from conftest import build_fails

    tip.write_text(tip.read_text().replace("objectives:", "objectives: [", 1))
    build_fails(project)
    assert entries(project) == after


def test_a_pdf_has_the_same_bytes_whatever_the_cache_held(project, monkeypatch):
    """Cold build, then a build whose cache kept only the cards: the paper it renders again
    (after no card render this time) is byte-identical; a build's files never depend on
    which others happened to be cached (each unit renders with fonts of its own)."""
    import shutil

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    build_site(project / "mkdocs.yml", project / "a")
    shutil.rmtree(project / ".cache" / "rapport" / "paper")
    shutil.rmtree(project / ".cache" / "rapport" / "lms")
    build_site(project / "mkdocs.yml", project / "b")
    pdfs = sorted(p.name for p in (project / "a").glob("*.pdf"))
    assert "handbook-letter.pdf" in pdfs and "pocket-card.pdf" in pdfs
    assert [n for n in pdfs if (project / "a" / n).read_bytes() != (project / "b" / n).read_bytes()] == []


def test_a_damaged_cache_entry_is_made_again_never_published(project, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    build_site(project / "mkdocs.yml", project / "a")
    good = {name: (project / "a" / name).read_bytes()
            for name in ("pocket-card.pdf", "handbook-letter.pdf", "building-trust-rapport-scorm12.zip")}
    folder = project / ".cache" / "rapport"
    damaged = 0
    for n, path in enumerate(sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".sha256"))):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if n % 3 else (b"x" * len(data) if n % 2 else b""))
        damaged += 1
    capsys.readouterr()
    build_site(project / "mkdocs.yml", project / "b")
    said = capsys.readouterr().err
    # A package whose list of downloads was damaged is made again without its own entry being read.
    unread = len([p for p in (folder / "lms").iterdir() if not p.name.endswith(".sha256")])
    assert unread >= 1 and said.count("was damaged") == damaged - unread, said
    assert "lms-downloads file was damaged" in said
    for name, data in good.items():
        assert (project / "b" / name).read_bytes() == data, name
    assert (project / "b" / "SHA256SUMS").read_text() == (project / "a" / "SHA256SUMS").read_text()


def test_a_cache_that_cannot_be_written_builds_without_it(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    (project / ".cache").write_text("not a folder")  # nothing can be kept or read there
    build_site(project / "mkdocs.yml", project / "site")
    assert (project / "site" / "pocket-card.pdf").read_bytes().startswith(b"%PDF")
    assert (project / ".cache").read_text() == "not a folder"


def test_the_cache_key_covers_the_python_lock_and_the_system_libraries(tmp_path, monkeypatch):
    from rapport.pipeline import cache

    a, b = tmp_path / "a", tmp_path / "b"
    for root, pin in ((a, "weasyprint==70.0"), (b, "weasyprint==69.0")):
        root.mkdir()
        (root / "requirements.lock").write_text(pin + "\n")
    assert cache.engine_hash(a) != cache.engine_hash(b)
    c = tmp_path / "c"
    c.mkdir()
    (c / "requirements.lock").write_text("weasyprint==70.0\n")
    said = cache.system_libraries()
    assert "libharfbuzz0b=" in said and "hb-subset=True" in said, said
    before = cache.engine_hash(c)
    cache.engine_hash.cache_clear()
    monkeypatch.setattr(cache, "system_libraries", lambda: "libharfbuzz-subset0=other")
    try:
        assert cache.engine_hash(c) != before
    finally:
        cache.engine_hash.cache_clear()


def test_without_harfbuzz_subset_the_build_stops_with_one_line_naming_the_package(project, monkeypatch):
    from weasyprint.text import ffi

    from conftest import build_fails

    monkeypatch.setattr(ffi, "harfbuzz_subset", None)
    message = build_fails(project)
    assert "libharfbuzz-subset0" in message and "Traceback" not in message
