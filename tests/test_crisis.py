"""rapport.crisis: the crisis note ends the section marked { .risk }, once per page."""

from __future__ import annotations

import re
import textwrap

import markdown

CONFIG = {"title": "If someone may be in danger", "line": "Call or text 988.", "advice": "Tell your supervisor."}
PAGE = textwrap.dedent("""
    ## Before

    Text before.

    ## Talking about risk { .risk }

    Ask directly.

    ### When safety comes first

    Act now.

    ## After { .risk }

    Text after.
""")


def render(text: str, config: dict | None = CONFIG) -> str:
    configs = {"rapport.crisis": config} if config else {}
    return markdown.Markdown(extensions=["attr_list", "rapport.crisis"], extension_configs=configs).convert(text)


def test_the_note_ends_the_marked_section_once():
    html = render(PAGE)
    assert html.count('class="rp-crisis"') == 1
    blocks = re.findall(r"<(h\d|p|aside)[^>]*>(.*?)</\1>", html, re.S)
    order = [text if tag != "aside" else "NOTE" for tag, text in blocks]
    assert order.index("NOTE") == order.index("Act now.") + 1 and order[order.index("NOTE") + 1] == "After"
    assert "Call or text 988. Tell your supervisor." in html


def test_no_mark_or_no_crisis_line_means_no_note():
    assert "rp-crisis" not in render(PAGE.replace("{ .risk }", ""))
    assert "rp-crisis" not in render(PAGE, None)
