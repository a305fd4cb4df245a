"""Raw HTML in content: only our own scripts run, and nothing is loaded from another host.

Markdown lets an author write HTML. These tags and attributes are errors at their file,
line and column: `<script>`, inline event handlers (`onclick=`), `javascript:` URLs,
`<meta http-equiv>`, `<iframe>`, `<object>`, `<embed>`, `<form>`, and a URL to another host
in `src`, `srcset`, a `style` or a Markdown image. Plain links to sources stay fine.
Code (fenced or inline) is an example, never HTML.
"""

from __future__ import annotations

import re

from ..model import Finding, Page
from ..model.prose import RE_INLINE_CODE

EXTERNAL = r"(?:https?:)?//"
RULES = [
    (re.compile(r"<script\b", re.I), "a <script> in a page", "the site runs only its own scripts; remove it"),
    (re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I), "an inline event handler ({0}=)",
     "the site runs only its own scripts; remove the attribute"),
    (re.compile(r"javascript\s*:", re.I), "a javascript: link", "link to a page or a source instead"),
    (re.compile(r"<meta\b[^>]*http-equiv", re.I), "a <meta http-equiv> tag",
     "it can send readers to another site or change the page's rules; remove it"),
    (re.compile(r"<(iframe|object|embed|form)\b", re.I), "the <{0}> tag",
     "it loads or sends to other pages; link to the page instead"),
    (re.compile(rf"\b(src|srcset)\s*=\s*[\"']?\s*{EXTERNAL}", re.I), "a {0} from another host",
     "the site works offline and loads nothing from other hosts: save the file in docs/ and link it"),
    (re.compile(rf"url\(\s*[\"']?\s*{EXTERNAL}", re.I), "a style that loads from another host",
     "save the file in docs/ and point to it there"),
    (re.compile(rf"!\[[^\]]*\]\(\s*<?{EXTERNAL}", re.I), "an image from another host",
     "save the image in docs/ and show it from there"),
    (re.compile(r"rp-crisis", re.I), "the crisis note's own name (rp-crisis)",
     "the build places the crisis note on `risk: true` pages; write `{ .risk }` after the section's heading instead"),
    (re.compile(r"(?:\b(?:src|href|srcset)\s*=\s*[\"']?|\]\(\s*<?)\s*(file):", re.I), "a {0}: address (a file on one computer)",
     "readers cannot open it, and the PDFs must not copy it: save the file in docs/ and link it there"),
]


def check_html(page: Page) -> list[Finding]:
    findings = []
    code = page.structure.code_lines
    for number in range(page.body_start, len(page.lines) + 1):
        if number in code:
            continue
        line = RE_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), page.lines[number - 1])
        for pattern, what, hint in RULES:
            for m in pattern.finditer(line):
                name = (m.group(1) if m.groups() else "").lower()
                findings.append(Finding(page.path, number, m.start() + 1, "raw-html",
                                        f"{what.format(name)} is not allowed in content", hint))
    return findings
