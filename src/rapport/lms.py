"""The SCORM 1.2 package for an agency's learning management system (LMS).

The package is a second build of the same content, the *LMS edition* (`RAPPORT_EDITION=scorm12`
while MkDocs builds): no service worker, no offline-zip link, none of the pages listed in
`extra.lms.leave_out`. At its root: `imsmanifest.xml` (one SCO, mastery score = the final
check's pass mark) and `launch.html`, which holds the LMS session (templates/lms/launch.js)
and shows the site's pages in a frame; questions.js in those pages keeps its answers in the
launch page's store, which the LMS keeps in `cmi.suspend_data`.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .model import Site

PACKAGE_NAME = "building-trust-rapport-scorm12.zip"
EDITION_ENV = "RAPPORT_EDITION"
MODULE_ENV = "RAPPORT_MODULE"  # in a library of modules: the module this package is of
SCORM12 = "scorm12"
LAUNCH = "launch.html"
MANIFEST = "imsmanifest.xml"
TEMPLATES = Path(__file__).parent / "templates" / "lms"
LAUNCH_ASSETS = {"launch.js": "assets/rapport/launch.js", "launch.css": "assets/rapport/launch.css"}
# Only a server (or a browser opening the folder) needs these; an LMS runs none of them.
SITE_ONLY_SCRIPTS = ("assets/rapport/offline.js",)
# A raw HTML line marked `data-online-only` (the offline-zip link) is for the website alone.
RE_ONLINE_ONLY = re.compile(r"(?m)^[ \t]*<[^>\n]*\bdata-online-only\b[^\n]*\n?")


def edition() -> str:
    """'scorm12' while the LMS edition builds, else 'site'."""
    return SCORM12 if os.environ.get(EDITION_ENV) == SCORM12 else "site"


def package_name(slug: str = "") -> str:
    """building-trust-rapport-scorm12.zip, or building-trust-rapport-<module>-scorm12.zip."""
    return PACKAGE_NAME.replace("-scorm12", f"-{slug}-scorm12") if slug else PACKAGE_NAME


def edition_module(site: Site):
    """The module the LMS edition being built is of, or None (the whole site)."""
    slug = os.environ.get(MODULE_ENV, "")
    return next((m for m in site.modules if m.slug == slug), None) if slug else None


def left_out(site: Site) -> list[str]:
    """The pages not in this package: `extra.lms.leave_out`, and for a module's package, every
    page outside the module."""
    lms = site.settings.lms
    leave = [str(rel) for rel in ((lms.get("leave_out") if lms else None) or [])]
    module = edition_module(site) if edition() == SCORM12 else None
    if module is not None:
        leave += [rel for rel in site.markdown_files() if not module.holds(rel)]
    return leave


def edition_nav(nav: Any, leave: set[str]) -> Any:
    """The nav without the left-out pages; a section left empty goes too."""
    if isinstance(nav, list):
        kept = [edition_nav(item, leave) for item in nav]
        return [item for item in kept if item not in (None, [], {})]
    if isinstance(nav, dict):
        kept = {title: edition_nav(value, leave) for title, value in nav.items()}
        kept = {title: value for title, value in kept.items() if value not in (None, [], {})}
        return kept or None
    if isinstance(nav, str):
        return None if nav in leave else nav
    return nav


def apply_edition(config, site: Site) -> None:
    """MkDocs' config for the LMS edition: nav without the left-out pages, no service worker."""
    config["nav"] = edition_nav(config["nav"], set(left_out(site))) if config["nav"] else config["nav"]
    config["extra_javascript"] = [s for s in config["extra_javascript"] if str(s) not in SITE_ONLY_SCRIPTS]


def edition_markdown(markdown: str) -> str:
    """A page's Markdown in the LMS edition: lines for the website alone left out."""
    return RE_ONLINE_ONLY.sub("", markdown)


def course_title(site: Site, module=None) -> str:
    return f"{site.name}: {module.title}" if module is not None else site.name


def launch_files(site: Site, module=None) -> dict[str, str]:
    """launch.html and its script and styles, by their path in the package; a module's
    package opens on the module's first page."""
    page = (TEMPLATES / "launch.html").read_text(encoding="utf-8")
    start = f"{module.slug}/index.html" if module is not None else "index.html"
    page = (page.replace("__TITLE__", html.escape(course_title(site, module))).replace("__LANG__", "en")
            .replace('src="index.html"', f'src="{html.escape(start)}"'))
    files = {LAUNCH: page}
    for name, target in LAUNCH_ASSETS.items():
        files[target] = (TEMPLATES / name).read_text(encoding="utf-8")
    return files


def manifest(site: Site, files: list[str], mastery: int, module=None) -> str:
    """imsmanifest.xml: one organisation, one item, one SCO whose resource lists every file."""
    e = html.escape
    title = e(course_title(site, module))
    ident = "building-trust-rapport" + (f"-{module.slug}" if module is not None else "")
    entries = "\n".join(f'      <file href="{e(quote(name))}"/>' for name in files)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{ident}" version="{site.date.strftime("%Y-%m-%d")}"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="course">
    <organization identifier="course">
      <title>{title}</title>
      <item identifier="course-item" identifierref="course-sco" isvisible="true">
        <title>{title}</title>
        <adlcp:masteryscore>{mastery}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="course-sco" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH}">
{entries}
    </resource>
  </resources>
</manifest>
"""


def package_paths(folder: Path) -> list[str]:
    """Every file of the package folder, relative, sorted (the manifest first when zipped)."""
    return sorted(posixpath.join(*p.relative_to(folder).parts) for p in folder.rglob("*") if p.is_file())
