"""Content checks over the whole of `docs/`: every finding in one run, with file and line.

Pure functions over the content model (`rapport.content`); the MkDocs plugin and the
`rapport check` command both call `check_site()`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .content import Finding, Page, check_tip_meta, prose_lines, read_page

TIPS_DIR = "tips/"


@dataclass
class Site:
    """What the checks need to know of an MkDocs project."""

    root: Path  # the folder holding mkdocs.yml; paths in messages are relative to it
    docs_dir: Path
    nav: list[Any]
    extra: dict[str, Any]

    @classmethod
    def from_config(cls, config) -> "Site":
        root = Path(config["config_file_path"]).resolve().parent
        return cls(root=root, docs_dir=Path(config["docs_dir"]).resolve(), nav=config["nav"] or [],
                   extra=dict(config["extra"] or {}))

    def shown(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def markdown_files(self) -> list[Path]:
        return sorted(p for p in self.docs_dir.rglob("*.md") if p.is_file())

    def nav_paths(self) -> list[str]:
        """Every page path named in the nav, in order (relative to docs/)."""
        found: list[str] = []

        def walk(item: Any) -> None:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                for value in item.values():
                    walk(value)
            elif isinstance(item, list):
                for value in item:
                    walk(value)

        walk(self.nav)
        return [p for p in found if p.endswith(".md")]

    def tip_paths(self) -> list[str]:
        """Tip pages in the order the nav gives them (the one place the order is set)."""
        return [p for p in self.nav_paths() if p.startswith(TIPS_DIR)]

    def read(self, rel: str) -> Page:
        path = self.docs_dir / rel
        return read_page(path, self.shown(path))

    def tips(self) -> list[Page]:
        return [self.read(rel) for rel in self.tip_paths()]


def is_tip(rel: str) -> bool:
    return rel.startswith(TIPS_DIR) and rel.endswith(".md")


CALLOUTS = {
    "try-this": '!!! try-this "Try saying"',
    "reflect": '!!! reflect "Reflect"',
    "watch-out": '!!! watch-out "Watch out: …"',
    "in-practice": '!!! in-practice "In practice"',
}
RE_CALLOUT = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+([\w-]+)")
RE_LEARN_MORE = re.compile(r"^#{2,3}\s+Learn more\s*$", re.I)
MIN_QUESTIONS = 3


def check_anatomy(page: Page) -> list[Finding]:
    """The parts every tip page has: callouts, questions with a scenario, a reflection, Learn more."""
    body = page.lines[page.body_start - 1:]
    found = {m.group(1) for line in body if (m := RE_CALLOUT.match(line))}
    at = len(page.lines)  # point at the end of the page: that is where a missing part goes
    findings = []
    for kind, example in CALLOUTS.items():
        if kind not in found:
            what = "reflection prompt (the reflect callout)" if kind == "reflect" else f"{kind} callout"
            findings.append(Finding(page.path, at, 1, "anatomy", f"the tip page has no {what}",
                                    f"add a callout: `{example}` with its text indented 4 spaces below"))
    questions = [b for b in page.questions if b.name == "question"]
    scenarios = [b for b in page.questions if b.name == "scenario"]
    if len(page.questions) < MIN_QUESTIONS:
        findings.append(Finding(page.path, at, 1, "anatomy",
                                f"the tip page has {len(page.questions)} self-check questions; it needs at least {MIN_QUESTIONS}",
                                "add `/// question | …` or `/// scenario | …` blocks under Check yourself"))
    if not scenarios:
        findings.append(Finding(page.path, at, 1, "anatomy", "the tip page has no practice scenario",
                                "add a `/// scenario | …` block with a `//// answer` inside"))
    if not questions:
        findings.append(Finding(page.path, at, 1, "anatomy", "the tip page has no multiple-choice question",
                                "add a `/// question | …` block with `//// option` blocks inside"))
    if not any(RE_LEARN_MORE.match(line) for line in body):
        findings.append(Finding(page.path, at, 1, "anatomy", "the tip page has no Learn more section",
                                "add `## Learn more` with the sources the tip rests on (title, publisher, year)"))
    return findings


RE_EXTERNAL = re.compile(r"\]\((https?://[^)\s]+)|<(https?://[^>]+)>|href=\"(https?://[^\"]+)\"")


def external_links(page: Page) -> list[Finding]:
    """External links, listed for the report; never fetched."""
    out = []
    for number, line in enumerate(page.lines, start=1):
        for m in RE_EXTERNAL.finditer(line):
            url = next(g for g in m.groups() if g)
            out.append(Finding(page.path, number, m.start() + 1, "external-link", url, severity="info"))
    return out


RE_TODO = re.compile(r"\bTODO\b")


def placeholders(page: Page) -> list[Finding]:
    """TODO text left from `make new-tip`: a warning, so a draft can still be previewed."""
    return [Finding(page.path, prose.line, m.start() + 1, "placeholder", "TODO text is still here",
                    "replace it with the real text before publishing", severity="warning")
            for prose in prose_lines(page) for m in [RE_TODO.search(prose.text)] if m]


def check_page(page: Page, tip: bool) -> list[Finding]:
    """All findings for one page."""
    from .language import check_language
    from .readability import check_reading_level

    findings = list(page.findings)
    if tip:
        findings += check_tip_meta(page)
        findings += check_anatomy(page)
    findings += check_language(page)
    findings += check_reading_level(page, tip)
    findings += external_links(page)
    findings += placeholders(page)
    return findings


def check_site(site: Site) -> list[Finding]:
    """Every finding for every Markdown page of the site, sorted by file and line."""
    findings: list[Finding] = []
    in_nav = set(site.nav_paths())
    for path in site.markdown_files():
        rel = path.relative_to(site.docs_dir).as_posix()
        page = read_page(path, site.shown(path))
        findings += check_page(page, is_tip(rel))
        if is_tip(rel) and site.nav and rel not in in_nav:
            findings.append(Finding(page.path, 1, 1, "tip-order", "this tip page is not in the nav of mkdocs.yml",
                                    f"add `- {rel}` under Tips in the nav; the nav sets the order of the tips"))
    for rel in site.nav_paths():
        if not (site.docs_dir / rel).is_file():
            findings.append(Finding("mkdocs.yml", 1, 1, "nav", f"the nav names '{rel}', which does not exist in docs/",
                                    "fix the path or remove the line"))
    return sorted(set(findings))


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


def report(findings: Iterable[Finding]) -> str:
    """The author's report: problems first, then exemptions, then external links (not fetched)."""
    findings = list(findings)
    problems = [f for f in findings if f.severity in ("error", "warning")]
    exempt = [f for f in findings if f.rule == "exempt"]
    links = [f for f in findings if f.rule == "external-link"]
    lines = [str(f) for f in problems]
    if exempt:
        lines += ["", f"Exemptions ({len(exempt)}):"] + [f"  {f.path}:{f.line}: {f.message}" for f in exempt]
    if links:
        lines += ["", f"External links ({len(links)}, listed, never fetched):"] + [f"  {f.path}:{f.line}: {f.message}" for f in links]
    n_err = len(errors(findings))
    lines += ["", f"{n_err} error(s), {len(problems) - n_err} warning(s)"]
    return "\n".join(lines)
