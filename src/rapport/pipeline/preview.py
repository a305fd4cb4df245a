"""The live preview (`make serve`): the same build as `make site`, profile `preview`, served
by the engine's live-reload server and rebuilt when a file it reads changes.

Nothing an author writes stops it or leaves a request waiting: each rebuild either swaps in a
whole new preview (every page with the problems panel, every PDF, zip and package, reused
from the cache while their inputs are unchanged) or, when even the settings cannot be read,
one page that lists the problem. Fixing the files clears the panel at the next save.
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
                           no_pages=True)
        doc = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Preview</title></head>'
               f"<body>{text}</body></html>")
        for name in ("index.html", "404.html"):
            (staging / name).write_text(doc, encoding="utf-8")
        swap_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def rebuild(config_file: Path, out: Path, steps: tuple[Step, ...], engine_name: str) -> None:
    """One preview build; never raises for anything the content or settings hold."""
    try:
        run = build(config_file, out, steps, profile="preview", engine=engine_name)
    except Interrupted:
        raise KeyboardInterrupt from None
    except RapportError as exc:
        problem_page(out, exc.findings, language_of(config_file))
        print(f"The preview could not be built:\n{exc}", file=sys.stderr)
        return
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not stop the author's preview
        problem_page(out, [Finding("", 0, 0, "error", f"{type(exc).__name__}: {exc}")], language_of(config_file))
        print(f"The preview could not be built ({type(exc).__name__}: {exc})", file=sys.stderr)
        return
    bad = [f for f in run.findings if f.severity == "error"]
    said = f"{len(bad)} problem(s) to fix before publishing; each page shows them" if bad else "no problems"
    print(f"Preview rebuilt: {said}.", file=sys.stderr)


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


def _serve(config_file: Path, out: Path, steps: tuple[Step, ...], host: str, port: int, engine_name: str) -> int:
    rebuild(config_file, out, steps, engine_name)
    server = engine.live_server(engine_name, lambda: rebuild(config_file, out, steps, engine_name), out, host, port)
    for path, recursive in watched(config_file):
        server.watch(str(path), recursive=recursive)
    print(f"Serving the preview on http://{host}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
    try:
        server.serve()
    finally:
        server.shutdown()
    return 0
