"""The publishing pipeline: build into a staging folder, then swap it into place.

`make site` runs `build_site()`: the author's checks, the strict MkDocs build and every
publishing step (card PDFs, zip, ...) write into a staging folder next to the output;
only when all of them have succeeded does the staging folder replace the output. A failed
build leaves the previous site exactly as it was, and raises one `RapportError`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from .checks import check_editions, errors
from .model import Finding, RapportError, Site, load_site
from .publish import STEPS, part_file

# Steps run after the MkDocs build, each given (site, staging folder), in this order.
PostStep = Callable[[Site, Path], None]


def default_steps() -> list[PostStep]:
    return list(STEPS)


class BuildError(RapportError):
    heading = "The build failed"


class Interrupted(RapportError):
    """Ctrl-C (SIGINT) or SIGTERM during a build: the old site stays, leftovers are removed."""

    heading = "The build was interrupted"
    exit_code = 130


@contextlib.contextmanager
def interruptible():
    """SIGINT and SIGTERM end the build through `finally` clauses, as one Interrupted error —
    also when a library (WeasyPrint fetching a font) wraps the interrupt in its own error."""
    stopped: list[str] = []

    def interrupt(signum, frame):
        stopped.append(signal.Signals(signum).name)
        raise Interrupted(f"stopped by {stopped[0]}")

    old = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)} if threading_main() else {}
    try:
        yield
    except RapportError:
        raise
    except Exception:
        if stopped:
            raise Interrupted(f"stopped by {stopped[0]}") from None
        raise
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def signals_held():
    """Hold SIGINT and SIGTERM while the two renames run, so a swap is never half done."""
    held = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        pending = signal.sigpending() & held
        if pending:  # the swap is done: the build is complete, so the interrupt has nothing left to stop
            for _ in pending:
                signal.sigwait(pending)
            print("Interrupted just as the new site went in place: the build is complete.", file=sys.stderr)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def threading_main() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def check_writable(out: Path) -> None:
    """Refuse to start a swap that could not finish: the parent and every folder of the old site writable."""
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise BuildError(f"cannot write in {out.parent}; build as the user who owns it", "The build failed")
    if out.exists():
        for folder in [out] + [p for p in out.rglob("*") if p.is_dir() and not p.is_symlink()]:
            if not os.access(folder, os.W_OK | os.X_OK):
                raise BuildError(f"{folder} is not writable by this user (was the site built with sudo?); "
                                 f"remove it with `sudo rm -rf {out}`, then build again", "The build failed")


class MkDocsRun:
    """`mkdocs build --strict` into `out`, in a process of its own (with `env` added, e.g. the
    LMS edition), so several can run at once; `wait()` raises BuildError with MkDocs' own message."""

    def __init__(self, config_file: Path, out: Path, env: dict[str, str] | None = None):
        # RAPPORT_CHECKED: `rapport build` runs the checks itself (check_first); the plugin need not.
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", RAPPORT_CHECKED="1", **(env or {}))
        # Not --quiet: it hides warnings from MkDocs' strict-mode count, so a broken link
        # would pass. Its INFO lines are dropped here instead.
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(config_file), "--site-dir", str(out)]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def wait(self) -> None:
        stdout, stderr = self.proc.communicate()
        said = "\n".join(line for line in (stderr + stdout).splitlines()
                         if line.strip() and not line.startswith("INFO"))
        if self.proc.returncode != 0:
            raise BuildError(said or "mkdocs build failed", "MkDocs could not build the site")
        if said:
            print(said, file=sys.stderr)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate()


def mkdocs_build(config_file: Path, out: Path, env: dict[str, str] | None = None) -> None:
    """Run `mkdocs build --strict` into `out` and wait for it; raise BuildError with MkDocs' own message."""
    MkDocsRun(config_file, out, env).wait()


def edition_dir(staging: Path, edition: Site) -> Path:
    """Where an edition's pages are built before they move into staging (MkDocs empties its
    output folder first, so two builds cannot share one)."""
    return staging.parent / f"{staging.name}.{edition.lang}"


def build_pages(site: Site, staging: Path) -> None:
    """The pages of every edition, each MkDocs build in a process of its own and all at once,
    while the author's checks run here: a failed check stops them, and the old site stays."""
    runs = [MkDocsRun(site.config_file, staging)]
    runs += [MkDocsRun(edition.config_file, edition_dir(staging, edition)) for edition in site.editions]
    try:
        check_first(site)
        for run in runs:
            run.wait()
    finally:
        for run in runs:
            run.stop()
    for edition in site.editions:  # each other language into its folder: site/es/
        os.rename(edition_dir(staging, edition), staging / edition.language.folder)


def swap_into_place(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames on one file system, signals held."""
    check_writable(out)
    old = None
    try:
        with signals_held():
            try:
                if out.exists():
                    old = out.parent / f".site-old-{os.getpid()}-{staging.name.rsplit('-', 1)[-1]}"
                    os.rename(out, old)
                os.rename(staging, out)
            except OSError as exc:
                if old is not None and old.exists() and not out.exists():
                    os.rename(old, out)  # put the old site back
                    old = None
                raise BuildError(f"could not put the new site in place ({exc.strerror}); {out.name}/ was left as it was",
                                 "The build failed") from None
    finally:  # runs even when a signal held during the renames arrives now
        if old is not None and old.exists():
            try:
                shutil.rmtree(old)
            except OSError as exc:
                print(f"warning: the new site is in place, but the old copy {old} could not be removed "
                      f"({exc.strerror}); remove it by hand", file=sys.stderr)


def check_first(site: Site) -> list[Finding]:
    """The author's checks, before anything is built: every error in one RapportError.
    A site in more languages: every edition, and their tips kept in step (parity)."""
    findings = check_editions(site, site.editions)
    bad = [f for f in findings if f.severity in ("error", "warning")]
    if errors(findings):
        raise RapportError(bad, "The content has problems to fix")
    for finding in bad:
        print(finding, file=sys.stderr)
    return findings


def build_site(config_file: Path, out: Path, steps: list[PostStep] | None = None, base: str | None = None) -> None:
    """Build the whole site into `out`, atomically, for servers to serve under `base` (default /).
    Raises RapportError."""
    from .hosting import check_base

    base = check_base(base)
    config_file = Path(config_file).resolve()
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-staging-", dir=out.parent))
    # mkdtemp makes a private (0700) folder: give site/ the usual mode, so a web server
    # running as another user can read it.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    site = None
    try:
        with interruptible():
            site = load_site(config_file)
            site.base = base
            site.editions = site.edition_sites()
            check_writable(out)
            build_pages(site, staging)
            for step in default_steps() if steps is None else steps:
                try:
                    step(site, staging)
                except (OSError, RuntimeError, ValueError) as exc:  # a full disk, a download no step wrote
                    raise BuildError(f"{step.__name__.replace('_', ' ')}: {exc}", "A publishing step failed") from None
            swap_into_place(staging, out)
            from .cache import Cache

            Cache(site.root).prune()
    finally:
        leftovers = [staging, part_file(staging)] + [edition_dir(staging, e) for e in (site.editions if site else [])]
        for leftover in leftovers:
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover.exists():
                leftover.unlink()
