#!/usr/bin/env python3
"""Performance, measured against plain Material in the same run (not asserted in tests): `make bench`.

For the real site and for synthetic libraries (scripts/make-library.py: 30 tips in 5 modules,
300 tips in 50 modules), it builds, in one run and `--runs` times each (medians):
- ours: `rapport build`, timed step by step (checks, MkDocs, each publishing step);
- plain: `mkdocs build` of the same Markdown with theme material, search and offline, standard
  admonitions and none of our extensions.
It reports the ratios, the first view of a tip page (HTML + CSS + JS, raw and gzip), site bytes
and files per tip, the zip without PDFs, a rebuild with nothing changed, and the live
preview's save-to-served time; it writes bench/results.json and prints a table (the README's
Performance section shows it). Exit 1 if a target is missed.

    python scripts/bench.py [--runs 5] [--sizes real,30,300]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from pathlib import Path

import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import dataclasses  # noqa: E402

import rapport.pipeline.build as pipeline  # noqa: E402
from rapport.app import build_site  # noqa: E402
from rapport.model import load_site  # noqa: E402
from rapport.outputs import STEPS  # noqa: E402
from rapport.outputs.offline_zip import ZIP_NAME  # noqa: E402
from rapport.pipeline.cache import Cache  # noqa: E402

# "mkdocs" holds the checks, which run alongside the MkDocs builds.
SITE_STEPS = ("mkdocs", "not_found_step", "meta_policy_step", "zip_step", "check_sizes_step", "checksums_step",
              "headers_step", "service_worker_step")
PDF_STEPS = ("card_step", "paper_step")
PACKAGE_STEPS = ("lms_package_step",)
# (measure, size, limit, how the value is compared): the targets.
TARGETS = [
    ("site steps / plain", "real", 1.5), ("site steps / plain", "300", 1.5),
    ("card set / bare WeasyPrint", "real", 1.3),
    ("mkdocs step / plain", "real", 1.3),
    ("rebuild, nothing changed / plain", "real", 1.2),
    ("cold full build / plain", "real", 4.0), ("cold full build / plain", "300", 4.0),
    ("one-sentence edit / plain", "real", 3.0), ("one-sentence edit / plain", "300", 3.0),
    ("bytes per tip at 300 / at 30", "300", 1.3),
    ("first view gzip - plain (KB)", "real", 12.0),
    ("zip without PDFs per language (KB)", "real", 400.0),
]


# --------------------------------------------------------------------------- projects

def plain_project(project: Path, dest: Path) -> Path:
    """The same Markdown under plain Material: search and offline, standard extensions only;
    each language edition (extra.languages) as its own plain site, as ours builds it."""
    main = load_site(project / "mkdocs.yml")
    for config in [main] + main.edition_sites():
        folder = config.language.folder if config.language else ""
        docs = "docs" + ("-" + folder.rstrip("/") if folder else "")
        shutil.copytree(config.docs_dir, dest / docs)
        plain = {
            "site_name": config.name or "Plain", "docs_dir": docs, "use_directory_urls": False,
            "theme": {"name": "material", "font": False, "features": list(config.features), "language": config.lang},
            "plugins": [{"search": {"lang": config.lang}}, "offline"],
            "markdown_extensions": ["admonition", "attr_list", "md_in_html", "def_list", "tables", "toc",
                                    "pymdownx.details", "pymdownx.superfences"],
            "nav": config.nav,
        }
        name = "mkdocs.yml" if not folder else f"mkdocs.{folder.rstrip('/')}.yml"
        (dest / name).write_text(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


def library(tips: int, dest: Path) -> Path:
    from importlib import import_module

    make = import_module("make-library")
    return make.write(dest, modules=tips // 6, tips=6)


# --------------------------------------------------------------------------- timing

def plain_build(project: Path, out: Path) -> float:
    """Every edition's plain build (the main one into `out`, mkdocs.es.yml into out/es/)."""
    start = time.perf_counter()
    for config in sorted(project.glob("mkdocs*.yml")):
        edition = config.name[len("mkdocs."):-len(".yml")]
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                        "-d", str(out / edition if edition else out)], check=True, capture_output=True)
    return time.perf_counter() - start


def our_build(project: Path, out: Path) -> dict[str, float]:
    """`rapport build` with each step timed: {step: seconds, 'total': seconds}."""
    times: dict[str, float] = {}

    def timed(name, fn):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - start
        run.__name__ = getattr(fn, "__name__", name)
        return run

    # "mkdocs": every edition's pages, built at once while the checks run (rapport.pipeline.build.pages);
    # "checks": the checks alone, inside it. The LMS packages' engine runs count in their step.
    saved = pipeline.check_first, pipeline.pages
    pipeline.check_first = timed("checks", pipeline.check_first)
    pipeline.pages = timed("mkdocs", pipeline.pages)
    try:
        steps = [dataclasses.replace(step, run=timed(step.name, step.run)) for step in STEPS]
        start = time.perf_counter()
        with contextlib.redirect_stderr(open(os.devnull, "w")):
            build_site(project / "mkdocs.yml", out, steps=steps)
        times["total"] = time.perf_counter() - start
    finally:
        pipeline.check_first, pipeline.pages = saved
    return times


def median_runs(fn, runs: int):
    results = [fn() for _ in range(runs)]
    if isinstance(results[0], dict):
        return {k: statistics.median(r.get(k, 0.0) for r in results) for k in results[0]}
    return statistics.median(results)


def card_set_ratio(project: Path, runs: int) -> tuple[float, float]:
    """(seconds for our card set — four PDFs, fit proved, sheets imposed — with no cache,
    seconds for bare WeasyPrint renders of the same HTML documents)."""
    from weasyprint import HTML

    from rapport.model.assets import card_font_faces
    from rapport.outputs.card import BLEED, SHEETS, build_cards, card_from_site
    from rapport.outputs.card.impose import _sheet_overlay
    from rapport.markdown.cardpage import TEMPLATES, card_html

    site = load_site(project / "mkdocs.yml")
    card = card_from_site(site, module=site.card_units()[0])
    faces = card_font_faces(site.root)

    def ours():
        with tempfile.TemporaryDirectory() as tmp:
            shutil.rmtree(project / ".cache" / "rapport" / "card", ignore_errors=True)
            start = time.perf_counter()
            build_cards(site, Path(tmp))
            return time.perf_counter() - start

    def bare():
        start = time.perf_counter()
        for bleed in (0, BLEED):
            HTML(string=card_html(card, faces, bleed), base_url=str(TEMPLATES)).write_pdf()
        for sheet in SHEETS.values():
            _sheet_overlay(sheet, card, faces)
        return time.perf_counter() - start

    return median_runs(ours, runs), median_runs(bare, runs)


# --------------------------------------------------------------------------- weights

def first_view(site: Path, page: str) -> tuple[int, int]:
    """Bytes a first visit to `page` fetches: the page, its stylesheets and scripts."""
    html_path = site / page
    html = html_path.read_text(encoding="utf-8")
    files = [html_path]
    for ref in re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"#?]+\.(?:css|js))"', html):
        target = (html_path.parent / ref).resolve()
        if target.is_file():
            files.append(target)
    return sum(f.stat().st_size for f in files), sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)


def site_weight(site: Path) -> tuple[int, int]:
    """Bytes and files of the site without downloads (PDFs, zips)."""
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix not in (".pdf", ".zip")]
    return sum(p.stat().st_size for p in files), len(files)


def zip_without_pdfs(site: Path) -> int:
    with zipfile.ZipFile(site / ZIP_NAME) as zf:
        return sum(i.compress_size for i in zf.infolist() if not i.filename.endswith(".pdf"))


def a_tip(project: Path) -> str:
    return load_site(project / "mkdocs.yml").tip_paths()[0][:-3] + ".html"


# --------------------------------------------------------------------------- preview

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preview_latency(project: Path, command: list[str]) -> float:
    """Seconds from saving a tip to the served page showing the change (`mkdocs serve`)."""
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        shutil.copytree(project, work / "p", symlinks=True)
        port = free_port()
        proc = subprocess.Popen(command + ["-f", str(work / "p" / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            site = load_site(work / "p" / "mkdocs.yml")
            rel = site.tip_paths()[0]
            url = f"http://127.0.0.1:{port}/{rel[:-3]}.html"
            if not _wait(url, lambda body: True, 120):
                return float("nan")
            time.sleep(1.0)
            word = f"Benchmark{int(time.time())}"
            path = site.docs_dir / rel
            start = time.perf_counter()
            path.write_text(path.read_text(encoding="utf-8").replace("\n## ", f"\n{word} changed.\n\n## ", 1),
                            encoding="utf-8")
            if not _wait(url, lambda body: word in body, 120):
                return float("nan")
            return time.perf_counter() - start
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _wait(url: str, ok, timeout: float) -> bool:
    end = time.time() + timeout
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                if ok(r.read().decode("utf-8", "replace")):
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


# --------------------------------------------------------------------------- one size

def size_is_real(name: str) -> bool:
    return name == "real"


def measure(name: str, project: Path, work: Path, runs: int, preview: bool) -> dict:
    plain = plain_project(project, work / f"plain-{name}")
    ours_out, plain_out = work / f"ours-{name}" / "site", work / f"plain-{name}-site"
    plain_s = median_runs(lambda: plain_build(plain, plain_out), runs)

    def fresh():  # a first build: no site, no cached PDFs or packages
        shutil.rmtree(ours_out, ignore_errors=True)
        shutil.rmtree(project / ".cache" / "rapport", ignore_errors=True)
        return our_build(project, ours_out)

    steps = median_runs(fresh, runs)
    rebuild = median_runs(lambda: our_build(project, ours_out)["total"], runs)
    edits = iter(range(1, 1000))

    def edited():  # one sentence of the first tip changed (a new word each run), then put back
        path = project / "docs" / load_site(project / "mkdocs.yml").tip_paths()[0]
        text = path.read_text(encoding="utf-8")
        try:
            path.write_text(text.replace("\n\n", f"\n\nEdit {next(edits)} of the bench.\n\n", 1), encoding="utf-8")
            return our_build(project, ours_out)["total"]
        finally:
            path.write_text(text, encoding="utf-8")

    edit = median_runs(edited, runs)
    cache_bytes = Cache(project).size()
    tip = a_tip(project)
    ours_raw, ours_gz = first_view(ours_out, tip)
    plain_raw, plain_gz = first_view(plain_out, tip)
    tips = len(load_site(project / "mkdocs.yml").tip_paths())
    bytes_, files = site_weight(ours_out)
    site_s = sum(steps.get(s, 0.0) for s in SITE_STEPS)
    row = {
        "tips": tips, "plain build (s)": plain_s, "ours total (s)": steps["total"],
        "site steps (s)": site_s, "site steps / plain": site_s / plain_s,
        "mkdocs step (s)": steps.get("mkdocs", 0.0), "mkdocs step / plain": steps.get("mkdocs", 0.0) / plain_s,
        **{f"step {k} (s)": v for k, v in steps.items() if k not in ("total",)},
        "rebuild, nothing changed (s)": rebuild, "rebuild, nothing changed / plain": rebuild / plain_s,
        "cold full build / plain": steps["total"] / plain_s,
        "one-sentence edit (s)": edit, "one-sentence edit / plain": edit / plain_s,
        "cache after the edits (MB)": cache_bytes / 1e6,
        "first view raw (KB)": ours_raw / 1000, "first view raw, plain (KB)": plain_raw / 1000,
        "first view gzip (KB)": ours_gz / 1000, "first view gzip, plain (KB)": plain_gz / 1000,
        "first view gzip - plain (KB)": (ours_gz - plain_gz) / 1000,
        "site bytes per tip (KB)": bytes_ / tips / 1000, "site files per tip": files / tips,
        # per language: the zip holds every edition
        "zip without PDFs per language (KB)": zip_without_pdfs(ours_out) / 1000 / max(1, len(load_site(project / "mkdocs.yml").languages)),
    }
    if size_is_real(name):
        ours_cards, bare_cards = card_set_ratio(project, runs)
        row.update({"card set (s)": ours_cards, "card set, bare WeasyPrint (s)": bare_cards,
                    "card set / bare WeasyPrint": ours_cards / bare_cards})
    if preview:
        row["preview save-to-served (s)"] = preview_latency(project, [sys.executable, "-m", "mkdocs", "serve"])
        row["preview save-to-served, plain (s)"] = preview_latency(plain, [sys.executable, "-m", "mkdocs", "serve"])
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="real,30,300")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a target is missed (by default a miss is reported, as a measurement)")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        for size in sizes:
            project = ROOT if size == "real" else library(int(size), work / f"library-{size}")
            print(f"measuring {size} ...", file=sys.stderr)
            results[size] = measure(size, project, work, args.runs if size != "300" else 1,  # 300 tips: minutes a build
                                    preview=size == "real")
    if "30" in results and "300" in results:
        results["300"]["bytes per tip at 300 / at 30"] = (results["300"]["site bytes per tip (KB)"]
                                                          / results["30"]["site bytes per tip (KB)"])
    verdicts = []
    for measure_name, size, limit in TARGETS:
        value = results.get(size, {}).get(measure_name)
        if value is not None:
            verdicts.append((measure_name, size, value, limit, value <= limit))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "system": platform.platform(), "cpus": os.cpu_count()},
        "versions": {name: _version(name) for name in ("mkdocs", "mkdocs-material", "weasyprint", "markdown")},
        "runs": args.runs, "results": results,
        "targets": [dict(zip(("measure", "size", "value", "limit", "met"), v)) for v in verdicts]}, indent=2),
        encoding="utf-8")
    print(table(results, verdicts))
    missed = [f"{m} at {s}: {v:.2f} over {lim:g}" for m, s, v, lim, ok in verdicts if not ok]
    if missed:
        print("Targets missed (the README's Performance section says why): " + "; ".join(missed), file=sys.stderr)
    return 1 if missed and args.strict else 0


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def table(results: dict[str, dict], verdicts) -> str:
    sizes = list(results)
    names = list(dict.fromkeys(k for r in results.values() for k in r))
    lines = ["| measure | " + " | ".join(f"{s} tips" if s != "real" else "real site" for s in sizes) + " |",
             "| --- | " + " | ".join("---:" for _ in sizes) + " |"]
    for name in names:
        cells = []
        for s in sizes:
            v = results[s].get(name)
            cells.append("" if v is None else (f"{v:.0f}" if name == "tips" else f"{v:.2f}"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "| target | size | value | limit | |", "| --- | --- | ---: | ---: | --- |"]
    lines += [f"| {m} | {s} | {v:.2f} | {lim:g} | {'met' if ok else 'MISSED'} |" for m, s, v, lim, ok in verdicts]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
