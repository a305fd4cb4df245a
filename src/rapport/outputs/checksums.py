"""`SHA256SUMS` for the downloads (the zips and every PDF), which IT checks a release by."""

from __future__ import annotations

import hashlib
from pathlib import Path

SUMS = "SHA256SUMS"


def downloads(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".zip", ".pdf"))


def write_sums(folder: Path) -> Path:
    """SHA256SUMS in `folder`, in `sha256sum -c` format, for every zip and PDF in it."""
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}"
             for p in downloads(folder)]
    target = folder / SUMS
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def checksums_step(run, site, folder: Path) -> None:
    """SHA256SUMS for the zips and every PDF (not itself in the zip or the service worker)."""
    write_sums(folder)
