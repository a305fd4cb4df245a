"""rapport.teaching: objectives on each tip, the Frameworks page, session plans and the
knowledge check, all built from the tips' front matter and questions."""

from __future__ import annotations

import pytest

import re
from html import unescape

from rapport.app import build_site
from rapport.model import load_site
from rapport.model.frameworks import principles
from rapport.markdown.teaching import knowledge_items


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_each_tip_opens_with_its_objectives(built_site, root):
    for page in load_site(root / "mkdocs.yml").tips():
        html = (built_site / page.rel.replace(".md", ".html")).read_text()
        start = html.index('class="rp-objectives"')
        block = html[html.index(">", start) + 1:html.index("</div>", start)]
        assert html.index('class="rp-objectives"') < html.index("<h2"), page.rel
        assert text_of(block).startswith("After this tip you can:")
        for objective in page.meta["objectives"]:
            assert objective in text_of(block), (page.rel, objective)


def test_the_frameworks_page_lists_each_principle_with_its_tips(built_site, root):
    html = (built_site / "facilitators" / "frameworks.html").read_text()
    rows = {m.group(1): m.group(2) for m in re.finditer(r"<tr>\s*<td>.*?<code>([\w/-]+)</code>\)</td>\s*<td>(.*?)</td>", html, re.S)}
    assert set(rows) == set(principles())
    for page in load_site(root / "mkdocs.yml").tips():
        link = "../" + page.rel.replace(".md", ".html")
        for tag in page.meta["frameworks"]:
            assert f'href="{link}"' in rows[tag], (tag, page.rel)
    assert "Miller, W. R., and Rollnick, S." in html and "SMA 14-4884" in html


def test_session_plans_add_up_from_the_tips_minutes(built_site, root):
    site = load_site(root / "mkdocs.yml")
    minutes = {page.meta["title"]: page.meta["minutes"] for page in site.tips()}
    html = (built_site / "facilitators" / "session-plans.html").read_text()
    for length, table in zip((60, 90), re.findall(r"<table>(.*?)</table>", html, re.S)):
        rows = [[text_of(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)] for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
        rows = [r for r in rows if r]
        *activities, total = rows
        assert int(total[1]) == sum(int(r[1]) for r in activities) == length
        clock = 0
        for start, mins, what in activities:
            hours, mins_past = start.split(":")
            assert int(hours) * 60 + int(mins_past) == clock
            clock += int(mins)
            tip = next((t for t in minutes if t in what), None)
            if tip:
                assert int(mins) == minutes[tip] and "Discuss:" in what


def test_the_knowledge_check_is_rendered_from_the_tips_questions(project):
    (project / "docs" / "check.md").write_text("---\ntitle: Check\n---\n\n# Check\n\n<!-- knowledge-check -->\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Pocket card: pocket-card.md", "  - Pocket card: pocket-card.md\n  - Check: check.md"))
    build_site(config, project / "site")
    assert "Jo stops talking. What do you do?" in (project / "site" / "check.html").read_text()
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(tip.read_text().replace("Jo stops talking. What do you do?", "Jo goes quiet. What now?"))
    build_site(config, project / "site")
    html = (project / "site" / "check.html").read_text()
    assert "Jo goes quiet. What now?" in html and "Jo stops talking" not in html
    # A final item (`final: true`) is never a knowledge-check item: its key would be one click away.
    tip.write_text(tip.read_text().replace("    id: listen-1\n", "    id: listen-1\n    final: true\n    objective: 1\n"))
    chosen = knowledge_items(load_site(config))
    assert [source[0] for _, source in chosen] == ["/// question | Which reply shows you heard him?"]


@pytest.mark.parametrize("plan, words", [
    ("  - tips: true\n", "activity 1: tips must be `all` or a list of tip file names"),
    ("  - tips: [no-such-tip]\n", "activity 1: there is no tip 'no-such-tip'"),
    ("  - name: Welcome\n    minutes: ten\n", "activity 1: minutes must be a whole number above 0, not 'ten'"),
    ("  - Welcome\n", "activity 1 is not `name:` and `minutes:`"),
])
def test_a_session_plan_mistake_is_a_finding_never_a_traceback(project, plan, words):
    from conftest import build_fails

    page = project / "docs" / "plan.md"
    page.write_text(f"---\ntitle: Plan\nsession_60:\n{plan}---\n\n# Plan\n\n<!-- session-plan 60 -->\n")
    message = build_fails(project)
    assert f"docs/plan.md:3:1: session-plan: session_60: {words}" in message, message
    assert "Traceback" not in message and "TypeError" not in message


def test_a_plan_that_no_longer_adds_up_is_a_warning_at_its_line(project):
    """A tip added since: the 60-minute plan that reads every tip now runs 70 minutes."""
    from conftest import add_tip
    from rapport.checks import check_site

    page = project / "docs" / "plan.md"
    page.write_text("---\ntitle: Plan\nsession_60:\n  - name: Welcome\n    minutes: 50\n  - tips: all\n---\n\n"
                    "# Plan\n\n<!-- session-plan 60 -->\n")
    said = lambda: [str(f) for f in check_site(load_site(project / "mkdocs.yml")) if "session-plan" in str(f)]  # noqa: E731
    assert said() == []
    first = (project / "docs" / "tips" / "first-tip.md").read_text()
    add_tip(project, "second-tip", first.replace("Listen first", "Listen again").replace("id: listen-", "id: again-"))
    assert said() == ["docs/plan.md:3:1: session-plan (warning): session_60: the plan adds up to 70 minutes, not 60 "
                      "(the tips' `minutes:` count too) (shorten an activity, or choose the tips it reads)"]
