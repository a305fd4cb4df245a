"""Reading level on a page's prose (not code, front matter or question markup), and on
each pocket card line. Headings, list items, table cells and callout titles count as
sentences of their own.

English: the Flesch-Kincaid grade,
    grade = 0.39 x (words / sentences) + 11.8 x (syllables / words) - 15.59,
at most 9 on a page and 8 on a card line; sentences over 25 words warn, over 40 fail.

Spanish: the Szigriszt-Pazos perspicuity index (Szigriszt Pazos, F., *Sistemas predictivos
de legibilidad del mensaje escrito: fórmula de perspicuidad*, Universidad Complutense de
Madrid, 1993), read on the INFLESZ scale (Barrio-Cantalejo, I. M., et al., "Validación de
la Escala INFLESZ para evaluar la legibilidad de los textos dirigidos a pacientes", *Anales
del Sistema Sanitario de Navarra* 31(2), 2008, 135-152):
    P = 206.835 - 62.3 x (syllables / words) - (words / sentences),
where 55-65 is "normal" and 65-80 "bastante fácil". A page must reach 55 and a card line 60
(higher is easier); sentences over 30 words warn, over 45 fail.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from ..model import Finding, Page
from .anatomy import RE_LEARN_MORE  # "Learn more" in any language
from .sources import SOURCE_COLUMNS  # a page's Sources list (Words matter): references, not prose

PAGE_LIMIT = 9.0
CARD_LIMIT = 8.0
RE_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
RE_WORD_ES = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+")
ES_PAGE_LIMIT, ES_CARD_LIMIT = 55.0, 60.0  # INFLESZ: 55 and up reads as "normal" or easier
ES_LONG, ES_TOO_LONG = 30, 45
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


STRONG, WEAK = set("aeoáéóíú"), set("iuü")  # an accented í or ú stands alone, like a, e, o
VOWELS = STRONG | WEAK


@lru_cache(maxsize=65536)
def syllables_es(word: str) -> int:
    """Syllables in a Spanish word: a syllable for each vowel group, and one more wherever two
    strong vowels (a, e, o, or í, ú with an accent) meet (hiatus: le-er, pa-ís). A final y
    after a vowel (hoy, muy) joins that vowel's syllable."""
    w = word.lower()
    count, previous = 0, ""
    for ch in w:
        if ch in VOWELS:
            if previous not in VOWELS or (ch in STRONG and previous in STRONG):
                count += 1
        previous = ch
    return max(1, count)


def ease_es(units: list[tuple[int, str]]) -> Grade:
    """The Szigriszt-Pazos index of Spanish text (higher is easier)."""
    sentences = sentences_of(units, RE_WORD_ES)
    words = [w for _, s in sentences for w in RE_WORD_ES.findall(s)]
    if not sentences or not words:
        return Grade(100.0, 0, [])
    value = 206.835 - 62.3 * sum(syllables_es(w) for w in words) / len(words) - len(words) / len(sentences)
    return Grade(round(value, 1), len(words), sentences)


@dataclass
class Grade:
    grade: float
    words: int
    sentences: list[tuple[int, str]]  # (line, sentence)


def sentences_of(units: list[tuple[int, str]], word: re.Pattern = RE_WORD) -> list[tuple[int, str]]:
    out = []
    for line, text in units:
        for part in RE_SENTENCE_END.split(text.strip()):
            if word.search(part):
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

    def sentences(self, word: re.Pattern = RE_WORD) -> list[tuple[int, str]]:
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
            if word.search(part):
                out.append((line, " ".join(part.split())))
        return out




def prose_units(page: Page) -> list[Unit]:
    units: list[Unit] = []
    current: Unit | None = None
    last = -1
    in_sources = False
    for prose in page.prose:
        if prose.kind == "meta":
            continue
        if prose.kind == "heading":
            in_sources = bool(RE_LEARN_MORE.match(prose.text)) or prose.text.strip().lower() in SOURCE_COLUMNS
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


def check_sentences(page: Page, lang: str = "en") -> list[Finding]:
    """Each sentence on its own. English: over 25 words, or 8+ words above grade 12, warns;
    over 40 fails. Spanish: over 30 words warns, over 45 fails."""
    findings = []
    spanish = lang == "es"
    word = RE_WORD_ES if spanish else RE_WORD
    long_words, too_long = (ES_LONG, ES_TOO_LONG) if spanish else (LONG_WORDS, TOO_LONG)
    for unit in prose_units(page):
        if unit.kind not in SENTENCE_KINDS:
            continue
        for line, sentence in unit.sentences(word):
            words = len(word.findall(sentence))
            shown = f"\"{sentence[:60]}{'…' if len(sentence) > 60 else ''}\""
            if words > too_long:
                findings.append(Finding(page.path, line, 1, "reading-sentence",
                                        f"this sentence has {words} words: {shown}", "split it into two or three sentences"))
            elif words > long_words:
                findings.append(Finding(page.path, line, 1, "reading-sentence", f"this sentence has {words} words: {shown}",
                                        f"split it: sentences of {long_words} words or fewer are easier to follow", "warning"))
            elif not spanish and words >= HARD_WORDS and grade_of([(line, sentence)]).grade > HARD_GRADE:
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


def check_reading_level_es(page: Page, tip: bool) -> list[Finding]:
    """Spanish: the page's Szigriszt-Pazos index at least 55, each card line's at least 60."""
    findings = [] if "reading_level" in page.meta else check_sentences(page, "es")
    result = ease_es(page_units(page))
    if result.words >= 30 and result.grade < ES_PAGE_LIMIT:
        longest = sorted(result.sentences, key=lambda s: -len(RE_WORD_ES.findall(s[1])))[:3]
        shown = "; ".join(f"line {line}: \"{text[:70]}{'…' if len(text) > 70 else ''}\"" for line, text in longest)
        findings.append(Finding(page.path, page.body_start, 1, "reading-level",
                                f"reading ease (Szigriszt-Pazos) {result.grade} is under {ES_PAGE_LIMIT:g}. Longest sentences: {shown}",
                                "split long sentences and prefer short, common words"))
    card = page.meta.get("card")
    if tip and isinstance(card, str) and card.strip():
        ease = ease_es([(page.line_of("card"), card)]).grade
        if ease < ES_CARD_LIMIT:
            findings.append(Finding(page.path, page.line_of("card"), 1, "reading-level",
                                    f"the card line's reading ease (Szigriszt-Pazos) is {ease}, under {ES_CARD_LIMIT:g}",
                                    "use shorter sentences and shorter words on the card"))
    return findings


def check_reading_level(page: Page, tip: bool, lang: str = "en") -> list[Finding]:
    if lang == "es":
        return check_reading_level_es(page, tip)
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

