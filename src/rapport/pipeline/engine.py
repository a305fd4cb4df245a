"""The one seam to the engine that renders pages: MkDocs 1.6 today, ProperDocs (its
maintained fork, which reads the same mkdocs.yml and runs the same plugins) as the proved
second. Nothing else of ours imports either engine's build or server.

- `run(ctx, edition, out)`: one edition's pages into `out`, in this process; the rapport
  plugin of that run is handed the context (`RapportPlugin.attach`);
- `Runs`: several editions at once, each in a process of its own (forked), while the caller
  does other work; `wait()` raises one BuildError with the engine's own words;
- `live_server(...)`: the engine's live-reload server, for the preview; `reload_browsers(server)`
  after a build of the preview's own.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import pickle
import subprocess
import sys
import time
import traceback
from pathlib import Path

from ..model import Finding, RapportError
from ..model.findings import shown
from ..model.context import BuildContext, Edition

LOGGERS = ("mkdocs", "properdocs")  # Material and our plugin log under mkdocs.* in both engines


class BuildError(RapportError):
    heading = "The build failed"


def _engine(ctx: BuildContext, name: str):
    return importlib.import_module(f"{ctx.engine}.{name}")


class _Said(logging.Handler):
    """The engine's warnings and errors, kept to be shown as one message."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):  # content quoted by the engine never drives the terminal
        self.lines.append(shown(f"{record.levelname} - {record.getMessage()}"))


def run(ctx: BuildContext, edition: Edition, out: Path) -> list[str]:
    """Render `edition` into `out` with the context's engine; return its warning lines.
    Strict, as `make site` has always been, except in the preview, which shows problems instead."""
    said = _Said()
    loggers = [logging.getLogger(name) for name in LOGGERS]
    old = [(lg.propagate, lg.level) for lg in loggers]
    for lg in loggers:
        lg.addHandler(said)
        lg.propagate = False
        lg.setLevel(logging.INFO)
    try:
        config_module, build_module, exceptions = (_engine(ctx, "config"), _engine(ctx, "commands.build"),
                                                    _engine(ctx, "exceptions"))
        try:
            config = config_module.load_config(str(edition.config_file), site_dir=str(out), strict=not ctx.preview)
            plugin = config.plugins.get("rapport")
            if plugin is None:
                raise BuildError([Finding(edition.config_file.name, 1, 1, "settings",
                                          "the `rapport` plugin is not in plugins:", "add `- rapport` under plugins:")],
                                 "The build failed")
            plugin.attach(ctx, edition)
            build_module.build(config)
        except (exceptions.Abort, exceptions.ConfigurationError, exceptions.PluginError) as exc:
            # The engine logs our plugin's findings, wrapped in its own words: keep ours alone.
            lines = [line.removeprefix("ERROR - ") for line in said.lines
                     if not line.startswith("ERROR - Error reading page")]
            raise BuildError("\n".join(lines or [str(exc)]).strip() or "the engine stopped",
                             "MkDocs could not build the site") from None
        return said.lines
    finally:
        for lg, (propagate, level) in zip(loggers, old):
            lg.removeHandler(said)
            lg.propagate, lg.level = propagate, level


def said(exc: RapportError) -> str:
    """An error's lines without its heading (the parent adds one)."""
    return "\n".join(f.message if not f.path else str(f) for f in exc.findings)


def _child(conn, ctx: BuildContext, edition: Edition, out: Path) -> None:
    try:
        conn.send(("ok", run(ctx, edition, out)))
    except RapportError as exc:
        conn.send(("error", said(exc)))
    except BaseException as exc:  # noqa: BLE001 - reported as one message by the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}"))
    finally:
        conn.close()
        os._exit(0)


class _Forked:
    """MkDocs: a forked copy of this process, which has the engine loaded already."""

    def __init__(self, ctx: BuildContext, edition: Edition, out: Path):
        fork = multiprocessing.get_context("fork")
        self.conn, child = fork.Pipe(duplex=False)
        self.proc = fork.Process(target=_child, args=(child, ctx, edition, out), daemon=True)
        self.proc.start()
        child.close()

    def result(self) -> tuple[str, object]:
        try:
            return self.conn.recv()
        except EOFError:
            return "error", "the page build stopped without a word"
        finally:
            self.proc.join()

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


class _Started:
    """An engine set up before MkDocs is imported (ProperDocs): a new interpreter, given the
    context in a file beside the output (rapport.pipeline.child)."""

    def __init__(self, ctx: BuildContext, edition: Edition, out: Path):
        self.file = out.parent / f".{out.name}.context"
        self.file.write_bytes(pickle.dumps(ctx))
        self.result_file = Path(f"{self.file}.{edition.lang}")
        self.proc = subprocess.Popen([sys.executable, "-m", "rapport.pipeline.child", ctx.engine, str(self.file), edition.lang,
                                      str(out)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def result(self) -> tuple[str, object]:
        said, _ = self.proc.communicate()
        if not self.result_file.is_file():
            return "error", said.strip() or "the page build stopped without a word"
        return pickle.loads(self.result_file.read_bytes())

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()
        for path in (self.file, self.result_file):
            path.unlink(missing_ok=True)


class Runs:
    """Several editions rendered at once, each in a process of its own."""

    def __init__(self, ctx: BuildContext, jobs: list[tuple[Edition, Path]]):
        kind = _Forked if ctx.engine == "mkdocs" else _Started
        self.procs = []
        try:
            for edition, out in jobs:
                self.procs.append(kind(ctx, edition, out))
        except BaseException:  # one could not start: stop those that did
            self.stop()
            raise

    def wait(self) -> list[str]:
        """Every run's warning lines; BuildError with the first failure's message."""
        warnings: list[str] = []
        failures: list[str] = []
        for proc in self.procs:
            status, value = proc.result()
            if status == "ok":
                warnings += value
            else:
                failures.append(value)
        if failures:
            raise BuildError(failures[0], "MkDocs could not build the site")
        return warnings

    def stop(self) -> None:
        for proc in self.procs:
            proc.stop()


def live_server(engine: str, builder, root: Path, host: str, port: int):
    """The engine's live-reload server over `root`, calling `builder` when a watched file changes;
    a missing address gets the site's own 404.html (in the preview, the problems page when nothing built)."""
    server = importlib.import_module(f"{engine}.livereload").LiveReloadServer(
        builder=builder, host=host, port=port, root=str(root), mount_path="/")

    def not_found(code: int) -> bytes | None:
        page = root / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = not_found
    return server


def reload_browsers(server) -> None:
    """The pages open in browsers load again, for a build that went in place outside the server's
    own rebuild (the preview's downloads, made in the background): the server's live-reload
    epoch moves on as after its own rebuilds. MkDocs and ProperDocs share this server's code."""
    with server._rebuild_cond, server._epoch_cond:  # the server sets the epoch it wants under the first
        if server._visible_epoch != server._wanted_epoch:
            return  # the server's own rebuild is under way: it reloads them when it is done
        server._wanted_epoch = server._visible_epoch = max(server._visible_epoch + 1, round(time.monotonic() * 1000))
        server._epoch_cond.notify_all()


def versions(ctx: BuildContext) -> str:
    from importlib.metadata import version

    return f"{ctx.engine} {version(ctx.engine)}"
