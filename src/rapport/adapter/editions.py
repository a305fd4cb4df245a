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


def pages_of(edition: Edition) -> frozenset[str]:
    return frozenset(p.relative_to(edition.docs_dir).as_posix() for p in edition.docs_dir.rglob("*.md"))


def others(ctx: BuildContext, own: Edition | None) -> list[Other]:
    """The other editions of the build, each with the pages it publishes: its own, and in a
    translated edition, a page for each page of the main edition it has not (`untranslated`)."""
    if own is None or len(ctx.editions) < 2:
        return []
    out = []
    for edition in ctx.editions:
        if edition.lang == own.lang:
            continue
        pages = pages_of(edition) | (pages_of(ctx.main) if edition.folder else frozenset())
        out.append(Other(edition.lang, edition.link, edition.folder, pages))
    return out


def untranslated(ctx: BuildContext, own: Edition | None, have: set[str]) -> list[tuple[str, str]]:
    """(page, its title in the main edition) of each page of the main edition that this
    translated edition has not: it gets a page saying so (`stub`)."""
    from ..model.page import read_page

    if own is None or not own.folder:
        return []
    out = []
    for rel in sorted(pages_of(ctx.main) - have):
        meta = read_page(ctx.main.docs_dir / rel, rel=rel).meta
        out.append((rel, str(meta.get("title") or posixpath.basename(rel)[:-3])))
    return out


def stub(title: str) -> str:
    """The Markdown of a page not translated yet: its title and `translation: pending`; the
    plugin renders what it says (directives/untranslated.md.j2)."""
    import json

    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ntranslation: pending\n---\n"


def untranslated_page(site: Site, ctx: BuildContext, src: str, dest: str, title: str) -> dict[str, str]:
    """What the untranslated page says: the title, and a link to the main edition's page."""
    own = site.language
    here = posixpath.dirname((own.folder if own else "") + dest) or "."
    target = src if src in pages_of(ctx.main) else "index.md"
    return {"title": title or posixpath.basename(src)[:-3], "link": posixpath.relpath(html_of(target), here),
            "main_lang": ctx.main.lang}


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
