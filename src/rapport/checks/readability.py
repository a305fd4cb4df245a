"""Reading level: Flesch-Kincaid grade on a page's prose (not code, front matter or
question markup), and on each pocket card line.

Grade = 0.39 x (words / sentences) + 11.8 x (syllables / words) - 15.59. Headings, list
items, table cells and callout titles count as sentences of their own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from ..model import Finding, Page

PAGE_LIMIT = 9.0
CARD_LIMIT = 8.0
RE_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
RE_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+")


@lru_cache(maxsize=65536)  # the same words recur on every page
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


@dataclass
class Unit:
    """Prose that ends a sentence at its end: a paragraph, a list item with its continuation
    lines, a heading, a table cell or a title. `pieces` keep each line's number."""

    kind: str  # "text", "item", "heading", "table", "title", "source" (an entry under Learn more)
    pieces: list[tuple[int, str]]

    @property
    def line(self) -> int:
        return self.pieces[0][0]

    @property
    def text(self) -> str:
        return " ".join(t.strip() for _, t in self.pieces)

    def sentences(self) -> list[tuple[int, str]]:
        """Each sentence with the line it starts on."""
        out, offset, starts = [], 0, []
        for line, text in self.pieces:
            starts.append((offset, line))
            offset += len(text.strip()) + 1
        text = self.text
        position = 0
        for part in RE_SENTENCE_END.split(text):
            at = text.find(part, position)
            position = at + len(part)
            line = max((ln for start, ln in starts if start <= at), default=self.line)
            if RE_WORD.search(part):
                out.append((line, " ".join(part.split())))
        return out


RE_LEARN_MORE = re.compile(r"^\s*learn more\s*$", re.I)


def prose_units(page: Page) -> list[Unit]:
    units: list[Unit] = []
    current: Unit | None = None
    last = -1
    in_sources = False
    for prose in page.prose:
        if prose.kind == "meta":
            continue
        if prose.kind == "heading":
            in_sources = bool(RE_LEARN_MORE.match(prose.text))
        follows = current is not None and prose.line == last + 1 and prose.kind == "text"
        if follows:  # a paragraph's next line, or a list item's continuation
            current.pieces.append((prose.line, prose.text))
        elif prose.kind == "table":
            current = None
            units += [Unit("table", [(prose.line, cell)]) for cell in prose.text.split("|") if cell.strip()]
        else:
            kind = "source" if in_sources and prose.kind in ("item", "text") else prose.kind
            current = Unit(kind, [(prose.line, prose.text)])
            units.append(current)
            if prose.kind in ("heading", "title"):
                current = None
        last = prose.line
    return units


def page_units(page: Page) -> list[tuple[int, str]]:
    """The page's prose as (line, text) units that end a sentence at their end."""
    return [(u.line, u.text) for u in prose_units(page)]


SENTENCE_KINDS = ("text", "item")  # not headings, table cells, titles or Learn more entries
LONG_WORDS, HARD_WORDS, HARD_GRADE, TOO_LONG = 25, 8, 12.0, 40


def check_sentences(page: Page) -> list[Finding]:
    """Each sentence on its own: over 25 words, or 8+ words above grade 12, warns; over 40 fails."""
    findings = []
    for unit in prose_units(page):
        if unit.kind not in SENTENCE_KINDS:
            continue
        for line, sentence in unit.sentences():
            words = len(RE_WORD.findall(sentence))
            shown = f"\"{sentence[:60]}{'…' if len(sentence) > 60 else ''}\""
            if words > TOO_LONG:
                findings.append(Finding(page.path, line, 1, "reading-sentence",
                                        f"this sentence has {words} words: {shown}", "split it into two or three sentences"))
            elif words > LONG_WORDS:
                findings.append(Finding(page.path, line, 1, "reading-sentence", f"this sentence has {words} words: {shown}",
                                        "split it: sentences of 25 words or fewer are easier to follow", "warning"))
            elif words >= HARD_WORDS and grade_of([(line, sentence)]).grade > HARD_GRADE:
                findings.append(Finding(page.path, line, 1, "reading-sentence",
                                        f"this sentence reads at grade {grade_of([(line, sentence)]).grade}: {shown}",
                                        "use shorter, more common words", "warning"))
    return findings


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
    if "reading_level" not in page.meta:  # a page's own limit, with its reason, covers its sentences too
        findings += check_sentences(page)
    result = grade_of(page_units(page))
    if result.words >= 30 and result.grade > limit:
        longest = sorted(result.sentences, key=lambda s: -len(RE_WORD.findall(s[1])))[:3]
        shown = "; ".join(f"line {line}: \"{text[:70]}{'…' if len(text) > 70 else ''}\" ({len(RE_WORD.findall(text))} words)"
                          for line, text in longest)
        findings.append(Finding(page.path, page.body_start, 1, "reading-level",
                                f"reading grade {result.grade} is over the limit of {limit:g}. Longest sentences: {shown}",
                                "split long sentences and prefer short, common words"))
    objectives = page.meta.get("objectives")
    if tip and isinstance(objectives, list):
        for text, line in zip(objectives, page.front.item_lines.get("objectives", [])):
            if isinstance(text, str) and grade_of([(line, text)]).grade > limit:
                findings.append(Finding(page.path, line, 1, "reading-level",
                                        f"this objective reads at grade {grade_of([(line, text)]).grade}, over the limit of {limit:g}",
                                        "use shorter, more common words"))
    card = page.meta.get("card")
    if tip and isinstance(card, str) and card.strip():
        card_grade = grade_of([(page.line_of("card"), card)])
        if card_grade.grade > CARD_LIMIT:
            findings.append(Finding(page.path, page.line_of("card"), 1, "reading-level",
                                    f"the card line reads at grade {card_grade.grade}, over the limit of {CARD_LIMIT:g}",
                                    "use shorter sentences and shorter words on the card"))
    return findings

