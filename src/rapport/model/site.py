"""What a project is: its settings, nav, pages and tips, and the date of its content.

`load_site(mkdocs.yml)` is the one way in for the command line and the scripts; the MkDocs
plugin, which already holds MkDocs' config, calls `Site.from_config`. Nothing else in the
engine reads MkDocs' config.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .findings import Finding, RapportError
from .module import Module, module_slug, read_module
from .page import Page, read_page
from .settings import CONFIG_NAME, Settings, read_settings

TIPS_DIR = "tips/"
FACILITATORS = "/facilitators/"  # a folder of pages for trainers: never in an LMS package
RE_MODULE_TIP = re.compile(r"^[a-z0-9][a-z0-9-]*/tips/[^/]+\.md$")


RE_LANG = re.compile(r"[a-z]{2}(?:-[A-Z]{2})?")
# Folders every build writes at the top of site/: an edition's folder must not be one of them.
RESERVED_FOLDERS = frozenset({"assets", "search", "deploy", "tips", "img", "images", "fonts", "javascripts",
                              "stylesheets", "facilitators"})


# The certificate lists what the course teaches: each tip's title and objectives. How much room
# they take in print, in rows of the list, measured in Chromium (tests/test_certificate.py) with
# the longest name the form takes (80 wide letters), a provider's line and a system font as wide
# as DejaVu Sans: in the larger type, two columns whose items do not break (an item takes one
# line per 62 characters, begun, and a fifth of a line between items; the fuller column holds
# about half the lines plus half the longest item); in the smaller type, three columns that
# share the lines (an item takes its length over 44, plus 0.6 of a line). The limits are the
# most that printed on one landscape Letter page for every shape tried, 3 to 16 tips (the test
# prints each at its limit); A4 holds more (it is wider).
CERT_ROWS = {"normal": 11.0, "dense": 13.0}


def entry_length(objective: dict) -> int:
    """The characters the certificate prints for one of `Site.objectives()`: "Title: text"."""
    return len(objective["title"]) + 2 + len(objective["text"])


def certificate_rows(objectives: list[dict], layout: str) -> float:
    """The rows the objectives take in print in `layout` ("normal" or "dense"), by the measured model above."""
    if not objectives:
        return 0.0
    if layout == "normal":
        lines = [-(-entry_length(o) // 62) + 0.2 for o in objectives]
        return sum(lines) / 2 + max(lines) / 2
    return sum(entry_length(o) / 44 + 0.6 for o in objectives) / 3


def certificate_layout(objectives: list[dict]) -> str | None:
    """"normal", "dense" (smaller, in three columns), or None when even that does not fit one page."""
    return next((layout for layout in ("normal", "dense") if certificate_rows(objectives, layout) <= CERT_ROWS[layout]), None)


@dataclass(frozen=True)
class Language:
    """One edition of the site (`extra.languages`): its language, the link text that leads to
    it (in its own language), the folder of site/ it is built into, and its settings file."""

    lang: str
    link: str
    folder: str  # "" for the main edition, "es/" for the Spanish one
    config: str  # mkdocs.yml, mkdocs.es.yml (beside the main one)


def is_tip(rel: str) -> bool:
    """A tip: a page under tips/, or under a module's tips/ (`first-meetings/tips/…`)."""
    return (rel.startswith(TIPS_DIR) or RE_MODULE_TIP.match(rel) is not None) and rel.endswith(".md")


PENDING = "pending"  # `translation: pending`: a page of a translated edition still to translate
CERTIFICATE = "<!-- certificate -->"  # the marker of the certificate (rapport.markdown.teaching)
KNOWLEDGE_CHECK = "<!-- knowledge-check -->"  # the marker of the session's knowledge check (rapport.markdown.teaching)


@dataclass
class Site:
    root: Path  # the folder holding mkdocs.yml; paths in messages are relative to it
    docs_dir: Path
    nav: list[Any]
    extra: dict[str, Any]
    config_file: Path | None = None
    features: list[str] = field(default_factory=list)  # theme.features
    custom_dir: Path | None = None  # theme.custom_dir (overrides/)
    name: str = ""  # site_name: the course title
    lang: str = "en"  # theme.language: the language of the pages and of our interface text
    notice: str = ""  # `copyright`: who it is by, its licence, what it is not (the footer, the books' cover)
    _pages: dict[str, Page] = field(default_factory=dict, repr=False)

    @classmethod
    def from_config(cls, config) -> "Site":
        config_file = Path(config["config_file_path"]).resolve()
        return cls(root=config_file.parent, docs_dir=Path(config["docs_dir"]).resolve(), nav=config["nav"] or [],
                   extra=dict(config["extra"] or {}), config_file=config_file,
                   features=list(config["theme"].get("features") or []),
                   custom_dir=Path(config["theme"].custom_dir).resolve() if config["theme"].custom_dir else None,
                   name=str(config["site_name"] or ""), lang=str(config["theme"].get("language") or "en"),
                   notice=str(config.get("copyright") or ""))

    @cached_property
    def settings(self) -> Settings:
        return read_settings(self.config_file, self.extra, self.features,
                             card_needed=not self.modules or bool(self.tips(None)),
                             shown=self.shown(self.config_file) if self.config_file else CONFIG_NAME)

    def shown(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def shown_link(self, path: Path) -> str:
        """A path as shown in messages, without following it if it is a link."""
        try:
            return str(Path(os.path.abspath(path)).relative_to(self.root))
        except ValueError:
            return str(path)

    def markdown_files(self) -> list[str]:
        """Every Markdown page under docs/, relative to it (the folder is read once)."""
        return list(self._markdown_files)

    @cached_property
    def _markdown_files(self) -> tuple[str, ...]:
        return tuple(sorted(p.relative_to(self.docs_dir).as_posix() for p in self.docs_dir.rglob("*.md")
                            if p.is_file() and p.resolve().is_relative_to(self.docs_dir)))

    def session_plans(self) -> list[tuple[str, int, list]]:
        """(page, length, activities) of every session plan (`session_60:` …) on a page in the
        nav, in nav order; a page whose translation is pending has none."""
        out = []
        for rel in dict.fromkeys(self.nav_paths()):
            if not (self.docs_dir / rel).is_file() or self.is_pending(rel):
                continue
            for key, value in self.page(rel).meta.items():
                m = re.match(r"^session_(\d+)$", key) if isinstance(key, str) else None
                if m and isinstance(value, list):
                    out.append((rel, int(m.group(1)), value))
        return out

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

    def nav_line(self, rel: str, nth: int = 0) -> int:
        """The line in mkdocs.yml of the `nth` nav entry naming `rel`."""
        lines = self._nav_lines.get(rel, [])
        return lines[nth] if nth < len(lines) else (lines[-1] if lines else 1)

    @cached_property
    def _nav_lines(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for path, line in self.settings.lines.items():
            if len(path) > 1 and path[0] == "nav" and isinstance(path[-1], str):
                found.setdefault(path[-1], []).append(line)
        return {rel: sorted(lines) for rel, lines in found.items()}

    @cached_property
    def languages(self) -> list[Language]:
        """The site's editions, the main one first (`extra.languages`; none: English alone).
        Each edition's settings file lists the same editions (it inherits them)."""
        raw = self.extra.get("languages")
        if raw is None:
            return []
        line = self.settings.lines.get(("extra", "languages"), 1)
        where = self.shown(self.config_file) if self.config_file else CONFIG_NAME

        def bad(message: str) -> RapportError:
            return RapportError([Finding(where, line, 1, "settings", f"extra.languages: {message}",
                                         "write each as {lang: es, link: Leer en español, folder: es/, config: mkdocs.es.yml}")],
                                f"{where} has a mistake")

        if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
            raise bad("give a list, one entry per language")
        out = []
        for item in raw:
            lang, folder = str(item.get("lang") or ""), str(item.get("folder") or "")
            if not RE_LANG.fullmatch(lang):
                raise bad(f"'{lang}' is not a language code such as en or es")
            if folder and not re.fullmatch(r"[a-z0-9-]+/", folder):
                raise bad(f"the folder '{folder}' must be a plain name ending in /, such as es/")
            taken = RESERVED_FOLDERS | {p.name for p in self.docs_dir.iterdir()} if self.docs_dir.is_dir() else RESERVED_FOLDERS
            if folder and folder.rstrip("/") in taken:
                raise bad(f"the folder '{folder}' is already a folder of the site (its pages, the theme's assets or "
                          "search, the server files); give the edition a folder of its own, such as its language code")
            if not item.get("link") or not item.get("config"):
                raise bad(f"'{lang}' needs its link text and its settings file")
            out.append(Language(lang, str(item["link"]), folder, str(item["config"])))
        if not out or out[0].folder != "" or len({lang.lang for lang in out}) != len(out):
            raise bad("the main language comes first, with the folder \"\"; each language once")
        if self.lang not in {lang.lang for lang in out}:
            raise bad(f"this site's own language ({self.lang}, theme.language) is not listed")
        return out

    @property
    def language(self) -> Language | None:
        """This edition's entry in `extra.languages`."""
        return next((lang for lang in self.languages if lang.lang == self.lang), None)

    def main_docs_dir(self) -> Path | None:
        """A translated edition's main edition's docs folder (the pages it translates)."""
        if not self.translated:
            return None
        main = self.root / self.languages[0].config
        return load_site(main).docs_dir if main.is_file() else None

    def edition_sites(self) -> list["Site"]:
        """The other editions, each read from its settings file (from the main edition only)."""
        if self.language is None or self.language.folder:
            return []
        out = []
        for lang in self.languages[1:]:
            path = self.root / lang.config
            if not path.is_file():
                raise RapportError([Finding(self.shown(self.config_file), self.settings.lines.get(("extra", "languages"), 1), 1,
                                            "settings", f"extra.languages: the settings file {lang.config} does not exist")],
                                   "An edition's settings are missing")
            edition = load_site(path)
            if edition.lang != lang.lang:
                raise RapportError([Finding(lang.config, 1, 1, "settings",
                                            f"theme.language is {edition.lang}, but mkdocs.yml lists this file for {lang.lang}")],
                                   f"{lang.config} has a mistake")
            out.append(edition)
        return out

    def lms_leaves_out(self) -> list[str]:
        """The pages an LMS package never holds: `extra.lms.leave_out`, and every page for the
        people who run sessions (`facilitators/`: plans, role-plays, the knowledge check with
        its answer keys) — a learner in an LMS needs none of them."""
        lms = self.settings.lms
        leave = [str(rel) for rel in ((lms.get("leave_out") if lms else None) or [])]
        leave += [rel for rel in self.markdown_files() if FACILITATORS in f"/{rel}" and rel not in leave]
        leave += [rel for rel in self.markdown_files() if is_tip(rel) and self.is_pending(rel) and rel not in leave]
        return leave

    @property
    def translated(self) -> bool:
        """An edition other than the main one (its pages are translations of the main edition's)."""
        return bool(self.language is not None and self.language.folder)

    def is_pending(self, rel: str) -> bool:
        """A page of a translated edition whose translation is still to come (`translation:
        pending`): published as a page that links the main edition's, and left out of this
        edition's tips (card, final check, LMS package) until it is translated."""
        return (self.translated and (self.docs_dir / rel).is_file()
                and self.page(rel).meta.get("translation") == PENDING)

    def tip_paths(self) -> list[str]:
        """Tip pages in the order the nav gives them (the one place the order is set), each once."""
        return list(dict.fromkeys(p for p in self.nav_paths() if is_tip(p)))

    def page(self, rel: str) -> Page:
        """A page of docs/, read once."""
        if rel not in self._pages:
            path = self.docs_dir / rel
            self._pages[rel] = read_page(path, self.shown(path), rel)
        return self._pages[rel]

    def tips(self, module: "Module | None | str" = "all") -> list[Page]:
        """The tips in nav order: all of them, a module's, or (None) those outside any module."""
        rels = self.tip_paths()
        if module is None:
            rels = [rel for rel in rels if self.module_of(rel) is None]
        elif module != "all":
            rels = [rel for rel in rels if module.holds(rel)]
        return [self.page(rel) for rel in rels if (self.docs_dir / rel).is_file() and not self.is_pending(rel)]

    def objectives(self, module: "Module | None | str" = "all") -> list[dict]:
        """What the course teaches, as the certificate lists it: each tip (of the site or a module)
        with objectives, its title and its objectives as one text."""
        out = []
        for page in self.tips(module):
            items = [str(o) for o in (page.meta.get("objectives") or []) if isinstance(o, str)]
            if items:
                out.append({"title": str(page.meta.get("title") or page.rel), "page": page,
                            "text": " ".join(o if o.endswith(".") else o + "." for o in items)})
        return out

    @cached_property
    def modules(self) -> list[Module]:
        """The modules, in nav order: each `<folder>/index.md` in the nav whose front matter has `card:`."""
        found = []
        for rel in dict.fromkeys(self.nav_paths()):
            slug = module_slug(rel)
            if slug and (self.docs_dir / rel).is_file() and "card" in self.page(rel).meta:
                found.append(read_module(self.page(rel), slug, self.tip_paths()))
        return found

    def module_of(self, rel: str) -> Module | None:
        return next((m for m in self.modules if m.holds(rel)), None)

    def book_units(self) -> list[Module | None]:
        """Whose handbook and handout are printed: the whole course (None); in a library, each
        module's (a session teaches one; an edit lays out one again; one book of 300 tips takes a
        gigabyte to lay out), and the whole library's only when `extra.paper.library_book` asks
        for it or some tips belong to no module."""
        if not self.modules:
            return [None]
        whole = self.settings.paper_library_book or bool(self.tips(None))
        return ([None] if whole else []) + list(self.modules)

    def card_units(self) -> list[Module | None]:
        """Who gets a pocket card: each module, and the site itself (None) for tips outside modules."""
        if not self.modules:
            return [None]
        return list(self.modules) + ([None] if self.tips(None) else [])

    @cached_property
    def option_orders(self) -> dict[str, dict[str, list[int]]]:
        """{page rel: {question anchor: shown order}}, balanced over the site in nav order."""
        from .order import Balancer

        balancer = Balancer()
        listed = [rel for rel in dict.fromkeys(self.nav_paths()) if (self.docs_dir / rel).is_file()]
        rest = [rel for rel in self.markdown_files() if rel not in listed]
        orders = {rel: balancer.orders(self.page(rel).question_specs(shown=True)) for rel in listed + rest}
        # A page holding the knowledge check shows each item as its tip's page does (and so does
        # its paper sheet): by the anchor the item gets there, its id or question-N in its order.
        items = self.knowledge_blocks()
        for rel in listed + rest:
            page = self.page(rel)
            if any(KNOWLEDGE_CHECK in line for n, line in enumerate(page.lines, 1) if n not in page.structure.code_lines):
                shown = {}
                for n, (tip, block) in enumerate(items, 1):
                    order = orders.get(tip.rel, {}).get(tip.anchors[block.line])
                    if order:
                        shown[str(block.options.get("id") or f"question-{n}")] = order
                orders[rel] = {**orders[rel], **shown}
        return orders

    def knowledge_blocks(self, module: "Module | None | str" = "all") -> list[tuple[Page, Any]]:
        """(tip, question) of the knowledge check for a session: the first practice question of
        each tip — never a final item, whose key would then be one click away."""
        out = []
        for page in self.tips(module):
            practice = [b for b in page.questions if b.name == "question" and not b.final]
            out += [(page, block) for block in practice[:1]]
        return out

    @cached_property
    def date(self) -> dt.datetime:
        """The date of this version of the content: SOURCE_DATE_EPOCH, else the last commit,
        else the newest review date. Never the clock, so the same input gives the same bytes."""
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
        if epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        try:
            proc = subprocess.run(["git", "-C", str(self.root), "log", "-1", "--format=%ct"],
                                  capture_output=True, text=True, timeout=10)
            if proc.returncode == 0 and proc.stdout.strip().isdigit():
                return dt.datetime.fromtimestamp(int(proc.stdout.strip()), tz=dt.timezone.utc)
        except (OSError, subprocess.SubprocessError):
            pass  # no git here: fall back to the content's own dates
        reviewed = [p.meta["reviewed"] for p in self.tips() if isinstance(p.meta.get("reviewed"), dt.date)]
        newest = max(reviewed, default=dt.date(2026, 1, 1))
        return dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc)


def load_site(config_file: Path | str) -> Site:
    """Read mkdocs.yml as MkDocs does; a mistake in it is a RapportError naming the file."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_file = Path(config_file)
    inherit_cycle(config_file)
    # MkDocs logs the detail of a bad setting, then raises a bare Abort: keep the detail.
    said: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: said.append(record.getMessage())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        return Site.from_config(load_config(str(config_file)))
    except (Abort, ConfigurationError, OSError, ValueError, RecursionError, TypeError, AttributeError) as exc:
        # TypeError, AttributeError: what MkDocs' merge of an INHERIT that is not settings raises
        detail = " ".join(("; ".join(said) or str(exc)).split())  # MkDocs' message, on one line
        where, line = settings_mistake_line(config_file, detail)
        raise RapportError([Finding(where, line, 1, "settings", detail)],
                           f"{config_file.name} cannot be read") from None
    finally:
        logger.removeHandler(handler)


RE_CONFIG_VALUE = re.compile(r"Config value '([\w.-]+)'")
RE_YAML_LINE = re.compile(r"line (\d+), column")


def settings_mistake_line(config_file: Path, detail: str) -> tuple[str, int]:
    """The file and line of the setting that MkDocs' message names (or of a YAML mistake)."""
    from .settings import settings_lines

    name = config_file.name or CONFIG_NAME
    m = RE_CONFIG_VALUE.search(detail)
    if m:
        lines, files = settings_lines(config_file, name)
        key = tuple(m.group(1).split("."))
        if key in lines:
            return files.get(key, name), lines[key]
    m = RE_YAML_LINE.search(detail)
    if m:
        return name, int(m.group(1))
    return name, 1


RE_INHERIT = re.compile(r"^INHERIT:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)


def inherit_cycle(config_file: Path) -> None:
    """Settings files that inherit each other in a loop (`INHERIT:`) are one finding at the
    line that closes the loop, not MkDocs' endless recursion."""
    seen: list[Path] = []
    path = config_file.resolve()
    while path.is_file():
        if path in seen:
            last = seen[-1]
            text = last.read_text(encoding="utf-8", errors="replace")
            m = RE_INHERIT.search(text)
            line = text[:m.start()].count("\n") + 1 if m else 1
            chain = " -> ".join(p.name for p in seen + [path])
            raise RapportError([Finding(last.name, line, 1, "settings", f"INHERIT goes round in a loop: {chain}",
                                        "an edition's settings inherit the main mkdocs.yml, which inherits nothing")],
                               f"{last.name} has a mistake")
        seen.append(path)
        m = RE_INHERIT.search(path.read_text(encoding="utf-8", errors="replace"))
        if m is None:
            return
        path = (path.parent / m.group(1).strip()).resolve()


def book_name(kind: str, module: Module | None, size: str) -> str:
    """handbook-letter.pdf; in a library, a module's: handbook-first-meetings-letter.pdf."""
    return f"{kind}-{module.slug}-{size}.pdf" if module is not None else f"{kind}-{size}.pdf"
