"""Person-first language and plain words: the rules in data/language.yml (English) or
data/language-<lang>.yml (another edition, such as data/language-es.yml), and the jargon list
in data/jargon.yml / data/jargon-<lang>.yml (clinical and service words with everyday ones),
applied to a page's prose with the same exemptions.

A Python engine rather than the npm package `alex`: our rules come from a sourced list
(every row of stigma-language.csv) that alex covers only in part (it misses non-compliant,
relapse, dirty screen, ...), the exemptions need the page's front matter and comments, and
the findings need the Markdown line and column. The rules stay data, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..model import Finding, Page
from ..model.frontmatter import FAST_LOADER

DATA = Path(__file__).parent.parent / "data" / "language.yml"


KINDS = ("language", "jargon")  # the rule sets, each reported as `<kind>/<rule id>`


def data_for(lang: str = "en", kind: str = "language") -> Path:
    """The rules of a language: data/language.yml for English, data/language-es.yml, ...
    (`kind` jargon: data/jargon.yml, data/jargon-es.yml)."""
    return DATA.with_name(f"{kind}.yml" if lang == "en" else f"{kind}-{lang}.yml")
# <!-- lint-allow RULE: reason --> on the line itself or the line before
RE_ALLOW = re.compile(r"<!--\s*lint-allow\s+([\w-]+)\s*(?::\s*(.*?))?\s*-->")
RE_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”")


@dataclass(frozen=True)
class Rule:
    id: str
    avoid: str
    severity: str
    prefer: str
    source: str
    regex: re.Pattern


@lru_cache(maxsize=None)
def load_rules(path: Path = DATA) -> tuple[tuple[Rule, ...], re.Pattern | None]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=FAST_LOADER)
    rules = []
    for item in data["rules"]:
        body = "|".join(f"(?:{p})" for p in item["patterns"])
        rules.append(Rule(item["id"], item["avoid"], item["severity"], item["prefer"], item["source"],
                          re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)))
    allow = data.get("allow") or []
    allowed = re.compile("|".join(re.escape(a) for a in allow), re.IGNORECASE) if allow else None
    return tuple(rules), allowed


@lru_cache(maxsize=None)
def any_rule(path: Path = DATA) -> re.Pattern:
    """Every rule in one pattern: a line it does not match needs no rule tried one by one."""
    rules, _ = load_rules(path)
    return re.compile("|".join(f"(?:{rule.regex.pattern})" for rule in rules), re.IGNORECASE)


def page_exemptions(page: Page, paths: tuple[Path, ...] = (DATA,)) -> tuple[dict[str, str], list[Finding]]:
    """Rules a page's front matter exempts it from (`lint_exempt: {rule: reason}`), a rule of
    any of the sets in `paths`."""
    raw = page.meta.get("lint_exempt") or {}
    known = {r.id for path in paths for r in load_rules(path)[0]}
    findings = []
    line = page.line_of("lint_exempt")
    if not isinstance(raw, dict):
        return {}, [Finding(page.path, line, 1, "lint-exempt", "lint_exempt must list `rule: reason` lines",
                            "for example `addict: This page lists the words to avoid.`")]
    exempt = {}
    for rule, reason in raw.items():
        if rule not in known:
            findings.append(Finding(page.path, line, 1, "lint-exempt", f"lint_exempt names an unknown rule '{rule}'",
                                    "use a rule name from the report, such as addict or non-compliant"))
        elif not isinstance(reason, str) or not reason.strip():
            findings.append(Finding(page.path, line, 1, "lint-exempt", f"the exemption from '{rule}' gives no reason",
                                    f"write `{rule}: why this page needs the word`"))
        else:
            exempt[rule] = reason.strip()
            findings.append(Finding(page.path, line, 1, "exempt", f"the whole page is exempt from '{rule}': {reason.strip()}",
                                    severity="info"))
    return exempt, findings


def check_language(page: Page, lang: str = "en") -> list[Finding]:
    """Every use of a word to avoid (person-first rules) or of jargon, with what to write instead."""
    paths = tuple(p for p in (data_for(lang, kind) for kind in KINDS) if p.is_file())
    if not paths:
        return []  # no rules for this language yet
    exempt, findings = page_exemptions(page, paths)
    for path in paths:
        findings += _check_rules(page, path, path.stem.split("-")[0], exempt)
    return findings


def _check_rules(page: Page, path: Path, kind: str, exempt: dict[str, str]) -> list[Finding]:
    rules, allowed = load_rules(path)
    screen = any_rule(path)
    findings: list[Finding] = []
    lines = page.lines
    for prose in page.prose:
        if screen.search(prose.text) is None:
            continue  # most lines: no word to avoid, so no rule to try
        source = lines[prose.line - 1]
        allows = {m.group(1): (m.group(2) or "").strip() for m in RE_ALLOW.finditer(source)}
        if prose.line >= 2:
            allows.update({m.group(1): (m.group(2) or "").strip() for m in RE_ALLOW.finditer(lines[prose.line - 2])})
        text = prose.text
        # Proper names and a person's own words in quotes are never flagged.
        if allowed is not None:
            text = allowed.sub(lambda m: " " * len(m.group(0)), text)
        text = RE_QUOTED.sub(lambda m: " " * len(m.group(0)), text)
        taken: list[tuple[int, int]] = []
        for rule in rules:
            for m in rule.regex.finditer(text):
                if any(m.start() < end and start < m.end() for start, end in taken):
                    continue  # a more specific rule already spoke for these words
                taken.append((m.start(), m.end()))
                if rule.id in exempt:
                    continue
                if rule.id in allows:
                    if allows[rule.id]:
                        findings.append(Finding(page.path, prose.line, m.start() + 1, "exempt",
                                                f"'{m.group(0)}' accepted here ({rule.id}): {allows[rule.id]}", severity="info"))
                    else:
                        findings.append(Finding(page.path, prose.line, m.start() + 1, "lint-exempt",
                                                f"the lint-allow for '{rule.id}' gives no reason",
                                                f"write <!-- lint-allow {rule.id}: why the word is needed here -->"))
                    continue
                findings.append(Finding(page.path, prose.line, m.start() + 1, f"{kind}/{rule.id}",
                                        f"'{m.group(0)}': prefer {rule.prefer}",
                                        f"source: {rule.source}; if the word is needed here, add "
                                        f"<!-- lint-allow {rule.id}: reason --> on this line",
                                        severity=rule.severity))
    return findings
