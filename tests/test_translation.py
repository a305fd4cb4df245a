"""The translation workflow: an English author adds a tip and publishes it at once; each other
edition gets a page marked `translation: pending` (one warning, never an error) that says the
tip is not translated yet and links the English one, and is left out of that edition's card,
final check and LMS package. A page the main edition has and another has not gets such a page
too, so the language switch never drops a reader on a home page without a word."""

from __future__ import annotations

import re
import zipfile

import pytest

from conftest import build_fails, copy_project
from rapport.app import build_site
from rapport.checks import check_editions
from rapport.model import load_site
from rapport.scaffold import new_tip, pending_translations

SLUG = "notice-small-wins"


@pytest.fixture
def bilingual(tmp_path):
    return copy_project(tmp_path / "project", "bilingual")


def english_tip(project) -> str:
    """A whole English tip (the first one, other words and ids), last in the English nav."""
    text = (project / "docs" / "tips" / "first-tip.md").read_text(encoding="utf-8")
    text = (text.replace("title: Listen first", "title: Notice small wins")
            .replace("# Listen first", "# Notice small wins")
            .replace("card: Listen first. Let them tell you what matters.", "card: Notice small wins. Name them out loud.")
            .replace("id: listen-", "id: wins-"))
    (project / "docs" / "tips" / f"{SLUG}.md").write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      - tips/first-tip.md\n",
                                                 f"      - tips/first-tip.md\n      - tips/{SLUG}.md\n"))
    return f"tips/{SLUG}.md"


def test_new_tip_writes_a_pending_page_in_each_other_edition(bilingual):
    path = new_tip(bilingual / "mkdocs.yml", "Notice small wins")
    stub = bilingual / "docs-es" / "tips" / f"{SLUG}.md"
    assert path.name == stub.name and stub.is_file()
    assert "translation: pending" in stub.read_text(encoding="utf-8")
    es = load_site(bilingual / "mkdocs.es.yml")
    assert es.tip_paths()[-1] == f"tips/{SLUG}.md" and es.is_pending(f"tips/{SLUG}.md")
    assert [p.rel for p in es.tips()] == ["tips/first-tip.md"], "not among the edition's tips until translated"


def test_a_pending_translation_publishes_with_one_warning(bilingual):
    rel = english_tip(bilingual)
    written = pending_translations(load_site(bilingual / "mkdocs.yml"), rel, "Notice small wins")
    assert [p.relative_to(bilingual).as_posix() for p in written] == [f"docs-es/{rel}"]
    found = [f for f in check_editions(load_site(bilingual / "mkdocs.yml"), load_site(bilingual / "mkdocs.yml").edition_sites())
             if SLUG in f.path or SLUG in f.message]
    assert [(f.path, f.line, f.rule, f.severity) for f in found] == [(f"docs-es/{rel}", 3, "translation", "warning")], found
    build_site(bilingual / "mkdocs.yml", bilingual / "site")
    site = bilingual / "site"
    page = (site / "es" / "tips" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert "Esta página todavía no está traducida" in page
    assert f'<a href="../../tips/{SLUG}.html" hreflang="en" lang="en">Notice small wins</a>' in page
    # The English page's switch leads to it.
    assert f'href="es/tips/{SLUG}.html"' in (site / "tips" / f"{SLUG}.html").read_text(encoding="utf-8").replace("../", "")
    # Left out of the Spanish card, final check and LMS package; the English ones have it.
    assert "Name them out loud" not in (site / "es" / "pocket-card.html").read_text(encoding="utf-8")
    assert "Name them out loud" in (site / "pocket-card.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(site / "es" / "building-trust-rapport-es-scorm12.zip") as zf:
        assert f"tips/{SLUG}.html" not in zf.namelist() and "tips/first-tip.html" in zf.namelist()
    # Once translated (the line removed), parity applies in full.
    stub = bilingual / "docs-es" / rel
    stub.write_text((bilingual / "docs-es" / "tips" / "first-tip.md").read_text(encoding="utf-8"), encoding="utf-8")
    said = build_fails(bilingual)
    assert f"docs-es/{rel}" in said and "parity" in said


def test_a_page_only_the_main_edition_has_gets_a_page_saying_so(bilingual):
    (bilingual / "docs" / "about.md").write_text("---\ntitle: About this course\n---\n\n# About this course\n\n"
                                                 "Who made it, and why.\n", encoding="utf-8")
    config = bilingual / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Pocket card: pocket-card.md", "  - Pocket card: pocket-card.md\n"
                                                 "  - About: about.md"))
    build_site(config, bilingual / "site")
    english = (bilingual / "site" / "about.html").read_text(encoding="utf-8")
    assert re.search(r'href="es/about.html"[^>]*hreflang="es"', english), "the switch leads to the same page"
    spanish = (bilingual / "site" / "es" / "about.html").read_text(encoding="utf-8")
    assert '<html lang="es"' in spanish and "Esta página todavía no está traducida" in spanish
    assert '<a href="../about.html" hreflang="en" lang="en">About this course</a>' in spanish


@pytest.mark.parametrize("value, edition, words", [
    ("done", "docs-es", "`translation: done` is not known"),
    ("pending", "docs", "`translation: pending` is read in a translated edition only"),
])
def test_a_translation_mistake_is_one_error_at_its_line(bilingual, value, edition, words):
    tip = bilingual / edition / "tips" / "first-tip.md"
    tip.write_text(tip.read_text(encoding="utf-8").replace("---\n", f"---\ntranslation: {value}\n", 1), encoding="utf-8")
    said = build_fails(bilingual)
    assert f"{edition}/tips/first-tip.md:2:1: translation: {words}" in said, said


def test_a_pending_page_whose_main_page_is_gone_is_an_error(bilingual):
    rel = english_tip(bilingual)
    pending_translations(load_site(bilingual / "mkdocs.yml"), rel, "Notice small wins")
    (bilingual / "docs" / rel).unlink()
    config = bilingual / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"      - {rel}\n", ""))
    said = build_fails(bilingual)
    assert f"docs-es/{rel}:3:1: translation: translation pending, but the main edition has no page {rel}" in said


@pytest.mark.parametrize("value", ["pendng", "Pending", "true", "[pending]"])
def test_a_mistyped_translation_line_is_the_one_error_of_its_page(bilingual, value):
    stub = bilingual / "docs-es" / "tips" / "first-tip.md"
    stub.write_text(f"---\ntitle: Primero escuche\ntranslation: {value}\n---\n", encoding="utf-8")
    said = build_fails(bilingual)
    about = [line for line in said.splitlines() if "docs-es/tips/first-tip.md" in line]
    assert len(about) == 1 and "translation: `translation:" in about[0] and "is not known" in about[0], said


def test_a_pending_tip_is_not_printed_and_a_pending_page_stays_in_the_package_without_a_link(bilingual):
    rel = english_tip(bilingual)
    pending_translations(load_site(bilingual / "mkdocs.yml"), rel, "Notice small wins")
    words = bilingual / "docs-es" / "pocket-card.md"
    words.write_text(words.read_text(encoding="utf-8").replace("---\n", "---\ntranslation: pending\n", 1), encoding="utf-8")
    build_site(bilingual / "mkdocs.yml", bilingual / "site")
    import pdfplumber

    with pdfplumber.open(bilingual / "site" / "es" / "handout-letter.pdf") as pdf:
        text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "Notice small wins" not in text and "Primero escuche" in text
    with zipfile.ZipFile(bilingual / "site" / "es" / "building-trust-rapport-es-scorm12.zip") as zf:
        page = zf.read("pocket-card.html").decode()
    assert "Esta página todavía no está traducida." in page and 'hreflang="en"' not in page.split("<article")[1]


def test_an_edition_whose_every_tip_is_pending_is_one_error(bilingual):
    stub = bilingual / "docs-es" / "tips" / "first-tip.md"
    stub.write_text("---\ntitle: Primero escuche\ntranslation: pending\n---\n", encoding="utf-8")
    said = build_fails(bilingual)
    assert "translation: every tip of this edition is still to translate" in said


def test_the_card_labels_default_to_the_editions_language(bilingual):
    """Left out of the settings (of both editions: a translation inherits the main one's), the
    card's two labels come from the catalogue, in each edition's language."""
    for name in ("mkdocs.yml", "mkdocs.es.yml"):
        config = bilingual / name
        config.write_text("\n".join(line for line in config.read_text(encoding="utf-8").splitlines()
                                    if not line.strip().startswith(("crisis_label:", "questions_title:"))) + "\n",
                          encoding="utf-8")
    build_site(bilingual / "mkdocs.yml", bilingual / "site")
    card = (bilingual / "site" / "es" / "pocket-card.html").read_text(encoding="utf-8")
    assert "Pregúntese" in card and "En una crisis:" in card and "Ask yourself" not in card
    english = (bilingual / "site" / "pocket-card.html").read_text(encoding="utf-8")
    assert "Ask yourself" in english and "In a crisis:" in english
