"""A wrapped line inside a list item that starts with a number and a full stop ("2014. Its six
principles …") is read by Markdown as the start of a new item: the reference or point is
published cut in two. Warned at the line, so the author rewraps it."""

from __future__ import annotations

import re

from ..model import Finding, Page

RE_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")
RE_NUMBER_START = re.compile(r"^(\s+)(\d+[.)])\s+\S")


def check_list_numbers(page: Page) -> list[Finding]:
    findings = []
    in_item = False
    code = page.structure.code_lines
    for number in range(page.body_start, len(page.lines) + 1):
        text = page.lines[number - 1]
        if number in code or not text.strip():
            in_item = False  # a blank line or code ends the wrapped lines this check reads
            continue
        m = RE_NUMBER_START.match(text)
        if in_item and m:
            findings.append(Finding(page.path, number, len(m.group(1)) + 1, "list-number",
                                    f"this line of a list item starts with '{m.group(2)}', which Markdown reads as a "
                                    "new item: the item is published cut in two",
                                    f"rewrap the lines so that '{m.group(2)}' is not the first word of a line", "warning"))
        in_item = bool(RE_ITEM.match(text)) or (in_item and text.startswith((" ", "\t")))
    return findings
