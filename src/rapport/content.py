"""The content model: one reading of a Markdown page that every other part shares.

`read_page()` turns a page's raw text into a `Page`: its front matter (with the line of
each key), its prose lines, and every question/scenario block with the line it starts on.
The checks, the pocket card and the MkDocs wiring all ask this model; none of them parses
Markdown on its own.

The Blocks API that renders questions gives no line numbers and falls back to plain text
on most mistakes, so the scanner here mirrors its rules (header at most 3 spaces in,
options indented 4 spaces directly under the header, closing fence of the same length)
and reports every deviation as a `Finding` with file and line.
"""

from __future__ import annotations

import datetime as _dt
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# --------------------------------------------------------------------------- findings


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file, printed as `path:line:col: rule: message (hint)`."""

    path: str
    line: int
    col: int
    rule: str
    message: str
    hint: str = ""
    severity: str = "error"  # "error" fails the build; "warning" is reported only; "info" lists

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.rule}: {self.message}"
        if self.severity in ("warning", "info"):
            text = f"{self.path}:{self.line}:{self.col}: {self.rule} ({self.severity}): {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


# --------------------------------------------------------------------------- records


@dataclass
class Block:
    """A `/// name | title` block as written in the Markdown source."""

    name: str
    title: str
    line: int  # 1-based line of the header in the file
    fence: int  # number of slashes
    options: dict[str, Any] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)  # body lines outside child blocks
    children: list["Block"] = field(default_factory=list)
    closed: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.body).strip()


@dataclass
class Page:
    """A Markdown page read once: front matter, prose and question blocks."""

    path: str  # as shown in messages, e.g. docs/tips/be-curious.md
    text: str
    meta: dict[str, Any]
    meta_lines: dict[str, int]  # front matter key -> 1-based line
    body_start: int  # 1-based line of the first line after the front matter
    blocks: list[Block]  # top-level blocks in order
    findings: list[Finding]

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @property
    def questions(self) -> list[Block]:
        return [b for b in self.blocks if b.name in ("question", "scenario")]

    def line_of(self, key: str) -> int:
        return self.meta_lines.get(key, 1)


# --------------------------------------------------------------------------- front matter

RE_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
RE_BLOCK_START = re.compile(r"^([ ]{0,3})(/{3,})[ ]*([\w-]+)[ ]*(?:\|[ ]*(.*?)[ ]*)?$")
RE_BLOCK_END = re.compile(r"^[ ]{0,3}(/{3,})[ ]*$")
RE_META_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
RE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

# Our blocks and what each accepts.
BLOCK_OPTIONS = {
    "question": {"type", "id", "attrs"},
    "option": {"correct", "attrs"},
    "scenario": {"id", "attrs"},
    "answer": {"attrs"},
}
PARENT_OF = {"option": "question", "answer": "scenario"}


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], dict[str, int], int, list[Finding]]:
    """Return (meta, key lines, first body line, findings) for a page's text."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, {}, 1, []
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            break
    else:
        return {}, {}, 1, [Finding(path, 1, 1, "front-matter", "the front matter starting here is never closed",
                                   "end it with a line holding only ---")]
    raw = "\n".join(lines[1:end])
    try:
        meta = yaml.safe_load(raw) or {}
    except (ValueError, TypeError) as exc:  # a date like 2026-13-45 passes YAML's grammar, not the calendar
        bad = next((n for n, line in enumerate(lines[1:end], start=2) if re.search(r":\s*\d{4}-\d\d?-\d\d?\s*$", line)
                    and not _is_date(line.split(":", 1)[1].strip())), 2)
        return {}, {}, end + 2, [Finding(path, bad, 1, "front-matter", f"front matter has a value that cannot be read: {exc}",
                                         "write dates as YYYY-MM-DD, for example 2026-11-27")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        problem = getattr(exc, "problem", None) or "not valid YAML"
        return {}, {}, end + 2, [Finding(path, line, 1, "front-matter", f"front matter is not valid: {problem}",
                                         "write each field as `name: value`; put quotes around text containing a colon")]
    if not isinstance(meta, dict):
        return {}, {}, end + 2, [Finding(path, 2, 1, "front-matter", "front matter must be a list of `name: value` lines")]
    key_lines = {}
    for number, line in enumerate(lines[1:end], start=2):
        m = RE_META_KEY.match(line)
        if m and m.group(1) not in key_lines:
            key_lines[m.group(1)] = number
    return meta, key_lines, end + 2, []


def _is_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False


# --------------------------------------------------------------------------- block scanner


def _parse_options(block: Block, option_lines: list[tuple[int, str]], path: str) -> list[Finding]:
    """Read the YAML options under a block header, checking keys against what the block accepts."""
    if not option_lines:
        return []
    first = option_lines[0][0]
    raw = "\n".join(text for _, text in option_lines)
    try:
        data = yaml.safe_load(textwrap.dedent(raw))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = first + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        return [Finding(path, line, 5, "question-options", f"the options of this {block.name} are not valid YAML: {problem}",
                        "write each option as `name: value`, indented 4 spaces under the /// line")]
    if data is None:
        return []
    if not isinstance(data, dict):
        return [Finding(path, first, 5, "question-options", f"the options of this {block.name} must be `name: value` lines",
                        "for example `correct: true`")]
    findings = []
    allowed = BLOCK_OPTIONS.get(block.name)
    for key, value in data.items():
        line = next((n for n, t in option_lines if t.strip().startswith(f"{key}:")), first)
        if allowed is not None and key not in allowed:
            known = ", ".join(sorted(allowed - {"attrs"})) or "none"
            findings.append(Finding(path, line, 5, "question-options", f"unknown option '{key}' on a {block.name}",
                                    f"options a {block.name} accepts: {known}"))
            continue
        block.options[key] = value
    return findings


def scan_blocks(lines: list[str], first_line: int, path: str) -> tuple[list[Block], list[Finding]]:
    """Find `///` blocks in body lines (numbered from `first_line`), outside fenced code."""
    findings: list[Finding] = []
    top: list[Block] = []
    stack: list[Block] = []
    fence: str | None = None
    i = 0
    while i < len(lines):
        number = first_line + i
        line = lines[i]
        # Skip fenced code: examples of the syntax on the authors' page are not blocks.
        m = RE_FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            i += 1
            continue
        if fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and set(line.strip()) == {fence[0]}:
                fence = None
            i += 1
            continue
        end = RE_BLOCK_END.match(line)
        if end:
            length = len(end.group(1))
            if stack and stack[-1].fence == length:
                stack.pop().closed = True
            elif any(b.fence == length for b in stack):
                inner = stack[-1]
                findings.append(Finding(path, number, 1, "block-nesting",
                                        f"this closes an outer block while the {inner.name} from line {inner.line} is still open",
                                        f"close the {inner.name} first with a line of {'/' * inner.fence}"))
                while stack and stack[-1].fence != length:
                    stack.pop()
                stack.pop().closed = True
            else:
                findings.append(Finding(path, number, 1, "block-nesting",
                                        f"a closing line of {length} slashes with no block of that size open",
                                        "remove it, or match the number of slashes of the block it closes"))
            i += 1
            continue
        start = RE_BLOCK_START.match(line)
        if start:
            block = Block(name=start.group(3).lower(), title=(start.group(4) or "").strip(), line=number,
                          fence=len(start.group(2)))
            if stack and block.fence <= stack[-1].fence and block.name in BLOCK_OPTIONS:
                findings.append(Finding(path, number, 1, "block-nesting",
                                        f"a block inside the {stack[-1].name} from line {stack[-1].line} needs more slashes than it",
                                        f"start it with {'/' * (stack[-1].fence + 1)}"))
            (stack[-1].children if stack else top).append(block)
            stack.append(block)
            # Options: the lines directly under the header indented 4 or more spaces (or a tab).
            i += 1
            option_lines = []
            while i < len(lines) and lines[i].strip() and (lines[i].startswith("    ") or lines[i].startswith("\t")):
                option_lines.append((first_line + i, lines[i].replace("\t", "    ")))
                i += 1
            findings += _parse_options(block, option_lines, path)
            # Options indented 1-3 spaces are read by the Blocks API as body text.
            stray = re.match(r"^( {0,3})([A-Za-z_]\w*)\s*:", lines[i]) if i < len(lines) else None
            known = BLOCK_OPTIONS.get(block.name, set())
            if stray and not option_lines and (stray.group(1) or stray.group(2) in known):
                findings.append(Finding(path, first_line + i, 1, "question-options",
                                        f"this looks like an option of the {block.name} but is indented "
                                        f"{len(stray.group(1))} spaces",
                                        "indent options exactly 4 spaces, directly under the /// line"))
            continue
        if stack:
            stack[-1].body.append(line)
        i += 1
    for block in stack:
        findings.append(Finding(path, block.line, 1, "block-unclosed",
                                f"the {block.name} starting here is never closed",
                                f"end it with a line holding only {'/' * block.fence}"))
    return top, findings


# --------------------------------------------------------------------------- question rules


def _walk(blocks: list[Block], parent: Block | None = None):
    for block in blocks:
        yield block, parent
        yield from _walk(block.children, block)


def check_blocks(blocks: list[Block], path: str) -> list[Finding]:
    """The rules a question or scenario must meet to render as intended."""
    findings: list[Finding] = []
    seen_ids: dict[str, int] = {}

    def add(block: Block, rule: str, message: str, hint: str) -> None:
        findings.append(Finding(path, block.line, 1, rule, message, hint))

    for block, parent in _walk(blocks):
        if block.name not in BLOCK_OPTIONS:
            continue
        want = PARENT_OF.get(block.name)
        if want and (parent is None or parent.name != want):
            add(block, "block-nesting", f"an {block.name} must sit inside a {want}",
                f"move it inside a /// {want} … /// block and give it {'////' if want else ''} slashes")
            continue
        if block.name in ("question", "scenario") and parent is not None and parent.name in BLOCK_OPTIONS:
            add(block, "block-nesting", f"a {block.name} cannot sit inside a {parent.name}",
                f"close the {parent.name} first")
        if block.name in ("question", "scenario", "option") and not block.title:
            what = {"option": "an option needs its text after the bar",
                    "question": "a question needs its text after the bar",
                    "scenario": "a scenario needs its situation after the bar"}[block.name]
            add(block, "question-empty" if block.name != "option" else "option-empty", f"{what}",
                f"write it as `{'/' * block.fence} {block.name} | …`")
        if "id" in block.options:
            ident = str(block.options["id"])
            if not RE_ID.match(ident):
                add(block, "question-id", f"id '{ident}' is not usable as an anchor",
                    "use letters, digits and hyphens, starting with a letter")
            elif ident in seen_ids:
                add(block, "question-id", f"id '{ident}' is already used on line {seen_ids[ident]}",
                    "give each question on a page its own id")
            else:
                seen_ids[ident] = block.line
        if block.name == "question":
            qtype = block.options.get("type", "single")
            if qtype not in ("single", "multiple"):
                add(block, "question-options", f"type '{qtype}' is not known", "use `type: single` or `type: multiple`")
            options = [c for c in block.children if c.name == "option"]
            if len(options) < 2:
                add(block, "question-options", f"a question needs at least two options, this one has {len(options)}",
                    "add `//// option | …` blocks inside the question")
            for opt in options:
                value = opt.options.get("correct", False)
                if not isinstance(value, bool):
                    add(opt, "question-options", f"`correct: {value}` is not true or false", "write `correct: true`")
                if opt.title and not opt.text:
                    add(opt, "option-feedback", "this option has no feedback",
                        "under the option line, say why this answer works or does not")
            correct = [o for o in options if o.options.get("correct") is True]
            if options and not correct:
                add(block, "question-answer", "no option is marked correct",
                    "add `correct: true`, indented 4 spaces, under the right option's line")
            if qtype == "single" and len(correct) > 1:
                lines = ", ".join(str(o.line) for o in correct)
                add(block, "question-answer", f"{len(correct)} options are marked correct (lines {lines}) on a single-answer question",
                    "keep one `correct: true`, or set `type: multiple`")
        if block.name == "scenario":
            answers = [c for c in block.children if c.name == "answer"]
            if not answers:
                add(block, "scenario-answer", "a scenario needs a model answer",
                    "add a `//// answer` … `////` block inside the scenario")
            elif not any(a.text for a in answers):
                add(answers[0], "scenario-answer", "the model answer is empty", "write the model answer inside it")
    return findings


# --------------------------------------------------------------------------- pages


def read_page(path: Path, shown_as: str | None = None) -> Page:
    """Read a Markdown page into the content model."""
    shown = shown_as or str(path)
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        page = parse_page(data.decode("utf-8", errors="replace"), shown)
        page.findings.insert(0, Finding(shown, line, 1, "encoding", "the file is not saved as UTF-8 text",
                                        "save it as UTF-8 in your editor (the usual choice)"))
        return page
    return parse_page(text, shown)


def parse_page(text: str, shown: str) -> Page:
    meta, meta_lines, body_start, findings = split_front_matter(text, shown)
    body = text.splitlines()[body_start - 1:]
    blocks, block_findings = scan_blocks(body, body_start, shown)
    findings = findings + block_findings + check_blocks(blocks, shown)
    return Page(shown, text, meta, meta_lines, body_start, blocks, findings)


# Front matter a tip page must carry, with how to write it.
TIP_FIELDS = {
    "title": "title: Be curious",
    "summary": "summary: One plain sentence that says what the tip is about.",
    "card": "card: The line the pocket card carries (at most 110 characters).",
    "reviewed": "reviewed: 2026-11-27",
}
CARD_MAX = 110


def check_tip_meta(page: Page) -> list[Finding]:
    """The front matter every tip page needs (title, summary, card, reviewed)."""
    if any(f.rule == "front-matter" for f in page.findings):
        return []  # the front matter could not be read: that one finding says what to fix
    findings = []
    meta = page.meta
    for key, example in TIP_FIELDS.items():
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            findings.append(Finding(page.path, page.line_of(key) if key in meta else 1, 1, "front-matter",
                                    f"the tip page has no '{key}'", f"add a line to the front matter: `{example}`"))
    card = meta.get("card")
    if isinstance(card, str) and len(card.strip()) > CARD_MAX:
        findings.append(Finding(page.path, page.line_of("card"), 1, "front-matter",
                                f"the card line is {len(card.strip())} characters, {len(card.strip()) - CARD_MAX} over the limit of {CARD_MAX}",
                                "shorten it: the pocket card has room for one short line per tip"))
    for key in ("title", "summary", "card"):
        if key in meta and meta[key] is not None and not isinstance(meta[key], str):
            findings.append(Finding(page.path, page.line_of(key), 1, "front-matter", f"'{key}' must be text",
                                    "put the text in quotes"))
    reviewed = meta.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, _dt.date):
        findings.append(Finding(page.path, page.line_of("reviewed"), 1, "front-matter",
                                f"'reviewed' must be a date, not '{reviewed}'", "write it as YYYY-MM-DD, for example 2026-11-27"))
    if "risk" in meta and not isinstance(meta["risk"], bool):
        findings.append(Finding(page.path, page.line_of("risk"), 1, "front-matter", "'risk' must be true or false",
                                "write `risk: true` on pages that touch on risk or crisis"))
    return findings


# --------------------------------------------------------------------------- prose

RE_HTML_COMMENT = re.compile(r"<!--.*?-->")
RE_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
RE_LINK_TARGET = re.compile(r"(\]\()([^)\s]*)(\s+\"[^\"]*\")?(\))")  # ](url "title")
RE_AUTOLINK = re.compile(r"<https?://[^>]+>|https?://\S+")
RE_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
RE_ADMONITION = re.compile(r"^(\s*)(!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*")
RE_OPTION_LINE = re.compile(r"^ {4,}[A-Za-z_]\w*\s*:")


@dataclass
class ProseLine:
    """One line of a page's prose, with everything that is not prose blanked to spaces,
    so columns still match the source."""

    line: int
    text: str
    kind: str  # "text", "heading", "item", "table", "title" (callout or block title), "meta"


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


def prose_lines(page: Page) -> list[ProseLine]:
    """The page's prose: front matter title/summary/card, and the body outside code,
    comments, HTML tags, link targets and block syntax."""
    out: list[ProseLine] = []
    for key in ("title", "summary", "card"):
        value = page.meta.get(key)
        if isinstance(value, str) and key in page.meta_lines:
            raw = page.lines[page.meta_lines[key] - 1]
            col = raw.find(":") + 1
            out.append(ProseLine(page.meta_lines[key], " " * col + raw[col:], "meta"))
    lines = page.lines
    fence = None
    in_comment = False
    after_header = False
    for number in range(page.body_start, len(lines) + 1):
        line = lines[number - 1]
        m = RE_FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            continue
        if fence is not None:
            if set(line.strip()) == {fence[0]} and len(line.strip()) >= len(fence):
                fence = None
            continue
        if in_comment:
            if "-->" in line:
                in_comment = False
                line = " " * (line.index("-->") + 3) + line[line.index("-->") + 3:]
            else:
                continue
        if "<!--" in line and "-->" not in line[line.index("<!--"):]:
            in_comment = True
            line = line[:line.index("<!--")]
        start = RE_BLOCK_START.match(line)
        if start:
            title = start.group(4) or ""
            after_header = True
            if title:
                col = line.rindex(title)
                out.append(ProseLine(number, " " * col + title, "title"))
            continue
        if RE_BLOCK_END.match(line):
            continue
        if after_header and RE_OPTION_LINE.match(line):
            continue  # options of a block
        after_header = False
        text = RE_HTML_COMMENT.sub(_blank, line)
        text = RE_INLINE_CODE.sub(_blank, text)
        text = RE_LINK_TARGET.sub(lambda m: m.group(1)[0] + " " * (len(m.group(0)) - 1), text)
        text = RE_AUTOLINK.sub(_blank, text)
        text = RE_HTML_TAG.sub(_blank, text)
        kind = "text"
        adm = RE_ADMONITION.match(text)
        if adm:
            text = " " * adm.end() + text[adm.end():]
            kind = "title"
        stripped = text.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            kind = "heading"
            text = text.replace("#", " ")
        elif re.match(r"^\s*([-*+]|\d+[.)])\s", text):
            kind = "item"
            text = re.sub(r"^(\s*)([-*+]|\d+[.)])", lambda m: " " * len(m.group(0)), text)
        elif stripped.startswith("|"):
            if re.fullmatch(r"[|\s:-]+", stripped):
                continue  # the line under a table's header
            kind = "table"
        elif re.match(r"^\s*:\s{3}", text):  # a definition
            text = re.sub(r"^(\s*):", r"\1 ", text)
        text = text.replace("**", "  ").replace("__", "  ")
        out.append(ProseLine(number, text, kind))
    return out
