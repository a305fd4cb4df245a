"""The two types a page's blocks are made of: a `Line` of a container and a `Block` as written.
Below both the scanner (blocks.py) and the option reader (blockoptions.py), so neither
imports the other's types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Line:
    """A line as seen inside its container: `text` starts at column `col` (0-based) of line `number`."""

    number: int
    col: int
    text: str


@dataclass
class Block:
    """A `/// name | title` block as written in the Markdown source."""

    name: str
    title: str
    line: int  # 1-based line of the header in the file
    col: int  # 0-based column where the block's lines start (its container's indent)
    fence: int  # number of slashes
    options: dict[str, Any] = field(default_factory=dict)
    body: list[Line] = field(default_factory=list)  # body lines outside child blocks
    children: list["Block"] = field(default_factory=list)
    source: list[str] = field(default_factory=list)  # header to closing line, as written
    end_line: int = 0  # the closing line (the last line of the page when never closed)
    container: str = ""  # "", or the containers it sits in: "callout", "list", "quote"

    @property
    def final(self) -> bool:
        """A final-check item (`final: true`): shown in the final check, never on its tip's page."""
        return self.name == "question" and self.options.get("final") is True

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.body).strip()

    def walk(self, parent: "Block | None" = None):
        yield self, parent
        for child in self.children:
            yield from child.walk(self)
