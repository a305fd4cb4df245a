#!/usr/bin/env python3
"""Performance, measured against plain Material in the same run (not asserted in tests): `make bench`.

For the real site and for synthetic libraries (scripts/make-library.py: 30 tips in 5 modules,
300 tips in 50 modules), each measure of ours is paired with a plain build run just before it
(interleaved, so a change of load hits both), `--runs` times (medians, with min and max, and the
load average at each run):
- ours: `rapport build`, timed step by step: the cold full build (cache removed), a
  one-sentence edit of a tip, a card-line edit, a rebuild with nothing changed;
- plain: `mkdocs build` of the same Markdown with theme material, search and offline, standard
  admonitions and none of our extensions: every edition one after the other, and one edition
  alone against one edition of ours through MkDocs (our plugin, extensions and theme);
- the paper step against bare WeasyPrint laying out the same HTML in a separate process that
  imports no project code; the peak memory of the cold build (the largest process);
- the first visit of a tip page in Chromium over loopback, bytes and requests the server sent,
  with the service worker allowed and blocked, against plain; the first view (gzip) against plain.
It writes bench/results.json and prints a table (the README's Performance section shows it),
each target with whether it is met. Exit 1 with --strict if a target is missed.

    python scripts/bench.py [--runs 5] [--sizes real,30,300] [--big-runs 1]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import html
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

# (measure, size, limit): the targets (issue 29, and the earlier ones on weights and the card).
TARGETS = [
    ("cold full build / plain", "real", 4.0), ("cold full build / plain", "300", 4.0),
    ("one-sentence edit / plain", "real", 3.0), ("one-sentence edit / plain", "300", 3.0),
    ("rebuild, nothing changed / plain", "real", 1.2), ("rebuild, nothing changed / plain", "300", 1.2),
    ("one edition's MkDocs build / plain", "real", 1.15), ("one edition's MkDocs build / plain", "300", 1.15),
    ("peak memory, cold (MB)", "300", 400.0),
    ("first visit with the service worker / plain (bytes)", "real", 3.0),
    ("first view gzip - plain (KB)", "real", 12.0),
    ("card set / bare WeasyPrint", "real", 1.3),
    ("bytes per tip at 300 / at 30", "300", 1.3),
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


def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max of a measure's runs."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def load() -> float:
    """The one-minute load average when a run starts (other work on the machine slows both builds)."""
    return os.getloadavg()[0]


ONE_EDITION = """
import sys
from pathlib import Path
from rapport.pipeline import engine
from rapport.pipeline.build import load_sites, make_context
out = Path(sys.argv[2])
ctx = make_context(load_sites(Path(sys.argv[1])), staging=out)
engine.run(ctx, ctx.editions[0], out)
"""


def mkdocs_one_edition(config: Path, out: Path, ours: bool = False) -> float:
    """One edition's MkDocs build alone, in a process of its own: plain `mkdocs build`, or (`ours`)
    the engine run our pipeline makes for the main edition (our plugin, extensions and theme)."""
    shutil.rmtree(out, ignore_errors=True)
    command = ([sys.executable, "-c", ONE_EDITION, str(config), str(out)] if ours else
               [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)])
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


BARE_WEASYPRINT = """
import json, sys, time
from weasyprint import HTML
jobs = json.load(open(sys.argv[1]))
for html, base in jobs:
    HTML(filename=html, base_url=base).write_pdf(pdf_variant="pdf/ua-1")
"""


def bare_paper(project: Path, site_dir: Path) -> float:
    """Seconds for bare WeasyPrint to lay out the same paper documents as our paper step (every
    edition's), one after the other, in a separate process that imports no project code."""
    from rapport.outputs import paper

    main = load_site(project / "mkdocs.yml")
    units = [(main, site_dir)] + [(s, site_dir / s.language.folder) for s in main.edition_sites()]
    with tempfile.TemporaryDirectory(prefix="bench-paper-") as tmp:
        jobs = []
        for n, (site, folder) in enumerate(units):
            for m, html in enumerate(paper.documents(site, folder).values()):
                path = Path(tmp) / f"{n}-{m}.html"
                path.write_text(html, encoding="utf-8")
                jobs.append((str(path), str(folder)))
        (Path(tmp) / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-I", "-c", BARE_WEASYPRINT, str(Path(tmp) / "jobs.json")], check=True,
                       capture_output=True, cwd=tmp)
        return time.perf_counter() - start


PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak_mb(command: list[str]) -> float:
    """The largest resident memory of any one process of `command` (itself or a worker), in MB."""
    out = subprocess.run([sys.executable, "-c", PEAK, *command], check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def first_visit(site: Path, page: str, service_worker: bool) -> tuple[int, int]:
    """(bytes, requests) a loopback server sends for a first visit of `page` in Chromium, in a
    fresh profile: until the service worker controls the page (it has cached what it keeps), or
    with workers blocked until the network is idle."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    sent = {"bytes": 0, "requests": 0}

    class Counting(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_head(self):
            sent["requests"] += 1
            return super().send_head()

        def copyfile(self, source, outputfile):
            data = source.read()
            sent["bytes"] += len(data)
            outputfile.write(data)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Counting, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=["--no-sandbox"])
            context = browser.new_context(service_workers="allow" if service_worker else "block")
            tab = context.new_page()
            tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{page}", wait_until="networkidle")
            if service_worker and tab.evaluate("'serviceWorker' in navigator && document.querySelector"
                                               "('script[src$=\"offline.js\"]') !== null"):
                tab.wait_for_function("navigator.serviceWorker.controller !== null", timeout=120000)
                tab.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return sent["bytes"], sent["requests"]


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


def preview_latency(project: Path, command, then: str = "") -> tuple[float, float]:
    """Seconds from saving a tip to the served page showing the change, and to it showing the
    change without `then` (our preview's notice that the downloads are still being made: the
    whole build in place); `command(config, port)` starts the preview (`rapport serve`, or plain
    `mkdocs serve`)."""
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        shutil.copytree(project, work / "p", symlinks=True, ignore=shutil.ignore_patterns(
            ".git", ".venv", ".cache", "site", "build", "bench", "node_modules", "__pycache__"))
        if (project / "node_modules").exists():
            (work / "p" / "node_modules").symlink_to((project / "node_modules").resolve())
        port = free_port()
        proc = subprocess.Popen(command(work / "p" / "mkdocs.yml", port), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        try:
            site = load_site(work / "p" / "mkdocs.yml")
            rel = site.tip_paths()[0]
            url = f"http://127.0.0.1:{port}/{rel[:-3]}.html"
            if not _wait(url, lambda body: True, 120):
                return float("nan"), float("nan")
            time.sleep(1.0)
            word = f"Benchmark{int(time.time())}"
            path = site.docs_dir / rel
            start = time.perf_counter()
            path.write_text(path.read_text(encoding="utf-8").replace("\n## ", f"\n{word} changed.\n\n## ", 1),
                            encoding="utf-8")
            if not _wait(url, lambda body: word in body, 120):
                return float("nan"), float("nan")
            page = time.perf_counter() - start
            if not then or not _wait(url, lambda body: word in body and then not in body, 300):
                return page, page if not then else float("nan")
            return page, time.perf_counter() - start
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
    series: dict[str, list[float]] = {}

    def add(measure_name: str, value: float) -> None:
        series.setdefault(measure_name, []).append(value)

    def plain_run() -> float:
        shutil.rmtree(plain_out, ignore_errors=True)
        value = plain_build(plain, plain_out)
        add("plain, every edition (s)", value)
        return value

    steps_runs = []
    edits = iter(range(1, 1000))

    def edited(new) -> float:  # a tip changed (a new word each run), built, then put back
        path = project / "docs" / load_site(project / "mkdocs.yml").tip_paths()[0]
        text = path.read_text(encoding="utf-8")
        try:
            path.write_text(new(text), encoding="utf-8")
            return our_build(project, ours_out)["total"]
        finally:
            path.write_text(text, encoding="utf-8")

    sentence = lambda text: text.replace("\n\n", f"\n\nEdit {next(edits)} of the bench.\n\n", 1)  # noqa: E731
    card_line = lambda text: re.sub(r"(?m)^card: *(['\"]?)", lambda m: f"{m.group(0)}Now {next(edits)} ", text, 1)  # noqa: E731
    for _ in range(runs):  # each of ours right after a plain build: interleaved
        add("load at a run", load())
        p = plain_run()
        shutil.rmtree(ours_out, ignore_errors=True)
        shutil.rmtree(project / ".cache" / "rapport", ignore_errors=True)
        steps = our_build(project, ours_out)
        steps_runs.append(steps)
        add("cold full build (s)", steps["total"])
        add("cold full build / plain", steps["total"] / p)
        p = plain_run()
        value = edited(sentence)
        add("one-sentence edit (s)", value)
        add("one-sentence edit / plain", value / p)
        p = plain_run()
        value = edited(card_line)
        add("card-line edit (s)", value)
        add("card-line edit / plain", value / p)
        our_build(project, ours_out)  # back to the unedited content
        p = plain_run()
        value = our_build(project, ours_out)["total"]
        add("rebuild, nothing changed (s)", value)
        add("rebuild, nothing changed / plain", value / p)
        config = plain / "mkdocs.yml"
        p = mkdocs_one_edition(config, work / f"plain-one-{name}")
        ours_one = mkdocs_one_edition(project / "mkdocs.yml", work / f"ours-one-{name}", ours=True)
        add("one edition's MkDocs build, plain (s)", p)
        add("one edition's MkDocs build (s)", ours_one)
        add("one edition's MkDocs build / plain", ours_one / p)
    steps = {k: statistics.median(r.get(k, 0.0) for r in steps_runs) for k in steps_runs[0]}
    row: dict = {"tips": len(load_site(project / "mkdocs.yml").tip_paths())}
    for measure_name, values in series.items():
        s_ = spread(values)
        row[measure_name] = s_["median"]
        row[f"{measure_name} [min-max]"] = f"{s_['min']:.2f}-{s_['max']:.2f}"
    row.update({f"step {k} (s), cold": v for k, v in steps.items() if k != "total"})
    row["cache after the edits (MB)"] = Cache(project).size() / 1e6
    # The paper step against bare WeasyPrint of the same HTML (a cold build's pages in ours_out).
    shutil.rmtree(ours_out, ignore_errors=True)
    shutil.rmtree(project / ".cache" / "rapport", ignore_errors=True)
    our_build(project, ours_out)
    bare = bare_paper(project, ours_out)
    row["paper step, bare WeasyPrint (s)"] = bare
    row["paper step / bare WeasyPrint"] = steps.get("paper_step", 0.0) / bare
    # Peak memory of a cold build: the largest process (the build, or a paper worker).
    shutil.rmtree(project / ".cache" / "rapport", ignore_errors=True)
    rapport = str(Path(sys.executable).with_name("rapport"))
    row["peak memory, cold (MB)"] = peak_mb([rapport, "build", "--config", str(project / "mkdocs.yml"),
                                             "--out", str(work / f"peak-{name}")])
    row["peak memory, plain (MB)"] = peak_mb([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                              str(plain / "mkdocs.yml"), "-d", str(work / f"peak-plain-{name}")])
    tip = a_tip(project)
    ours_raw, ours_gz = first_view(ours_out, tip)
    plain_raw, plain_gz = first_view(plain_out, tip)
    bytes_, files = site_weight(ours_out)
    row.update({
        "first view raw (KB)": ours_raw / 1000, "first view raw, plain (KB)": plain_raw / 1000,
        "first view gzip (KB)": ours_gz / 1000, "first view gzip, plain (KB)": plain_gz / 1000,
        "first view gzip - plain (KB)": (ours_gz - plain_gz) / 1000,
        "site bytes per tip (KB)": bytes_ / row["tips"] / 1000, "site files per tip": files / row["tips"],
        # per language: the zip holds every edition
        "zip without PDFs per language (KB)": zip_without_pdfs(ours_out) / 1000 / max(1, len(load_site(project / "mkdocs.yml").languages)),
    })
    if size_is_real(name):
        with_sw, with_sw_requests = first_visit(ours_out, tip, True)
        blocked, blocked_requests = first_visit(ours_out, tip, False)
        plain_bytes, plain_requests = first_visit(plain_out, tip, False)
        row.update({"first visit, service worker allowed (KB)": with_sw / 1000,
                    "first visit, service worker allowed (requests)": with_sw_requests,
                    "first visit, service worker blocked (KB)": blocked / 1000,
                    "first visit, service worker blocked (requests)": blocked_requests,
                    "first visit, plain (KB)": plain_bytes / 1000, "first visit, plain (requests)": plain_requests,
                    "first visit with the service worker / plain (bytes)": with_sw / plain_bytes})
        ours_cards, bare_cards = card_set_ratio(project, runs)
        row.update({"card set (s)": ours_cards, "card set, bare WeasyPrint (s)": bare_cards,
                    "card set / bare WeasyPrint": ours_cards / bare_cards})
    if preview:
        from rapport.model import strings

        # What the author waits for: the page, then the PDFs, zips and package made from it.
        row["preview save-to-served (s)"], row["preview save-to-downloads (s)"] = preview_latency(
            project, lambda config, port: [str(Path(sys.executable).with_name("rapport")), "serve", "--config",
                                           str(config), "--port", str(port)],
            then=html.escape(strings.text(load_site(project / "mkdocs.yml").lang, "preview_making"), quote=False))
        row["preview save-to-served, plain (s)"] = preview_latency(plain, lambda config, port: [
            sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"])[0]
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="real,30,300")
    parser.add_argument("--big-runs", type=int, default=1, help="runs at 300 tips (minutes each)")
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
            results[size] = measure(size, project, work, args.runs if size != "300" else args.big_runs,
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


def cell(row: dict, name: str) -> str:
    v = row.get(name)
    if v is None:
        return ""
    text = f"{v:.0f}" if name in ("tips",) or name.endswith("(requests)") else f"{v:.2f}"
    spread_ = row.get(f"{name} [min-max]")
    return f"{text} ({spread_})" if spread_ else text


def table(results: dict[str, dict], verdicts) -> str:
    """Every measure (median, with min-max over the runs), then each target: met or missed."""
    sizes = list(results)
    names = [n for n in dict.fromkeys(k for r in results.values() for k in r) if not n.endswith("[min-max]")]
    lines = ["| measure | " + " | ".join(f"{s} tips" if s != "real" else "real site" for s in sizes) + " |",
             "| --- | " + " | ".join("---:" for _ in sizes) + " |"]
    for name in names:
        lines.append(f"| {name} | " + " | ".join(cell(results[s], name) for s in sizes) + " |")
    lines += ["", "| target | size | value | limit | |", "| --- | --- | ---: | ---: | --- |"]
    lines += [f"| {m} | {s} | {cell(results[s], m)} | {lim:g} | {'met' if ok else 'MISSED'} |"
              for m, s, v, lim, ok in verdicts]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
