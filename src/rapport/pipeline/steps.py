"""The steps after the engine has rendered the pages, as one list that every profile shares.

A `Step` is a function `(run, site, folder)` with what it declares: whether it runs once per
edition (with that edition's `Site` and its folder of the output) or once (the main site and
the output's top), in which profiles (`site`, `preview`, `lms`), and whether it makes the
downloads (which a preview that serves its pages first leaves to the build that follows). The list itself is made
by the outputs (rapport.outputs.STEPS); the pipeline only runs it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..model import Finding, Site
from ..model.context import BuildContext, Edition

ALL = frozenset({"site", "preview", "lms"})
PAGES = frozenset({"site", "preview"})  # the site itself, published or previewed


@dataclass(frozen=True)
class Step:
    run: Callable[["Run", Site, Path], None]
    per_edition: bool = False
    profiles: frozenset[str] = PAGES
    after_failure: bool = False  # runs even when the engine made no pages (the preview's panel)
    # Makes (or reads) the files pages link for download: in a preview that serves its pages
    # first (BuildContext.stand_in), left to the whole build that follows.
    downloads: bool = False
    stand_in: bool = False  # runs only in such a pages-first preview

    def wanted(self, ctx: BuildContext) -> bool:
        """Whether this build runs the step: its profile, and in a pages-first preview, not a download's."""
        if ctx.profile not in self.profiles:
            return False
        return not self.downloads if ctx.stand_in is not None else not self.stand_in

    @property
    def name(self) -> str:
        return self.run.__name__


@dataclass
class Run:
    """One build in progress: its context, the site of each edition (main first), the steps,
    and (in the preview) every problem met, which the preview shows instead of stopping."""

    ctx: BuildContext
    sites: list[Site]
    steps: tuple[Step, ...]
    findings: list[Finding] = field(default_factory=list)
    # False once a newer build has made this one pointless (a later save in the preview): the
    # steps stop, and nothing is swapped in.
    current: Callable[[], bool] = lambda: True

    @property
    def site(self) -> Site:
        return self.sites[0]

    @property
    def staging(self) -> Path:
        assert self.ctx.staging is not None
        return self.ctx.staging

    def pairs(self) -> list[tuple[Edition, Site]]:
        return list(zip(self.ctx.editions, self.sites))


def part_file(staging: Path) -> Path:
    """Where a step writes a file before moving it into staging; the build removes it on failure."""
    return staging.parent / f"{staging.name}.part"
