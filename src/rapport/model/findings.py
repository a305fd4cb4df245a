"""Findings and the one error type that carries them.

Every problem the engine can report — in a page, in mkdocs.yml, on the card, in a
publishing step — is a `Finding` printed as `path:line:col: rule: message (hint)`.
Every error the engine raises is a `RapportError` holding findings, so the command line
and the MkDocs plugin catch one type and print it, never a traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable


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
        label = self.rule if self.severity == "error" else f"{self.rule} ({self.severity})"
        text = f"{self.path}:{self.line}:{self.col}: {label}: {self.message}"
        return shown(f"{text} ({self.hint})" if self.hint else text)


# Control characters (C0 but tab, DEL, C1) and the bidirectional overrides: content quoted in a
# message must not drive the author's terminal (colours, titles, hidden or reordered text).
RE_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """`text` with every control character written as an escape (`\\x1b`), so it prints as it is."""
    return RE_CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]


class RapportError(Exception):
    """Something the author or IT must fix; `findings` say where, `heading` what failed."""

    heading = "The build cannot go on"

    def __init__(self, findings: list[Finding] | str, heading: str | None = None):
        if isinstance(findings, str):
            findings = [Finding("", 0, 0, "error", findings)]
        self.findings = list(findings)
        if heading is not None:
            self.heading = heading
        super().__init__(self.text())

    def __reduce__(self):
        # Rebuilt whole when it crosses from a worker process (rapport.outputs.workers).
        return (type(self), (self.findings, self.heading))

    def text(self) -> str:
        lines = [f.message if not f.path else str(f) for f in self.findings]
        return f"{self.heading}:\n" + "\n".join(lines)
