"""rapport.checks.readability: Flesch-Kincaid grade of a page's prose and of card lines."""

from __future__ import annotations

import re

from rapport.checks import check_page
from rapport.checks.readability import grade_of, syllables
from rapport.model import parse_page

FRONT = "---\ntitle: T\n---\n"  # the body starts on line 4


def test_syllables_and_grade_behave():
    assert [syllables(w) for w in ("cat", "table", "people", "recovery", "practitioner")] == [1, 2, 2, 4, 4]
    assert grade_of([(1, "The cat sat on the mat.")]).grade < 1
    hard = ("Practitioners' interpersonal effectiveness necessitates comprehensive understanding of "
            "individuals' multidimensional psychosocial circumstances and organizational considerations.")
    assert grade_of([(1, hard)]).grade > 15


HARD_PAGE = ("Comprehensive psychosocial rehabilitation necessitates understanding individuals' "
             "multidimensional circumstances, organizational considerations and interdisciplinary "
             "collaboration throughout the therapeutic relationship, notwithstanding institutional limitations.\n\n") * 3


def test_a_hard_page_fails_with_its_grade_and_longest_sentences():
    page = parse_page(FRONT + HARD_PAGE, "docs/hard.md")
    found = [f for f in check_page(page, tip=False) if f.rule == "reading-level"]
    assert len(found) == 1 and found[0].severity == "error"
    assert re.search(r"reading grade \d+\.\d is over the limit of 9", found[0].message)
    assert "line 4:" in found[0].message and "Longest sentences" in found[0].message


def test_a_page_may_raise_its_limit_with_a_reason():
    front = '---\ntitle: T\nreading_level: {max: 60, reason: "For IT staff"}\n---\n'
    found = check_page(parse_page(front + HARD_PAGE, "docs/hard.md"), tip=False)
    assert not [f for f in found if f.rule == "reading-level"]
    assert any(f.rule == "exempt" and "For IT staff" in f.message for f in found)
    no_reason = check_page(parse_page("---\ntitle: T\nreading_level: 12\n---\n" + HARD_PAGE, "docs/hard.md"), tip=False)
    assert any(f.rule == "reading-level" and "needs a number and a reason" in f.message for f in no_reason)


def sentence_findings(body: str, front: str = FRONT):
    return [f for f in check_page(parse_page(front + body, "docs/x.md"), tip=False) if f.rule == "reading-sentence"]


LONG_ONE = "We sit with the person and we listen to what they say about their week and the people who help them most of all on good days."
VERY_LONG_ONE = LONG_ONE[:-1] + " and then we ask them what they would like to do next and who they would like to have with them."


def test_a_long_sentence_warns_and_a_very_long_one_fails_at_its_own_line():
    found = sentence_findings("A short one. " + "\n" + LONG_ONE + "\n\n" + VERY_LONG_ONE + "\n")
    assert [(f.line, f.severity) for f in found] == [(5, "warning"), (7, "error")], [str(f) for f in found]
    assert "27 words" in found[0].message and "48 words" in found[1].message


def test_a_hard_short_sentence_warns():
    found = sentence_findings("Comprehensive interdisciplinary collaboration necessitates organizational accountability and institutional responsibility.\n")
    assert len(found) == 1 and found[0].severity == "warning" and "reads at grade" in found[0].message


def test_a_list_items_continuation_is_part_of_its_sentence():
    item = "- We sit with the person and we listen to what they say about\n  their week and the people who help them most of all on good days.\n"
    found = sentence_findings("Intro.\n\n" + item)
    assert [(f.line, f.severity) for f in found] == [(6, "warning")], [str(f) for f in found]
    assert sentence_findings("Intro.\n\n- We sit with them.\n  We listen.\n") == []


def test_headings_cells_titles_and_sources_are_not_sentences():
    long = " ".join(["word"] * 45)
    body = (f"## {long}\n\n| {long} | b |\n| --- | --- |\n| {long} | c |\n\n!!! note \"{long}\"\n    Short.\n\n"
            f"## Learn more\n\n- {long}. *A title*. 2020.\n")
    assert sentence_findings(body) == []


def test_a_pages_reading_level_exemption_covers_its_sentences():
    front = '---\ntitle: T\nreading_level: {max: 60, reason: "For IT staff"}\n---\n'
    assert sentence_findings(VERY_LONG_ONE + "\n", front) == []
