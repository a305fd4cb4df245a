"""The grammar of our Markdown blocks, declared once.

`rapport.questions` (the Markdown extension that renders the blocks) takes each block's
argument, options, defaults and allowed values from here, and so does the line-tracking
scanner in `rapport.model.blocks` with the checks in `rapport.checks.blocks`. A new option
or block is added here and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

RE_IDENTIFIER = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class Option:
    """One `name: value` option under a block's header."""

    default: Any
    kind: str  # "choice", "identifier", "boolean" or "count" (a whole number from 1)
    choices: tuple[str, ...] = ()
    example: str = ""

    def problem(self, name: str, value: Any) -> str | None:
        """Why `value` is not allowed, in the author's words; None when it is."""
        if isinstance(value, str) and self.kind in ("boolean", "count"):
            return f'`{name}: "{value}"` is text in quotes; write it without quotes'
        if self.kind == "boolean" and not isinstance(value, bool):
            return f"`{name}: {value}` is not true or false"
        if self.kind == "choice" and value not in self.choices:
            allowed = " or ".join(f"`{name}: {c}`" for c in self.choices)
            return f"{name} '{value}' is not known (use {allowed})"
        if self.kind == "count" and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            return f"`{name}: {value}` is not a whole number from 1"
        if self.kind == "identifier" and not RE_IDENTIFIER.match(str(value)):
            return f"{name} '{value}' is not usable as an anchor (use letters, digits and hyphens, starting with a letter)"
        return None


@dataclass(frozen=True)
class BlockSpec:
    name: str
    needs_title: bool  # the text after the bar
    title_hint: str  # what the text after the bar is, for messages
    options: dict[str, Option] = field(default_factory=dict)
    parent: str | None = None  # the block this one must sit directly inside
    auto_id: str | None = None  # prefix of the anchor given when no id is set

    def anchor(self, number: int, wanted: str = "") -> str:
        """The id the rendered block gets: the author's, or `<prefix>-<n>` for the n-th on the page."""
        return wanted or f"{self.auto_id}-{number}"


ID = Option("", "identifier", example="id: be-curious-1")
QUESTION_TYPES = ("single", "multiple")

BLOCKS: dict[str, BlockSpec] = {
    "question": BlockSpec("question", True, "the question",
                          {"type": Option("single", "choice", QUESTION_TYPES, "type: multiple"), "id": ID,
                           "shuffle": Option(True, "boolean", example="shuffle: false"),
                           "final": Option(False, "boolean", example="final: true"),
                           "objective": Option(0, "count", example="objective: 2")},
                          auto_id="question"),
    "option": BlockSpec("option", True, "the option as the reader sees it",
                        {"correct": Option(False, "boolean", example="correct: true"),
                         "id": Option("", "identifier", example="id: open-question")}, parent="question"),
    "scenario": BlockSpec("scenario", True, "the situation", {"id": ID}, auto_id="scenario"),
    "answer": BlockSpec("answer", False, "", parent="scenario"),
}
# Every block also takes `attrs` (pymdown-extensions Blocks adds it to all of them).
COMMON_OPTIONS = ("attrs",)
QUESTION_BLOCKS = tuple(name for name, spec in BLOCKS.items() if spec.auto_id)
