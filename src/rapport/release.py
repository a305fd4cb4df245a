"""What IT staff check a release by: the version and content date (in every page's footer and
in the zip's folder name) and `SHA256SUMS` for the downloads (the zips and every PDF)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import __version__
from .model import Site, strings

SUMS = "SHA256SUMS"
ZIP_STEM = "building-trust-rapport"


def content_date(site: Site) -> str:
    return site.date.strftime("%Y-%m-%d")


def zip_folder(site: Site) -> str:
    """The offline zip's one folder: building-trust-rapport-<version>-<content date>."""
    return f"{ZIP_STEM}-{__version__}-{content_date(site)}"


def version_line(site: Site) -> str:
    return strings.text(site.lang, "version_line", version=__version__, date=content_date(site))


def downloads(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".zip", ".pdf"))


def write_sums(folder: Path) -> Path:
    """SHA256SUMS in `folder`, in `sha256sum -c` format, for every zip and PDF in it."""
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(folder).as_posix()}"
             for p in downloads(folder)]
    target = folder / SUMS
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
