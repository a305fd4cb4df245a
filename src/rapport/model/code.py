"""Where code is, in a page's Markdown, as the Markdown engine reads it: fenced blocks (closed;
an unclosed fence is text), blocks indented four spaces more than their container (a callout,
a list item), and inline code spans within a paragraph. Directives are never read there."""

from __future__ import annotations

import re

RE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
RE_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
RE_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n)")
# A line whose content is indented below it: a callout, a collapsible block, a list item.
RE_CONTAINER = re.compile(r"^[ \t]*(?:(?:!!!|\?\?\?\+?)[ \t]|(?:[-*+]|\d+[.)])[ \t]+\S)")
CODE = "\x00{}\x00"
RE_CODE_MARK = re.compile("\x00(\\d+)\x00")


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def _closing(lines: list[str], start: int, fence: str) -> int | None:
    for j in range(start, len(lines)):
        text = lines[j].strip()
        if text and set(text) == {fence[0]} and len(text) >= len(fence):
            return j
    return None


def mask_code(text: str) -> tuple[str, list[str]]:
    """`text` with every code block — fenced (closed: an unclosed fence is text, as Markdown
    shows it), indented by four spaces more than its container — and every inline code span
    (within its paragraph) replaced by a mark; `unmask` puts the code back as it was."""
    kept: list[str] = []

    def keep(code: str) -> str:
        kept.append(code)
        return CODE.format(len(kept) - 1)

    lines, out = text.split("\n"), []
    containers, after_blank, i = [0], True, 0
    while i < len(lines):
        line = lines[i]
        fence = RE_FENCE.match(line)
        if fence and not (fence.group(1)[0] == "`" and "`" in line[fence.end():]):
            end = _closing(lines, i + 1, fence.group(1))
            if end is not None:
                out.append(keep("\n".join(lines[i:end + 1])))
                i, after_blank = end + 1, False
                continue
        if not line.strip():
            out.append(line)
            i, after_blank = i + 1, True
            continue
        indent = _indent(line)
        while len(containers) > 1 and indent < containers[-1]:
            containers.pop()
        opens = RE_CONTAINER.match(line) is not None
        if after_blank and not opens and indent >= containers[-1] + 4:  # an indented code block
            end = i
            while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) >= containers[-1] + 4):
                end += 1
            last = end
            while last > i and not lines[last - 1].strip():
                last -= 1
            out.append(keep("\n".join(lines[i:last])))
            out.extend(lines[last:end])
            i, after_blank = end, last < end
            continue
        if opens:
            containers.append(indent + 4)
        out.append(line)
        i, after_blank = i + 1, False
    chunks = RE_PARAGRAPH_BREAK.split("\n".join(out))  # a code span never crosses a blank line
    masked = "".join(RE_INLINE_CODE.sub(lambda m: keep(m.group(0)), chunk) if n % 2 == 0 else chunk
                     for n, chunk in enumerate(chunks))
    return masked, kept


def without_code(text: str) -> str:
    """`text` with its code (blocks and spans) blanked, every line where it was: for checks that
    read what a page says and point at the line."""
    masked, kept = mask_code(text)
    return RE_CODE_MARK.sub(lambda m: "\n" * kept[int(m.group(1))].count("\n"), masked)


def unmask(text: str, kept: list[str]) -> str:
    while RE_CODE_MARK.search(text):
        text = RE_CODE_MARK.sub(lambda m: kept[int(m.group(1))], text)
    return text


