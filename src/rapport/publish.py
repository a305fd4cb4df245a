"""Publishing steps run on the built site before it is swapped into place.

Each step takes (site, staging folder). `card_step` writes the card PDFs; `fill_sizes`
writes each downloadable file's size into the links that point at it.
"""

from __future__ import annotations

import re
from pathlib import Path

from .card import CardError, build_cards
from .checks import Site

# <span class="rp-size" data-file="pocket-card.pdf">PDF</span> -> PDF, 18 KB
RE_SIZE = re.compile(r'(<span class="rp-size" data-file="([^"]+)">)([^<]*)(</span>)')


def human_size(n: int) -> str:
    """A rounded size as people read it: 18 KB, 1.2 MB."""
    if n < 1000 * 1000:
        return f"{max(1, round(n / 1000))} KB"
    return f"{n / 1000 / 1000:.1f} MB"


def kind_of(name: str) -> str:
    return {".pdf": "PDF", ".zip": "ZIP"}.get(Path(name).suffix.lower(), Path(name).suffix.lstrip(".").upper())


def fill_sizes(site_dir: Path) -> int:
    """Write 'PDF, 18 KB' into every size placeholder whose file exists; return how many."""
    filled = 0
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if 'class="rp-size"' not in text:
            continue

        def repl(m: re.Match) -> str:
            nonlocal filled
            target = (page.parent / m.group(2)).resolve()
            if not target.is_file():
                raise FileNotFoundError(f"{page.relative_to(site_dir)} links {m.group(2)}, which the build did not write")
            filled += 1
            return f"{m.group(1)}{kind_of(m.group(2))}, {human_size(target.stat().st_size)}{m.group(4)}"

        page.write_text(RE_SIZE.sub(repl, text), encoding="utf-8")
    return filled


def card_step(site: Site, staging: Path) -> None:
    build_cards(site, staging)


__all__ = ["CardError", "card_step", "fill_sizes", "human_size"]
