"""A site in more than one language: one MkDocs build per edition (`extra.languages`), the
main one into site/, each other into its folder (site/es/), with the same theme and engine.

- `others(site)`: the other editions of a site, each with the pages it has;
- `switch(...)`: for a page, a link to the same page in each other edition (its home page
  when it has no such page), relative, so it works from a folder, a zip and any sub-path.

The pipeline (rapport.pipeline.build) runs the editions; the parity check (rapport.checks.parity) keeps
their tips in step.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from ..model import Site
from ..model.context import BuildContext, Edition


@dataclass(frozen=True)
class Other:
    lang: str
    link: str
    folder: str
    pages: frozenset[str]  # its Markdown pages, relative to its docs folder


def others(ctx: BuildContext, own: Edition | None) -> list[Other]:
    """The other editions of the build, each with the pages its docs folder holds."""
    if own is None or len(ctx.editions) < 2:
        return []
    out = []
    for edition in ctx.editions:
        if edition.lang == own.lang:
            continue
        pages = frozenset(p.relative_to(edition.docs_dir).as_posix() for p in edition.docs_dir.rglob("*.md"))
        out.append(Other(edition.lang, edition.link, edition.folder, pages))
    return out


def html_of(rel: str) -> str:
    return rel[:-3] + ".html" if rel.endswith(".md") else rel


def switch(site: Site, editions: list[Other], src: str, dest: str) -> list[dict[str, str]]:
    """[{href, lang, text}] for the page `src` (written to `dest`) in each other edition."""
    own = site.language
    if own is None:
        return []
    here = posixpath.dirname(own.folder + dest) or "."
    out = []
    for other in editions:
        target = src if src in other.pages else "index.md"
        out.append({"href": posixpath.relpath(other.folder + html_of(target), here),
                    "lang": other.lang, "text": other.link})
    return out
