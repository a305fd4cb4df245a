"""Issue 7: accessibility proved in a real browser (axe-core in Debian Chromium), a
keyboard-only journey, and PDFs that assistive technology can read."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from a11y_support import AXE, audit, run_axe, table
from conftest import site_pages

pytestmark = pytest.mark.browser


def test_axe_finds_nothing_on_any_page_light_and_dark_before_and_after_answering(browser, built_site):
    assert AXE.is_file(), "axe-core is installed by `make` (npm ci)"
    results = audit(browser, built_site, site_pages(built_site))
    assert {(r.scheme, r.state) for r in results} == {("light", "loaded"), ("dark", "loaded"),
                                                      ("light", "answered"), ("dark", "answered")}
    assert len({r.page for r in results}) == len(site_pages(built_site))
    problems = [line for r in results for line in r.lines()]
    assert problems == [], table(results)


def test_axe_would_report_a_violation(browser, tmp_path):
    (tmp_path / "bad.html").write_text('<html><body><img src="x.png"><p style="color:#bbb;background:#fff">low</p></body></html>')
    page = browser.new_page(bypass_csp=True)
    page.goto((tmp_path / "bad.html").as_uri())
    ids = {v["id"] for v in run_axe(page)}
    page.close()
    assert {"image-alt", "color-contrast", "html-has-lang"} <= ids


# --------------------------------------------------------------------------- keyboard journey


FOCUS_STATE = """() => {
  let el = document.activeElement;
  // A visually hidden input (the palette switch) shows its focus on its label.
  const next = el.nextElementSibling;
  const label = next && next.tagName === 'LABEL' ? next : el.id && document.querySelector(`label[for="${el.id}"]`);
  const hidden = el.getBoundingClientRect().width === 0;
  const shown = hidden && label ? label : el;
  const r = shown.getBoundingClientRect();
  const s = getComputedStyle(shown);
  const inHeader = !!el.closest('.md-header') || el.classList.contains('md-skip');
  const header = document.querySelector('.md-header');
  const h = header ? header.getBoundingClientRect().bottom : 0;
  const ht = header ? header.getBoundingClientRect().top : 0;
  const inText = el.tagName === 'A' && !!el.closest('p, li, td, dd') && !el.closest('nav, .md-nav, .md-footer, .rp-downloads');
  return {tag: el.tagName, id: el.id, text: (el.textContent || '').trim().slice(0, 40), href: el.getAttribute('href'),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
          top: r.top, bottom: r.bottom, width: r.width, height: r.height, header: h, headerTop: ht,
          inText, inHeader, viewport: window.innerHeight};
}"""


def focus_ok(page, problems: list[str]) -> dict:
    state = page.evaluate(FOCUS_STATE)
    label = f"{page.url.rsplit('/', 1)[-1]}: {state['tag']} '{state['text']}'"
    if not state["outline"]:
        problems.append(f"{label}: no visible focus outline")
    # Obscured: under the sticky header (above it, as the language banner at the top is, is fine).
    under_header = not state["inHeader"] and state["top"] < state["header"] - 1 and state["bottom"] > state["headerTop"] + 1
    if under_header or state["bottom"] > state["viewport"] + 1 or state["bottom"] < 0:
        problems.append(f"{label}: focus hidden (top {state['top']:.0f}, header ends {state['header']:.0f})")
    if not state["inText"] and (state["width"] < 24 or state["height"] < 24):
        problems.append(f"{label}: target {state['width']:.0f}x{state['height']:.0f} px is under 24x24")
    return state


def tab_until(page, predicate, problems, key="Tab", limit=250) -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        state = focus_ok(page, problems)
        if predicate(state):
            return state
    raise AssertionError(f"{key} never reached the element")


def test_keyboard_only_journey(browser, built_site):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    page.goto((built_site / "index.html").as_uri())

    # Home -> the first tip, by its link in the list of tips.
    tab_until(page, lambda s: s["tag"] == "A" and s["href"] == "tips/be-curious.html" and s["inText"], problems)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"tips/be-curious\.html$"))

    # Answer the first question: arrows choose, Space keeps, Tab + Enter checks.
    shown = page.eval_on_selector_all("#curious-1 input.rq-input", "els => els.map(e => e.id)")
    tab_until(page, lambda s: s["id"] == shown[0], problems)  # the first option as shown
    right = shown.index("curious-1-1")
    for key in (["ArrowDown", "ArrowUp"] if right == 0 else ["ArrowDown"] * right):
        page.keyboard.press(key)
    page.keyboard.press("Space")
    tab_until(page, lambda s: s["text"] == "Check answer", problems)
    page.keyboard.press("Enter")
    page.locator("#curious-1 .rq-feedback", has_text="Correct").wait_for()

    # Open the answer key.
    tab_until(page, lambda s: s["tag"] == "SUMMARY", problems)
    page.keyboard.press("Enter")
    assert page.locator("#curious-1 details.rq-key").get_attribute("open") is not None
    assert page.locator("#curious-1 .rq-key-item").first.is_visible()

    # On to the pocket card page, through the navigation.
    tab_until(page, lambda s: s["tag"] == "A" and (s["href"] or "").endswith("pocket-card.html"), problems, key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"pocket-card\.html$"))
    assert page.locator(".card-front").is_visible()
    tab_until(page, lambda s: (s["href"] or "").endswith(".pdf"), problems)
    context.close()
    assert problems == [], "\n".join(problems)


def test_skip_link_moves_to_the_content(browser, built_site):
    page = browser.new_page(bypass_csp=True)
    page.goto((built_site / "tips" / "be-curious.html").as_uri())
    page.keyboard.press("Tab")
    skip = page.evaluate("({text: document.activeElement.textContent.trim(), href: document.activeElement.getAttribute('href')})")
    assert skip["text"] == "Skip to content"
    page.keyboard.press("Enter")
    target = skip["href"].lstrip("#")
    assert page.evaluate("location.hash") == "#" + target
    box = page.locator(f"[id='{target}']").bounding_box()
    assert box and 0 <= box["y"] < 800
    page.close()


# --------------------------------------------------------------------------- page-level checks


@pytest.fixture(scope="module")
def pages_html(built_site):
    return {rel: (built_site / rel).read_text() for rel in site_pages(built_site)}


def test_every_page_sets_its_language(pages_html):
    spanish = [rel for rel in pages_html if rel.startswith("es/")]
    assert len(spanish) >= 11, "the Spanish edition is part of the site"
    for rel, html in pages_html.items():
        lang = "es" if rel.startswith("es/") else "en"
        assert re.search(rf'<html[^>]* lang="{lang}"', html), rel


def test_headings_are_in_order_with_one_h1(browser, built_site):
    page = browser.new_page(bypass_csp=True)
    for rel in site_pages(built_site):
        page.goto((built_site / rel).as_uri())
        levels = page.evaluate("Array.from(document.querySelectorAll('article h1, article h2, article h3, article h4, article h5, article h6'))"
                               ".map(h => +h.tagName[1])")
        assert levels.count(1) == 1 and levels[0] == 1, rel
        for before, after in zip(levels, levels[1:]):
            assert after <= before + 1, f"{rel}: heading level jumps from {before} to {after}"
    page.close()


def test_every_download_link_says_its_type_and_size(pages_html):
    found = 0
    for rel, html in pages_html.items():
        for m in re.finditer(r'<a href="([^"]+\.(?:pdf|zip))"[^>]*>(.*?)</a>(?=(.{0,200}))', html, re.S):
            text = re.sub(r"<[^>]+>", "", m.group(2) + m.group(3))
            kind = "PDF" if m.group(1).endswith(".pdf") else "ZIP"
            point = "," if rel.startswith("es/") else r"\."  # 1,5 MB in Spanish
            assert re.search(rf"\({kind}, \d+ KB\)|\({kind}, \d+{point}\d MB\)", text), f"{rel}: {m.group(1)} -> {text!r}"
            found += 1
    assert found >= 5


def test_reduced_motion_is_respected(browser, built_site):
    context = browser.new_context(reduced_motion="reduce", bypass_csp=True)
    page = context.new_page()
    page.goto((built_site / "index.html").as_uri())
    durations = page.evaluate("Array.from(document.querySelectorAll('*')).map(e => getComputedStyle(e).transitionDuration)"
                              ".flatMap(d => d.split(',')).map(d => parseFloat(d)).filter(d => d > 0.001)")
    context.close()
    assert durations == []


# --------------------------------------------------------------------------- PDFs


def test_card_pdf_is_tagged_titled_and_reads_in_order(built_site, root):
    reader = PdfReader(built_site / "pocket-card.pdf")
    catalog = reader.trailer["/Root"]
    assert str(catalog["/Lang"]) == "en"
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Building Trust & Rapport: pocket card"
    with pdfplumber.open(built_site / "pocket-card.pdf") as pdf:
        front = " ".join(pdf.pages[0].extract_text().split())
        back = " ".join(pdf.pages[1].extract_text().split())
    order = ["Building Trust & Rapport", "ways to earn trust", "1. Be curious", "2. Ask follow-up", "6. They drive", "7. Ask, don't"]
    assert [front.index(t) for t in order] == sorted(front.index(t) for t in order)
    order = ["driver's seat", "Ask yourself", "What did I learn", "In a crisis:", "Version"]
    assert [back.index(t) for t in order] == sorted(back.index(t) for t in order)


@pytest.mark.parametrize("name", ["pocket-card-letter.pdf", "pocket-card-a4.pdf", "pocket-card-print-shop.pdf"])
def test_print_sheets_carry_a_title_and_language(built_site, name):
    reader = PdfReader(built_site / name)
    assert reader.metadata.title and "Building Trust & Rapport" in reader.metadata.title
    assert str(reader.trailer["/Root"]["/Lang"]) == "en"
