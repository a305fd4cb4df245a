"""The preview's slot for its problems panel: the plugin writes it first in each page's
content (with the problems only that page's rendering found); rapport.outputs.panel fills it
once every step has run."""

from __future__ import annotations

import html
import json
import re

from ..model import Finding

SLOT = re.compile(r'<div class="rp-preview-slot" data-source="([^"]*)" data-problems="([^"]*)"></div>')


def slot(source: str, problems: list[Finding]) -> str:
    data = json.dumps([[f.path, f.line, f.col, f.rule, f.message, f.hint, f.severity] for f in problems])
    return f'<div class="rp-preview-slot" data-source="{html.escape(source)}" data-problems="{html.escape(data)}"></div>'


def read_slot(match: re.Match) -> tuple[str, list[Finding]]:
    return html.unescape(match.group(1)), [Finding(*row) for row in json.loads(html.unescape(match.group(2)))]
