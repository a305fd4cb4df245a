"""The parts every tip page has: the four callouts, self-check questions with a scenario,
and a Learn more section. Read from the model, so a part shown inside a code example
does not count."""

from __future__ import annotations

import re

from ..model import Finding, Page, strings

CALLOUTS = {
    "try-this": '!!! try-this "Try saying"',
    "reflect": '!!! reflect "Reflect"',
    "watch-out": '!!! watch-out "Watch out: …"',
    "in-practice": '!!! in-practice "In practice"',
}
# "Learn more" in any language of the catalogue (data/strings.yml): "Para saber más".
RE_LEARN_MORE = re.compile(r"^\s*(?:" + "|".join(re.escape(h) for h in strings.every("learn_more")) + r")\s*$", re.I)
MIN_QUESTIONS = 3


def check_anatomy(page: Page) -> list[Finding]:
    found = {c.kind for c in page.callouts}
    at = len(page.lines)  # point at the end of the page: that is where a missing part goes
    findings = []

    def add(message: str, hint: str) -> None:
        findings.append(Finding(page.path, at, 1, "anatomy", message, hint))

    for kind, example in CALLOUTS.items():
        if kind not in found:
            what = "reflection prompt (the reflect callout)" if kind == "reflect" else f"{kind} callout"
            add(f"the tip page has no {what}", f"add a callout: `{example}` with its text indented 4 spaces below")
    names = [b.name for b in page.questions if not b.final]  # final items are asked in the final check, not here
    if len(names) < MIN_QUESTIONS:
        add(f"the tip page has {len(names)} self-check questions; it needs at least {MIN_QUESTIONS}",
            "add `/// question | …` or `/// scenario | …` blocks under Check yourself")
    if "scenario" not in names:
        add("the tip page has no practice scenario", "add a `/// scenario | …` block with a `//// answer` inside")
    if "question" not in names:
        add("the tip page has no multiple-choice question", "add a `/// question | …` block with `//// option` blocks inside")
    if not any(level in (2, 3) and RE_LEARN_MORE.match(text.strip()) for _, level, text in page.headings):
        add("the tip page has no Learn more section",
            "add `## Learn more` with the sources the tip rests on (title, publisher, year)")
    return findings
