"""rapport.home: the home page's list of tips and every count come from the tips in the nav."""

from __future__ import annotations

import pdfplumber

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
