"""Every download's size, written into the links to it (`PDF, 18 KB`), in the page's language."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from ..model import strings

# <span class="rp-size" data-file="pocket-card.pdf">PDF</span> -> PDF, 18 KB
RE_SIZE = re.compile(r'(<span class="rp-size" data-file="([^"]+)">)([^<]*)(</span>)')
RE_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')


def human_size(n: int, lang: str = "en") -> str:
    """A rounded size as people read it: 18 KB, 1.2 MB (1,2 MB in Spanish)."""
    if n < 1000 * 1000:
        return f"{max(1, round(n / 1000))} KB"
    return f"{strings.number_text(lang, n / 1000 / 1000)} MB"


def kind_of(name: str) -> str:
    return {".pdf": "PDF", ".zip": "ZIP", ".html": "HTML"}.get(Path(name).suffix.lower(), Path(name).suffix.lstrip(".").upper())


def fill_sizes(site_dir: Path, missing_ok: bool = False) -> bool:
    """Write 'PDF, 18 KB' into every size placeholder; return True if any page changed."""
    changed = False
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="rp-size"' not in text:
            continue
        lang = (RE_LANG.search(text) or re.match("()", "")).group(1) or "en"

        def repl(m: re.Match) -> str:
            target = (page.parent / m.group(2)).resolve()
            if not target.is_file():
                if missing_ok:
                    return m.group(0)
                raise FileNotFoundError(f"{page.relative_to(site_dir)} links {m.group(2)}, which the build did not write")
            return f"{m.group(1)}{kind_of(m.group(2))}, {human_size(target.stat().st_size, lang)}{m.group(4)}"

        new = RE_SIZE.sub(repl, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed = True
    return changed


def check_sizes_step(run, site, folder: Path) -> None:
    fill_sizes(folder)  # raises if a page links a download the build did not write


def is_download(name: str) -> bool:
    """A file a build makes for download (a PDF, a zip, a deck, the checksums), not a page or asset."""
    from .slides import is_deck

    return Path(name).suffix in (".pdf", ".zip") or name == "SHA256SUMS" or is_deck(name)


def stand_in_step(run, site, staging: Path) -> None:
    """A preview that serves its pages first: the downloads of the preview it replaces stand in
    (linked, not copied) until the build that follows makes them again, which the pages' panel
    says; their sizes go into the links."""
    old = run.ctx.stand_in
    for path in sorted(old.rglob("*")):
        target = staging / path.relative_to(old)
        if not is_download(path.name) or target.exists() or not target.parent.is_dir():
            continue
        try:
            os.link(path, target)
        except OSError:
            try:
                shutil.copy2(path, target)
            except OSError:
                continue  # that preview went while this one read it: the build that follows makes the file
    fill_sizes(staging, missing_ok=True)
