"""Placeholders never ship: TODO, TBD, FIXME, XXX, lorem ipsum, and the sentences
`make new-tip` writes (from data/tip-template.md and data/tip-question.md) are errors;
in the live preview they are warnings, shown on the page."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..model import Finding, Page

DATA = Path(__file__).parent.parent / "data"
# The markers in capitals only: "todo" is a Spanish word ("all").
MARKERS = r"(?-i:\b(?:TODO|TBD|FIXME|XXX)\b)|\blorem ipsum\b"


@lru_cache(maxsize=None)
def pattern() -> re.Pattern:
    """The markers, and every sentence the scaffold writes after `TODO:` (kept if TODO is deleted)."""
    scaffold = "".join((DATA / name).read_text(encoding="utf-8") for name in ("tip-template.md", "tip-question.md"))
    phrases = {m.group(1).strip(' ."*') for m in re.finditer(r"TODO: ([^\n\"]+)", scaffold)}
    phrases = sorted((p for p in phrases if len(p.split()) >= 3 and "{" not in p), key=len, reverse=True)
    return re.compile("|".join([MARKERS] + [re.escape(p) for p in phrases]), re.IGNORECASE)


def placeholders(page: Page, preview: bool = False) -> list[Finding]:
    findings = []
    seen = {p.line for p in page.prose}
    for number in range(2, page.body_start - 1):  # front matter values that are not prose (tags, minutes)
        m = re.search(MARKERS, page.lines[number - 1])
        if m and number not in seen:
            findings.append(Finding(page.path, number, m.start() + 1, "placeholder",
                                    f"placeholder text is still here: '{m.group(0)}'",
                                    "write the real text; pages with placeholders are never published",
                                    "warning" if preview else "error"))
    for prose in page.prose:
        m = pattern().search(prose.text)
        if m:
            findings.append(Finding(page.path, prose.line, m.start() + 1, "placeholder",
                                    f"placeholder text is still here: '{m.group(0)}'",
                                    "write the real text; pages with placeholders are never published",
                                    "warning" if preview else "error"))
    return findings
