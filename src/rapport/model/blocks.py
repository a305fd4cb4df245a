"""The line-tracking scanner: one pass over a page's body that finds every `///` block,
callout and heading outside fenced code, with its line, at any nesting Markdown allows.

Python-Markdown parses the inside of an admonition (`!!!`), a details block (`???`) and a
list item as Markdown of its own, four spaces in, and pymdown-extensions renders our
blocks there too; so the scanner reads those containers recursively, keeping each line's
number and column in the file. A block inside a blockquote is read and flagged.

Syntax the Blocks API would refuse or misread is reported here as findings; what a valid
block must contain is checked by `rapport.checks.blocks` against `rapport.model.grammar`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .findings import Finding
from .blockoptions import is_setting, read_options, text_indented, wrong_indent
from .blocktypes import Block, Line
from .grammar import BLOCKS

RE_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
RE_BLOCK_START = re.compile(r"^([ ]{0,3})(/{3,})[ ]*([\w-]+)[ ]*(?:\|[ ]*(.*?)[ ]*)?$")
RE_BLOCK_END = re.compile(r"^[ ]{0,3}(/{3,})[ ]*$")
RE_CALLOUT = re.compile(r"^[ ]{0,3}(!!!|\?\?\?\+?)[ ]+([\w-]+)((?:[ ]+[\w-]+)*)[ ]*")
RE_LIST_ITEM = re.compile(r"^[ ]{0,3}(?:[-*+]|\d+[.)])[ ]+")
RE_QUOTE = re.compile(r"^[ ]{0,3}>[ ]?")
RE_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ ]+(.*?)[ #]*$")
RE_STRAY_OPTION = re.compile(r"^( {0,3})([A-Za-z_]\w*)\s*:")
RE_INDENTED_FENCE = re.compile(r"^( {4,})(/{3,}.*)$")
INDENT = "    "


@dataclass
class Callout:
    kind: str  # try-this, reflect, ... (or note, tip for Material's own types)
    line: int
    col: int
    title_col: int  # where the title after the type starts (0-based)
    text: str = ""  # the callout's own text, lines joined


@dataclass
class Structure:
    """What the scanner found in a page's body."""

    blocks: list[Block] = field(default_factory=list)  # outermost blocks, in source order
    callouts: list[Callout] = field(default_factory=list)
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (line, level, text)
    code_lines: set[int] = field(default_factory=set)  # inside fenced code
    markup_lines: dict[int, str] = field(default_factory=dict)  # line -> "header", "options", "end"
    findings: list[Finding] = field(default_factory=list)


def _container(lines: list[Line], start: int) -> int:
    """The end (exclusive) of an indented container whose header is lines[start]."""
    end = start + 1
    last = start
    while end < len(lines):
        text = lines[end].text
        if text.strip() and not text.startswith(INDENT) and not text.startswith("\t"):
            break
        if text.strip():
            last = end
        end += 1
    return last + 1


def _dedent(lines: list[Line]) -> list[Line]:
    out = []
    for line in lines:
        text = line.text.replace("\t", INDENT, 1) if line.text.startswith("\t") else line.text
        cut = len(text) - len(text.lstrip(" ")) if not text.strip() else min(4, len(text) - len(text.lstrip(" ")))
        out.append(Line(line.number, line.col + cut, text[cut:]))
    return out


def scan(lines: list[Line], path: str, container: str = "", into: Structure | None = None) -> Structure:
    """Scan lines of one container (the page body is the outermost) into `into`."""
    found = into if into is not None else Structure()
    stack: list[tuple[Block, int]] = []  # open blocks with the index of their header

    def attach(blocks: list[Block]) -> None:
        (stack[-1][0].children if stack else found.blocks).extend(blocks)

    fence: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text
        if fence is not None or RE_FENCE.match(text):  # fenced code: examples are not blocks
            found.code_lines.add(line.number)
            if fence is None:
                fence = RE_FENCE.match(text).group(1)
            elif set(text.strip()) == {fence[0]} and len(text.strip()) >= len(fence):
                fence = None
            i += 1
            continue
        if RE_QUOTE.match(text):
            end = i
            while end < len(lines) and RE_QUOTE.match(lines[end].text):
                end += 1
            inner = [Line(l.number, l.col + RE_QUOTE.match(l.text).end(), l.text[RE_QUOTE.match(l.text).end():])
                     for l in lines[i:end]]
            if stack:
                stack[-1][0].body.extend(lines[i:end])
            attach(_new_blocks(found, inner, path, container + " quote"))
            i = end
            continue
        callout = RE_CALLOUT.match(text)
        item = RE_LIST_ITEM.match(text) if not callout else None
        if callout or item:
            end = _container(lines, i)
            inner = _dedent(lines[i + 1:end])
            if callout:
                found.callouts.append(Callout(callout.group(2), line.number, line.col, line.col + callout.end(),
                                              " ".join(l.text.strip() for l in inner if l.text.strip())))
            else:
                inner = [Line(line.number, line.col + item.end(), text[item.end():])] + inner
            if stack:
                stack[-1][0].body.extend(lines[i:end])
            attach(_new_blocks(found, inner, path, container + (" callout" if callout else " list")))
            i = end
            continue
        heading = RE_HEADING.match(text)
        if heading:
            found.headings.append((line.number, len(heading.group(1)), heading.group(2)))
        indented = RE_INDENTED_FENCE.match(text) if stack else None
        if indented and (RE_BLOCK_END.match(indented.group(2)) or RE_BLOCK_START.match(indented.group(2))):
            found.findings.append(Finding(path, line.number, line.col + 1, "block-indent",
                                          f"this line starts with {len(indented.group(1))} spaces; lines of slashes "
                                          f"start at the left edge, like the /// line of the {stack[0][0].name}",
                                          "remove the spaces before the slashes"))
            text = indented.group(2)
            line = Line(line.number, line.col + len(indented.group(1)), text)
        end_m = RE_BLOCK_END.match(text)
        if end_m:
            found.markup_lines[line.number] = "end"
            length = len(end_m.group(1))
            if any(b.fence == length for b, _ in stack):
                while stack:
                    block, start = stack.pop()
                    block.end_line = line.number
                    block.source = [l.text for l in lines[start:i + 1]]
                    if block.fence == length:
                        break
                    found.findings.append(unclosed(path, block))  # the root cause, at the block's own line
            else:
                found.findings.append(Finding(path, line.number, line.col + 1, "block-nesting",
                                              f"a closing line of {length} slashes with no block of that size open",
                                              "remove it, or match the number of slashes of the block it closes"))
            i += 1
            continue
        start = RE_BLOCK_START.match(text)
        if start:
            block = Block(name=start.group(3).lower(), title=(start.group(4) or "").strip(), line=line.number,
                          col=line.col, fence=len(start.group(2)), container=container.strip())
            found.markup_lines[line.number] = "header"
            parent = BLOCKS[block.name].parent if block.name in BLOCKS else None
            while stack and block.fence <= stack[-1][0].fence and block.name in BLOCKS:
                outer, outer_start = stack[-1]
                if parent == outer.name:  # its child, written with too few slashes
                    found.findings.append(Finding(path, line.number, line.col + 1, "block-nesting",
                                                  f"this {block.name} needs more slashes than its {outer.name} "
                                                  f"(line {outer.line})", f"start it with {'/' * (outer.fence + 1)}"))
                    break
                stack.pop()  # a block with as many slashes cannot sit inside: the one before was never closed
                outer.end_line = lines[i - 1].number
                outer.source = [l.text for l in lines[outer_start:i]]
                found.findings.append(unclosed(path, outer))
            attach([block])
            stack.append((block, i))
            i = self_options(block, lines, i + 1, path, found)
            continue
        if stack:
            stack[-1][0].body.append(line)
        i += 1
    for block, start in stack:
        block.end_line = lines[-1].number
        block.source = [l.text for l in lines[start:]]
        found.findings.append(unclosed(path, block))
    return found


def unclosed(path: str, block: Block) -> Finding:
    after = {"option": "its feedback", "answer": "the model answer"}.get(block.name, f"the whole {block.name}")
    return Finding(path, block.line, block.col + 1, "block-unclosed", f"the {block.name} starting here is never closed",
                   f"end it with a line holding only {'/' * block.fence}, after {after}")


def self_options(block: Block, lines: list[Line], i: int, path: str, found: Structure) -> int:
    """Read the settings under a header from lines[i]; return the index of the first line after them."""
    settings: list[Line] = []
    flagged = False
    while i < len(lines) and lines[i].text.strip() and lines[i].text.startswith((INDENT, "\t")):
        line = Line(lines[i].number, lines[i].col, lines[i].text.replace("\t", INDENT, 1))
        if is_setting(block, line.text) and not flagged:
            settings.append(line)
            found.markup_lines[line.number] = "options"
        else:  # text indented like a setting: the block's own text, said once
            if not flagged:
                found.findings.append(text_indented(path, line, len(line.text) - len(line.text.lstrip()), block))
                flagged = True
            block.body.append(Line(line.number, line.col + 4, line.text[4:]))
        i += 1
    found.findings.extend(read_options(block, settings, path))
    stray = RE_STRAY_OPTION.match(lines[i].text) if i < len(lines) and not settings else None
    if stray and block.name in BLOCKS and stray.group(2) in BLOCKS[block.name].options:
        line = lines[i]
        found.findings.append(wrong_indent(path, line, len(stray.group(1)), block))
        found.markup_lines[line.number] = "options"
        found.findings.extend(f for f in read_options(block, [Line(line.number, line.col, INDENT + line.text.strip())], path))
        i += 1
    return i


MAX_NESTING = 40  # containers (quotes, lists, callouts) inside each other: far more than any page needs


def _new_blocks(found: Structure, inner: list[Line], path: str, container: str) -> list[Block]:
    """Scan a container's lines into `found`; return the outermost blocks found inside it."""
    if container.count(" ") >= MAX_NESTING:
        if inner and not any(f.rule == "nesting" for f in found.findings):
            found.findings.append(Finding(path, inner[0].number, inner[0].col + 1, "nesting",
                                          f"quotes, lists or callouts are nested more than {MAX_NESTING} deep here",
                                          "nest a few levels at most; readers (and screen readers) lose their place"))
        return []
    sub = scan(inner, path, container, Structure())
    found.callouts += sub.callouts
    found.headings += sub.headings
    found.code_lines |= sub.code_lines
    found.markup_lines.update(sub.markup_lines)
    found.findings += sub.findings
    return sub.blocks


def scan_page(lines: list[str], first_line: int, path: str) -> Structure:
    """Scan a page's body lines (numbered from `first_line`)."""
    structure = scan([Line(first_line + n, 0, text) for n, text in enumerate(lines)], path)
    structure.callouts.sort(key=lambda c: c.line)
    structure.headings.sort()
    return structure


def without_final_items(text: str) -> str:
    """A tip's Markdown without its final-check items (`final: true`), found by this scanner
    (never inside code): they are asked in the final check, not on the tip's page."""
    lines = text.split("\n")
    drop: set[int] = set()
    for top in scan_page(lines, 1, "").blocks:
        for block, _ in top.walk():
            if block.final:
                drop.update(range(block.line, (block.end_line or block.line) + 1))
    return "\n".join(line for n, line in enumerate(lines, 1) if n not in drop) if drop else text
