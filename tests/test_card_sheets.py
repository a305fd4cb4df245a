"""Card sheets with each side stored once (a Form XObject drawn four times): they print the
same as the sheets made before by merging each card four times (compared pixel by pixel at
100 dpi by poppler's pdftoppm), and the files are smaller."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from rapport.model.assets import card_font_faces
from rapport.outputs.card import card_from_site
from rapport.outputs.card.impose import SHEETS, _sheet_overlay, grid, impose, mirrored
from rapport.outputs.card.render import render_card
from rapport.model import load_site


def merged_sheet(card_pdf: bytes, sheet_name: str, card, faces: str) -> bytes:
    """The sheet as main made it before: each card page merged four times into the overlay."""
    from pypdf import PdfReader, PdfWriter, Transformation

    sheet = SHEETS[sheet_name]
    cards = PdfReader(io.BytesIO(card_pdf))
    overlay = PdfReader(io.BytesIO(_sheet_overlay(sheet, card, faces)))
    writer = PdfWriter()
    for side, positions in ((0, grid(sheet)), (1, mirrored(grid(sheet), sheet[0]))):
        page = writer.add_page(overlay.pages[side])
        for x, y in positions:
            page.merge_transformed_page(cards.pages[side], Transformation().translate(x, y))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def raster(pdf: bytes, tmp_path, name: str) -> list[bytes]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-gray", str(path), str(tmp_path / name)], check=True)
    return [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.pgm"))]


@pytest.mark.parametrize("sheet", sorted(SHEETS))
def test_sheets_print_pixel_identical_to_merged_ones_and_are_smaller(root, tmp_path, monkeypatch, sheet):
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is missing: `make test` installs Debian's poppler-utils")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    site = load_site(root / "mkdocs.yml")
    card = card_from_site(site)
    faces = card_font_faces(site.root)
    card_pdf = render_card(card, faces)
    ours, before = impose(card_pdf, sheet, card, faces), merged_sheet(card_pdf, sheet, card, faces)
    new_pages, old_pages = raster(ours, tmp_path, "ours"), raster(before, tmp_path, "before")
    assert len(new_pages) == len(old_pages) == 2
    assert new_pages == old_pages, "the sheets print differently"
    assert len(ours) < len(before), (len(ours), len(before))
