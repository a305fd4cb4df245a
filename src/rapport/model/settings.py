"""Site settings that authors edit in mkdocs.yml (`extra.card`, `extra.crisis`), checked
against typed MkDocs `Config` classes, with every finding at its line in mkdocs.yml.

Line numbers come from the YAML node marks of mkdocs.yml (composed, not constructed, so
MkDocs' own tags such as `!ENV` never matter here).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .frontmatter import FAST_LOADER
from .findings import Finding

CONFIG_NAME = "mkdocs.yml"
CARD_QUESTIONS = (3, 4)  # the back of the card has room for three or four
CRISIS_LINE_MAX = 110  # characters, like a tip's card line
# Theme features that break a promise of the site: instant navigation loads pages with
# fetch(), which fails opened from a folder (file://), and questions.js sets up a page once.
REFUSED_FEATURES = {
    "navigation.instant": "instant navigation does not work when the site is opened from a folder (file://), "
                          "and the self-check questions would stop working after the first page",
}


class CardSettings(base.Config):
    """`extra.card`: the pocket card's text apart from the tips' own lines."""

    title = c.Type(str)
    subtitle = c.Type(str)
    reminder = c.Type(str)
    questions_title = c.Type(str, default="")  # none given: the catalogue's, in the edition's language
    questions = c.ListOfItems(c.Type(str))
    crisis_label = c.Type(str, default="")  # none given: the catalogue's
    source = c.Type(str)


class FinalCheckSettings(base.Config):
    """`extra.final_check`: the pass mark of the final check (percent of questions right)."""

    pass_mark = c.Type(int, default=80)


PAPER_SIZES = ("letter", "a4")
# The paper documents a page may list with `<!-- paper NAME -->` (one link per size built).
PAPER_DOCS = ("handbook", "handout", "knowledge-check", "knowledge-check-key", "evaluation")
RE_PAPER_DIRECTIVE = re.compile(r"<!-- paper ([a-z-]+) -->")
# What an author may have meant as one (another spacing, a capital, a colon, two names): checked.
RE_PAPER_LIKE = re.compile(r"<!--\s*paper(?![\w-])[^>]*?-->", re.I)


class PaperSettings(base.Config):
    """`extra.paper`: the paper size of a session's PDFs: `letter` (the default, for US
    agencies), `a4`, or both as a list (`[letter, a4]`). The books, the knowledge check and the
    evaluation form are built in each size listed (each size is a full render: one is half the
    work of two); the one-page sheets (role-play sheets, checklists, attendance) in the first."""

    size = c.Type((str, list), default="letter")
    # In a library of modules each module has its own handbook and handout; `true` adds the
    # whole library's (for 300 tips, minutes to lay out and a gigabyte of memory).
    library_book = c.Type(bool, default=False)


class LmsSettings(base.Config):
    """`extra.lms`: the SCORM package for a learning management system (LMS)."""

    # Pages for the people who run the site, not for learners: left out of the package.
    leave_out = c.ListOfItems(c.Type(str), default=[])


class CertificateSettings(base.Config):
    """`extra.certificate`: who provides the course, for a certificate a licensing body accepts
    (all optional; the certificate says nothing of a provider when none is given)."""

    provider = c.Type(str, default="")  # e.g. "Riverside Community Services, Training Department"
    approval = c.Type(str, default="")  # the provider's approval number, e.g. "PSR-2026-114"
    approved_by = c.Type(str, default="")  # the body that gave it, e.g. "State Board of Behavioral Health"


class CrisisSettings(base.Config):
    """`extra.crisis`: shown on `risk: true` pages and on the card's back."""

    title = c.Type(str)
    line = c.Type(str)
    advice = c.Type(str, default="")


def yaml_lines(text: str) -> dict[tuple, int]:
    """1-based line of every mapping key and list item, by its path: ("extra", "card", "questions", 0);
    a text value also under its path with the text added: ("nav", 1, "Tips", 0, "tips/be-curious.md")."""
    try:
        root = yaml.compose(text, Loader=FAST_LOADER)
    except yaml.YAMLError:
        return {}
    out: dict[tuple, int] = {}

    def walk(node, path: tuple) -> None:
        if isinstance(node, yaml.ScalarNode) and path:
            out.setdefault(path + (node.value,), node.start_mark.line + 1)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                out.setdefault(path + (key.value,), key.start_mark.line + 1)
                walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for n, value in enumerate(node.value):
                out.setdefault(path + (n,), value.start_mark.line + 1)
                walk(value, path + (n,))

    walk(root, ())
    return out


def _problem(option: c.BaseConfigOption, error: ValidationError) -> str:
    if "Required configuration not provided" in str(error):
        return "is missing"
    if isinstance(option, c.ListOfItems):
        return "must be a list, each item on its own `- ` line"
    return "must be text (put it in quotes if it looks like a number, a date or yes/no)"


@dataclass
class Settings:
    """The typed settings, with the findings met while reading them."""

    card: CardSettings
    crisis: CrisisSettings
    final_check: FinalCheckSettings | None = None
    lms: LmsSettings | None = None
    certificate: CertificateSettings | None = None
    lines: dict[tuple, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    file: str = CONFIG_NAME  # the settings file, as shown in messages (mkdocs.yml, mkdocs.es.yml)
    files: dict[tuple, str] = field(default_factory=dict)  # the file that spells out each path (INHERIT)
    paper: PaperSettings | None = None

    @property
    def paper_sizes(self) -> tuple[str, ...]:
        """The sizes the paper is built in, in the order given (an unknown value is a finding,
        and is left out here; none left: letter)."""
        size = self.paper.get("size") if self.paper is not None else None
        sizes = [size] if isinstance(size, str) else list(size or [])
        return tuple(dict.fromkeys(s for s in sizes if s in PAPER_SIZES)) or ("letter",)

    @property
    def paper_library_book(self) -> bool:
        return bool(self.paper.get("library_book")) if self.paper is not None else False

    @property
    def paper_size(self) -> str:
        """The one-page sheets' size: the first of `paper_sizes`."""
        return self.paper_sizes[0]

    def _deepest(self, path: tuple) -> tuple:
        while path and path not in self.lines:
            path = path[:-1]
        return path

    def line(self, *path) -> int:
        """The line of the deepest part of `path` that the settings spell out (1 when none)."""
        return self.lines.get(self._deepest(path), 1)

    def file_of(self, *path) -> str:
        """The file holding that line: this edition's settings, or the file it inherits (INHERIT)."""
        return self.files.get(self._deepest(path), self.file)

    def finding(self, path: tuple, rule: str, message: str, hint: str = "", severity: str = "error") -> Finding:
        return Finding(self.file_of(*path), self.line(*path), 1, rule, message, hint, severity)


def _typed(config_class, raw: Any, where: tuple, settings_lines, findings: list[Finding], path: str = CONFIG_NAME,
           hint: str = "", files: dict[tuple, str] | None = None, file: str | None = None):
    """Validate every option (MkDocs stops at the first failure; authors want them all).
    `path` is the file the settings are in (mkdocs.yml, or a module's index.md)."""
    def at(key: tuple) -> str:
        """The file that spells out `key` (this one, or the one it inherits); `path` otherwise."""
        if files is None:
            return path
        while key and key not in files:
            key = key[:-1]
        return files.get(key, file or path)

    typed = config_class()
    typed.load_dict(raw if isinstance(raw, dict) else {})
    name = ".".join(where)
    if raw is not None and not isinstance(raw, dict):
        findings.append(Finding(at(where), settings_lines.get(where, 1), 1, "settings",
                                f"{name} must be a group of `name: value` lines", "indent them under it"))
    for key, option in config_class._schema:
        try:
            typed[key] = option.validate(typed.get(key))
        except ValidationError as exc:
            line = settings_lines.get(where + (key,), settings_lines.get(where, 1))
            findings.append(Finding(at(where + (key,)), line, 1, "settings", f"{name}.{key} {_problem(option, exc)}",
                                    hint or f"see the comments above {name} in mkdocs.yml"))
            typed[key] = None
    for key in sorted(set(typed.keys()) - typed._schema_keys):
        findings.append(Finding(at(where + (key,)), settings_lines.get(where + (key,), 1), 1, "settings",
                                f"{name}.{key} is not a setting we know, so it is not used",
                                "check its spelling: " + ", ".join(k for k, _ in config_class._schema), "warning"))
    return typed


def card_question_count(card: CardSettings, name: str, path: str, line: int) -> list[Finding]:
    questions = card.get("questions") or []
    low, high = CARD_QUESTIONS
    if questions and not low <= len(questions) <= high:
        return [Finding(path, line, 1, "settings", f"{name} has {len(questions)} questions",
                        f"the card's back has room for {low} or {high}")]
    return []


def settings_lines(config_file: Path | None, shown: str) -> tuple[dict[tuple, int], dict[tuple, str]]:
    """The line of every setting, and the file that spells it out: the settings file itself,
    else the file it inherits (`INHERIT:`, followed as MkDocs does, each file once)."""
    lines: dict[tuple, int] = {}
    files: dict[tuple, str] = {}
    seen: set[Path] = set()
    path, name = (Path(config_file).resolve() if config_file is not None else None), shown
    while path is not None and path.is_file() and path not in seen:
        seen.add(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        for key, line in yaml_lines(text).items():
            if key not in lines:
                lines[key], files[key] = line, name
        try:
            parent = (yaml.safe_load(text) or {}).get("INHERIT") if "INHERIT" in text else None
        except yaml.YAMLError:
            parent = None
        if not isinstance(parent, str):
            break
        path = (path.parent / parent).resolve()
        name = str(Path(shown).parent / parent) if Path(shown).parent != Path(".") else parent
    return lines, files


def read_settings(config_file: Path | None, extra: dict[str, Any], features: list[str] = (),
                  card_needed: bool = True, shown: str = CONFIG_NAME) -> Settings:
    """Typed `extra.card` and `extra.crisis`, with findings at their lines in the settings file
    (`shown`, as messages name it) or in the file it inherits.
    `extra.card` may be left out when every tip is in a module (`card_needed` False)."""
    lines, files = settings_lines(config_file, shown)
    findings: list[Finding] = []
    card = _typed(CardSettings, extra.get("card"), ("extra", "card"), lines,
                  findings if card_needed or "card" in extra else [], files=files, file=shown)
    crisis = _typed(CrisisSettings, extra.get("crisis"), ("extra", "crisis"), lines, findings, files=files, file=shown)
    final_check = _typed(FinalCheckSettings, extra.get("final_check") or {}, ("extra", "final_check"), lines, findings,
                         files=files, file=shown)
    lms = _typed(LmsSettings, extra.get("lms") or {}, ("extra", "lms"), lines, findings, files=files, file=shown)
    certificate = _typed(CertificateSettings, extra.get("certificate") or {}, ("extra", "certificate"), lines, findings,
                         files=files, file=shown)
    paper = _typed(PaperSettings, extra.get("paper") or {}, ("extra", "paper"), lines, findings, files=files, file=shown)
    settings = Settings(card, crisis, final_check, lms, certificate, lines, findings, shown, files, paper=paper)
    size = paper.get("size")
    sizes = [size] if isinstance(size, str) else size if isinstance(size, list) else []
    wrong = [s for s in sizes if s not in PAPER_SIZES]
    if wrong or (isinstance(size, list) and not size):
        findings.append(settings.finding(("extra", "paper", "size"), "settings",
                                         "extra.paper.size is " + (f"[{', '.join(map(str, size))}]" if isinstance(size, list)
                                                                   else str(size)) + "; the paper comes in letter or a4",
                                         "write `size: letter` (US), `size: a4`, or both: `size: [letter, a4]`"))
    for key in ("approval", "approved_by"):
        if (certificate.get(key) or "").strip() and not (certificate.get("provider") or "").strip():
            findings.append(settings.finding(("extra", "certificate", key), "settings",
                                             f"extra.certificate.{key} is set but extra.certificate.provider is not",
                                             "name the provider the approval belongs to"))
    for key in ("provider", "approval", "approved_by"):
        value = certificate.get(key)
        if isinstance(value, str) and len(value) > 120:
            findings.append(settings.finding(("extra", "certificate", key), "settings",
                                             f"extra.certificate.{key} is {len(value)} characters; it must fit one line "
                                             "of the certificate (120 at most)", "shorten it"))
    mark = final_check.get("pass_mark")
    if isinstance(mark, int) and not 50 <= mark <= 100:
        findings.append(settings.finding(("extra", "final_check", "pass_mark"), "settings",
                                         f"extra.final_check.pass_mark is {mark}; it is a percent from 50 to 100",
                                         "agencies usually ask for 70 to 80"))
    findings += card_question_count(card, "extra.card.questions", settings.file_of("extra", "card", "questions"),
                                    settings.line("extra", "card", "questions"))
    line = crisis.get("line")
    if isinstance(line, str) and len(line) > CRISIS_LINE_MAX:
        findings.append(settings.finding(("extra", "crisis", "line"), "settings",
                                         f"extra.crisis.line is {len(line)} characters, "
                                         f"{len(line) - CRISIS_LINE_MAX} over the limit of {CRISIS_LINE_MAX}",
                                         "shorten it: it must fit on the back of the pocket card"))
    for n, feature in enumerate(features):
        if feature in REFUSED_FEATURES:
            findings.append(settings.finding(("theme", "features", n, feature), "settings",
                                             f"theme feature '{feature}' cannot be used: {REFUSED_FEATURES[feature]}",
                                             "remove it from theme.features"))
    return settings
