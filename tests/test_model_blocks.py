"""rapport.model.blocks: the scanner finds every block, callout and heading at any nesting
Markdown allows, with its lines, and keeps each block's source to render it again."""

from __future__ import annotations

import markdown

from conftest import FIXTURES
from rapport.model import parse_page, read_page

FRONT = "---\ntitle: T\n---\n"  # the body starts on line 4
QUESTION = ("/// question | Q?\n    id: {id}\n\n//// option | a\n    correct: true\nA.\n////\n\n"
            "//// option | b\nB.\n////\n///\n")


def indent(text: str, by: str = "    ") -> str:
    return "".join(by + line if line.strip() else line for line in text.splitlines(keepends=True))


def test_blocks_are_found_in_callouts_details_and_list_items_with_their_lines():
    body = ("!!! reflect \"Reflect\"\n    Think.\n\n" + indent(QUESTION.format(id="in-callout")) + "\n"
            "??? note \"More\"\n" + indent(QUESTION.format(id="in-details")) + "\n"
            "- An item.\n\n" + indent(QUESTION.format(id="in-list")) + "\n" + QUESTION.format(id="top"))
    page = parse_page(FRONT + body, "x.md")
    assert page.findings == []
    lines = (FRONT + body).splitlines()
    found = [(q.options["id"], q.line, q.col, q.container) for q in page.questions]
    assert found == [("in-callout", 7, 4, "callout"), ("in-details", 21, 4, "callout"),
                     ("in-list", 36, 4, "list"), ("top", 49, 0, "")]
    for q in page.questions:
        assert lines[q.line - 1].strip().startswith("/// question"), q.options["id"]
        assert [c.name for c in q.children] == ["option", "option"]
    assert [c.kind for c in page.callouts] == ["reflect", "note"]


def test_a_block_keeps_its_source_and_renders_the_same_again():
    page = read_page(FIXTURES / "broken" / "question-in-callout.md")
    block = page.questions[0]
    assert block.source[0] == "/// question | Which of these did you notice?" and block.source[-1] == "///"
    assert block.end_line - block.line + 1 == len(block.source)
    html = markdown.Markdown(extensions=["rapport.questions"]).convert("\n".join(block.source))
    assert 'id="in-callout"' in html and html.count('class="rq-choice"') == 2


def test_callouts_headings_and_blocks_inside_code_fences_are_examples():
    body = "```markdown\n!!! reflect \"Reflect\"\n    Text.\n\n## Learn more\n\n" + QUESTION.format(id="x") + "```\n"
    page = parse_page(FRONT + body, "x.md")
    assert page.callouts == [] and page.headings == [] and page.blocks == []
    fenced = parse_page(FRONT + "!!! note\n    ```\n    /// question | In code\n    ```\n", "x.md")
    assert fenced.blocks == [] and [c.kind for c in fenced.callouts] == ["note"]


def test_anchors_follow_the_renderer_numbering():
    body = QUESTION.replace("    id: {id}\n", "") + "\n" + QUESTION.format(id="mine") + "\n" + QUESTION.replace("    id: {id}\n", "")
    page = parse_page(FRONT + body, "x.md")
    html = markdown.Markdown(extensions=["rapport.questions"]).convert(body)
    assert list(page.anchors.values()) == ["question-1", "mine", "question-3"]
    for anchor in page.anchors.values():
        assert f'id="{anchor}"' in html


def test_prose_skips_block_markup_and_code_but_keeps_titles():
    page = parse_page(FRONT + "Hello there.\n\n" + QUESTION.format(id="q") + "\n```\ncode here\n```\n", "x.md")
    texts = [p.text.strip() for p in page.prose]
    assert texts == ["T", "Hello there.", "Q?", "a", "A.", "b", "B."]
