"""rapport.checks.blocks (with the scanner's syntax findings): every malformed question
is reported with file, line and a hint; never a traceback."""

from __future__ import annotations

import pytest

from conftest import build_fails
from rapport.checks.blocks import check_blocks
from rapport.model import parse_page


def findings(text: str, path: str = "docs/tips/example.md"):
    page = parse_page(text, path)
    return page.findings + check_blocks(page)


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
        "question-options", 4, "at least 2 options, this one has 1"),
    "an empty option": (
        "/// question | Q?\n\n//// option\n    correct: true\nA.\n////\n\n//// option | b\nB.\n////\n///\n",
        "option-empty", 6, "an option needs the option as the reader sees it"),
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
        "block-indent", 5, "this line starts with 2 spaces; settings under a question start with 4"),
    "option outside a question": (
        "Intro.\n\n/// option | stray\n    correct: true\nText.\n///\n",
        "block-nesting", 6, "an option must sit inside a question"),
    "a duplicate id": (
        "/// question | Q1?\n    id: same\n\n" + GOOD_OPTIONS + "///\n\n/// question | Q2?\n    id: same\n\n" + GOOD_OPTIONS + "///\n",
        "question-id", 17, "its id is already used by the question on line 4"),
    "a scenario without an answer": (
        "/// scenario | Someone says no.\nWhat now?\n///\n",
        "scenario-answer", 4, "a scenario needs a model answer"),
    "a question with no title": (
        "/// question\n\n" + GOOD_OPTIONS + "///\n",
        "question-empty", 4, "a question needs the question after the bar"),
    "an unknown question type": (
        "/// question | Q?\n    type: several\n\n" + GOOD_OPTIONS + "///\n",
        "question-options", 4, "type 'several' is not known"),
}

FRONT = "---\ntitle: T\n---\n"  # three lines: the body starts on line 4; CASES give file lines


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_block_is_reported_with_file_and_line(name):
    body, rule, line, words = CASES[name]
    found = findings(FRONT + body)
    hits = [f for f in found if f.rule == rule and f.line == line]
    assert hits, f"{name}: expected {rule} on line {line}, got {[str(f) for f in found]}"
    text = str(hits[0])
    assert text.startswith(f"docs/tips/example.md:{line}:")
    assert words in text
    assert "(" in text and text.endswith(")"), "every finding carries a hint how to fix it"


def test_well_formed_blocks_have_no_findings():
    page = parse_page(FRONT + "/// question | Q?\n    id: ok\n\n" + GOOD_OPTIONS + "///\n\n"
                      "/// scenario | S\nWhat now?\n\n//// answer\nModel.\n////\n///\n", "x.md")
    assert findings(page.text) == []
    assert [b.name for b in page.questions] == ["question", "scenario"]


def test_blocks_inside_code_fences_are_examples_not_blocks():
    page = parse_page(FRONT + "```\n/// question | Q?\n///\n```\n", "x.md")
    assert findings(page.text) == [] and page.blocks == []


def test_a_block_printed_as_plain_text_fails_the_build(project):
    # An unknown block name is not ours, so the scanner lets it through; the rendered page
    # would show `/// qestion | ...` as text. The post-render guard catches it.
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(tip.read_text() + "\n/// qestion | Typo in the name?\nText.\n///\n")
    message = build_fails(project)
    assert "docs/tips/first-tip.md:" in message and "block-render" in message and "qestion" in message


OK_OPTION = "//// option | b\nB.\n////\n"
# name: (body, rule, line, words): each mistake gives exactly one finding, at its own line.
ONE_MISTAKE = {
    "a setting indented 2 spaces": (
        "/// question | Q?\n\n//// option | a\n  correct: true\nA.\n////\n\n" + OK_OPTION + "///\n",
        "block-indent", 7, "this line starts with 2 spaces; settings under an option start with 4"),
    "an option line indented 4 spaces": (
        "/// question | Q?\n\n//// option | a\n    correct: true\nA.\n////\n\n    //// option | b\nB.\n////\n///\n",
        "block-indent", 11, "this line starts with 4 spaces; lines of slashes start at the left edge"),
    "a closing line indented 4 spaces": (
        "/// question | Q?\n\n//// option | a\n    correct: true\nA.\n    ////\n\n" + OK_OPTION + "///\n",
        "block-indent", 9, "this line starts with 4 spaces; lines of slashes start at the left edge"),
    "feedback indented like a setting": (
        "/// question | Q?\n\n//// option | a\n    correct: true\n    A is right.\n////\n\n" + OK_OPTION + "///\n",
        "block-indent", 8, "this line starts with 4 spaces, like a setting; its feedback starts at the left edge"),
    "an option never closed before the next": (
        "/// question | Q?\n\n//// option | a\n    correct: true\nA.\n\n" + OK_OPTION + "///\n",
        "block-unclosed", 6, "the option starting here is never closed (end it with a line holding only ////, after its feedback)"),
    "the last option never closed": (
        "/// question | Q?\n\n//// option | a\n    correct: true\nA.\n////\n\n//// option | b\nB.\n///\n",
        "block-unclosed", 11, "the option starting here is never closed"),
    "an answer with too few slashes": (
        "/// scenario | S\nWhat now?\n\n/// answer\nModel.\n///\n///\n",
        "block-nesting", 7, "this answer needs more slashes than its scenario (line 4) (start it with ////)"),
}


@pytest.mark.parametrize("name", list(ONE_MISTAKE))
def test_each_mistake_gives_one_root_cause_finding_at_its_line(name):
    body, rule, line, words = ONE_MISTAKE[name]
    found = findings(FRONT + body)
    assert len(found) == 1, f"{name}: {[str(f) for f in found]}"
    assert (found[0].rule, found[0].line) == (rule, line) and words in str(found[0]), str(found[0])


def test_the_for_authors_page_quotes_the_messages_word_for_word(root):
    import re as _re

    text = (root / "docs" / "authors.md").read_text()
    quoted = _re.findall(r"^- `([^`]+)`:", text, _re.M)
    assert len(quoted) >= 5
    produced = " ".join(str(f) for case in ONE_MISTAKE.values() for f in findings(FRONT + case[0]))
    produced += " placeholder text is still here"
    for message in quoted:
        assert message in produced, f"For authors quotes a message the checks do not write: {message}"
