"""No English in the Spanish edition: every page, PDF and the SCORM package of site/es/,
its visible text (and the words a script shows) checked against every string of the English
catalogue that Spanish says otherwise — all of them, not a sample. Text marked as another
language (`lang="en"`: the language switch, the title of a page not translated yet) is
English on purpose."""

from __future__ import annotations

import io
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
    our scripts show (the catalogue put in the page), without anything marked lang="en"."""
    tree = LexborHTMLParser(html)
    shown = []
    ui = tree.css_first("#rp-ui")
    if ui is not None:
        shown.append(" ".join(v for v in json.loads(ui.text()).values() if isinstance(v, str)))
    for node in tree.css("[data-ui]"):  # the launch page's words, for its script
        shown.append(" ".join(v for v in json.loads(node.attributes["data-ui"]).values() if isinstance(v, str)))
    for node in tree.css('[lang]:not([lang^="es"])'):
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
    with zipfile.ZipFile(es / "building-trust-rapport-scorm12.zip") as zf:
        for name in zf.namelist():
            if name.endswith(".html"):  # our scripts hold no words of their own: they show the page's (data-ui, #rp-ui)
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
