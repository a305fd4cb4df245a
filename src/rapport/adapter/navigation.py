"""Navigation that scales with a library of modules: a page's navigation lists the pages of
its own module and, for every other module, its title linked to its first page — not every
tip of every module (which made each page's HTML grow with the whole library, quadratically).

A site without modules keeps MkDocs' navigation as it is.
"""

from __future__ import annotations

from mkdocs.structure.nav import Navigation, Section

from ..model import Module, Site


def module_of_section(section: Section, site: Site) -> Module | None:
    """The module whose index page is among this section's direct children."""
    for child in section.children:
        if getattr(child, "file", None) is not None:
            module = next((m for m in site.modules if m.index.rel == child.file.src_uri), None)
            if module is not None:
                return module
    return None


class NavForPages:
    """One pruned navigation per module (and one for pages outside modules), made once; with
    `others` false (an LMS package, which holds one module), without the other modules' titles."""

    def __init__(self, site: Site, nav: Navigation, others: bool = True):
        self.site, self.nav, self.others = site, nav, others
        self.made: dict[str, Navigation] = {}

    def for_page(self, rel: str) -> Navigation:
        if not self.site.modules:
            return self.nav
        own = self.site.module_of(rel)
        key = own.slug if own else ""
        if key not in self.made:
            self.made[key] = self._pruned(own)
        return self.made[key]

    def _pruned(self, own: Module | None) -> Navigation:
        items = []
        for item in self.nav.items:
            module = module_of_section(item, self.site) if item.is_section else None
            if module is None or module is own:
                items.append(item)
                continue
            if not self.others:
                continue
            # Another module: one link, its title, to its first page (a plain link is a quarter
            # of the HTML of a folded section, and it is repeated on every page).
            items.append(next(c for c in item.children if getattr(c, "file", None) is not None
                              and c.file.src_uri == module.index.rel))
        return Navigation(items, self.nav.pages)
