"""A page's prose: the words a reader reads, line by line, with everything that is not
prose blanked to spaces so that columns still match the source.

Built from the scanner's view of the page (fenced code, block markup, callout headers),
so the language, reading-level and placeholder checks read the same prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from .blocks import RE_BLOCK_START


class PageText(Protocol):
    """What prose is read from: a page's front matter, lines and structure (a rapport.model.page.Page)."""

    front: Any
    meta: dict
    lines: list[str]
    structure: Any
    body_start: int


PROSE_KEYS = ("title", "summary", "card")  # front matter fields a reader sees
PROSE_LISTS = ("objectives",)  # lists of text a reader sees, one item a line
RE_HTML_COMMENT = re.compile(r"<!--.*?-->")
RE_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
RE_LINK_TARGET = re.compile(r"(\]\()([^)\s]*)(\s+\"[^\"]*\")?(\))")  # ](url "title")
RE_AUTOLINK = re.compile(r"<https?://[^>]+>|https?://\S+")
RE_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
RE_BLOCK_SCALAR = re.compile(r"^[>|][+-]?\d?\s*$")


@dataclass
class ProseLine:
    line: int
    text: str
    kind: str  # "text", "heading", "item", "table", "title" (callout or block title), "meta"


def _blank(m: re.Match) -> str:
    return " " * len(m.group(0))


def meta_prose(page: PageText) -> list[ProseLine]:
    """The front matter fields a reader sees, every line of them (a folded value spans several)."""
    out = []
    for key in PROSE_KEYS:
        if not isinstance(page.meta.get(key), str) or key not in page.front.value_spans:
            continue
        first, last, col = page.front.value_spans[key]
        quote = page.lines[first - 1][col:col + 1]
        for number in range(first, last + 1):
            raw = page.lines[number - 1]
            start = col if number == first else 0
            text = " " * start + raw[start:]
            if quote in ("'", '"'):  # YAML's quotes are not a person's words in quotes
                text = text.replace(quote, " ", 1) if number == first else text
                cut = text.rfind(quote) if number == last else -1
                text = text[:cut] + " " + text[cut + 1:] if cut >= 0 else text
            if number == first and RE_BLOCK_SCALAR.match(raw[start:]):
                continue  # the `>-` of a folded value
            out.append(ProseLine(number, text, "meta"))
    return out


def list_prose(page: PageText) -> list[ProseLine]:
    """Each item of the front matter lists a reader sees (objectives), on its own line."""
    out = []
    for key in PROSE_LISTS:
        items = page.meta.get(key)
        if not isinstance(items, list):
            continue
        for item, number in zip(items, page.front.item_lines.get(key, [])):
            raw = page.lines[number - 1]
            if isinstance(item, str) and raw.lstrip().startswith("- "):
                col = len(raw) - len(raw.lstrip()) + 2
                out.append(ProseLine(number, " " * col + raw[col:], "meta"))
    return out


def body_prose(page: PageText) -> list[ProseLine]:
    structure = page.structure
    callouts = {c.line: c for c in structure.callouts}
    out: list[ProseLine] = []
    in_comment = False
    for number in range(page.body_start, len(page.lines) + 1):
        line = page.lines[number - 1]
        markup = structure.markup_lines.get(number)
        if number in structure.code_lines or markup in ("options", "end"):
            continue
        if markup == "header":
            title = RE_BLOCK_START.match(line.lstrip(" >")).group(4) or ""
            if title:
                out.append(ProseLine(number, " " * line.rindex(title) + title, "title"))
            continue
        if in_comment:
            if "-->" not in line:
                continue
            in_comment = False
            line = " " * (line.index("-->") + 3) + line[line.index("-->") + 3:]
        if "<!--" in line and "-->" not in line[line.index("<!--"):]:
            in_comment = True
            line = line[:line.index("<!--")]
        text = RE_HTML_COMMENT.sub(_blank, line)
        text = RE_INLINE_CODE.sub(_blank, text)
        text = RE_LINK_TARGET.sub(lambda m: m.group(1)[0] + " " * (len(m.group(0)) - 1), text)
        text = RE_AUTOLINK.sub(_blank, text)
        text = RE_HTML_TAG.sub(_blank, text)
        kind = "text"
        if number in callouts:
            cut = callouts[number].title_col
            text, kind = " " * cut + text[cut:], "title"
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
