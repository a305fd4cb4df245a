"""rapport.card: the fit proof and the build step, on the fixture project and on cards
made in the test."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import ROOT, add_tip, build_fails
from rapport.model.assets import card_font_faces
from rapport.app import build_site
from rapport.outputs.card import Card, CardError, CardTip, build_cards, render_card
from rapport.model import load_site


def flat(text: str) -> str:
    return " ".join(text.split())


def card_of(lines: list[str], questions: int = 3) -> Card:
    tips = [CardTip(f"docs/tips/t{n}.md", line, 4) for n, line in enumerate(lines, 1)]
    return Card("Title", "Subtitle", tips, "Reminder.", "Ask yourself", [f"Question {n}?" for n in range(questions)],
                "In a crisis:", "Call 988.", "Source", "0.1.0", "2026-01-01", "2026-01-01T00:00:00Z", settings_line=57)


def fit_findings(card: Card) -> list[str]:
    with pytest.raises(CardError) as info:
        render_card(card, card_font_faces(ROOT))
    return [str(f) for f in info.value.findings]


def test_a_tip_that_starts_on_the_front_and_runs_over_is_named_and_counted():
    found = fit_findings(card_of(["word " * 40 + f"tip {n}." for n in range(4)]))
    assert len(found) == 1 and found[0].startswith("docs/tips/t4.md:4:1: card-fit:"), found
    assert "1 tip line(s) spill onto a third page" in found[0] and " 0 tip line" not in found[0]


def test_a_tip_pushed_whole_onto_a_third_page_is_named():
    found = fit_findings(card_of(["word " * 30 + f"tip {n}." for n in range(6)]))
    assert [f.split(":")[0] for f in found] == ["docs/tips/t6.md"] and "1 tip line(s) spill" in found[0]


def test_a_back_that_does_not_fit_points_at_the_settings():
    found = fit_findings(card_of(["Listen."], questions=30))
    assert found == [f for f in found if f.startswith("mkdocs.yml:57:1: card-fit:")] and found
    assert any("the back of the pocket card does not fit" in f for f in found)


def test_two_builds_give_identical_bytes(project, monkeypatch):
    site = load_site(project / "mkdocs.yml")
    first = build_cards(site, project / "a")
    second = build_cards(load_site(project / "mkdocs.yml"), project / "b")
    for kind in first:
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    third = build_cards(load_site(project / "mkdocs.yml"), project / "c")
    assert b"2023" in PdfReader(third["pocket-card.pdf"]).metadata.get("/CreationDate", "").encode()


def test_editing_a_card_line_changes_the_card(project):
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(re.sub(r"(?m)^card:.*$", "card: Wonder about their world, and ask what a good day looks like.",
                          tip.read_text(), count=1))
    build_site(project / "mkdocs.yml", project / "site")
    with pdfplumber.open(project / "site" / "pocket-card.pdf") as pdf:
        assert "Wonder about their world" in flat(pdf.pages[0].extract_text())
    assert "Wonder about their world" in (project / "site" / "pocket-card.html").read_text()


def test_an_unbreakable_card_line_fails_the_build_naming_its_page(project):
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(re.sub(r"(?m)^card:.*$", "card: Listen. Then say hm" + "m" * 50 + ".", tip.read_text(), count=1))
    message = build_fails(project)
    assert "docs/tips/first-tip.md:4:1: card-fit:" in message
    assert re.search(r"runs \d+ pt past the card's safe edge", message)
    assert not (project / "site").exists()


def test_too_many_tips_fail_naming_the_tips_that_do_not_fit(project):
    base = (project / "docs" / "tips" / "first-tip.md").read_text()
    for n in range(1, 13):
        line = ("Extra tip %d keeps going with words that fill the line. " % n) * 2
        add_tip(project, f"extra-{n}", re.sub(r"(?m)^card:.*$", "card: " + line[:100].strip(), base, count=1)
                .replace("listen-", f"extra{n}-"))
    message = build_fails(project)
    assert "card-fit" in message and "docs/tips/extra-12.md" in message
    assert "spill onto a third page" in message
