"""Sources a trainer can find: every source a page's table names in its Source column is in
that page's Sources list (the `##` section headed Sources, Fuentes …), by its short name.

A row citing "ONDCP 2017; VA" needs ONDCP and VA in the list, each as a whole word (the list
gives short names in brackets: "Office of National Drug Control Policy (ONDCP)").
"""

from __future__ import annotations

import re

from ..model import Finding, Page

SOURCE_COLUMNS = {"source", "sources", "fuente", "fuentes"}
RE_NAME = re.compile(r"[A-Za-zÀ-ÿ][\w&.-]*")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def check_sources(page: Page) -> list[Finding]:
    lines = page.lines
    headings = [(line, level, text) for line, level, text in page.headings]
    listed_at = next(((line, level) for line, level, text in headings
                      if level == 2 and re.sub(r"\s*\{.*\}$", "", text).strip().lower() in SOURCE_COLUMNS), None)
    findings: list[Finding] = []
    tables = []
    for n, text in enumerate(lines, 1):
        if n in page.structure.code_lines or not text.lstrip().startswith("|"):
            continue
        cells = _cells(text)
        if n < len(lines) and re.fullmatch(r"\|?\s*:?-{3,}.*", lines[n].strip()):  # a header row
            column = next((i for i, c in enumerate(cells) if c.lower() in SOURCE_COLUMNS), None)
            tables.append(column)
            continue
        if tables and tables[-1] is not None and not re.fullmatch(r"[\s|:-]+", text):
            column = tables[-1]
            if column < len(cells):
                for part in re.split(r"[;,]", cells[column]):
                    m = RE_NAME.search(part)
                    if m:
                        findings += _listed(page, n, m.group(0), listed_at)
    return findings


def _listed(page: Page, line: int, name: str, listed_at) -> list[Finding]:
    if listed_at is None:
        return [Finding(page.path, line, 1, "sources", f"this table cites '{name}', and the page has no Sources list",
                        "add a `## Sources` section listing each source in full, with its short name in brackets")]
    start, _ = listed_at
    end = next((h for h, level, _ in page.headings if h > start and level <= 2), len(page.lines) + 1)
    section = "\n".join(page.lines[start:end - 1])
    if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", section):
        return []
    return [Finding(page.path, line, 1, "sources", f"this table cites '{name}', which is not in the page's Sources list",
                    f"add it there in full (title, publisher, year, a link), with ({name}) after its name")]
