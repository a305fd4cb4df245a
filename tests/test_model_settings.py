"""rapport.model.settings and the nav: typed `extra.card` / `extra.crisis`, every finding
at its line in mkdocs.yml."""

from __future__ import annotations

import pytest

from rapport.checks import check_site
from rapport.model import load_site

QUESTIONS = "    questions:\n      - Did I listen?\n      - Did I ask?\n      - Did I leave them with hope?\n"


def line_of(config, text: str, nth: int = 0) -> int:
    return [n for n, line in enumerate(config.read_text().splitlines(), 1) if text in line][nth]


def settings_findings(project):
    return [f for f in check_site(load_site(project / "mkdocs.yml")) if f.path == "mkdocs.yml"]


@pytest.mark.parametrize("old, new, marker, words", [
    (QUESTIONS, "    questions: Why?\n", "questions: Why?", "extra.card.questions must be a list"),
    (QUESTIONS, QUESTIONS + "      - One more?\n      - And one more?\n", "    questions:", "extra.card.questions has 5 questions"),
    ("    title: Tiny Training\n", "    title: 2026\n", "title: 2026", "extra.card.title must be text"),
    ("    subtitle: One way to earn trust\n", "", "  card:", "extra.card.subtitle is missing"),
    ("    line: Call or text 988. In an emergency, call 911.\n", "    line: " + "Call the line. " * 10 + "\n",
     "    line: Call the line", "extra.crisis.line is 149 characters, 39 over the limit of 110"),
    ("      - tips/first-tip.md\n", "      - tips/first-tip.md\n      - tips/missing.md\n", "tips/missing.md",
     "the nav names 'tips/missing.md', which does not exist"),
    ("  - Pocket card: pocket-card.md\n", "  - Again: tips/first-tip.md\n  - Pocket card: pocket-card.md\n",
     "Again: tips/first-tip.md", "the nav names 'tips/first-tip.md' a second time (first on line"),
    ("  card:\n", "  final_check:\n    pass_mark: 30\n  card:\n", "pass_mark: 30",
     "extra.final_check.pass_mark is 30; it is a percent from 50 to 100"),
    ("  font: false\n", "  font: false\n  features:\n    - navigation.footer\n    - navigation.instant\n",
     "- navigation.instant", "theme feature 'navigation.instant' cannot be used"),
])
def test_a_settings_mistake_is_reported_at_its_line(project, old, new, marker, words):
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert old in text
    config.write_text(text.replace(old, new, 1))
    found = settings_findings(project)
    assert [f.line for f in found if words in f.message] == [line_of(config, marker)], [str(f) for f in found]
    assert all(f.severity == "error" for f in found if words in f.message)


def test_an_unknown_setting_is_a_warning_naming_the_known_ones(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("    subtitle: One way", "    subtitel: One way"))
    found = {(f.severity, f.line, f.message) for f in settings_findings(project)}
    assert ("warning", line_of(config, "subtitel:"), "extra.card.subtitel is not a setting we know, so it is not used") in found
    assert ("error", line_of(config, "  card:"), "extra.card.subtitle is missing") in found


def test_the_typed_settings_carry_defaults(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace('    crisis_label: "In a crisis:"\n', ""))
    site = load_site(config)
    assert site.settings.findings == []
    # Left out: empty in the settings, and the card says the catalogue's words in its language.
    assert site.settings.card.crisis_label == "" and site.settings.card.questions[0] == "Did I listen?"
    from rapport.model.card import card_from_site

    assert card_from_site(site).crisis_label == "In a crisis:"


def test_a_tip_listed_twice_is_still_one_tip_on_the_card(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Pocket card:", "  - Again: tips/first-tip.md\n  - Pocket card:"))
    assert load_site(config).tip_paths() == ["tips/first-tip.md"]
