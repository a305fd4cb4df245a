"""rapport.home: the home page's list of tips and every count come from the tips in the nav."""

from __future__ import annotations

import pdfplumber
import pytest

from conftest import FIXTURES, add_tip
from rapport.app import build_site
from rapport.markdown.directives import fill_count, number_word


def test_counts_are_words():
    assert [number_word(n) for n in (1, 6, 12, 21)] == ["one", "six", "twelve", "21"]
    assert fill_count("{Count} ways; all {count} tips", 6) == "Six ways; all six tips"


def test_adding_a_tip_updates_the_home_list_and_the_card_subtitle(project):
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\n## The {count} tips\n\n<!-- tips -->\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("subtitle: One way to earn trust", 'subtitle: "{Count} ways to earn trust"'))
    second = (FIXTURES / "tiny" / "docs" / "tips" / "first-tip.md").read_text()
    second = second.replace("title: Listen first", "title: Notice small wins").replace(
        "summary: Let the person speak before you plan.", "summary: Name the steps a person takes.").replace("listen-", "wins-")
    add_tip(project, "small-wins", second)
    build_site(config, project / "site")
    html = (project / "site" / "index.html").read_text()
    assert "The two tips" in html
    assert html.index('href="tips/first-tip.html"') < html.index('href="tips/small-wins.html"')
    assert "Name the steps a person takes." in html and "<!-- tips -->" not in html
    with pdfplumber.open(project / "site" / "pocket-card.pdf") as pdf:
        assert "Two ways to earn trust" in pdf.pages[0].extract_text()


def test_the_authors_page_shows_its_code_example_as_written(built_site, root):
    """Directives are never expanded inside code: the example on For authors stays five lines."""
    import html
    import re

    page = (built_site / "authors.html").read_text()
    block = next(b for b in re.findall(r"<pre[^>]*>(.*?)</pre>", page, re.S) if "first-meetings/final-check.md" in b)
    text = html.unescape(re.sub(r"<[^>]+>", "", block))
    source = (root / "docs" / "authors.md").read_text()
    example = source[source.index("```text\ndocs/first-meetings/index.md"):].split("```", 2)[1][len("text\n"):]
    assert text.strip() == example.strip()
    assert len(text.strip().splitlines()) == 5
    assert "rq-final" not in page and "rq-key" not in page, "no final check (and no answer key) on the authors page"


def test_markers_in_fenced_and_inline_code_stay_as_written(project):
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\n\nWrite `<!-- tips -->` and ``{count}`` to list them.\n\n"
                     "~~~markdown\n<!-- tips -->\nThere are {count} tips.\n~~~\n\n"
                     "!!! note \"In a callout\"\n\n    ```\n    {Count} tips: <!-- final-check -->\n    ```\n\n"
                     "And outside code there are {count} tips.\n")
    build_site(project / "mkdocs.yml", project / "site")
    page = (project / "site" / "index.html").read_text()
    assert "<code>&lt;!-- tips --&gt;</code>" in page and "<code>{count}</code>" in page
    assert "&lt;!-- tips --&gt;\nThere are {count} tips." in page
    assert "{Count} tips: &lt;!-- final-check --&gt;" in page and "rq-final" not in page
    assert "And outside code there are one tips." in page or "And outside code there are one tip" in page


@pytest.mark.parametrize("text, code", [
    ("Text\n\n    <!-- final-check -->\n    {count}\n\nAfter", "    <!-- final-check -->\n    {count}"),
    ('!!! note "N"\n\n    Inside\n\n        code {count}\n\nOut', "        code {count}"),
    ("- item\n\n    para\n\n        code {count}\n", "        code {count}"),
    ("```{count}``` is a span", "```{count}```"),
    ("~~~md\n<!-- tips -->\n~~~\nafter", "~~~md\n<!-- tips -->\n~~~"),
])
def test_code_is_found_as_the_markdown_engine_reads_it(text, code):
    from rapport.model.code import mask_code, unmask

    masked, kept = mask_code(text)
    assert code in kept and unmask(masked, kept) == text


@pytest.mark.parametrize("text", [
    "Two ` stray\n\n<!-- tips -->\n\nand ` here",  # a code span never crosses a blank line
    "```\nunclosed\n\n<!-- tips -->\n",  # an unclosed fence is text, as Markdown shows it
    '!!! note "N"\n\n    <!-- tips -->\n',  # a callout's own text, not code
    "- item\n\n    <!-- tips -->\n",  # a list item's paragraph, not code
])
def test_markers_outside_code_are_still_read(text):
    from rapport.model.code import mask_code

    assert "<!-- tips -->" in mask_code(text)[0]


def test_a_marker_shown_in_code_is_not_the_page_that_holds_it(project):
    """The final check links the certificate page, not a page that shows the marker as an example."""
    from rapport.markdown.teaching import CERTIFICATE, page_with
    from rapport.model import load_site

    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\n\n```\n<!-- certificate -->\n```\n\nIndented:\n\n    <!-- certificate -->\n")
    assert page_with(load_site(project / "mkdocs.yml"), CERTIFICATE) != "index.md"


def test_an_agency_overrides_a_directive_template_from_overrides(project):
    """HTML an agency may restyle renders through templates it can replace in overrides/rapport/."""
    from rapport.markdown.templates import TEMPLATES

    mine = project / "overrides" / "rapport" / "directives"
    mine.mkdir(parents=True)
    (mine / "tips.md.j2").write_text((TEMPLATES / "directives" / "tips.md.j2").read_text().replace(
        'class="rp-tip-list"', 'class="rp-tip-list agency-list"'))
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\n\n<!-- tips -->\n")
    build_site(project / "mkdocs.yml", project / "site")
    assert 'class="rp-tip-list agency-list"' in (project / "site" / "index.html").read_text()
