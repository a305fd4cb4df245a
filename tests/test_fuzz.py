"""A seeded fuzz test of the content model, the checks and the question blocks.

Each mutation of a tip page (its question blocks and front matter) must end in findings
with file and line, or render to HTML that still holds every sentence of the page's prose:
no traceback, no text silently dropped. Twenty of them also go through the full build.
"""

from __future__ import annotations

import html as htmllib
import random
import re

import markdown
import pytest

from conftest import FIXTURES, add_tip
from rapport.app import build_site
from rapport.checks import check_page
from rapport.checks.readability import page_units, sentences_of
from rapport.model import RapportError, errors, parse_page
from rapport.adapter.plugin import RE_CODE, RE_LEFTOVER

BASE = (FIXTURES / "tiny" / "docs" / "tips" / "first-tip.md").read_text()
SEEDS = range(300)
BUILDS = set(range(0, 300, 15))  # 20 mutants also go through `build_site`
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "def_list", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences", "rapport.questions"]
NOISE = ['"', "'", ":", "|", ">", "#", "<", "-", "{", "[", "\t", "  ", "///", "!!!", "\\", "&", "*"]
VALUES = ["correct: maybe", "correct: true", "correct: false", "type: multiple", "type: several", "id: 1bad",
          "id: listen-1", "kind: single", "correct:", "id: [a, b]", "reviewed: 2026-02-30", "title:", "card: 5"]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        interesting = [n for n, line in enumerate(lines) if line.lstrip().startswith(("///", "    ", "correct", "id:"))
                       or ":" in line[:12] or n < 7] or [0]
        n = rng.choice(interesting) if rng.random() < 0.8 else rng.randrange(len(lines))
        op = rng.randrange(9)
        if op == 0:
            del lines[n]
        elif op == 1:
            lines.insert(n, lines[n])
        elif op == 2 and n + 1 < len(lines):
            lines[n], lines[n + 1] = lines[n + 1], lines[n]
        elif op == 3:
            lines[n] = " " * rng.randint(1, 5) + lines[n]
        elif op == 4:
            lines[n] = lines[n].lstrip()
        elif op == 5:
            lines[n] = re.sub(r"/{3,}", lambda m: "/" * max(1, len(m.group(0)) + rng.choice([-1, 1])), lines[n], count=1)
        elif op == 6:
            lines.insert(n, rng.choice(["    ", ""]) + rng.choice(VALUES))
        elif op == 7:
            at = rng.randint(0, len(lines[n]))
            lines[n] = lines[n][:at] + rng.choice(NOISE) + lines[n][at:]
        else:
            lines.insert(n, rng.choice(["A sentence put here by the fuzz test.", "//// option | Stray option",
                                        "/// unknown | Block", "---", "////", "///"]))
    return "\n".join(lines)


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def outcome(text: str) -> str:
    """'findings' or 'rendered'; fails the test on a traceback or dropped text."""
    page = parse_page(text, "docs/tips/fuzz.md")
    found = errors(check_page(page, tip=True))
    if found:
        for f in found:
            assert f.path == "docs/tips/fuzz.md" and 1 <= f.line <= len(page.lines) + 1, str(f)
        return "findings"
    body = "\n".join(page.lines[page.body_start - 1:])
    html = markdown.Markdown(extensions=EXTENSIONS).convert(body)
    if RE_LEFTOVER.search(RE_CODE.sub("", html)):
        return "findings"  # the build's guard stops it with file and line (tested in test_checks_blocks.py)
    shown = words(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)))
    for line, sentence in sentences_of(page_units(page)):
        assert words(sentence) in shown, f"line {line}: {sentence!r} is not on the rendered page\n{text}"
    return "rendered"


@pytest.fixture(scope="module")
def tally():
    counts: dict[str, int] = {}
    yield counts
    print(f"\nfuzz outcomes: {counts}")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_mutated_tip_ends_in_findings_or_renders_every_sentence(seed, tally):
    text = mutate(BASE, random.Random(seed))
    result = outcome(text)
    tally[result] = tally.get(result, 0) + 1


@pytest.mark.parametrize("seed", sorted(BUILDS))
def test_a_mutated_tip_builds_or_fails_with_one_message(seed, project):
    text = mutate(BASE, random.Random(seed))
    add_tip(project, "fuzz", text)
    try:
        build_site(project / "mkdocs.yml", project / "site")
        assert outcome(text) == "rendered"
    except RapportError as exc:
        assert re.search(r"docs/tips/fuzz\.md:\d+:\d+: ", str(exc)) or "fuzz.md" in str(exc), str(exc)
