"""No English in the Spanish edition: every page, PDF and the SCORM package of site/es/,
its visible text (and the words a script shows) checked against every string of the English
catalogue that Spanish says otherwise — all of them, not a sample. Text marked as another
language (`lang="en"`: the language switch, the title of a page not translated yet) is
English on purpose."""

from __future__ import annotations

import json
import re
import zipfile

import pdfplumber
import pytest
from selectolax.lexbor import LexborHTMLParser

from rapport.model import strings

VISIBLE_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "aria-description")


def english_phrases() -> list[tuple[str, str]]:
    """(key, a phrase of its English text) for every string whose Spanish differs: the text
    without markup, cut at its placeholders, each piece with at least two words or one of 5+ letters."""
    en, es = strings.ui("en"), strings.ui("es")
    out = []

    def walk(key, a, b):
        if isinstance(a, dict):
            for k in a:
                walk(f"{key}.{k}", a[k], (b or {}).get(k) if isinstance(b, dict) else None)
        elif isinstance(a, str) and a != b:
            text = re.sub(r"<[^>]+>", " ", a)
            for piece in re.split(r"\{[^}]*\}", text):
                piece = " ".join(piece.split()).strip(" .,:;!?()“”\"'")
                if len(piece.split()) >= 2 or len(piece) >= 5:
                    out.append((key, piece))

    for key in en:
        walk(key, en[key], es.get(key))
    return out


PHRASES = english_phrases()
RE_PHRASES = [(key, phrase, re.compile(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])")) for key, phrase in PHRASES]


def visible_text(html: str) -> str:
    """What a reader sees or hears of a page: its text and labelling attributes, and the words
    the launch page's script shows, without anything marked lang="en" (our other scripts' words
    are in the edition's assets/rapport/ui.js: `script_words`)."""
    tree = LexborHTMLParser(html)
    shown = []
    for node in tree.css("[data-ui]"):  # the launch page's words, for its script
        shown.append(" ".join(v for v in json.loads(node.attributes["data-ui"]).values() if isinstance(v, str)))
    root = tree.css_first("html")
    own = ((root.attributes.get("lang") if root is not None else "") or "es").split("-")[0]
    for node in tree.css(f'body [lang]:not([lang^="{own}"])'):  # marked as another language: on purpose
        node.decompose()
    for node in tree.css("script, style, template, noscript"):
        node.decompose()
    body = tree.body or tree.root
    shown.append(body.text(separator=" ") if body is not None else "")
    for attr in VISIBLE_ATTRIBUTES:
        shown += [n.attributes.get(attr) or "" for n in tree.css(f"[{attr}]")]
    title = tree.css_first("title")
    if title is not None:
        shown.append(title.text())
    return " ".join(re.sub(r"\{\w+\}", " ", " ".join(shown)).split())  # a placeholder is not a word shown


def script_words(text: str) -> str:
    """The words our scripts show, from the edition's ui.js (`window.rapportUI={...};`)."""
    assert text.startswith("window.rapportUI="), text[:40]
    words = json.loads(text[len("window.rapportUI="):].strip().rstrip(";"))
    return " ".join(re.sub(r"\{\w+\}", " ", " ".join(v for v in words.values() if isinstance(v, str))).split())


def leaks(text: str) -> list[str]:
    return [f"{key}: {phrase!r}" for key, phrase, pattern in RE_PHRASES if pattern.search(text)]


def test_the_phrases_are_the_whole_english_catalogue():
    keys = {key.split(".")[0] for key, _ in PHRASES}
    assert len(PHRASES) > 150 and {"check_answer", "final_score", "kc_title", "js", "untranslated_body"} <= keys


@pytest.fixture(scope="module")
def spanish_outputs(built_site):
    """{name: visible text} of every page and PDF of site/es/ and of its SCORM package."""
    out = {}
    es = built_site / "es"
    marked = set()  # the text the pages mark as English (a source's English title): English on paper too
    for page in sorted(es.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if 'class="rp-untranslated"' in html:
            continue  # a page not translated yet: it says so in Spanish and links the English one (lang="en")
        out[page.relative_to(built_site).as_posix()] = visible_text(html)
        marked |= {" ".join(n.text().split()) for n in LexborHTMLParser(html).css('body [lang]:not([lang^="es"])')}
    for pdf in sorted(es.rglob("*.pdf")):
        with pdfplumber.open(pdf) as doc:
            text = " ".join(" ".join((p.extract_text() or "").split()) for p in doc.pages)
        text = re.sub(r"-\s+", "-", text)  # a word broken at its hyphen at the end of a line
        for english in sorted(marked, key=len, reverse=True):
            text = text.replace(re.sub(r"-\s+", "-", english), " ")
        out[pdf.relative_to(built_site).as_posix()] = text
    out["es/assets/rapport/ui.js"] = script_words((es / "assets" / "rapport" / "ui.js").read_text(encoding="utf-8"))
    with zipfile.ZipFile(es / "building-trust-rapport-es-scorm12.zip") as zf:
        out["scorm:assets/rapport/ui.js"] = script_words(zf.read("assets/rapport/ui.js").decode("utf-8"))
        for name in zf.namelist():
            if name.endswith(".html"):  # our scripts hold no words of their own: they show the page's (data-ui) or ui.js's
                out[f"scorm:{name}"] = visible_text(zf.read(name).decode("utf-8"))
    return out


def test_no_english_catalogue_string_in_any_spanish_output(spanish_outputs):
    assert len(spanish_outputs) > 20
    found = {name: leaks(text) for name, text in spanish_outputs.items()}
    found = {name: hits for name, hits in found.items() if hits}
    assert found == {}, "\n".join(f"{name}: {hits}" for name, hits in found.items())


def test_the_leak_finder_finds_english():
    html = ('<html lang="es"><body><p>Hola.</p><button>Check answer</button>'
            '<a lang="en" href="x">Read in English</a><img alt="Answer key"></body></html>')
    assert sorted(leaks(visible_text(html))) == ["answer_key: 'Answer key'", "check_answer: 'Check answer'"]


def test_a_language_the_catalogue_has_no_strings_for_is_one_error_at_its_line(tmp_path):
    from conftest import build_fails, copy_project

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  language: fr\n"))
    line = config.read_text().splitlines().index("  language: fr") + 1
    said = build_fails(project)
    assert f"mkdocs.yml:{line}:1: strings: theme.language is 'fr', and src/rapport/data/strings.yml has no strings" in said


# --------------------------------------------------------------------------- a third language

def pseudo(value):
    """Our English in a pseudo-language: every letter outside placeholders and markup swapped
    for an accented one ("Check answer" -> "Çhéçk áñswér"), so no English phrase survives."""
    table = str.maketrans("aceinouyACEINOUY", "áçéíñóúýÁÇÉÍÑÓÚÝ")  # Latin-1: the card's font has them
    if isinstance(value, dict):
        return {k: pseudo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [pseudo(v) for v in value]
    if not isinstance(value, str):
        return value
    return "".join(part if part.startswith(("{", "<", "&")) else part.translate(table)
                   for part in re.split(r"(\{[^}]*\}|<[^>]*>|&\w+;)", value))


@pytest.fixture
def third_language(monkeypatch):
    """The catalogue with a third language, for this test only: French ("fr", which Material
    knows), every string our English in pseudo-letters. The build's engine runs in a fork, so
    it reads the same catalogue."""
    base = strings.catalogue()
    extra = {**base, "fr": pseudo(base["en"])}
    extra["fr"]["decimal"] = ","
    monkeypatch.setattr(strings, "catalogue", lambda: extra)
    return extra


def test_a_third_language_shows_no_english_of_ours_anywhere(tmp_path, third_language):
    """Adding a language is adding its strings: every page, the card PDFs and the paper of a
    site in it show none of our English (the pages' own words are the author's)."""
    from conftest import copy_project
    from rapport.app import build_site

    project = copy_project(tmp_path / "project")
    (project / "docs" / "final-check.md").write_text("---\ntitle: Final\n---\n\n# Final\n\n<!-- final-check -->\n")
    (project / "docs" / "certificate.md").write_text("---\ntitle: Certificate\n---\n\n# Certificate\n\n<!-- certificate -->\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  language: fr\n")
                      .replace("  - Pocket card: pocket-card.md", "  - Pocket card: pocket-card.md\n"
                               "  - Final: final-check.md\n  - Certificate: certificate.md"))
    build_site(config, project / "site")
    site = project / "site"
    # The fixture's own words are English (its author's): a phrase of ours they also use is theirs.
    authored = " ".join(p.read_text(encoding="utf-8") for p in [config, *(project / "docs").rglob("*.md")])
    ours = lambda text: [hit for hit in leaks(text) if hit.split(": ", 1)[1].strip("'") not in authored]  # noqa: E731
    found = {}
    for page in sorted(site.rglob("*.html")):
        hits = ours(visible_text(page.read_text(encoding="utf-8")))
        if hits:
            found[page.relative_to(site).as_posix()] = hits
    for pdf in sorted(site.rglob("*.pdf")):
        with pdfplumber.open(pdf) as doc:
            hits = ours(" ".join(" ".join((p.extract_text() or "").split()) for p in doc.pages))
        if hits:
            found[pdf.relative_to(site).as_posix()] = hits
    assert found == {}, "\n".join(f"{name}: {hits}" for name, hits in found.items())
    assert "Çhéçk áñswér" in (site / "tips" / "first-tip.html").read_text(encoding="utf-8"), "the pseudo-language is shown"


def test_a_missing_string_is_one_error_naming_the_key_and_the_language(tmp_path, third_language):
    from conftest import build_fails, copy_project

    del third_language["fr"]["check_answer"]
    del third_language["fr"]["js"]["score"]
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: material\n  language: fr\n"))
    said = build_fails(project)
    assert "strings: the strings of 'fr' in src/rapport/data/strings.yml have no 'check_answer'" in said
    assert "have no 'js.score'" in said and "Traceback" not in said


def test_no_english_label_for_people_in_any_spanish_output(spanish_outputs):
    """The English person-first rules (labels for people: errors) find nothing in the Spanish
    edition either: an English label left in a translation is still a label."""
    from rapport.checks.language import DATA, load_rules

    rules = [r for r in load_rules(DATA)[0] if r.severity == "error"]
    found = {name: sorted({r.id for r in rules if r.regex.search(text)}) for name, text in spanish_outputs.items()}
    assert {name: ids for name, ids in found.items() if ids} == {}
