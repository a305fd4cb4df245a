"""Modules: a site may group its tips into modules, each a folder under docs/ laid out like
a small site — `<module>/index.md`, whose front matter holds the module's pocket card
settings under `card:`, and `<module>/tips/*.md`. A site without modules has none, and its
card settings stay `extra.card` in mkdocs.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .findings import Finding
from .page import Page
from .settings import CardSettings, _typed, card_question_count, yaml_lines

RE_MODULE_INDEX = re.compile(r"^([a-z0-9][a-z0-9-]*)/index\.md$")
CARD_HINT = "a module's card settings are title, subtitle, reminder, questions_title, questions and source, " \
            "under `card:` in its index.md"


@dataclass
class Module:
    slug: str  # the folder's name
    index: Page  # <slug>/index.md
    card: CardSettings
    tip_rels: list[str]  # its tips, in nav order
    findings: list[Finding] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.index.meta.get("title") or self.slug)

    @property
    def prefix(self) -> str:
        return f"{self.slug}/"

    def holds(self, rel: str) -> bool:
        return rel.startswith(self.prefix)


def module_slug(rel: str) -> str | None:
    """The module a module's index page opens, from its path (`first-meetings/index.md`)."""
    m = RE_MODULE_INDEX.match(rel)
    return m.group(1) if m else None


def read_module(index: Page, slug: str, tip_rels: list[str]) -> Module:
    """A module from its index page: the typed card settings, each finding at its line."""
    front_start = 2  # the front matter's first line in the file
    raw = "\n".join(index.lines[1:index.body_start - 2]) if index.body_start > 2 else ""
    lines = {path: line + front_start - 1 for path, line in yaml_lines(raw).items()}
    findings: list[Finding] = []
    card = _typed(CardSettings, index.meta.get("card"), ("card",), lines, findings, path=index.path, hint=CARD_HINT)
    findings += card_question_count(card, "card.questions", index.path, lines.get(("card", "questions"), 1))
    return Module(slug, index, card, [rel for rel in tip_rels if rel.startswith(f"{slug}/")], findings)
