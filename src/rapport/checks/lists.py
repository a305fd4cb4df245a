"""A wrapped line inside a list item that starts with a number and a full stop ("2014. Its six
principles …") is read by Python-Markdown as the start of a new item of the same list when it
is indented less than four spaces past the item's marker: the reference or point is published
cut in two. Warned at the line, so the author rewraps it.

What is not warned: the next item of a numbered list (its number follows on), and a list
nested under an item (indented four spaces or more past the marker)."""

from __future__ import annotations

import re

from ..model import Finding, Page

RE_MARKER = re.compile(r"^(\s*)(?:([-*+])|(\d+)\.)\s+\S")


def check_list_numbers(page: Page) -> list[Finding]:
    findings = []
    item: tuple[int, int | None] | None = None  # (marker's indent, its number; None for a bullet)
    code = page.structure.code_lines
    for number in range(page.body_start, len(page.lines) + 1):
        text = page.lines[number - 1].expandtabs(4)
        if number in code or not text.strip():
            item = None  # a blank line or code ends the wrapped lines this check reads
            continue
        m = RE_MARKER.match(text)
        if not m:
            if item is not None and len(text) - len(text.lstrip()) < item[0]:
                item = None  # a line left of the marker: a new paragraph after the list
            continue
        indent = len(m.group(1))
        count = int(m.group(3)) if m.group(3) else None
        if item is not None and indent < item[0] + 4:  # the same list's next item, as Python-Markdown reads it
            follows = count is not None and item[1] is not None and count == item[1] + 1
            if count is not None and not follows:
                findings.append(Finding(page.path, number, indent + 1, "list-number",
                                        f"this line of a list item starts with '{count}.', which Markdown reads as a "
                                        "new item: the item is published cut in two",
                                        f"rewrap the lines so that '{count}.' is not the first word of a line", "warning"))
        item = (indent, count)
    return findings
