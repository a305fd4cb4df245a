"""Imposition: four proved cards a side on a Letter or A4 sheet, backs mirrored for
long-edge duplex, with crop marks and the printing instruction drawn by WeasyPrint."""

from __future__ import annotations

import io

from markupsafe import Markup

from ...model import strings
from ...model.card import Card, outputs
from ...markdown.cardpage import CARD_H, CARD_W, template
from ..pdfua import finish
from .render import font_config, weasy


SHEETS = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
SHEET_MARGIN = 27.0  # 3/8 in: printers cannot print closer to the edge


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
    """Two sheet pages with crop marks and the printing instruction."""
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
    html = template("sheet.html.j2").render(
        card=card, card_file=outputs(card.slug)["card"], font_faces=Markup(font_faces), width=sw, height=sh, marks=marks,
        text_left=xs[0] + 12, text_width=CARD_W - 24, text_top=max((top - 18) / 2, 6))
    source = weasy(html)
    pdf = source.write_pdf(pdf_variant="pdf/ua-1", font_config=font_config())
    source.fetcher.check("src/rapport/templates/sheet.html.j2")
    return pdf


def as_form(writer, page):
    """A card side as a Form XObject in `writer`: drawn four times, stored once."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    from pypdf.generic import ContentStream

    form = DecodedStreamObject()
    contents = page.get_contents()
    # Four copies of the tagged card would read four times: the copies are drawn as artifacts
    # (the sheet's text names the accessible card), so their own marked content goes.
    stream = ContentStream(contents, writer) if contents is not None else None
    if stream is not None:
        stream.operations = [(operands, op) for operands, op in stream.operations if op not in (b"BDC", b"BMC", b"EMC")]
    form.set_data(stream.get_data() if stream is not None else b"")
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject([FloatObject(float(v)) for v in page.mediabox]),
        NameObject("/Resources"): page["/Resources"].clone(writer),
    })
    return writer._add_object(form.flate_encode())


def place(writer, page, form, positions, name: str) -> None:
    """Draw `form` at each position on `page`, after what the page already holds. `name` is
    unique per side: the sheet's pages may share one resource dictionary."""
    from pypdf.generic import ContentStream, DictionaryObject, NameObject

    resources = page["/Resources"]
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    else:
        xobjects = xobjects.get_object()
    xobjects[NameObject(f"/{name}")] = form
    draws = b"".join(b"q 1 0 0 1 %.4f %.4f cm /%s Do Q\n" % (x, y, name.encode()) for x, y in positions)
    old = page.get_contents()
    content = ContentStream(None, writer)
    content.set_data(b"q\n" + (old.get_data() if old is not None else b"") + b"\nQ\n" + draws)
    page.replace_contents(content)


def impose(card_pdf: bytes, sheet_name: str, card: Card, font_faces: str) -> bytes:
    """Four cards a side on a Letter or A4 sheet: fronts, then backs mirrored. Each side is
    stored once, as a Form XObject, and drawn four times."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    sheet = SHEETS[sheet_name]
    cards = PdfReader(io.BytesIO(card_pdf))
    overlay = PdfReader(io.BytesIO(_sheet_overlay(sheet, card, font_faces)))
    writer = PdfWriter(clone_from=overlay)  # the sheet's tags, its text, come along
    fronts = grid(sheet)
    for side, positions in ((0, fronts), (1, mirrored(fronts, sheet[0]))):
        page = writer.pages[side]
        place(writer, page, as_form(writer, cards.pages[side]), positions, f"RpCardSide{side}")
    stamp = "D:" + card.timestamp.replace("-", "").replace(":", "").replace("T", "").rstrip("Z") + "Z"
    paper = sheet_name.upper() if sheet_name == "a4" else strings.text(card.lang, "paper_letter")
    writer.add_metadata({"/Title": strings.text(card.lang, "card_sheet_doc", title=card.title, paper=paper),
                         "/Author": card.source, "/CreationDate": stamp, "/ModDate": stamp})
    writer._root_object[NameObject("/Lang")] = TextStringObject(card.lang)
    out = io.BytesIO()
    writer.write(out)
    return finish(out.getvalue(), card.lang, timestamp=card.timestamp)
