"""rapport.card on the real site: the PDFs it builds, read back; the card page in Chromium.
Fit failures and rebuilds are tested on the fixture project in test_card_fit.py."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from rapport.outputs.card import CARD_H, CARD_W, SAFE, SHEETS, grid, mirrored
from rapport.model import load_site, strings
from conftest import ROOT


def tips_of(root: Path) -> list:
    return load_site(root / "mkdocs.yml").tips()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="session")
def card_pdf(built_site) -> Path:
    return built_site / "pocket-card.pdf"


def test_card_is_two_pages_of_three_and_a_half_by_five_inches(card_pdf):
    reader = PdfReader(card_pdf)
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (CARD_W, CARD_H)


def test_front_carries_every_tip_card_line_in_order(card_pdf, root):
    with pdfplumber.open(card_pdf) as pdf:
        front = flat(pdf.pages[0].extract_text())
        back = flat(pdf.pages[1].extract_text())
    positions = []
    for page in tips_of(root):
        line = flat(page.meta["card"])
        assert line in front, f"{page.path}: card line missing from the front"
        positions.append(front.index(line))
    assert positions == sorted(positions), "card lines follow the nav order"
    assert "driver's seat" in back and "988" in back
    assert re.search(r"Version \d+\.\d+\.\d+, content of \d{4}-\d\d-\d\d", back)  # the one version line


def test_fonts_are_embedded_and_all_atkinson(built_site):
    for name in ("pocket-card.pdf", "pocket-card-letter.pdf", "pocket-card-a4.pdf"):
        reader = PdfReader(built_site / name)
        seen = 0
        for page in reader.pages:
            for ref in page["/Resources"]["/Font"].values():
                font = ref.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                descriptor = descendant["/FontDescriptor"].get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name}: {font['/BaseFont']} not embedded"
                assert "Atkinson-Hyperlegible" in str(font["/BaseFont"]), f"{name}: fallback font {font['/BaseFont']}"
                seen += 1
        assert seen >= 2


def test_no_glyph_outside_the_safe_zone_and_no_shrunk_text(card_pdf):
    with pdfplumber.open(card_pdf) as pdf:
        sizes = set()
        for page in pdf.pages:
            assert page.chars
            for ch in page.chars:
                assert ch["x0"] >= SAFE and ch["x1"] <= CARD_W - SAFE, ch["text"]
                assert ch["top"] >= SAFE and ch["bottom"] <= CARD_H - SAFE, ch["text"]
                sizes.add(round(ch["size"], 1))
    assert min(sizes) >= 8, f"text below 8 pt: {sorted(sizes)}"
    assert sizes <= {8.0, 9.0, 10.0, 13.0}, f"unexpected font sizes (shrunk text?): {sorted(sizes)}"


@pytest.mark.parametrize("sheet", ["letter", "a4"])
def test_sheets_hold_four_cards_a_side_with_backs_mirrored(built_site, sheet):
    path = built_site / f"pocket-card-{sheet}.pdf"
    width, height = SHEETS[sheet]
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    assert (round(float(reader.pages[0].mediabox.width), 1), round(float(reader.pages[0].mediabox.height), 1)) == \
        (round(width, 1), round(height, 1))
    fronts = grid(SHEETS[sheet])
    backs = mirrored(fronts, width)
    with pdfplumber.open(path) as pdf:
        for page, marker, cells in ((pdf.pages[0], "ways to earn trust", fronts), (pdf.pages[1], "Ask yourself", backs)):
            hits = page.search(marker)
            assert len(hits) == 4, f"{sheet}: {len(hits)} x '{marker}'"
            for x, y in cells:  # each card cell (PDF coordinates, origin bottom-left) holds one
                top = height - y - CARD_H
                inside = [h for h in hits if x <= h["x0"] <= x + CARD_W and top <= h["top"] <= top + CARD_H]
                assert len(inside) == 1, f"{sheet}: cell at {x:.0f},{y:.0f}"
            assert "flip on long edge" in page.extract_text()
        # Crop marks: thin lines outside the grid, at every cut line.
        lines = [r for r in pdf.pages[0].rects if min(r["width"], r["height"]) <= 1]
        assert len(lines) >= 12


def test_mirroring_puts_each_back_behind_its_front():
    fronts = [(30.0, 40.0), (282.0, 40.0)]
    assert mirrored(fronts, 612.0) == [(330.0, 40.0), (78.0, 40.0)]
    for (fx, _), (bx, _) in zip(fronts, mirrored(fronts, 612.0)):
        assert fx + CARD_W / 2 == pytest.approx(612.0 - (bx + CARD_W / 2))


def test_a_sheet_too_small_for_four_cards_is_refused():
    with pytest.raises(ValueError, match="margin"):
        grid((540.0, 720.0))


def test_card_pdfs_are_accessible(built_site):
    reader = PdfReader(built_site / "pocket-card.pdf")
    root = reader.trailer["/Root"]
    assert str(root["/Lang"]) == "en"
    assert "/StructTreeRoot" in root, "the card is tagged"
    assert "Building Trust & Rapport" in reader.metadata.title
    for sheet in ("letter", "a4"):
        r = PdfReader(built_site / f"pocket-card-{sheet}.pdf")
        assert str(r.trailer["/Root"]["/Lang"]) == "en" and "pocket cards" in r.metadata.title


def test_print_shop_variant_has_bleed(built_site):
    page = PdfReader(built_site / "pocket-card-print-shop.pdf").pages[0]
    assert float(page.trimbox.width) == CARD_W
    assert float(page.mediabox.width) == pytest.approx(CARD_W + 18, abs=0.5)


@pytest.mark.browser
def test_card_page_prints_to_two_card_sized_pages_in_chromium(browser, built_site):
    page = browser.new_page()
    page.goto((built_site / "pocket-card.html").as_uri())
    assert page.locator(".rp-card-sides .card-front").is_visible()
    assert page.locator(".rp-card-sides .card-back").is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 2
    for p in pdf.pages:
        assert (float(p.mediabox.width), float(p.mediabox.height)) == (CARD_W, CARD_H)
    text = [flat(p.extract_text()) for p in pdf.pages]
    count = strings.number_word(len(tips_of(ROOT)), "en").capitalize()
    assert f"{count} ways to earn trust" in text[0] and "Ask yourself" in text[1]
    assert "Download" not in " ".join(text) and "Previous" not in " ".join(text)
    page.close()


def test_card_page_links_each_pdf_with_its_size(built_site):
    html = (built_site / "pocket-card.html").read_text()
    for name in ("pocket-card.pdf", "pocket-card-letter.pdf", "pocket-card-a4.pdf"):
        size = (built_site / name).stat().st_size
        m = re.search(rf'href="{re.escape(name)}"[^>]*>[^<]*\(<span class="rp-size" data-file="{re.escape(name)}">PDF, (\d+) KB</span>\)', html)
        assert m, name
        assert abs(int(m.group(1)) - size / 1000) <= 1
    index = (built_site / "index.html").read_text()
    assert 'href="pocket-card.html"' in index


def test_the_card_page_loads_every_face_it_uses_from_the_site(browser, built_site):
    """The site ships only the faces the card sets on screen; each one it uses is there and loads."""
    from rapport.model.assets import FONT_FILES, SCREEN_FACES

    shipped = {p.name for p in (built_site / "assets" / "fonts").iterdir()}
    assert shipped == {FONT_FILES[key] for key in SCREEN_FACES}
    ctx = browser.new_context(bypass_csp=True)
    page = ctx.new_page()
    page.goto((built_site / "pocket-card.html").as_uri())
    page.evaluate("document.fonts.ready")
    used = page.evaluate("""() => [...document.querySelectorAll('.card-side, .card-side *')].map(el => {
        const s = getComputedStyle(el); return s.fontWeight + ' ' + s.fontStyle; })""")
    loaded = page.evaluate("""() => [...document.fonts].filter(f => f.status === 'loaded' && f.family.includes('Atkinson'))
        .map(f => f.weight + ' ' + f.style)""")
    ctx.close()
    for face in set(used):
        weight, style = face.split()
        assert f"{weight} {style}" in loaded, f"the card sets {face} but that face is not loaded: {loaded}"
