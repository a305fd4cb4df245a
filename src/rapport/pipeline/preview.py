"""The live preview (`make serve`): the same build as `make site`, profile `preview`, served
by the engine's live-reload server and rebuilt when a file it reads changes.

Nothing an author writes stops it or leaves a request waiting: each rebuild either swaps in
new pages (each with the problems panel) or, when even the settings cannot be read, one page
that lists the problem. Fixing the files clears the panel at the next save. A save shows its
pages first, the last PDFs, zips and package standing in; the whole build (every PDF, zip and
package, reused from the cache while their inputs are unchanged) follows in the background
and reloads the browsers when it is in place.
"""

from __future__ import annotations

import shutil
import signal
import sys
import threading
from pathlib import Path

from ..model import Finding, RapportError
from . import engine
from .build import Interrupted, build, staging_beside, swap_into_place
from .steps import Step

def language_of(config_file: Path) -> str:
    """The site's language as its settings file says (`theme.language`), even when MkDocs cannot read it."""
    import re

    try:
        m = re.search(r"(?m)^\s+language:\s*['\"]?([a-z]{2}(?:-[A-Z]{2})?)", config_file.read_text(encoding="utf-8"))
    except OSError:
        m = None
    return m.group(1) if m else "en"


def problem_page(out: Path, findings: list[Finding], lang: str) -> None:
    """When nothing can be built (the settings cannot be read): one page, at every address, saying why."""
    from ..markdown.templates import render_text

    staging = staging_beside(out)
    try:
        items = [{"where": f"{f.path}:{f.line}:{f.col}" if f.path else "", "rule": f.rule if f.path else "",
                  "message": f.message, "hint": f.hint} for f in findings]
        text = render_text(lang, None, "preview/panel.html.j2", errors=items, error_count=len(items), warnings=[],
                           no_pages=True, making=False)
        doc = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Preview</title></head>'
               f"<body>{text}</body></html>")
        for name in ("index.html", "404.html"):
            (staging / name).write_text(doc, encoding="utf-8")
        swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def rebuild(config_file: Path, out: Path, steps: tuple[Step, ...], engine_name: str, stand_in: Path | None = None,
            current=None) -> bool:
    """One preview build (with `stand_in`, its pages first); never raises for anything the content
    or settings hold. True when it put a preview built from the content in place."""
    try:
        run = build(config_file, out, steps, profile="preview", engine=engine_name, stand_in=stand_in, current=current)
    except Interrupted:
        raise KeyboardInterrupt from None
    except RapportError as exc:
        if current is None or current():  # a newer build's preview is never replaced by an older failure
            problem_page(out, exc.findings, language_of(config_file))
            print(f"The preview could not be built:\n{exc}", file=sys.stderr)
        return False
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not stop the author's preview
        if current is None or current():
            problem_page(out, [Finding("", 0, 0, "error", f"{type(exc).__name__}: {exc}")], language_of(config_file))
            print(f"The preview could not be built ({type(exc).__name__}: {exc})", file=sys.stderr)
        return False
    if not run.current():
        return False
    bad = [f for f in run.findings if f.severity == "error"]
    said = f"{len(bad)} problem(s) to fix before publishing; each page shows them" if bad else "no problems"
    print(f"Preview {'pages ' if stand_in else ''}rebuilt: {said}"
          f"{'; making the downloads again' if stand_in else ''}.", file=sys.stderr)
    return True


class Preview:
    """The builds of one preview. A save puts the new pages in place first, the last preview's
    downloads standing in (its panel says so), and the browsers reload; the whole build then
    runs in the background, goes in place and reloads them again — unless a newer save has
    started over, which stops it. The first build, and the one after a failure, is whole at once."""

    def __init__(self, config_file: Path, out: Path, steps: tuple[Step, ...], engine_name: str):
        self.config_file, self.out, self.steps, self.engine_name = config_file, out, steps, engine_name
        self.generation = 0
        self.whole = False  # whether `out` holds a preview with its downloads (the newest made, or ones standing in)
        self.lock = threading.Lock()
        self.follow: threading.Thread | None = None
        self.follows: list[threading.Thread] = []  # every background build started, the stopped ones too
        self.reload = lambda: None  # the engine's server, once it runs: the browsers load again

    def _current(self, generation: int):
        return lambda: self.generation == generation

    def rebuild(self) -> None:
        with self.lock:
            self.generation += 1
            generation = self.generation
        if not self.whole:
            self.whole = rebuild(self.config_file, self.out, self.steps, self.engine_name,
                                 current=self._current(generation))
            return
        if rebuild(self.config_file, self.out, self.steps, self.engine_name, stand_in=self.out,
                   current=self._current(generation)):
            self.follow = threading.Thread(target=self._whole, args=(generation,), daemon=True)
            self.follows = [t for t in self.follows if t.is_alive()] + [self.follow]
            self.follow.start()
        elif self.generation == generation:  # the problem page: the next save builds whole
            self.whole = False

    def _whole(self, generation: int) -> None:
        try:
            done = rebuild(self.config_file, self.out, self.steps, self.engine_name, current=self._current(generation))
        except KeyboardInterrupt:  # interrupted: the builds are stopping
            return
        with self.lock:
            if self.generation == generation:
                self.whole = done
                if done:
                    self.reload()

    def wait(self) -> None:
        """The build in the background, finished."""
        if self.follow is not None:
            self.follow.join()

    def stop(self) -> None:
        """No build goes in place any more; those in the background stop at their next step and
        remove what they wrote."""
        with self.lock:
            self.generation += 1
        for thread in self.follows:
            thread.join()


IGNORED = {".cache", ".venv", "node_modules", "site", ".git", "__pycache__", "build", "dist", "bench", "offline-kit"}


def watched(config_file: Path) -> list[tuple[Path, bool]]:
    """What the preview watches, (path, recursive): the project's folder itself (every settings
    file, even one that cannot be read now) and each folder in it but the outputs, the caches and
    the installed packages — so a folder a broken setting hides today is watched when it is fixed."""
    root = config_file.resolve().parent
    folders = [p for p in sorted(root.iterdir()) if p.is_dir() and p.name not in IGNORED
               and not p.name.startswith((".site-", "..site-", ".git"))]
    return [(root, False)] + [(folder, True) for folder in folders]


def serve(config_file: Path, steps: tuple[Step, ...], host: str = "127.0.0.1", port: int = 8000,
          engine_name: str = "mkdocs") -> int:
    config_file = Path(config_file).resolve()
    out = config_file.parent / ".cache" / "rapport" / "preview" / "site"

    def stop(signum, frame):
        raise KeyboardInterrupt

    # SIGTERM (a service manager, `kill`) stops the preview as Ctrl-C does: the server closes,
    # a build under way leaves nothing behind.
    old = signal.signal(signal.SIGTERM, stop) if threading.current_thread() is threading.main_thread() else None
    try:
        return _serve(config_file, out, steps, host, port, engine_name)
    except KeyboardInterrupt:
        print("Stopped the preview.", file=sys.stderr)
        return 0
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)


def start(config_file: Path, out: Path, steps: tuple[Step, ...], host: str, port: int, engine_name: str):
    """The preview's first build and its server, watching the project (not serving yet):
    (Preview, server); `server.serve()` serves, `server.shutdown()` and `Preview.stop()` end it."""
    for leftover in [*out.parent.glob(".site-*"), *out.parent.glob("..site-*")]:  # of a preview killed mid-build
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
    preview = Preview(config_file, out, steps, engine_name)
    preview.rebuild()
    server = engine.live_server(engine_name, preview.rebuild, out, host, port)
    preview.reload = lambda: engine.reload_browsers(server)
    for path, recursive in watched(config_file):
        server.watch(str(path), recursive=recursive)
    return preview, server


def _serve(config_file: Path, out: Path, steps: tuple[Step, ...], host: str, port: int, engine_name: str) -> int:
    preview, server = start(config_file, out, steps, host, port, engine_name)
    print(f"Serving the preview on http://{host}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
    try:
        server.serve()
    finally:
        server.shutdown()
        preview.stop()
    return 0
