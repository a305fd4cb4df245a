"""A Markdown page read once: front matter, blocks, callouts, headings and prose, each
computed on first use and kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .blocks import Block, Callout, Structure, scan_page
from .findings import Finding
from .frontmatter import FrontMatter, read_front_matter
from .grammar import BLOCKS, QUESTION_BLOCKS
from .prose import ProseLine, body_prose, list_prose, meta_prose


@dataclass
class Page:
    path: str  # as shown in messages, e.g. docs/tips/be-curious.md
    text: str
    rel: str = ""  # relative to docs/, e.g. tips/be-curious.md
    read_findings: list[Finding] = field(default_factory=list)  # e.g. not UTF-8

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()

    @cached_property
    def front(self) -> FrontMatter:
        return read_front_matter(self.text, self.path)

    @property
    def meta(self) -> dict[str, Any]:
        return self.front.meta

    @property
    def body_start(self) -> int:
        return self.front.body_start

    def line_of(self, key: str) -> int:
        return self.front.key_lines.get(key, 1)

    @cached_property
    def structure(self) -> Structure:
        return scan_page(self.lines[self.body_start - 1:], self.body_start, self.path)

    @property
    def blocks(self) -> list[Block]:
        """The outermost blocks, in source order, whatever container they sit in."""
        return self.structure.blocks

    def walk(self):
        """(block, parent block or None) for every block at every depth, in source order."""
        for block in self.blocks:
            yield from block.walk()

    @cached_property
    def questions(self) -> list[Block]:
        """Questions and scenarios, in page order (the order the reader meets them)."""
        return [b for b, _ in self.walk() if b.name in QUESTION_BLOCKS]

    @cached_property
    def anchors(self) -> dict[int, str]:
        """The id each question and scenario gets in the HTML, by its header line."""
        counts: dict[str, int] = {}
        out = {}
        for block in self.questions:
            if block.final:  # never on the tip's page, so never in its numbering; named by its id
                out[block.line] = str(block.options.get("id") or f"final-{block.line}")
                continue
            counts[block.name] = counts.get(block.name, 0) + 1
            out[block.line] = BLOCKS[block.name].anchor(counts[block.name], str(block.options.get("id") or ""))
        return out

    def question_specs(self, shown: bool = False) -> list[tuple[str, int, list[int], bool]]:
        """(anchor, number of options, right option numbers, shuffle) of each multiple-choice question
        (`shown`: of those the page shows, without its final items)."""
        out = []
        for block in self.questions:
            if block.name != "question" or (shown and block.final):
                continue
            options = [c for c in block.children if c.name == "option"]
            right = [n for n, o in enumerate(options, 1) if o.options.get("correct") is True]
            out.append((self.anchors[block.line], len(options), right, block.options.get("shuffle", True) is not False))
        return out

    @property
    def callouts(self) -> list[Callout]:
        return self.structure.callouts

    @property
    def headings(self) -> list[tuple[int, int, str]]:
        return self.structure.headings

    @cached_property
    def prose(self) -> list[ProseLine]:
        return meta_prose(self) + list_prose(self) + body_prose(self)

    @property
    def findings(self) -> list[Finding]:
        """Problems found while reading: encoding, front matter and block syntax."""
        return self.read_findings + self.front.findings + self.structure.findings


def parse_page(text: str, shown: str, rel: str = "") -> Page:
    return Page(shown, text.removeprefix("\ufeff"), rel)


def read_page(path: Path, shown: str | None = None, rel: str = "") -> Page:
    """Read a Markdown file into the model; a file that is not UTF-8 is read with a finding."""
    shown = shown or str(path)
    data = Path(path).read_bytes()
    try:  # a byte-order mark (older Notepad) is not part of the text, as MkDocs reads it too
        return Page(shown, data.decode("utf-8-sig"), rel)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        return Page(shown, data.decode("utf-8", errors="replace"), rel, [Finding(
            shown, line, 1, "encoding", "the file is not saved as UTF-8 text",
            "save it as UTF-8 in your editor (the usual choice)")])
