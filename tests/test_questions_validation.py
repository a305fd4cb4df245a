"""Issue 3: every malformed question fails with file, line and a hint; never a traceback."""

from __future__ import annotations

import textwrap

import pytest

from conftest import build_fails
from rapport.content import parse_page

GOOD_OPTIONS = '''\
//// option | yes
    correct: true
Because.
////

//// option | no
Because not.
////
'''

# name: (markdown body, rule, line, words in the message)
CASES = {
    "no option marked correct": (
        "/// question | Q?\n\n//// option | a\nA.\n////\n\n//// option | b\nB.\n////\n///\n",
        "question-answer", 4, "no option is marked correct"),
    "several correct on single": (
        "text\n\n/// question | Q?\n\n//// option | a\n    correct: true\nA.\n////\n\n//// option | b\n    correct: true\nB.\n////\n///\n",
        "question-answer", 6, "2 options are marked correct (lines 8, 13)"),
    "fewer than two options": (
        "/// question | Q?\n\n//// option | a\n    correct: true\nA.\n////\n///\n",
        "question-options", 4, "at least two options, this one has 1"),
    "an empty option": (
        "/// question | Q?\n\n//// option\n    correct: true\nA.\n////\n\n//// option | b\nB.\n////\n///\n",
        "option-empty", 6, "an option needs its text"),
    "an option without feedback": (
        "/// question | Q?\n\n//// option | a\n    correct: true\n////\n\n//// option | b\nB.\n////\n///\n",
        "option-feedback", 6, "no feedback"),
    "an unknown option key": (
        "/// question | Q?\n    kind: single\n\n" + GOOD_OPTIONS + "///\n",
        "question-options", 5, "unknown option 'kind' on a question"),
    "bad YAML": (
        "/// question | Q?\n    type: [single\n\n" + GOOD_OPTIONS + "///\n",
        "question-options", 5, "not valid YAML"),
    "an unclosed block": (
        "/// question | Q?\n\n" + GOOD_OPTIONS + "\nMore text, and no closing line.\n",
        "block-unclosed", 4, "never closed"),
    "options indented wrongly": (
        "/// question | Q?\n  type: multiple\n\n" + GOOD_OPTIONS + "///\n",
        "question-options", 5, "indented 2 spaces"),
    "option outside a question": (
        "Intro.\n\n/// option | stray\n    correct: true\nText.\n///\n",
        "block-nesting", 6, "an option must sit inside a question"),
    "a duplicate id": (
        "/// question | Q1?\n    id: same\n\n" + GOOD_OPTIONS + "///\n\n/// question | Q2?\n    id: same\n\n" + GOOD_OPTIONS + "///\n",
        "question-id", 17, "id 'same' is already used on line 4"),
    "a scenario without an answer": (
        "/// scenario | Someone says no.\nWhat now?\n///\n",
        "scenario-answer", 4, "a scenario needs a model answer"),
    "a question with no title": (
        "/// question\n\n" + GOOD_OPTIONS + "///\n",
        "question-empty", 4, "a question needs its text"),
    "an unknown question type": (
        "/// question | Q?\n    type: several\n\n" + GOOD_OPTIONS + "///\n",
        "question-options", 4, "type 'several' is not known"),
}

FRONT = "---\ntitle: T\n---\n"  # three lines: the body starts on line 4; CASES give file lines


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_block_is_reported_with_file_and_line(name):
    body, rule, line, words = CASES[name]
    page = parse_page(FRONT + body, "docs/tips/example.md")
    hits = [f for f in page.findings if f.rule == rule and f.line == line]
    assert hits, f"{name}: expected {rule} on line {line}, got {[str(f) for f in page.findings]}"
    text = str(hits[0])
    assert text.startswith(f"docs/tips/example.md:{line}:")
    assert words in text
    assert "(" in text and text.endswith(")"), "every finding carries a hint how to fix it"


def test_well_formed_blocks_have_no_findings():
    page = parse_page(FRONT + "/// question | Q?\n    id: ok\n\n" + GOOD_OPTIONS + "///\n\n"
                      "/// scenario | S\nWhat now?\n\n//// answer\nModel.\n////\n///\n", "x.md")
    assert page.findings == []
    assert [b.name for b in page.questions] == ["question", "scenario"]


def test_blocks_inside_code_fences_are_examples_not_blocks():
    page = parse_page(FRONT + "```\n/// question | Q?\n///\n```\n", "x.md")
    assert page.findings == [] and page.blocks == []


@pytest.mark.parametrize("name", ["no option marked correct", "an unclosed block", "bad YAML", "option outside a question"])
def test_malformed_block_fails_the_build_with_file_and_line(project, name):
    body, rule, line, words = CASES[name]
    tip = project / "docs" / "tips" / "be-curious.md"
    text = tip.read_text()
    tip.write_text(text + "\n" + body)
    offset = len(text.splitlines()) + 1 - 3  # CASES lines count from a 3-line front matter
    message = build_fails(project)
    assert f"docs/tips/be-curious.md:{line + offset}:" in message and rule in message
    assert "Traceback" not in message


def test_a_block_printed_as_plain_text_fails_the_build(project):
    # An unknown block name is not ours, so the scanner lets it through; the rendered page
    # would show `/// qestion | ...` as text. The post-render guard catches it.
    tip = project / "docs" / "tips" / "be-curious.md"
    tip.write_text(tip.read_text() + "\n/// qestion | Typo in the name?\nText.\n///\n")
    message = build_fails(project)
    assert "docs/tips/be-curious.md:" in message and "block-render" in message and "qestion" in message


def test_every_tip_has_three_questions_with_a_scenario_and_feedback(root):
    from rapport.content import read_page

    for path in sorted((root / "docs" / "tips").glob("*.md")):
        page = read_page(path)
        assert page.findings == [], path.name
        kinds = [b.name for b in page.questions]
        assert len(kinds) >= 3 and "scenario" in kinds and "question" in kinds, path.name
        for q in page.questions:
            for option in (c for c in q.children if c.name == "option"):
                assert option.text, f"{path.name}:{option.line} option without feedback"


@pytest.mark.parametrize("text, line, words", [
    ("---\ntitle: T\nreviewed: 2026-13-45\n---\n", 3, "cannot be read: month must be in 1..12"),
    ("---\ntitle: T\nsummary: Note: this breaks\n---\n", 3, "not valid: mapping values are not allowed here"),
    ("---\ntitle: T\n# no end\n", 1, "never closed"),
    ("---\n- a\n---\n", 2, "must be a list of `name: value` lines"),
])
def test_bad_front_matter_is_one_clear_finding(text, line, words):
    from rapport.checks import check_page

    found = [f for f in check_page(parse_page(text, "docs/tips/x.md"), tip=True) if f.rule == "front-matter"]
    assert len(found) == 1 and found[0].line == line and words in found[0].message, [str(f) for f in found]


def test_a_file_that_is_not_utf8_is_named_not_a_traceback(project):
    tip = project / "docs" / "tips" / "be-curious.md"
    tip.write_bytes(tip.read_bytes().replace(b"Many people", b"Many p\xe9ople", 1))
    message = build_fails(project)
    assert "docs/tips/be-curious.md:10:1: encoding: the file is not saved as UTF-8 text" in message
    assert "Traceback" not in message
