"""Files: nothing from outside the project reaches the site. A symbolic link in docs/ or
overrides/ that points outside its folder, or nowhere, is an error naming the link."""

from __future__ import annotations

import os
import re
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


# Files a docs folder may not hold: they would be published as they are, past every check —
# scripts run by `script-src 'self'`, pages of raw HTML, and drawings that can carry scripts.
RE_PLAIN_NAME = re.compile(r"[A-Za-z0-9._~/-]+")
NOT_CONTENT = {".js", ".mjs", ".cjs", ".html", ".htm", ".xhtml", ".xht", ".shtml", ".svgz", ".swf", ".wasm"}


def check_published_files(site: Site) -> list[Finding]:
    """A file in the docs folder is published as it is: no scripts, no raw pages, and SVG
    pictures only when they hold nothing that runs or loads (read as a browser reads them)."""
    from .published import scan

    findings = []
    for path in sorted(site.docs_dir.rglob("*")):
        shown = site.shown(path)
        rel = path.relative_to(site.docs_dir).as_posix()
        if not RE_PLAIN_NAME.fullmatch(rel):
            findings.append(Finding(shown, 1, 1, "file-name", f"'{rel}' has characters that addresses and server files "
                                    "cannot carry safely", "name files and folders with letters, digits, '-', '_' and '.'"))
        if not path.is_file():
            continue
        suffix = path.suffix.lower()
        if suffix in NOT_CONTENT:
            findings.append(Finding(shown, 1, 1, "file-type", f"a {suffix} file in the docs folder is published as it is, "
                                    "past every check", "remove it: pages are Markdown, and the site runs only its own scripts"))
        elif suffix == ".svg":
            text = path.read_text(encoding="utf-8", errors="replace")
            said = [m.what for m in scan(text, content=True).met if m.what != "the <svg> tag"]
            said += ["an inline script"] if "<script" in text.lower() else []
            said += ["a foreignObject"] if "foreignobject" in text.lower() else []
            if said:
                findings.append(Finding(shown, 1, 1, "file-type", f"this picture holds {said[0]}, which a browser would run "
                                        "or load", "save it again without scripts or links, or as a PNG"))
    return findings
