"""The publishing pipeline: build into a staging folder, then swap it into place.

`make site` runs `build_site()`: the strict MkDocs build and every later step (card PDFs,
zip, ...) write into a staging folder next to the output; only when all of them have
succeeded does the staging folder replace the output. A failed build leaves the previous
site exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from .card import CardError
from .checks import Site, check_site, errors, report

# Steps run after the MkDocs build, each given (site, staging folder), in this order.
PostStep = Callable[["Site", Path], None]


def default_steps() -> list[PostStep]:
    from .publish import STEPS

    return list(STEPS)


class BuildError(Exception):
    """A build step failed; the message is for the author, not a traceback."""


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
        raise BuildError(said or "mkdocs build failed")
    if said:
        print(said, file=sys.stderr)


def load_site(config_file: Path) -> Site:
    """Read mkdocs.yml as MkDocs does; a mistake in it becomes a BuildError naming the file."""
    import logging

    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    # MkDocs logs the detail of a bad setting, then raises a bare Abort: keep the detail.
    said: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: said.append(record.getMessage())
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        return Site.from_config(load_config(str(config_file)))
    except (Abort, ConfigurationError, OSError, ValueError) as exc:
        detail = "; ".join(said) or str(exc)
        raise BuildError(f"{config_file.name}: {detail}") from None
    finally:
        logger.removeHandler(handler)


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


def build_site(config_file: Path, out: Path, steps: list[PostStep] | None = None) -> None:
    """Build the whole site into `out`, atomically."""
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
        # The author's checks first: every finding in one report, before anything is built.
        site = load_site(config_file)
        findings = check_site(site)
        if errors(findings):
            raise BuildError("The content has problems to fix:\n" + report(findings))
        for finding in findings:
            if finding.severity == "warning":
                print(finding, file=sys.stderr)
        mkdocs_build(config_file, staging)
        for step in default_steps() if steps is None else steps:
            try:
                step(site, staging)
            except CardError as exc:
                raise BuildError("The pocket card cannot be built:\n" + str(exc)) from None
            except (OSError, RuntimeError) as exc:  # e.g. a page links a download no step wrote
                raise BuildError(f"Publishing step '{step.__name__}' failed: {exc}") from None
        swap_into_place(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
