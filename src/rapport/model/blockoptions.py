"""The settings under a block's header (`    correct: true`): read as YAML, checked against the
grammar's names, with the root cause of every mis-indentation said once, at its line."""

from __future__ import annotations

import re
import textwrap

import yaml

from .frontmatter import FAST_LOADER

from .blocktypes import Block, Line
from .findings import Finding
from .grammar import BLOCKS, COMMON_OPTIONS

RE_SETTING = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*:")
TEXT_OF = {"option": "its feedback", "question": "the question's own text", "scenario": "the prompt",
           "answer": "the model answer"}


def article(name: str) -> str:
    return "an" if name[:1] in "aeiou" else "a"


def is_setting(block: "Block", text: str) -> bool:
    m = RE_SETTING.match(text)
    return bool(m) and (block.name not in BLOCKS or m.group(1) in BLOCKS[block.name].options
                        or m.group(1) in COMMON_OPTIONS or text.startswith("    "))


def wrong_indent(path: str, line: "Line", spaces: int, block: "Block") -> Finding:
    """A setting indented other than 4 spaces."""
    return Finding(path, line.number, line.col + 1, "block-indent",
                   f"this line starts with {spaces} space{'s' if spaces != 1 else ''}; settings under "
                   f"{article(block.name)} {block.name} start with 4", "indent it by exactly 4 spaces")


def text_indented(path: str, line: "Line", spaces: int, block: "Block") -> Finding:
    """Text indented like a setting: it is the block's text, which starts at the left edge."""
    what = TEXT_OF.get(block.name, "its text")
    return Finding(path, line.number, line.col + 1, "block-indent",
                   f"this line starts with {spaces} spaces, like a setting; {what} starts at the left edge",
                   "remove the spaces at the start of the line")


def read_options(block: Block, lines: list[Line], path: str) -> list[Finding]:
    """Read the YAML options under a block's header; unknown names are findings."""
    if not lines:
        return []
    first = lines[0].number
    col = lines[0].col + 5
    try:
        text = textwrap.dedent("\n".join(line.text for line in lines))
        try:
            data = yaml.load(text, Loader=FAST_LOADER)  # LibYAML where there is one: read for every page, every build
        except (ValueError, TypeError, yaml.YAMLError):
            data = yaml.safe_load(text)  # the pure-Python reader's messages are the ones shown
    except (ValueError, TypeError) as exc:  # YAML's grammar passed, the value did not (a 30 February)
        return [Finding(path, first, col, "question-options", f"an option of this {block.name} cannot be read: {exc}",
                        "write each option as `name: value`, for example `correct: true`")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        return [Finding(path, first + (mark.line if mark is not None else 0), col, "question-options",
                        f"the options of this {block.name} are not valid YAML: {problem}",
                        "write each option as `name: value`, indented 4 spaces under the /// line")]
    if data is None:
        return []
    if not isinstance(data, dict):
        return [Finding(path, first, col, "question-options", f"the options of this {block.name} must be `name: value` lines",
                        "for example `correct: true`")]
    spec = BLOCKS.get(block.name)
    findings = []
    for key, value in data.items():
        line = next((l.number for l in lines if l.text.strip().startswith(f"{key}:")), first)
        if spec is not None and key not in spec.options and key not in COMMON_OPTIONS:
            known = ", ".join(sorted(spec.options)) or "none"
            findings.append(Finding(path, line, col, "question-options", f"unknown option '{key}' on a {block.name}",
                                    f"options a {block.name} accepts: {known}"))
            continue
        block.options[key] = value
    return findings


