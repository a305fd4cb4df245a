"""The pocket card as HTML: the two sides on the site's card page, and the whole card that
WeasyPrint lays out (rapport.outputs.card); templates in templates/ (card-sides, card)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from ..model import strings
from ..model.card import Card

TEMPLATES = Path(__file__).parent.parent / "templates"
MARGIN = 13.5  # 3/16 in: the content area starts here, inside the safe zone (rapport.outputs.card.fit)
CARD_W, CARD_H = 252.0, 360.0  # 3.5 x 5 in

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
