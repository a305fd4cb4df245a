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
