"""The pocket card: built from the content model, proved to fit, imposed four to a sheet.

- `model`: the card's text (each tip's `card:` line in nav order, the typed settings);
- `fit`: the proof on WeasyPrint's layout (two pages, every glyph inside the safe zone);
- `render`: HTML for the site's card page and the PDF/UA card;
- `impose`: Letter and A4 sheets with crop marks, backs mirrored;
- `build_cards()` here: the build step that writes the four PDFs.
"""

from __future__ import annotations

from pathlib import Path

from ..assets import card_font_faces
from ..model import Site
from .impose import SHEETS, grid, impose, mirrored
from .model import Card, CardError, CardTip, card_from_site
from .render import CARD_H, CARD_W, SAFE, card_css, render_card, sides_html

BLEED = 9.0  # 1/8 in, for the print-shop variant
OUTPUTS = {
    "card": "pocket-card.pdf",
    "letter": "pocket-card-letter.pdf",
    "a4": "pocket-card-a4.pdf",
    "print-shop": "pocket-card-print-shop.pdf",
}

__all__ = ["BLEED", "CARD_H", "CARD_W", "OUTPUTS", "SAFE", "SHEETS", "Card", "CardError", "CardTip", "build_cards",
           "card_css", "card_from_site", "grid", "mirrored", "render_card", "sides_html"]


def build_cards(site: Site, out_dir: Path) -> dict[str, Path]:
    """Write the card PDFs into `out_dir`; return {kind: path}. Raises CardError."""
    card = card_from_site(site)
    faces = card_font_faces(site.root)  # NotInstalled (a RapportError) names the npm package
    out_dir.mkdir(parents=True, exist_ok=True)
    card_pdf = render_card(card, faces)
    pdfs = {"card": card_pdf}
    for sheet in SHEETS:
        pdfs[sheet] = impose(card_pdf, sheet, card, faces)
    pdfs["print-shop"] = render_card(card, faces, bleed=BLEED)
    written = {}
    for kind, pdf in pdfs.items():
        written[kind] = out_dir / OUTPUTS[kind]
        written[kind].write_bytes(pdf)
    return written
