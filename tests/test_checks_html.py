"""rapport.checks.html: raw HTML that would run a script or load from another host is an
error at its line and column; links to sources and code examples stay fine."""

from __future__ import annotations

import pytest

from rapport.checks.html import check_html
from rapport.model import parse_page

FRONT = "---\ntitle: T\n---\n\nSome text.\n\n"  # the case's line is line 7


@pytest.mark.parametrize("line, col, words", [
    ('<script>document.title="RAN"</script>', 1, "a <script> in a page"),
    ('Look <img src="x.png" onerror="alert(1)"> here', 6, "an inline event handler (onerror=)"),
    ('<a href="javascript:alert(1)">click</a>', 10, "a javascript: link"),
    ("[click](javascript:alert(1))", 9, "a javascript: link"),
    ('<meta http-equiv="refresh" content="0; url=https://example.com">', 1, "a <meta http-equiv> tag"),
    ('<iframe src="page.html"></iframe>', 1, "the <iframe> tag"),
    ('<object data="x.swf"></object>', 1, "the <object> tag"),
    ('<embed src="x.swf">', 1, "the <embed> tag"),
    ('<form action="/x"><input></form>', 1, "the <form> tag"),
    ('<video src="https://cdn.example.com/v.mp4"></video>', 8, "a src from another host"),
    ('<img srcset="//cdn.example.com/a.png 2x">', 6, "a srcset from another host"),
    ('<span style="background: url(https://example.com/t.gif)">x</span>', 26, "a style that loads from another host"),
    ("![A photo](https://example.com/photo.jpg)", 1, "an image from another host"),
])
def test_each_raw_html_case_is_an_error_at_its_line(line, col, words):
    found = check_html(parse_page(FRONT + line + "\n", "docs/tips/x.md"))
    assert found and (found[0].line, found[0].col, found[0].rule) == (7, col, "raw-html"), [str(f) for f in found]
    assert words in found[0].message and found[0].hint


@pytest.mark.parametrize("line", [
    "Read [SAMHSA's guide](https://www.samhsa.gov/) first.",
    "<https://www.samhsa.gov/>",
    '<img src="../assets/card.png" alt="The card">',
    "Write `<script>` in code only.",
    "![The card](../assets/card.png)",
    "The online form is on the agency's page.",
])
def test_links_local_files_and_code_stay_fine(line):
    assert check_html(parse_page(FRONT + line + "\n", "docs/x.md")) == []


def test_html_inside_a_code_fence_is_an_example():
    assert check_html(parse_page(FRONT + "```html\n<script>alert(1)</script>\n```\n", "docs/x.md")) == []
