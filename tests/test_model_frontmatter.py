"""rapport.model.frontmatter: front matter with the line of every key and the lines of
every value; one clear finding for each way it can be wrong."""

from __future__ import annotations

import pytest

from conftest import build_fails
from rapport.model import parse_page


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: T\nreviewed: 2026-13-45\n---\n", 3, "cannot be read: month must be in 1..12"),
    ("---\ntitle: T\nsummary: Note: this breaks\n---\n", 3, "not valid: mapping values are not allowed here"),
    ("---\ntitle: T\n# no end\n", 1, "never closed"),
    ("---\n- a\n---\n", 2, "must be a list of `name: value` lines"),
    ("---\ntitle: T\nsummary: S\ntitle: U\n---\n", 4, "'title' is given twice (first on line 2)"),
])
def test_bad_front_matter_is_one_clear_finding(text, line, words):
    found = [f for f in parse_page(text, "docs/tips/x.md").findings if f.rule == "front-matter"]
    assert len(found) == 1 and found[0].line == line and words in found[0].message, [str(f) for f in found]


def test_every_key_has_its_line_and_a_folded_value_its_span():
    page = parse_page("---\ntitle: T\nsummary: >-\n  One line,\n  and another.\ncard: C\n---\nBody\n", "x.md")
    assert page.front.key_lines == {"title": 2, "summary": 3, "card": 6}
    assert page.front.value_spans["summary"][:2] == (3, 5)
    assert page.front.value_spans["card"][:2] == (6, 6)
    assert page.meta["summary"] == "One line, and another." and page.body_start == 8


def test_a_file_that_is_not_utf8_is_named_not_a_traceback(project):
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_bytes(tip.read_bytes().replace(b"People want", b"P\xe9ople want", 1))
    message = build_fails(project)
    assert "docs/tips/first-tip.md:15:1: encoding: the file is not saved as UTF-8 text" in message
    assert "Traceback" not in message


def test_a_byte_order_mark_is_accepted(tmp_path):
    from rapport.model import read_page

    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: T\nsummary: S\n---\nBody\n")
    page = read_page(path)
    assert page.findings == [] and page.meta == {"title": "T", "summary": "S"} and page.line_of("summary") == 3
    assert parse_page("\ufeff---\ntitle: T\n---\n", "x.md").meta == {"title": "T"}


@pytest.mark.parametrize("reviewed, fails", [("2999-01-01", True), ("2026-11-29", False), ("2026-11-30", True),
                                             ("2020-01-01", False)])
def test_a_review_date_after_tomorrow_is_an_error_at_its_line(reviewed, fails):
    import datetime as dt

    from rapport.checks.frontmatter import check_review_date

    page = parse_page(f"---\ntitle: T\nreviewed: {reviewed}\n---\n", "docs/x.md")
    found = check_review_date(page, today=dt.date(2026, 11, 28))
    assert [(f.line, "in the future" in f.message) for f in found] == ([(3, True)] if fails else [])
