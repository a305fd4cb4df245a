"""The pocket card: built from the tip pages, proved to fit, imposed four to a sheet.

One source: the front lists each tip's `card` front matter line in nav order; everything
else comes from `extra.card` and `extra.crisis` in mkdocs.yml. `build_cards()` writes
`pocket-card.pdf` (3.5 x 5 in, two pages, PDF/UA) and `pocket-card-letter.pdf` /
`pocket-card-a4.pdf` (four cards a side, backs mirrored for long-edge duplex, crop marks).

Fit is proved on WeasyPrint's layout, not hoped: exactly two pages, each side's end
marker on its own page, and no glyph outside the page's content area. When the proof
fails, the error names the tip page whose line does not fit.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import __version__
from .assets import FONT_FAMILY, NotInstalled, card_font_faces
from .checks import Site
from .content import Finding

TEMPLATES = Path(__file__).parent / "templates"
PT = 4 / 3  # CSS px per point: WeasyPrint lays out in CSS px
CARD_FONT = "Atkinson-Hyperlegible"  # as the PDF names it

CARD_W, CARD_H = 252.0, 360.0  # 3.5 x 5 in
SAFE = 9.0  # 1/8 in: no glyph closer than this to the trim
MARGIN = 13.5  # 3/16 in: the content area starts here, inside the safe zone
SHEETS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
SHEET_MARGIN = 27.0  # 3/8 in: printers cannot print closer to the edge
BLEED = 9.0  # 1/8 in, for the print-shop variant

OUTPUTS = {
    "card": "pocket-card.pdf",
    "letter": "pocket-card-letter.pdf",
    "a4": "pocket-card-a4.pdf",
    "print-shop": "pocket-card-print-shop.pdf",
}


class CardError(Exception):
    """The card cannot be built as asked; `findings` say where and why."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("\n".join(str(f) for f in findings))


# --------------------------------------------------------------------------- the card's text


@dataclass
class CardTip:
    path: str  # the tip page, as shown in messages
    line: str
    line_no: int = 1  # the line of `card:` in that page


@dataclass
class Card:
    title: str
    subtitle: str
    tips: list[CardTip]
    reminder: str
    questions_title: str
    questions: list[str]
    crisis_label: str
    crisis: str
    source: str
    version: str
    date: str  # e.g. 2026-11-27
    timestamp: str  # ISO 8601, for the PDF's creation date
    lang: str = "en"
    extra: dict[str, Any] = field(default_factory=dict)


REQUIRED = ("title", "subtitle", "reminder", "questions", "source")


def source_date(site: Site, tips_reviewed: list[dt.date]) -> dt.datetime:
    """The card's date: SOURCE_DATE_EPOCH, else the last commit, else the newest review date.

    Never the clock, so the same input gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    try:
        proc = subprocess.run(["git", "-C", str(site.root), "log", "-1", "--format=%ct"],
                              capture_output=True, text=True, timeout=10)
        if proc.returncode == 0 and proc.stdout.strip().isdigit():
            return dt.datetime.fromtimestamp(int(proc.stdout.strip()), tz=dt.timezone.utc)
    except (OSError, subprocess.SubprocessError):
        pass  # no git here: fall back to the content's own dates
    newest = max(tips_reviewed, default=dt.date(2026, 1, 1))
    return dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc)


def site_date(site: Site) -> dt.datetime:
    """The date of this version of the content (see `source_date`)."""
    reviewed = [p.meta["reviewed"] for p in site.tips() if isinstance(p.meta.get("reviewed"), dt.date)]
    return source_date(site, reviewed)


def card_from_site(site: Site, lang: str = "en") -> Card:
    """Gather the card's text from the tip pages and mkdocs.yml."""
    conf = site.extra.get("card") or {}
    missing = [k for k in REQUIRED if not conf.get(k)]
    crisis = (site.extra.get("crisis") or {}).get("line")
    findings = [Finding("mkdocs.yml", 1, 1, "card-config", f"extra.card.{k} is missing",
                        "the pocket card takes its title, subtitle, reminder, questions and source from extra.card")
                for k in missing]
    if not crisis:
        findings.append(Finding("mkdocs.yml", 1, 1, "card-config", "extra.crisis.line is missing",
                                "the pocket card's back carries the crisis line"))
    questions = conf.get("questions") or []
    if questions and not 3 <= len(questions) <= 4:
        findings.append(Finding("mkdocs.yml", 1, 1, "card-config",
                                f"extra.card.questions has {len(questions)} questions", "the card's back has room for 3 or 4"))
    tips = []
    for page in site.tips():
        line = page.meta.get("card")
        if not isinstance(line, str) or not line.strip():
            findings.append(Finding(page.path, 1, 1, "front-matter", "the tip page has no 'card'",
                                    "add a line to the front matter: `card: …`"))
            continue
        tips.append(CardTip(page.path, " ".join(line.split()), page.line_of("card")))
    if findings:
        raise CardError(findings)
    when = site_date(site)
    return Card(
        title=conf["title"], subtitle=conf["subtitle"], tips=tips, reminder=conf["reminder"],
        questions_title=conf.get("questions_title", "Ask yourself"), questions=list(questions),
        crisis_label=conf.get("crisis_label", "In a crisis:"), crisis=crisis, source=conf["source"],
        version=__version__, date=when.date().isoformat(),
        timestamp=when.strftime("%Y-%m-%dT%H:%M:%SZ"), lang=lang)


# --------------------------------------------------------------------------- rendering

_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def card_css() -> str:
    return (TEMPLATES / "card.css").read_text(encoding="utf-8")


def sides_html(card: Card, heading: int = 2) -> str:
    """The two sides as an HTML fragment, for the site's card page."""
    macro = _env.get_template("card-sides.html.j2").module.sides
    return str(macro(card, heading))


def card_html(card: Card, font_faces: str, bleed: float = 0) -> str:
    return _env.get_template("card.html.j2").render(
        card=card, css=Markup(card_css()), font_faces=Markup(font_faces),
        size={"width": CARD_W, "height": CARD_H, "margin": MARGIN}, bleed=bleed)


def _weasy(html: str):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Local files only: the card never reaches the network, and a missing font is an error.
    fetcher = URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)
    return HTML(string=html, base_url=str(TEMPLATES), url_fetcher=fetcher)


def _text_boxes(box, owner=None):
    """Yield (text box, id of the card line it belongs to) for every piece of text."""
    from weasyprint.formatting_structure.boxes import TextBox

    element = getattr(box, "element", None)
    ident = element.get("id") if element is not None and hasattr(element, "get") else None
    if ident and ident.startswith("card-tip-"):
        owner = ident
    if isinstance(box, TextBox):
        yield box, owner
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child, owner)


def prove_fit(document, card: Card) -> list[Finding]:
    """Findings for every way the rendered card breaks its promise; empty when it fits."""
    pages = document.pages
    tips = {f"card-tip-{n}": tip for n, tip in enumerate(card.tips, start=1)}
    findings: list[Finding] = []

    # Every glyph inside the content area (which lies inside the 1/8 in safe zone).
    for number, page in enumerate(pages):
        low_x, low_y = MARGIN * PT - 0.5, MARGIN * PT - 0.5
        high_x, high_y = page.width - MARGIN * PT + 0.5, page.height - MARGIN * PT + 0.5
        for text, owner in _text_boxes(page._page_box):
            x0, y0 = text.position_x, text.position_y
            x1, y1 = x0 + text.width, y0 + text.height
            if x0 >= low_x and x1 <= high_x and y0 >= low_y and y1 <= high_y:
                continue
            over = max(low_x - x0, x1 - high_x, low_y - y0, y1 - high_y) / PT
            tip = tips.get(owner)
            if tip:
                findings.append(Finding(tip.path, tip.line_no, 1, "card-fit",
                                        f"the card line runs {over:.0f} pt past the card's safe edge at '{text.text.strip()[:30]}'",
                                        "break up the long word, or shorten the line"))
            else:
                findings.append(Finding("mkdocs.yml", 1, 1, "card-fit",
                                        f"'{text.text.strip()[:30]}' on side {number + 1} runs {over:.0f} pt past the safe edge",
                                        "shorten the text under extra.card"))

    # Exactly two pages: the front ends on page 1, the back on page 2.
    if len(pages) != 2 or "card-end-front" not in pages[0].anchors or "card-end-back" not in pages[-1].anchors:
        front_pages = [n for n, p in enumerate(pages) if "card-end-front" in p.anchors]
        front_end = front_pages[0] if front_pages else 0
        if front_end > 0:
            # Tips that did not fit on the front, and the longest lines, named by page.
            spilled = [tips[a] for a in tips if any(a in p.anchors for p in pages[1:front_end + 1])]
            lines_of = _line_counts(pages, tips)
            over = len(spilled)
            names = spilled or sorted(card.tips, key=lambda t: -lines_of.get(t.path, 0))[:1]
            for tip in names:
                n_lines = lines_of.get(tip.path, 0)
                findings.append(Finding(tip.path, tip.line_no, 1, "card-fit",
                                        f"the front of the pocket card is full: this tip's line ({len(tip.line)} characters, "
                                        f"{n_lines} printed lines) does not fit; {over} tip line(s) spill onto a third page",
                                        "shorten this and other card lines, by about "
                                        f"{_chars_over(pages, front_end, card)} characters in all"))
        else:
            findings.append(Finding("mkdocs.yml", 1, 1, "card-fit",
                                    f"the back of the pocket card does not fit on one page ({len(pages)} pages in all)",
                                    "shorten extra.card.reminder or questions, or extra.crisis.line"))
    return findings


def _line_counts(pages, tips) -> dict[str, int]:
    """How many printed lines each tip's card line takes."""
    counts: dict[str, set] = {}
    for number, page in enumerate(pages):
        for text, owner in _text_boxes(page._page_box):
            if owner in tips:
                counts.setdefault(tips[owner].path, set()).add((number, round(text.position_y, 1)))
    return {path: len(ys) for path, ys in counts.items()}


def _chars_over(pages, front_end, card: Card) -> int:
    """Roughly how many characters of card lines ended up past the front page."""
    spill = 0
    for page in pages[1:front_end + 1]:
        for text, owner in _text_boxes(page._page_box):
            if owner:
                spill += len(text.text)
    return max(spill, 1)


def render_card(card: Card, font_faces: str, bleed: float = 0) -> bytes:
    """The card as a PDF/UA document; raises CardError unless it provably fits."""
    document = _weasy(card_html(card, font_faces, bleed)).render()
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


# --------------------------------------------------------------------------- imposition


def grid(sheet: tuple[float, float], card: tuple[float, float] = (CARD_W, CARD_H), cols: int = 2, rows: int = 2):
    """Bottom-left corners (PDF points) of `cols` x `rows` cards centred on the sheet."""
    (sw, sh), (cw, ch) = sheet, card
    gx, gy = (sw - cols * cw) / 2, (sh - rows * ch) / 2
    if min(gx, gy) < SHEET_MARGIN:
        raise ValueError(f"{cols}x{rows} cards leave a {min(gx, gy):.0f} pt margin; printers need {SHEET_MARGIN:.0f} pt")
    return [(gx + c * cw, gy + (rows - 1 - r) * ch) for r in range(rows) for c in range(cols)]


def mirrored(positions, sheet_width: float, card_width: float = CARD_W):
    """Positions for the backs: mirrored left-right, so they meet their fronts on long-edge duplex."""
    return [(sheet_width - x - card_width, y) for x, y in positions]


def _sheet_overlay(sheet: tuple[float, float], card: Card, font_faces: str) -> bytes:
    """Two sheet pages with crop marks and the printing instruction, drawn by WeasyPrint."""
    sw, sh = sheet
    positions = grid(sheet)
    xs = sorted({x for x, _ in positions} | {x + CARD_W for x, _ in positions})
    ys = sorted({sh - y for _, y in positions} | {sh - y - CARD_H for _, y in positions})  # from the top
    top, bottom = ys[0], ys[-1]
    left, right = xs[0], xs[-1]
    gap, length = 4.0, min(18.0, top - 8.0, left - 8.0)
    marks = []
    for x in xs:  # vertical marks above and below the grid
        marks.append((x - 0.25, top - gap - length, 0.5, length))
        marks.append((x - 0.25, bottom + gap, 0.5, length))
    for y in ys:  # horizontal marks left and right of the grid
        marks.append((left - gap - length, y - 0.25, length, 0.5))
        marks.append((right + gap, y - 0.25, length, 0.5))
    html = _env.get_template("sheet.html.j2").render(
        card=card, font_faces=Markup(font_faces), width=sw, height=sh, marks=marks,
        text_left=xs[0] + 12, text_width=CARD_W - 24, text_top=max((top - 18) / 2, 6))
    return _weasy(html).write_pdf()


def impose(card_pdf: bytes, sheet_name: str, card: Card, font_faces: str) -> bytes:
    """Four cards a side on a Letter or A4 sheet: fronts, then backs mirrored."""
    from pypdf import PdfReader, PdfWriter, Transformation
    from pypdf.generic import NameObject, TextStringObject

    sheet = SHEETS[sheet_name]
    cards = PdfReader(io.BytesIO(card_pdf))
    overlay = PdfReader(io.BytesIO(_sheet_overlay(sheet, card, font_faces)))
    writer = PdfWriter()
    fronts = grid(sheet)
    for side, positions in ((0, fronts), (1, mirrored(fronts, sheet[0]))):
        page = writer.add_page(overlay.pages[side])
        for x, y in positions:
            page.merge_transformed_page(cards.pages[side], Transformation().translate(x, y))
    stamp = "D:" + card.timestamp.replace("-", "").replace(":", "").replace("T", "").rstrip("Z") + "Z"
    writer.add_metadata({"/Title": f"{card.title}: pocket cards, {sheet_name.upper() if sheet_name == 'a4' else 'Letter'} sheet",
                         "/Author": card.source, "/CreationDate": stamp, "/ModDate": stamp})
    writer._root_object[NameObject("/Lang")] = TextStringObject(card.lang)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --------------------------------------------------------------------------- the build step


def build_cards(site: Site, out_dir: Path, root: Path | None = None) -> dict[str, Path]:
    """Write the card PDFs into `out_dir`; return {kind: path}. Raises CardError."""
    card = card_from_site(site)
    try:
        faces = card_font_faces(root or site.root)
    except NotInstalled as exc:
        raise CardError([Finding("package.json", 1, 1, "card-font", str(exc), "run `make site`, which runs `npm ci`")])
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    card_pdf = render_card(card, faces)
    written["card"] = out_dir / OUTPUTS["card"]
    written["card"].write_bytes(card_pdf)
    for sheet in ("letter", "a4"):
        written[sheet] = out_dir / OUTPUTS[sheet]
        written[sheet].write_bytes(impose(card_pdf, sheet, card, faces))
    written["print-shop"] = out_dir / OUTPUTS["print-shop"]
    written["print-shop"].write_bytes(render_card(card, faces, bleed=BLEED))
    return written
