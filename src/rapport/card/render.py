"""The card as HTML (for the site's card page and for WeasyPrint) and as a PDF/UA file."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..assets import FONT_FAMILY
from ..model import Finding, strings
from .fit import MARGIN, prove_fit
from .model import Card, CardError

TEMPLATES = Path(__file__).parent.parent / "templates"
CARD_FONT = "Atkinson-Hyperlegible"  # as the PDF names it
CARD_W, CARD_H = 252.0, 360.0  # 3.5 x 5 in
SAFE = 9.0  # 1/8 in: no glyph closer than this to the trim

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
_env.globals["ui"] = strings.text  # our interface text in the card's language


def template(name: str) -> jinja2.Template:
    return _env.get_template(name)


def card_css() -> str:
    return (TEMPLATES / "card.css").read_text(encoding="utf-8")


def sides_html(card: Card, heading: int = 2) -> str:
    """The two sides as an HTML fragment, for the site's card page."""
    return str(template("card-sides.html.j2").module.sides(card, heading))


def card_html(card: Card, font_faces: str, bleed: float = 0) -> str:
    return template("card.html.j2").render(
        card=card, css=Markup(card_css()), font_faces=Markup(font_faces),
        size={"width": CARD_W, "height": CARD_H, "margin": MARGIN}, bleed=bleed)


_fonts = None


def font_config():
    """The WeasyPrint font configuration of the unit being rendered: the card font is decoded
    once for a card and its sheets (see fresh_fonts)."""
    global _fonts
    if _fonts is None:
        from weasyprint.text.fonts import FontConfiguration

        _fonts = FontConfiguration()
    return _fonts


@contextlib.contextmanager
def fresh_fonts():
    """A new font configuration for one unit the cache keeps (a card with its sheets, one paper
    document): a configuration that earlier renders used changes the PDF's bytes, so sharing
    one across units would make a file depend on which others the cache already held."""
    global _fonts
    old, _fonts = _fonts, None
    try:
        yield
    finally:
        _fonts = old


def weasy(html: str):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Local files only: the card never reaches the network, and a missing font is an error.
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    return HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher)


def render_card(card: Card, font_faces: str, bleed: float = 0) -> bytes:
    """The card as a PDF/UA document; raises CardError unless it provably fits."""
    document = weasy(card_html(card, font_faces, bleed)).render(font_config=font_config())
    findings = prove_fit(document, card)
    if findings:
        raise CardError(findings)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    strangers = [name for name in embedded_fonts(pdf) if CARD_FONT not in name]
    if strangers:
        raise CardError([Finding("src/rapport/templates/card.css", 1, 1, "card-font",
                                 f"the card fell back to other fonts: {', '.join(sorted(strangers))}",
                                 f"every text style on the card must use {FONT_FAMILY}")])
    return pdf


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base names of every font a PDF uses (subset prefixes removed)."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            name = str(ref.get_object().get("/BaseFont", ""))
            names.add(name.lstrip("/").split("+", 1)[-1])
    return names
