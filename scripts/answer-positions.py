#!/usr/bin/env python3
"""Where the right answers sit: a table of positions for the author's order and the shown
order (`python scripts/answer-positions.py`). Single-answer questions count their right
option's position; multiple-answer questions count each right option's position."""

from __future__ import annotations

import os
import sys
from collections import Counter

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from rapport.model import load_site  # noqa: E402


def positions(config: str = "mkdocs.yml") -> dict[str, Counter]:
    site = load_site(config)
    table = {"single, as written": Counter(), "single, as shown": Counter(),
             "multiple, as written": Counter(), "multiple, as shown": Counter()}
    for rel, orders in site.option_orders.items():
        for anchor, n, right, _ in site.page(rel).question_specs():
            kind = "single" if len(right) == 1 else "multiple"
            for r in right:
                table[f"{kind}, as written"][r] += 1
                table[f"{kind}, as shown"][orders[anchor].index(r) + 1] += 1
    return table


def main() -> int:
    table = positions(sys.argv[1] if len(sys.argv) > 1 else "mkdocs.yml")
    width = max(max(c) for c in table.values() if c)
    print("| right answers | " + " | ".join(f"pos {p}" for p in range(1, width + 1)) + " |")
    print("| --- |" + " --- |" * width)
    for name, counts in table.items():
        print(f"| {name} | " + " | ".join(str(counts.get(p, 0)) for p in range(1, width + 1)) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
