"""The pocket card: built from the content model, proved to fit, imposed four to a sheet.

- `model`: the card's text (each tip's `card:` line in nav order, the typed settings);
- `fit`: the proof on WeasyPrint's layout (two pages, every glyph inside the safe zone);
- `render`: HTML for the site's card page and the PDF/UA card;
- `impose`: Letter and A4 sheets with crop marks, backs mirrored;
- `build_cards()` here: the build step that writes the four PDFs, for the site or each module.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from ...markdown.cardpage import CARD_H, CARD_W, card_css, sides_html
from ...model import Site
from ...model.assets import card_font_faces
from ...model.card import OUTPUTS, Card, CardError, CardTip, card_from_site, outputs
from ...pipeline.cache import Cache
from .impose import SHEETS, grid, impose, mirrored
from .render import SAFE, fresh_fonts, render_card

BLEED = 9.0  # 1/8 in, for the print-shop variant
__all__ = ["BLEED", "CARD_H", "CARD_W", "OUTPUTS", "SAFE", "SHEETS", "Card", "CardError", "CardTip", "build_cards",
           "card_css", "card_from_site", "grid", "mirrored", "outputs", "render_card", "sides_html"]


def build_cards(site: Site, out_dir: Path) -> dict[str, Path]:
    """Write the card PDFs of the site, or of each module, into `out_dir`; return
    {file name: path}. Raises CardError naming every card's problems."""
    from ...model import RapportError

    faces = card_font_faces(site.root)  # NotInstalled (a RapportError) names the npm package
    cards, findings = [], []
    for module in site.card_units():
        try:
            cards.append(card_from_site(site, module=module))
        except RapportError as exc:
            findings += exc.findings
    if findings:
        raise CardError(findings)
    out_dir.mkdir(parents=True, exist_ok=True)
    cache = Cache(site.root)  # a card whose text, fonts and engine are unchanged is not rendered again
    written = {}
    for card in cards:
        key = cache.key("card", repr(asdict(card)), faces)
        with fresh_fonts():  # the same bytes whatever the cache held before
            pdfs = {"card": cache.bytes("card", f"{key}-card", lambda: render_card(card, faces))}
            for sheet in SHEETS:
                pdfs[sheet] = cache.bytes("card", f"{key}-{sheet}", lambda s=sheet: impose(pdfs["card"], s, card, faces))
            pdfs["print-shop"] = cache.bytes("card", f"{key}-print-shop", lambda: render_card(card, faces, bleed=BLEED))
        names = outputs(card.slug)
        for kind, pdf in pdfs.items():
            written[names[kind]] = out_dir / names[kind]
            written[names[kind]].write_bytes(pdf)
    return written


def card_step(run, site: Site, folder: Path) -> None:
    """An edition's pocket cards, in its own folder (site/pocket-card.pdf, site/es/pocket-card.pdf, ...)."""
    build_cards(site, folder)
