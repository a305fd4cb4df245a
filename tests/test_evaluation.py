"""The evaluation form (reaction, Kirkpatrick level 1): on the page in every edition, kept on
the device, and on paper in both sizes. In an LMS: tests/test_lms.py."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from rapport.markdown.teaching import evaluation_items
from rapport.model import load_site, strings

from conftest import ROOT
from a11y_support import run_axe

EDITIONS = {"": ("mkdocs.yml", "en"), "es/": ("mkdocs.es.yml", "es")}


def flat(text: str) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def forms():
    out = {}
    for prefix, (config, lang) in EDITIONS.items():
        site = load_site(ROOT / config)
        out[prefix] = (lang, *evaluation_items(site.page("evaluation.md")))
    return out


@pytest.mark.parametrize("prefix", EDITIONS)
def test_the_page_asks_every_statement_on_the_scale_and_every_question(built_site, forms, prefix):
    lang, statements, questions = forms[prefix]
    assert len(statements) >= 6 and len(questions) >= 2
    html = (built_site / prefix / "evaluation.html").read_text()
    scale = strings.ui(lang)["eval_scale"]
    for n, item in enumerate(statements, 1):
        block = re.search(rf'<fieldset class="rp-eval-item" data-id="{item["id"]}" data-type="likert">(.*?)</fieldset>', html, re.S)
        assert block and f"<legend>{n}. {item['text']}</legend>" in block.group(1).replace("&#39;", "'")
        labels = re.findall(r'<label><input type="radio" name="rp-eval-[a-z0-9]+" value="(\d)"> ([^<]+)</label>', block.group(1))
        assert labels == [(str(i), label) for i, label in enumerate(scale, 1)]
    for item in questions:
        assert re.search(rf'<label for="rp-eval-{item["id"]}">\d+\. {re.escape(item["text"])}</label>', html)
        assert f'<textarea id="rp-eval-{item["id"]}" rows="3" maxlength="250"></textarea>' in html


def test_answers_are_kept_on_this_device_and_come_back(built_site, context):
    page = context.new_page()
    page.goto((built_site / "evaluation.html").as_uri())
    form = page.locator(".rp-eval")
    form.locator(".rp-eval-save").click()
    form.locator(".rp-eval-status").filter(has_text="Answer at least one question first.").wait_for()
    form.locator(".rp-eval-item[data-id=s3] input[value='2']").check()
    form.locator("#rp-eval-q2").fill("More role-play time.")
    form.locator(".rp-eval-save").click()
    today = page.evaluate("(() => { const d = new Date(); return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0')"
                          " + '-' + String(d.getDate()).padStart(2, '0'); })()")
    form.locator(".rp-eval-status").filter(has_text=f"Saved on this device on {today}").wait_for()
    kept = page.evaluate("JSON.parse(localStorage.getItem('rapport:evaluation'))")
    assert kept["answers"] == {"s3": "2", "q2": "More role-play time."} and kept["saved"] == today
    page.reload()
    assert form.locator(".rp-eval-item[data-id=s3] input[value='2']").is_checked()
    assert form.locator("#rp-eval-q2").input_value() == "More role-play time."
    assert "Saved on this device" in form.locator(".rp-eval-status").inner_text()
    # What comes back is read as untrusted: a doctored record restores nothing that is not text.
    page.evaluate("""localStorage.setItem('rapport:evaluation', JSON.stringify({saved: '<img src=x>',
        answers: {s1: {x: 1}, q1: '<b>x</b>'}}))""")
    page.reload()
    assert form.locator("#rp-eval-q1").input_value() == "<b>x</b>" and page.locator(".rp-eval img").count() == 0
    assert form.locator(".rp-eval-status").inner_text() == ""
    assert run_axe(page) == []


@pytest.mark.parametrize("prefix", EDITIONS)
@pytest.mark.parametrize("size,width", [("letter", 612), ("a4", 595)])
def test_the_paper_form_holds_the_same_items_on_one_page(paper_pdf, forms, prefix, size, width):
    lang, statements, questions = forms[prefix]
    path = paper_pdf(f"{prefix}evaluation-{size}.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) == 1 and round(float(reader.pages[0].mediabox.width)) == width
    with pdfplumber.open(path) as pdf:
        text = flat(pdf.pages[0].extract_text())
    for n, item in enumerate(statements, 1):
        assert flat(f"{n}. {item['text']}") in text, item
    for item in questions:
        assert flat(item["text"]) in text
    for label in strings.ui(lang)["eval_scale"]:
        for word in label.split():
            assert word in text


def test_the_facilitators_and_the_form_page_link_the_paper_form(built_site):
    for prefix in EDITIONS:
        for page, up in (("evaluation.html", ""), ("facilitators/index.html", "../")):
            html = (built_site / prefix / page).read_text()
            for size in ("letter",):  # extra.paper.size (test_paper: the links follow it)
                name = re.escape(f"{up}evaluation-{size}.pdf")
                assert re.search(rf'href="{name}" download>[^<]*\(<span class="rp-size" '
                                 rf'data-file="{name}">PDF, \d+ KB</span>\)', html), (prefix, page, size)
