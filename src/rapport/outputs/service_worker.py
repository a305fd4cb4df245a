"""sw.js: a small service worker that keeps the site readable offline after a first visit.

A first visit caches the shell of the page's edition (its theme and our assets, its search
index, its home page) and the page; other pages and PDFs are cached as they are opened, and
an edition's every file only when the learner asks to keep the course (offline.js). The cache
is named after a hash of every shipped file, so a new build replaces it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .offline_zip import shipped_files
from .sizes import human_size

TEMPLATES = Path(__file__).parent.parent / "templates"


def edition_files(staging: Path, folders: tuple[str, ...]) -> dict[str, list[str]]:
    """Each edition's shipped files ("" the main one, "es/" …), relative to the site, sw.js left out."""
    names = [p.relative_to(staging).as_posix() for p in shipped_files(staging) if p.name != "sw.js"]
    nested = [f for f in folders if f]
    return {folder: [n for n in names if n.startswith(folder)
                     and not any(n.startswith(other) for other in nested if other != folder and other.startswith(folder))]
            for folder in folders}


def shell(files: list[str], folder: str) -> list[str]:
    """What every page of an edition needs: its theme and our assets (not the card's font, which
    only the card page loads: kept with the page that loads it), its search index, its home page."""
    return [n for n in files if (n.startswith(folder + "assets/") and not n.startswith(folder + "assets/fonts/"))
            or n in (folder + "index.html", folder + "search/search_index.json")]


def write_service_worker(staging: Path, editions: tuple[tuple[str, str], ...]) -> None:
    """sw.js for the editions (folder, language) built into `staging`."""
    files = edition_files(staging, tuple(folder for folder, _ in editions))
    digest = hashlib.sha256()
    for name in sorted(n for names in files.values() for n in names):
        digest.update(name.encode() + b"\0" + (staging / name).read_bytes())
    shells = {folder: shell(names, folder) for folder, names in files.items()}
    sizes = {folder: human_size(sum((staging / n).stat().st_size for n in files[folder] if not n.endswith(".zip")), lang)
             for folder, lang in editions}
    script = (TEMPLATES / "sw.js").read_text(encoding="utf-8")
    for mark, value in (("__VERSION__", digest.hexdigest()[:16]), ("__SHELL__", json.dumps(shells, indent=0)),
                        ("__EDITIONS__", json.dumps(files, indent=0)), ("__SIZES__", json.dumps(sizes, ensure_ascii=False))):
        script = script.replace(mark, value)
    (staging / "sw.js").write_text(script, encoding="utf-8")


def service_worker_step(run, site, staging: Path) -> None:
    """sw.js for every edition of the build, its cache named after a hash of this build."""
    write_service_worker(staging, tuple((e.folder, e.lang) for e in run.ctx.editions))
