#!/usr/bin/env python3
"""Performance targets, measured (not asserted in tests): `make bench`.

Builds the site once into a temporary folder and reports build time, card time, what a
reader downloads, and the zip, each against its target. Exit 1 if a target is missed.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
ROOT = Path(__file__).resolve().parent.parent

from rapport.build import build_site  # noqa: E402
from rapport.card import build_cards  # noqa: E402
from rapport.model import load_site  # noqa: E402

# (what, unit, target): the numbers a clinic PC on a slow link, and CI's 2 cores, can live with.
TARGETS = {
    "build": ("s", 30.0),
    "card": ("s", 5.0),
    "first view, raw": ("KB", 350.0),
    "first view, gzip": ("KB", 100.0),
    # Per page, so a library that grows by modules keeps to the same weight for each page.
    "site w/o downloads, per page": ("KB", 80.0),
    "handbook (Letter)": ("s", 3.0),
    # The zip carries the handbook, handouts and session sheets too (about 700 KB of PDF).
    "zip": ("KB", 1500.0),
}


def first_view(site: Path, page: str) -> tuple[int, int]:
    """Bytes a first visit to `page` fetches: the page, its stylesheets and scripts."""
    html_path = site / page
    html = html_path.read_text(encoding="utf-8")
    files = [html_path]
    for ref in re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"#?]+\.(?:css|js))"', html):
        target = (html_path.parent / ref).resolve()
        if target.is_file():
            files.append(target)
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, packed


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        start = time.perf_counter()
        build_site(ROOT / "mkdocs.yml", out)
        measured = {"build": time.perf_counter() - start}
        site = load_site(ROOT / "mkdocs.yml")
        start = time.perf_counter()
        build_cards(site, Path(tmp) / "cards")
        measured["card"] = time.perf_counter() - start
        from rapport import paper

        start = time.perf_counter()
        paper.write(site, out, only={"handbook-letter.pdf"})
        measured["handbook (Letter)"] = time.perf_counter() - start
        raw, packed = first_view(out, "tips/be-curious.html")
        measured["first view, raw"] = raw / 1000
        measured["first view, gzip"] = packed / 1000
        downloads = {".pdf", ".zip"}
        files = [p for p in out.rglob("*") if p.is_file() and p.suffix not in downloads]
        pages = [p for p in files if p.suffix == ".html"]
        measured["site w/o downloads, per page"] = sum(p.stat().st_size for p in files) / len(pages) / 1000
        measured["zip"] = (out / "building-trust-rapport.zip").stat().st_size / 1000
    failed = 0
    print(f"{'measure':<26}{'value':>10}  {'target':>10}")
    for name, (unit, target) in TARGETS.items():
        ok = measured[name] <= target
        failed += not ok
        print(f"{name:<26}{measured[name]:>8.1f} {unit:<2} {'<=':>2} {target:>6.0f} {unit:<2}  {'ok' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
