"""Reading level: Flesch-Kincaid grade on a page's prose (not code, front matter or
question markup), and on each pocket card line.

Grade = 0.39 x (words / sentences) + 11.8 x (syllables / words) - 15.59. Headings, list
items, table cells and callout titles count as sentences of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Finding, Page

PAGE_LIMIT = 9.0
CARD_LIMIT = 8.0
RE_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
RE_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")


def syllables(word: str) -> int:
    """Syllables in an English word, by the usual vowel-group rule of thumb."""
    w = word.lower().replace("’", "'").split("'")[0]
    if len(w) <= 3:
        return 1
    le = re.search(r"[^aeiouy]le$", w)  # table, people: the -le is a syllable of its own
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^aeiouy]e)$", lambda m: m.group(0)[0], w)
    w = re.sub(r"^y", "", w)
    count = len(re.findall(r"[aeiouy]+", w))
    return max(1, count + (1 if le else 0))


@dataclass
class Grade:
    grade: float
    words: int
    sentences: list[tuple[int, str]]  # (line, sentence)


def sentences_of(units: list[tuple[int, str]]) -> list[tuple[int, str]]:
    out = []
    for line, text in units:
        for part in RE_SENTENCE_END.split(text.strip()):
            if RE_WORD.search(part):
                out.append((line, " ".join(part.split())))
    return out


def grade_of(units: list[tuple[int, str]]) -> Grade:
    sentences = sentences_of(units)
    words = [w for _, s in sentences for w in RE_WORD.findall(s)]
    if not sentences or not words:
        return Grade(0.0, 0, [])
    value = 0.39 * len(words) / len(sentences) + 11.8 * sum(syllables(w) for w in words) / len(words) - 15.59
    return Grade(round(value, 1), len(words), sentences)


def page_units(page: Page) -> list[tuple[int, str]]:
    """The page's prose as units that end a sentence at their end (paragraph, item, cell)."""
    units: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    last = -1
    for prose in page.prose:
        if prose.kind == "meta":
            continue
        separate = prose.kind in ("heading", "item", "table", "title")
        if current and (separate or prose.line != last + 1):
            units.append((start, " ".join(current)))
            current = []
        if prose.kind == "table":
            units += [(prose.line, cell) for cell in prose.text.split("|") if cell.strip()]
        elif separate:
            units.append((prose.line, prose.text))
        else:
            if not current:
                start = prose.line
            current.append(prose.text.strip())
        last = prose.line
    if current:
        units.append((start, " ".join(current)))
    return units


def limit_of(page: Page, default: float = PAGE_LIMIT) -> tuple[float, list[Finding]]:
    """The page's own limit, set in front matter with a reason, or the default."""
    raw = page.meta.get("reading_level")
    if raw is None:
        return default, []
    line = page.line_of("reading_level")
    if not isinstance(raw, dict) or not isinstance(raw.get("max"), (int, float)) or not str(raw.get("reason") or "").strip():
        return default, [Finding(page.path, line, 1, "reading-level",
                                 "reading_level needs a number and a reason",
                                 "write `reading_level: {max: 11, reason: \"technical page for IT staff\"}`")]
    return float(raw["max"]), [Finding(page.path, line, 1, "exempt",
                                       f"reading level limit raised to {raw['max']}: {raw['reason']}", severity="info")]


def check_reading_level(page: Page, tip: bool) -> list[Finding]:
    limit, findings = limit_of(page)
    result = grade_of(page_units(page))
    if result.words >= 30 and result.grade > limit:
        longest = sorted(result.sentences, key=lambda s: -len(RE_WORD.findall(s[1])))[:3]
        shown = "; ".join(f"line {line}: \"{text[:70]}{'…' if len(text) > 70 else ''}\" ({len(RE_WORD.findall(text))} words)"
                          for line, text in longest)
        findings.append(Finding(page.path, page.body_start, 1, "reading-level",
                                f"reading grade {result.grade} is over the limit of {limit:g}. Longest sentences: {shown}",
                                "split long sentences and prefer short, common words"))
    card = page.meta.get("card")
    if tip and isinstance(card, str) and card.strip():
        card_grade = grade_of([(page.line_of("card"), card)])
        if card_grade.grade > CARD_LIMIT:
            findings.append(Finding(page.path, page.line_of("card"), 1, "reading-level",
                                    f"the card line reads at grade {card_grade.grade}, over the limit of {CARD_LIMIT:g}",
                                    "use shorter sentences and shorter words on the card"))
    return findings

