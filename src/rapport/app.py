"""The commands, wired: the one list of steps (rapport.outputs.STEPS) given to the pipeline.
`rapport build`, `rapport serve` and the tests call these."""

from __future__ import annotations

from pathlib import Path

from .outputs import STEPS
from .pipeline import build as pipeline
from .pipeline.steps import Run

SUPPORT_NOTES = {
    "mkdocs": ("Note: Material for MkDocs reaches end of life on 2027-05-05 and MkDocs 1.x has had no release "
               "since August 2024; see README, \"Support window\"."),
    "properdocs": ("Note: Material for MkDocs reaches end of life on 2027-05-05 (the pages were made with ProperDocs, "
                   "MkDocs' maintained fork); see README, \"Support window\"."),
}


def build_site(config_file: Path | str, out: Path | str, steps=None, base: str | None = "/",
               engine: str = "mkdocs", profile: str = "site") -> Run:
    """`make site`: the whole site into `out`, atomically (raises RapportError)."""
    return pipeline.build(Path(config_file), Path(out), STEPS if steps is None else steps, base=base,
                          profile=profile, engine=engine)


def serve(config_file: Path | str, host: str = "127.0.0.1", port: int = 8000, engine: str = "mkdocs") -> int:
    """`make serve`: the same build, profile preview, served and rebuilt on every save."""
    from .pipeline.preview import serve as run_preview

    return run_preview(Path(config_file), STEPS, host, port, engine)
