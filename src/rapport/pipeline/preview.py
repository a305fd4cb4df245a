"""The live preview (`make serve`): the same build as `make site`, profile `preview`, served
by the engine's live-reload server and rebuilt when a file it reads changes.

Nothing an author writes stops it or leaves a request waiting: each rebuild either swaps in a
whole new preview (every page with the problems panel, every PDF, zip and package, reused
from the cache while their inputs are unchanged) or, when even the settings cannot be read,
one page that lists the problem. Fixing the files clears the panel at the next save.
"""

from __future__ import annotations

import html
import logging
import shutil
import sys
from pathlib import Path

from ..model import RapportError, load_site
from . import engine
from .build import Interrupted, build, staging_beside, swap_into_place
from .steps import Step

log = logging.getLogger("rapport.preview")


def problem_page(out: Path, message: str) -> None:
    """When nothing can be built (the settings cannot be read): one page, at every address, saying why."""
    from ..markdown.templates import render_text

    staging = staging_beside(out)
    try:
        text = render_text("en", None, "preview/panel.html.j2", errors=[{"where": "", "rule": "", "message": message,
                                                                          "hint": ""}],
                           error_count=1, warnings=[], no_pages=True)
        doc = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Preview</title></head><body>{text}</body></html>'
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
        problem_page(out, str(exc))
        print(f"The preview could not be built:\n{exc}", file=sys.stderr)
        return
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not stop the author's preview
        problem_page(out, f"{type(exc).__name__}: {html.escape(str(exc))}")
        print(f"The preview could not be built ({type(exc).__name__}: {exc})", file=sys.stderr)
        return
    bad = [f for f in run.findings if f.severity == "error"]
    said = f"{len(bad)} problem(s) to fix before publishing; each page shows them" if bad else "no problems"
    print(f"Preview rebuilt: {said}.", file=sys.stderr)


def watched(config_file: Path) -> list[Path]:
    """What the preview reads: every edition's settings and docs folder, and the theme overrides."""
    paths = {config_file.resolve()}
    try:
        main = load_site(config_file)
        for s in [main] + main.edition_sites():
            paths |= {s.config_file, s.docs_dir} | ({s.custom_dir} if s.custom_dir else set())
    except RapportError:
        paths |= {config_file.resolve().parent / "docs"}
    return sorted(p for p in paths if p.exists())


def serve(config_file: Path, steps: tuple[Step, ...], host: str = "127.0.0.1", port: int = 8000,
          engine_name: str = "mkdocs") -> int:
    config_file = Path(config_file).resolve()
    out = config_file.parent / ".cache" / "rapport" / "preview" / "site"
    rebuild(config_file, out, steps, engine_name)
    server = engine.live_server(engine_name, lambda: rebuild(config_file, out, steps, engine_name), out, host, port)
    for path in watched(config_file):
        server.watch(str(path))
    print(f"Serving the preview on http://{host}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
    try:
        server.serve()
    except KeyboardInterrupt:
        print("Stopped the preview.", file=sys.stderr)
    finally:
        server.shutdown()
    return 0
