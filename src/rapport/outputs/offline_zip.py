"""The offline zip: the whole site in one file (unzip, open index.html), its size on the home page."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..model import release
from ..pipeline.steps import part_file
from . import hosting
from .checksums import SUMS
from .sizes import fill_sizes

ZIP_NAME = "building-trust-rapport.zip"
ZIP_FOLDER = "building-trust-rapport"


def shipped_files(staging: Path) -> list[Path]:
    """The files a reader gets: everything but the zips and the server files (rapport.outputs.hosting)."""
    return sorted(p for p in staging.rglob("*") if p.is_file()
                  and p.name not in (ZIP_NAME, SUMS) and not p.name.endswith("-scorm12.zip")
                  and not hosting.is_server_file(p.relative_to(staging)))


def write_zip(folder: Path, target: Path, when: tuple[int, ...], files: list[Path] | None = None,
              top: str = ZIP_FOLDER) -> None:
    """A reproducible zip of `files` (default: the shipped files): in order, fixed dates,
    under one top folder (none when `top` is empty)."""
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in shipped_files(folder) if files is None else files:
            name = path.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(f"{top}/{name}" if top else name, date_time=when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())


def zip_step(run, site, staging: Path) -> None:
    """Zip the site for offline use; the size shown on the home page is the zip's own."""
    when = site.date.timetuple()[:6]
    target = staging / ZIP_NAME
    fill_sizes(staging, missing_ok=True)
    for _ in range(5):  # the home page inside the zip shows the zip's size: settle it
        tmp = part_file(staging)
        write_zip(staging, tmp, when, top=release.zip_folder(site))
        tmp.replace(target)
        if not fill_sizes(staging):
            return
    raise RuntimeError("the zip size shown on the home page did not settle")
