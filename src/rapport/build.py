"""The publishing pipeline: build into a staging folder, then swap it into place.

`make site` runs `build_site()`: the author's checks, the strict MkDocs build and every
publishing step (card PDFs, zip, ...) write into a staging folder next to the output;
only when all of them have succeeded does the staging folder replace the output. A failed
build leaves the previous site exactly as it was, and raises one `RapportError`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from .checks import check_site, errors
from .model import Finding, RapportError, Site, load_site

# Steps run after the MkDocs build, each given (site, staging folder), in this order.
PostStep = Callable[[Site, Path], None]


def default_steps() -> list[PostStep]:
    from .publish import STEPS

    return list(STEPS)


class BuildError(RapportError):
    heading = "The build failed"


def mkdocs_build(config_file: Path, out: Path) -> None:
    """Run `mkdocs build --strict` into `out`; raise BuildError with MkDocs' own message."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # Not --quiet: it hides warnings from MkDocs' strict-mode count, so a broken link
    # would pass. Its INFO lines are dropped here instead.
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict",
           "--config-file", str(config_file), "--site-dir", str(out)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    said = "\n".join(line for line in (proc.stderr + proc.stdout).splitlines()
                     if line.strip() and not line.startswith("INFO"))
    if proc.returncode != 0:
        raise BuildError(said or "mkdocs build failed", "MkDocs could not build the site")
    if said:
        print(said, file=sys.stderr)


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames on one file system."""
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=out.parent))
        os.rmdir(old)
        os.rename(out, old)
    os.rename(staging, out)
    if old is not None:
        shutil.rmtree(old)


def check_first(site: Site) -> list[Finding]:
    """The author's checks, before anything is built: every error in one RapportError."""
    findings = check_site(site)
    bad = [f for f in findings if f.severity in ("error", "warning")]
    if errors(findings):
        raise RapportError(bad, "The content has problems to fix")
    for finding in bad:
        print(finding, file=sys.stderr)
    return findings


def build_site(config_file: Path, out: Path, steps: list[PostStep] | None = None) -> None:
    """Build the whole site into `out`, atomically. Raises RapportError."""
    config_file = Path(config_file).resolve()
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-staging-", dir=out.parent))
    # mkdtemp makes a private (0700) folder: give site/ the usual mode, so a web server
    # running as another user can read it.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    try:
        site = load_site(config_file)
        check_first(site)
        mkdocs_build(config_file, staging)
        for step in default_steps() if steps is None else steps:
            try:
                step(site, staging)
            except (OSError, RuntimeError, ValueError) as exc:  # e.g. a page links a download no step wrote
                raise BuildError(f"{step.__name__.replace('_', ' ')}: {exc}", "A publishing step failed") from None
        swap_into_place(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
