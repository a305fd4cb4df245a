"""The pipeline: one build context, the engine's runs, the steps, the atomic swap.

`make site`, `make serve` and the LMS package run the same `render()`: the engine renders
every edition's pages into a staging folder (each in a process of its own, while the
author's checks run here), then the steps of the context's profile run over it. `build()`
then replaces the output by the staging folder, only when all of that succeeded: a failed
build leaves the previous site exactly as it was, and raises one `RapportError`.
In the preview nothing an author wrote stops the run: every problem becomes a finding that
the preview shows on its pages.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import signal
import sys
import tempfile
from pathlib import Path
from typing import Callable

from ..checks import check_editions, errors
from ..model import Finding, RapportError, Site, load_site
from ..model.context import BuildContext, Edition
from .cache import Cache
from .engine import BuildError, Runs
from .steps import Run, Step, part_file

class Interrupted(RapportError):
    """Ctrl-C (SIGINT) or SIGTERM during a build: the old site stays, leftovers are removed."""

    heading = "The build was interrupted"
    exit_code = 130


class _Stop(BaseException):
    """The signal itself, raised where the build happens to be: a BaseException, so that no
    library's `except Exception` (WeasyPrint logs and goes on) can swallow it."""


class Stopped:
    """Whether a signal came: `check()` before anything is published raises Interrupted."""

    def __init__(self):
        self.by: list[str] = []

    def check(self) -> None:
        if self.by:
            raise Interrupted(f"stopped by {self.by[0]}")


@contextlib.contextmanager
def interruptible():
    """SIGINT and SIGTERM end the build through `finally` clauses, as one Interrupted error —
    also when a library catches the interrupt (the flag is checked again before the swap)."""
    stopped = Stopped()

    def interrupt(signum, frame):
        stopped.by.append(signal.Signals(signum).name)
        if _held:  # inside signals_deferred(): raised when that block ends
            _waiting.append(stopped.by[-1])
            return
        raise _Stop()

    old = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGINT, signal.SIGTERM)} if threading_main() else {}
    try:
        yield stopped
    except _Stop:
        raise Interrupted(f"stopped by {stopped.by[0]}") from None
    except RapportError:
        if stopped.by:
            raise Interrupted(f"stopped by {stopped.by[0]}") from None
        raise
    except Exception:
        if stopped.by:
            raise Interrupted(f"stopped by {stopped.by[0]}") from None
        raise
    finally:
        _waiting.clear()
        for sig, handler in old.items():
            signal.signal(sig, handler)


_held: list[bool] = []  # one entry per signals_deferred() block under way
_waiting: list[str] = []  # the signals that came during one


@contextlib.contextmanager
def signals_deferred():
    """A build's stop signal waits until this block is done (worker processes being started: one
    interrupted while it reads what to do prints a traceback of its own), then stops the build."""
    _held.append(True)
    try:
        yield
    finally:
        _held.pop()
    if not _held and _waiting:
        _waiting.clear()
        raise _Stop()


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


def edition_dir(staging: Path, edition: Edition) -> Path:
    """Where an edition's pages are rendered before they move into staging (the engine empties
    its output folder first, so two runs cannot share one)."""
    return staging.parent / f"{staging.name}.{edition.lang}"


def load_sites(config_file: Path) -> list[Site]:
    """The main site and each other edition (`extra.languages`), main first."""
    site = load_site(config_file)
    return [site] + site.edition_sites()


def make_context(sites: list[Site], profile: str = "site", base: str | None = "/", staging: Path | None = None,
                 engine: str = "mkdocs", stand_in: Path | None = None) -> BuildContext:
    from ..model.context import check_base

    main = sites[0]
    editions = tuple(Edition(s.lang, s.language.folder if s.language else "", s.config_file, s.docs_dir,
                             s.language.link if s.language else "") for s in sites)
    return BuildContext(root=main.root, editions=editions, profile=profile, base=check_base(base),
                        staging=staging, engine=engine, stand_in=stand_in)


def check_first(sites: list[Site], preview: bool = False) -> list[Finding]:
    """The author's checks, before anything is published: every edition, and their tips kept
    in step (parity). Errors raise one RapportError, except in the preview, which shows them."""
    findings = check_editions(sites[0], sites[1:])
    bad = [f for f in findings if f.severity in ("error", "warning")]
    if errors(findings) and not preview:
        raise RapportError(bad, "The content has problems to fix")
    if not preview:
        for finding in bad:
            print(finding, file=sys.stderr)
    return bad


def pages(run: Run, check: bool = True) -> bool:
    """The engine's pages for every edition of `run.ctx`, each in a process of its own, into
    `run.ctx.staging` (the other languages in their folders); the checks (`check`) run here
    meanwhile. False when the preview has no pages to show (the engine stopped)."""
    ctx, staging = run.ctx, run.staging
    jobs = [(edition, staging if not edition.folder else edition_dir(staging, edition)) for edition in ctx.editions]
    runs = None
    try:
        runs = Runs(ctx, jobs)
        if check:
            run.findings += check_first(run.sites, preview=ctx.preview)
        try:
            for line in runs.wait():
                if not ctx.preview:
                    print(line, file=sys.stderr)
        except BuildError as exc:
            if not ctx.preview:
                raise
            run.findings += exc.findings
            return False
    finally:
        if runs is not None:
            runs.stop()
    for edition, out in jobs:  # each other language into its folder: site/es/
        if edition.folder:
            if (staging / edition.folder).exists():
                raise BuildError(f"the {edition.lang} edition's folder {edition.folder} is also a folder of the main "
                                 "edition; give it a folder of its own in extra.languages", "The build failed")
            os.rename(out, staging / edition.folder)
    return True


def render(run: Run, check: bool = True) -> Run:
    """The pages, then the steps of the context's profile, all into `run.ctx.staging`."""
    ctx, staging = run.ctx, run.staging
    made = pages(run, check)
    for step in run.steps:
        if not run.current():  # a newer build has taken over: stop here, publish nothing
            return run
        if not step.wanted(ctx) or not (made or step.after_failure):
            continue
        targets = [(s, ctx.folder_of(e)) for e, s in run.pairs()] if step.per_edition and made else [(run.site, staging)]
        for site, folder in targets:
            try:
                step.run(run, site, folder)
            except RapportError as exc:
                if not ctx.preview:
                    raise
                run.findings += exc.findings
            except (OSError, RuntimeError, ValueError) as exc:  # a full disk, a download no step wrote
                if not ctx.preview:
                    raise BuildError(f"{step.name.replace('_', ' ')}: {exc}", "A publishing step failed") from None
                run.findings.append(Finding(site.shown(site.config_file), 1, 1, "build",
                                            f"{step.name.replace('_', ' ')}: {exc}"))
    return run


def staging_beside(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-staging-", dir=out.parent))
    # mkdtemp makes a private (0700) folder: give site/ the usual mode, so a web server
    # running as another user can read it.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    return staging


def build(config_file: Path, out: Path, steps: list[Step] | tuple[Step, ...], base: str | None = "/",
          profile: str = "site", engine: str = "mkdocs", stand_in: Path | None = None,
          current: Callable[[], bool] | None = None) -> Run:
    """Build the whole site into `out`, atomically: `make site` (profile `site`) and each
    rebuild of `make serve` (profile `preview`, which never stops on the content; with
    `stand_in`, its pages alone, the downloads of that folder standing in). `current`: whether
    this build is still wanted (not, and it stops and publishes nothing). Raises RapportError."""
    from ..model.context import check_base

    check_base(base)
    config_file = Path(config_file).resolve()
    out = Path(out).resolve()
    staging = staging_beside(out)
    started = time.time()  # entries this build reads or writes are stamped later (the cache is read after the engine run)
    editions: tuple[Edition, ...] = ()
    try:
        with interruptible() as stopped:
            sites = load_sites(config_file)
            ctx = make_context(sites, profile, base, staging, engine, stand_in)
            editions = ctx.editions
            check_writable(out)
            run = render(Run(ctx, sites, tuple(steps), current=current or (lambda: True)))
            stopped.check()  # a signal some library swallowed still stops the build here
            if not run.current():
                return run
            swap_into_place(staging, out)
            Cache(ctx.root).prune(since=started)  # what this build superseded
            return run
    finally:  # the staging folder and everything named after it: editions, the LMS run, parts, contexts
        leftovers = [staging, part_file(staging)] + [edition_dir(staging, e) for e in editions]
        leftovers += list(staging.parent.glob(f"{staging.name}.*")) + list(staging.parent.glob(f".{staging.name}*"))
        for leftover in leftovers:
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            elif leftover.exists():
                leftover.unlink()
