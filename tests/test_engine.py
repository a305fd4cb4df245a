"""The engine behind one seam (rapport.pipeline.engine): ProperDocs, MkDocs' maintained fork,
builds the same site — every file there, every HTML file identical apart from the generator
tag; and a plain engine run without the pipeline stops with one line."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import copy_project
from rapport.app import build_site

RE_GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_properdocs_builds_the_same_site(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    project = copy_project(tmp_path / "project", "bilingual")
    build_site(project / "mkdocs.yml", project / "with-mkdocs")
    build_site(project / "mkdocs.yml", project / "with-properdocs", engine="properdocs")
    one, two = files(project / "with-mkdocs"), files(project / "with-properdocs")
    assert one.keys() == two.keys()
    pages = [name for name in one if name.endswith(".html")]
    assert "es/index.html" in pages and "tips/first-tip.html" in pages
    generators = {RE_GENERATOR.search(two[name].decode()).group(0) for name in pages if RE_GENERATOR.search(two[name].decode())}
    assert generators and all("ProperDocs" in g for g in generators), generators
    differ = [name for name in pages
              if RE_GENERATOR.sub("", one[name].decode()) != RE_GENERATOR.sub("", two[name].decode())]
    assert differ == [], differ


def test_a_plain_engine_run_stops_with_one_line_and_writes_nothing(project, tmp_path):
    for engine in ("mkdocs", "properdocs"):
        out = tmp_path / f"plain-{engine}"
        proc = subprocess.run([sys.executable, "-m", engine, "build", "--config-file", str(project / "mkdocs.yml"),
                               "--site-dir", str(out)], capture_output=True, text=True, timeout=120,
                              env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        said = [l for l in proc.stderr.splitlines() if l.strip()]
        assert proc.returncode != 0, engine
        errors = [l for l in said if l.startswith("ERROR")]
        assert len(errors) == 1 and "make site" in errors[0] and "make serve" in errors[0], said
        assert "Traceback" not in proc.stderr
        assert not out.exists() or not any(out.rglob("*.html"))


def test_the_theme_builds_when_a_value_our_plugin_provides_is_missing(project, monkeypatch):
    """Every rp_* use in overrides/ is guarded: a page renders without them, never an abort."""
    from rapport.adapter.plugin import RapportPlugin

    monkeypatch.setattr(RapportPlugin, "on_env", lambda self, env, config, files: env)
    monkeypatch.setattr(RapportPlugin, "on_page_context", lambda self, context, page, config, nav: context)
    build_site(project / "mkdocs.yml", project / "site")
    page = (project / "site" / "tips" / "first-tip.html").read_text()
    assert "rq-question" in page and "assets/rapport/ui.js" not in page and "rp-language" not in page


def test_a_build_says_once_that_the_engine_is_near_its_end_of_life(project):
    proc = subprocess.run([sys.executable, "-m", "rapport.cli", "build", "--config", str(project / "mkdocs.yml"),
                           "--out", str(project / "site")], capture_output=True, text=True, timeout=300,
                          env={k: v for k, v in os.environ.items() if k != "NO_MKDOCS_2_WARNING"})
    assert proc.returncode == 0, proc.stderr
    said = proc.stdout + proc.stderr
    assert said.count("2027-05-05") == 1 and 'README, "Support window"' in said, said
    assert "MkDocs 2.0" not in said, "Material's own banner, once per engine run, is ours in one line"
