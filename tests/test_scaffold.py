"""rapport.scaffold: `make new-tip` writes a tip with every part and puts it last."""

from __future__ import annotations

import subprocess

import pytest

from conftest import build_fails
from rapport.checks import check_site, errors
from rapport.model import load_site
from rapport.scaffold import ScaffoldError, new_tip


def test_a_scaffolded_tip_is_last_has_every_part_and_never_ships_its_placeholders(project):
    config = project / "mkdocs.yml"
    before = config.read_text()
    path = new_tip(config, "Notice small wins")
    assert path == project / "docs" / "tips" / "notice-small-wins.md"
    after = config.read_text()
    assert after.replace("      - tips/notice-small-wins.md\n", "", 1) == before, "only one line is added"
    site = load_site(config)
    assert site.tip_paths()[-1] == "tips/notice-small-wins.md"
    findings = check_site(site)
    assert {f.rule for f in errors(findings)} == {"placeholder"}, "every part is there; only the TODOs are left"
    todo_lines = sorted({f.line for f in errors(findings)})
    assert len(todo_lines) >= 20
    # The preview shows them as warnings; the build refuses them, naming each line.
    assert errors(check_site(load_site(config), preview=True)) == []
    message = build_fails(project)
    for line in todo_lines:
        assert f"docs/tips/notice-small-wins.md:{line}:" in message
    assert not (project / "site").exists()


def test_the_scaffolds_sentences_are_placeholders_even_without_todo(project):
    path = new_tip(project / "mkdocs.yml", "Notice small wins")
    path.write_text(path.read_text().replace("TODO: ", ""))
    found = [f for f in errors(check_site(load_site(project / "mkdocs.yml"))) if f.rule == "placeholder"]
    assert len(found) >= 15 and all("placeholder text is still here" in f.message for f in found)


def test_new_tip_refuses_a_title_that_exists(project):
    with pytest.raises(ScaffoldError, match="already exists"):
        new_tip(project / "mkdocs.yml", "First tip")


TITLES = ["Wins `touch owned`", "$(id) and $5", "Ask: what matters?", "#1 tip", "!important", "[Draft]", "Yes",
          "2026-01-01", 'Say "hello" & <wave>', "Escucha — la señal", "Слушайте внимательно", "聆听"]


@pytest.mark.parametrize("title", TITLES)
def test_every_title_becomes_valid_front_matter_and_keeps_its_script(project, title):
    path = new_tip(project / "mkdocs.yml", title)
    page = load_site(project / "mkdocs.yml").page(path.relative_to(project / "docs").as_posix())
    assert page.front.findings == [] and page.meta["title"] == title
    assert path.name.isascii() and path.name.endswith(".md")
    heading = page.lines[page.body_start]
    assert heading.startswith("# ") and "<" not in heading


def test_a_title_with_no_latin_letters_gets_a_numbered_file_name(project):
    assert new_tip(project / "mkdocs.yml", "聆听").name == "tip-1.md"
    assert new_tip(project / "mkdocs.yml", "Слушайте").name == "tip-2.md"


def test_make_new_tip_runs_nothing_in_the_title(project, root, tmp_path):
    title = "Wins `touch owned-1` $(touch owned-2) $5"
    proc = subprocess.run(["make", "-s", "-C", str(root), "new-tip", f"CONFIG={project / 'mkdocs.yml'}", f"TITLE={title}"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert not list(root.glob("owned-*")) and not list(tmp_path.glob("owned-*")), "the title ran a command"
    path = project / "docs" / "tips" / "wins-touch-owned-1-touch-owned-2-5.md"
    assert f'title: "{title}"' in path.read_text()


def test_in_a_library_a_new_tip_goes_last_in_its_module(tmp_path, root):
    from conftest import copy_project

    project = copy_project(tmp_path / "p", "modules")
    config = project / "mkdocs.yml"
    before = config.read_text()
    path = new_tip(config, "Notice small wins", module="hard-days")
    assert path == project / "docs" / "hard-days" / "tips" / "notice-small-wins.md"
    assert config.read_text().replace("      - hard-days/tips/notice-small-wins.md\n", "", 1) == before
    site = load_site(config)
    module = next(m for m in site.modules if m.slug == "hard-days")
    assert [p.rel for p in site.tips(module)][-1] == "hard-days/tips/notice-small-wins.md"
    # Through make, with MODULE=, and the module named wrong or not at all.
    run = lambda *extra: subprocess.run(["make", "-s", "-C", str(root), "new-tip", f"CONFIG={config}", *extra],  # noqa: E731
                                        capture_output=True, text=True, timeout=120)
    proc = run("TITLE=End with thanks", "MODULE=endings")
    assert proc.returncode == 0, proc.stderr
    assert (project / "docs" / "endings" / "tips" / "end-with-thanks.md").is_file()
    proc = run("TITLE=Another", "MODULE=nowhere")
    assert proc.returncode != 0 and "there is no module 'nowhere' (modules: first-meetings, hard-days, endings)" in proc.stderr
    proc = run("TITLE=Another")
    assert proc.returncode != 0 and "MODULE=first-meetings" in proc.stderr and "Traceback" not in proc.stderr
