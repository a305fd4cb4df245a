"""The LMS edition of the pages (the context's profile `lms`): the pages an LMS package holds.

No service worker, no offline-zip link (a raw HTML line marked `data-online-only`), none of
the pages in `extra.lms.leave_out`, and in a library none outside the modules being packaged
(one engine run renders them all; each module's pages then make its own package).
"""

from __future__ import annotations

import re
from typing import Any

from ..model import Site

# Only a server (or a browser opening the folder) needs these; an LMS runs none of them.
SITE_ONLY_SCRIPTS = ("assets/rapport/offline.js",)
# A raw HTML line marked `data-online-only` (the offline-zip link) is for the website alone.
RE_ONLINE_ONLY = re.compile(r"(?m)^[ \t]*<[^>\n]*\bdata-online-only\b[^\n]*\n?")


def left_out(site: Site, module_slugs: tuple[str, ...] = ()) -> list[str]:
    """The pages no package of this run holds: `extra.lms.leave_out` and the facilitators' pages
    (Site.lms_leaves_out), and for modules' packages, every page outside those modules."""
    leave = site.lms_leaves_out()
    modules = [m for m in site.modules if m.slug in module_slugs]
    if modules:
        leave += [rel for rel in site.markdown_files() if not any(m.holds(rel) for m in modules)]
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


def apply_edition(config, site: Site, module_slugs: tuple[str, ...]) -> None:
    """The engine's config for the LMS edition: nav without the left-out pages, no service worker."""
    config["nav"] = edition_nav(config["nav"], set(left_out(site, module_slugs))) if config["nav"] else config["nav"]
    config["extra_javascript"] = [s for s in config["extra_javascript"] if str(s) not in SITE_ONLY_SCRIPTS]


def edition_markdown(markdown: str) -> str:
    """A page's Markdown in the LMS edition: lines for the website alone left out."""
    return RE_ONLINE_ONLY.sub("", markdown)




def own_neighbours(page, site: Site) -> None:
    """A module's package holds that module alone: its pages' previous and next links stay in it."""
    own = site.module_of(page.file.src_uri)
    for name in ("previous_page", "next_page"):
        other = getattr(page, name)
        if other is not None and other.file is not None and site.module_of(other.file.src_uri) is not own:
            setattr(page, name, None)
