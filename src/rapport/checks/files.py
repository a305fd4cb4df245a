"""Files: nothing from outside the project reaches the site. A symbolic link in docs/ or
overrides/ that points outside its folder, or nowhere, is an error naming the link."""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Finding, Site


def _links(folder: Path):
    for top, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(top, name)
            if path.is_symlink():
                yield path


def check_files(site: Site) -> list[Finding]:
    findings = []
    for folder in (site.docs_dir, site.custom_dir):
        if folder is None or not folder.is_dir():
            continue
        for link in _links(folder):
            target = Path(os.readlink(link))
            shown = site.shown_link(link)
            if not link.exists():
                findings.append(Finding(shown, 1, 1, "file-link", f"this link points to {target}, which does not exist",
                                        "remove the link, or put the file itself here"))
            elif not link.resolve().is_relative_to(folder):
                findings.append(Finding(shown, 1, 1, "file-link",
                                        f"this link points outside {folder.name}/ (to {link.resolve()}), "
                                        "which would be published", f"copy the file into {folder.name}/ instead of linking it"))
    return findings
