"""The card as a PDF/UA file, from its HTML (rapport.markdown.cardpage)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from ...markdown.cardpage import TEMPLATES, card_html
from ...model import Finding, RapportError
from ...model.assets import FONT_FAMILY
from ...model.card import Card, CardError
from ..pdfua import finish
from .fit import prove_fit

CARD_FONT = "Atkinson-Hyperlegible"  # as the PDF names it
SAFE = 9.0  # 1/8 in: no glyph closer than this to the trim


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


class MissingLibrary(RapportError):
    heading = "A system library is missing"


def require_font_subsetter() -> None:
    """WeasyPrint subsets fonts with HarfBuzz when Debian's libharfbuzz-subset0 is there, else
    with fontTools, which writes the current time into every font: the PDFs (and the zips,
    SHA256SUMS and sw.js) would differ on every build. One route on every host: HarfBuzz."""
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset is None:
        raise MissingLibrary("WeasyPrint cannot find HarfBuzz's font subsetter: install Debian's package "
                             "libharfbuzz-subset0 (`make site` installs it as root, or names it), then build again",
                             "A system library is missing")


def weasy(html: str, base_url: Path = TEMPLATES, roots: tuple[Path, ...] = (), templates: bool = True):
    """A WeasyPrint document whose every fetch goes through `LocalFetcher`: `data:` URLs, our
    templates, the installed fonts and `roots` (the build's own staging folder), nothing else."""
    from weasyprint import HTML

    require_font_subsetter()
    from .fetcher import LocalFetcher

    fetcher = LocalFetcher(((TEMPLATES,) if templates else ()) + tuple(roots))
    document = HTML(string=html, base_url=str(base_url), url_fetcher=fetcher)
    document.fetcher = fetcher  # check() after rendering: one error naming what was refused or missing
    return document


def render_card(card: Card, font_faces: str, bleed: float = 0) -> bytes:
    """The card as a PDF/UA document; raises CardError unless it provably fits."""
    source = weasy(card_html(card, font_faces, bleed))
    document = source.render(font_config=font_config())
    source.fetcher.check("src/rapport/templates/card.html.j2")
    findings = prove_fit(document, card)
    if findings:
        raise CardError(findings)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    strangers = [name for name in embedded_fonts(pdf) if CARD_FONT not in name]
    if strangers:
        raise CardError([Finding("src/rapport/templates/card.css", 1, 1, "card-font",
                                 f"the card fell back to other fonts: {', '.join(sorted(strangers))}",
                                 f"every text style on the card must use {FONT_FAMILY}")])
    return finish(pdf, card.lang)


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
