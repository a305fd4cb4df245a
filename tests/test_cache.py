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
    assert kinds == {"card", "paper", "lms"}, kinds
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


def test_a_changed_card_line_renders_the_card_again(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    build_site(project / "mkdocs.yml", project / "a")
    before = (project / "a" / "pocket-card.pdf").read_bytes()
    count = len(entries(project))
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(re.sub(r"(?m)^card:.*$", "card: Listen first. Then ask what would help today.", tip.read_text()))
    build_site(project / "mkdocs.yml", project / "b")
    assert (project / "b" / "pocket-card.pdf").read_bytes() != before
    assert len(entries(project)) > count, "the new card and the changed pages were rendered and kept"


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
