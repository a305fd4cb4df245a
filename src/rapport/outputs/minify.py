"""Our own scripts and styles (assets/rapport/*.js, *.css) minified at build time with esbuild
(npm `esbuild`), by one run for every file the cache does not hold. The sources in
overrides/assets/rapport/ stay readable; what a reader downloads is smaller. The theme's own
files come minified from Material and are left alone."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..model import Finding, RapportError
from ..model.assets import NotInstalled, npm_file
from ..pipeline.cache import Cache

ESBUILD = ("esbuild", "bin", "esbuild")
FLAGS = ("--minify", "--target=es2017,chrome79,firefox68,safari12", "--charset=utf8", "--legal-comments=none")


def our_assets(folder: Path) -> list[Path]:
    mine = folder / "assets" / "rapport"
    return sorted(p for p in mine.glob("*") if p.suffix in (".js", ".css") and p.is_file()
                  and p.name != "ui.js")  # the catalogue's words, written compact by our plugin


RE_ERROR = re.compile(r"\[(?:ERROR|WARNING)\] (.*?)\n\s*\n\s*in/(\d+)\.\w+:(\d+):(\d+):")


def source_of(path: Path, custom_dir: Path | None) -> str:
    """Where a published asset comes from, as the author knows it: the theme overrides, or the
    build (the card's styles are made from src/rapport/templates/)."""
    mine = custom_dir / "assets" / "rapport" / path.name if custom_dir else None
    return f"{custom_dir.name}/assets/rapport/{path.name}" if mine and mine.is_file() else f"assets/rapport/{path.name}"


def problems(said: str, files: list[Path], custom_dir: Path | None = None) -> list[Finding]:
    """esbuild's errors at the file and line of our source (overrides/assets/rapport/), one each."""
    found = [Finding(source_of(files[int(n)], custom_dir), int(line), int(col) + 1, "minify", message.strip(),
                     "fix it there: esbuild reads our scripts and styles as browsers do")
             for message, n, line, col in RE_ERROR.findall(said) if int(n) < len(files)]
    return found or [Finding("overrides/assets/rapport", 1, 1, "minify",
                             "esbuild failed: " + " ".join(said.split())[:300], "run `make site` again")]


def esbuild(root: Path, files: list[Path], custom_dir: Path | None = None) -> dict[Path, bytes]:
    """{file: its minified bytes}, from one run of esbuild."""
    node = shutil.which("node")
    try:
        cli = npm_file(root, *ESBUILD)
    except NotInstalled as exc:
        raise RapportError([Finding("package.json", 1, 1, "minify", str(exc), "run `make site`, which installs it")],
                           "Our scripts and styles cannot be made smaller") from None
    if node is None:
        raise RapportError([Finding("Makefile", 1, 1, "minify", "Node.js is not installed: esbuild runs on it",
                                    "install Debian's nodejs and npm, then run `make site`")],
                           "Our scripts and styles cannot be made smaller")
    with tempfile.TemporaryDirectory(prefix="rapport-minify-") as tmp:
        out = Path(tmp)
        for n, path in enumerate(files):  # each under a name of its own: two editions' files may share one
            (out / "in").mkdir(exist_ok=True)
            shutil.copyfile(path, out / "in" / f"{n}{path.suffix}")
        proc = subprocess.run([node, str(cli), *(str(out / "in" / f"{n}{p.suffix}") for n, p in enumerate(files)),
                               *FLAGS, "--log-level=warning",
                               f"--outdir={out / 'out'}", f"--outbase={out / 'in'}"],
                              capture_output=True, text=True, timeout=300, cwd=out)
        done = {path: out / "out" / f"{n}{path.suffix}" for n, path in enumerate(files)}
        # A warning is an error here: a style sheet esbuild cannot read (an unclosed brace) it
        # warns of, and browsers would drop rules after it.
        if proc.returncode != 0 or "[WARNING]" in proc.stderr or not all(p.is_file() for p in done.values()):
            raise RapportError(problems(proc.stderr or proc.stdout or "", files, custom_dir),
                               "Our scripts and styles cannot be made smaller")
        return {path: target.read_bytes() for path, target in done.items()}


def esbuild_version(root: Path) -> str:
    package = root / "node_modules" / "esbuild" / "package.json"
    try:
        return json.loads(package.read_text(encoding="utf-8")).get("version", "")
    except (OSError, ValueError):
        return ""


def minify_step(run, site, folder: Path) -> None:
    """Each of our scripts and styles in the edition's folder, minified in place (cached on its bytes)."""
    cache = Cache(site.root)
    version = esbuild_version(site.root)
    todo = {}
    for path in our_assets(folder):
        source = path.read_bytes()
        key = cache.key("minify", path.suffix, source, version, *FLAGS)  # a new esbuild or flag: made again
        data = cache.lookup("minify", key)
        if data is None:
            todo[path] = key
        else:
            path.write_bytes(data)
    if todo:
        for path, data in esbuild(site.root, list(todo), site.custom_dir).items():
            cache.store("minify", todo[path], data)
            path.write_bytes(data)
