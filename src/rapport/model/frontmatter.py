"""Front matter: the `---` block at the top of a page, read with the line of every key
and the lines its value spans (a folded `summary: >-` spans several)."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .findings import Finding

# libyaml's safe loader when installed (PyYAML ships it in its wheels): the same results, faster.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RE_DATE_VALUE = re.compile(r":\s*\d{4}-\d\d?-\d\d?\s*$")


@dataclass
class FrontMatter:
    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line
    value_spans: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # key -> (first line, last line, col)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # key of a list -> the line of each item
    body_start: int = 1  # the first line after the front matter
    findings: list[Finding] = field(default_factory=list)


def _is_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False


def _compose(raw: str, loader_class) -> tuple[Any, Any]:
    """The YAML node (with the line of every key) and the value it holds."""
    loader = loader_class(raw)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else {})
    finally:
        loader.dispose()


def read_front_matter(text: str, path: str) -> FrontMatter:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return FrontMatter()
    end = next((n for n, line in enumerate(lines[1:], start=1) if line.strip() in ("---", "...")), None)
    if end is None:
        return FrontMatter(findings=[Finding(path, 1, 1, "front-matter", "the front matter starting here is never closed",
                                             "end it with a line holding only ---")])
    body_start = end + 2
    raw = "\n".join(lines[1:end])
    try:
        node, meta = _compose(raw, FAST_LOADER)
    except (yaml.YAMLError, ValueError, TypeError):
        node = meta = None  # read again below: PyYAML's own messages are the ones authors see
    try:
        if node is None:
            node, meta = _compose(raw, yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        problem = getattr(exc, "problem", None) or "not valid YAML"
        return FrontMatter(body_start=body_start, findings=[Finding(
            path, line, 1, "front-matter", f"front matter is not valid: {problem}",
            "write each field as `name: value`; put quotes around text containing a colon")])
    except (ValueError, TypeError) as exc:  # a date like 2026-13-45 passes YAML's grammar, not the calendar
        bad = next((n for n, line in enumerate(lines[1:end], start=2)
                    if RE_DATE_VALUE.search(line) and not _is_date(line.split(":", 1)[1].strip())), 2)
        return FrontMatter(body_start=body_start, findings=[Finding(
            path, bad, 1, "front-matter", f"front matter has a value that cannot be read: {exc}",
            "write dates as YYYY-MM-DD, for example 2026-11-27")])
    if not isinstance(meta, dict) or not isinstance(node, yaml.MappingNode):
        return FrontMatter(body_start=body_start, findings=[Finding(
            path, 2, 1, "front-matter", "front matter must be a list of `name: value` lines")])
    result = FrontMatter(meta=meta, body_start=body_start)
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 2
        if key in result.key_lines:
            result.findings.append(Finding(path, line, 1, "front-matter",
                                           f"'{key}' is given twice (first on line {result.key_lines[key]}); the last one wins",
                                           "keep one line for each field"))
            continue
        result.key_lines[key] = line
        last = value_node.end_mark.line + (0 if value_node.end_mark.column == 0 else 1)
        if isinstance(value_node, yaml.SequenceNode):
            result.item_lines[key] = [item.start_mark.line + 2 for item in value_node.value]
        result.value_spans[key] = (value_node.start_mark.line + 2, max(last + 1, value_node.start_mark.line + 2),
                                   value_node.start_mark.column)
    return result
