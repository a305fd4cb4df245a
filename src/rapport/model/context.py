"""One build, described once: the typed context that the pipeline makes and hands to every
engine run (the MkDocs plugin reads it from its own attribute, never from the environment or
from `mdx_configs`) and to every step.

- `Edition`: one language of the site — its language, the folder of the output it goes into,
  its settings file and docs folder;
- `BuildContext`: the editions (the main one first), the module of an LMS package, the
  sub-path, the profile (`site`, `preview`, `lms`), the output folder being written, the
  cache folder and the engine that renders the pages.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from .findings import RapportError

PROFILES = ("site", "preview", "lms")
ENGINES = ("mkdocs", "properdocs")
RE_BASE = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")


class BaseError(RapportError):
    heading = "The sub-path (BASE) is not usable"


def check_base(base: str | None) -> str:
    """The sub-path as given (`/training/`), or one clear error saying how to write it."""
    if base is None or base == "":
        return "/"
    if RE_BASE.fullmatch(base) is None or "/../" in base or "/./" in base:
        raise BaseError(f"BASE={base!r}: give the path the site is served under, starting and ending with /, "
                        "in letters, digits, '.', '_', '-' and '~', for example BASE=/training/", "The build failed")
    return base


@dataclass(frozen=True)
class Edition:
    lang: str
    folder: str  # "" for the main edition, "es/" for the Spanish one
    config_file: Path
    docs_dir: Path
    link: str = ""  # the language switch's text that leads to it, in its own language


@dataclass(frozen=True)
class BuildContext:
    root: Path  # the folder holding the main settings file
    editions: tuple[Edition, ...]  # the main edition first
    profile: str = "site"  # site: `make site`; preview: `make serve`; lms: the SCORM package's pages
    base: str = "/"  # the sub-path servers serve the site under (`make site BASE=`)
    modules: tuple[str, ...] = ()  # lms: the modules this run renders, each its own package (none: the whole course)
    staging: Path | None = None  # the folder this run writes
    # preview, pages first: the preview being replaced, whose downloads stand in until the whole
    # build that follows makes them again (rapport.pipeline.preview)
    stand_in: Path | None = None
    engine: str = "mkdocs"

    def __post_init__(self):
        if self.profile not in PROFILES:
            raise ValueError(f"unknown profile {self.profile!r}")
        if self.engine not in ENGINES:
            raise ValueError(f"unknown engine {self.engine!r}")

    @property
    def main(self) -> Edition:
        return self.editions[0]

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache" / "rapport"

    @property
    def preview(self) -> bool:
        return self.profile == "preview"

    @property
    def lms(self) -> bool:
        return self.profile == "lms"

    def edition(self, lang: str) -> Edition:
        return next(e for e in self.editions if e.lang == lang)

    def folder_of(self, edition: Edition) -> Path:
        """Where an edition's pages go in this run's output (site/, site/es/)."""
        assert self.staging is not None
        return self.staging / edition.folder if edition.folder else self.staging

    def but(self, **changes) -> "BuildContext":
        """This context with some fields changed (the LMS package's run of the same build)."""
        return dataclasses.replace(self, **changes)
