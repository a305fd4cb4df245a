"""The fit proof: a laid-out card keeps its promise — exactly two pages, the front's tips
on the front, and every glyph inside the content area (which lies inside the 1/8 in
safe zone). Failures name the tip page whose line does not fit.

WeasyPrint has no public API for the boxes of a laid-out page; `laid_out_text()` is the
one place that reaches into it (`page._page_box`), so an upgrade touches only that.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...markdown.cardpage import MARGIN
from ...model import Finding
from ...model.card import Card

PT = 4 / 3  # CSS px per point: WeasyPrint lays out in CSS px
TIP_ID = "card-tip-"


@dataclass(frozen=True)
class Glyphs:
    """A run of laid-out text: its page, box (CSS px) and the card line it belongs to."""

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    owner: str | None  # "card-tip-3", or None for the rest of the card


def laid_out_text(document) -> list[Glyphs]:
    """Every text box of a rendered WeasyPrint document (the one use of its private API)."""
    from weasyprint.formatting_structure.boxes import TextBox

    out: list[Glyphs] = []

    def walk(box, page: int, owner: str | None) -> None:
        element = getattr(box, "element", None)
        ident = element.get("id") if element is not None and hasattr(element, "get") else None
        if ident and ident.startswith(TIP_ID):
            owner = ident
        if isinstance(box, TextBox):
            out.append(Glyphs(page, box.position_x, box.position_y, box.position_x + box.width,
                              box.position_y + box.height, box.text, owner))
        for child in getattr(box, "children", ()):
            walk(child, page, owner)

    for number, page in enumerate(document.pages):
        walk(page._page_box, number, None)
    return out


def prove_fit(document, card: Card) -> list[Finding]:
    """Findings for every way the rendered card breaks its promise; empty when it fits."""
    pages = document.pages
    tips = {f"{TIP_ID}{n}": tip for n, tip in enumerate(card.tips, start=1)}
    glyphs = laid_out_text(document)
    findings: list[Finding] = []
    for g in glyphs:
        width, height = pages[g.page].width, pages[g.page].height
        low, high_x, high_y = MARGIN * PT - 0.5, width - MARGIN * PT + 0.5, height - MARGIN * PT + 0.5
        if g.x0 >= low and g.x1 <= high_x and g.y0 >= low and g.y1 <= high_y:
            continue
        over = max(low - g.x0, g.x1 - high_x, low - g.y0, g.y1 - high_y) / PT
        tip = tips.get(g.owner)
        if tip:
            findings.append(Finding(tip.path, tip.line_no, 1, "card-fit",
                                    f"the card line runs {over:.0f} pt past the card's safe edge at '{g.text.strip()[:30]}'",
                                    "break up the long word, or shorten the line"))
        else:
            findings.append(Finding(card.settings_path, card.settings_line, 1, "card-fit",
                                    f"'{g.text.strip()[:30]}' on side {g.page + 1} runs {over:.0f} pt past the safe edge",
                                    f"shorten the text under {card.settings_name}"))
    if len(pages) == 2 and "card-end-front" in pages[0].anchors and "card-end-back" in pages[-1].anchors:
        return findings
    front_end = next((n for n, p in enumerate(pages) if "card-end-front" in p.anchors), 0)
    if front_end == 0:
        return findings + [Finding(card.settings_path, card.settings_line, 1, "card-fit",
                                   f"the back of the pocket card does not fit on one page ({len(pages)} pages in all)",
                                   f"shorten {card.settings_name}.reminder or questions, or extra.crisis.line")]
    # Tips with any text past the front page, whether they start there or on the front.
    spilled = [tip for owner, tip in tips.items() if any(g.owner == owner and 0 < g.page <= front_end for g in glyphs)]
    lines_of = {owner: len({(g.page, round(g.y0, 1)) for g in glyphs if g.owner == owner}) for owner in tips}
    chars = max(1, sum(len(g.text) for g in glyphs if g.owner and 0 < g.page <= front_end))
    longest = max(tips, key=lambda owner: lines_of[owner], default=None)
    named = [o for o, tip in tips.items() if tip in spilled] or ([longest] if longest else [])
    for owner in named:
        tip = tips[owner]
        spill = (f"{len(spilled)} tip line(s) spill onto a third page" if spilled
                 else "the end of the front is pushed onto a third page")
        findings.append(Finding(tip.path, tip.line_no, 1, "card-fit",
                                f"the front of the pocket card is full: this tip's line ({len(tip.line)} characters, "
                                f"{lines_of[owner]} printed lines) does not fit; {spill}",
                                f"shorten this and other card lines, by about {chars} characters in all"))
    return findings
