"""rapport.build: the atomic build of a fixture project; every failure is one message,
never a traceback, and leaves the previous site as it was."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import build_fails, copy_project
from rapport.app import build_site
from rapport.model import RapportError


@pytest.mark.parametrize("field", ["card", "summary", "reviewed"])
def test_missing_front_matter_fails_the_build_naming_file_and_field(project, field):
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(re.sub(rf"(?m)^{field}:.*\n", "", tip.read_text(), count=1))
    message = build_fails(project)
    assert f"docs/tips/first-tip.md:1:1: front-matter: the tip page has no '{field}'" in message
    assert "Traceback" not in message
    assert not (project / "site").exists(), "a failed build must not leave a site behind"


def test_overlong_card_line_names_the_line(project):
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(re.sub(r"(?m)^card:.*$", "card: " + "word " * 30, tip.read_text(), count=1))
    message = build_fails(project)
    assert re.search(r"docs/tips/first-tip\.md:4:1: front-matter: the card line is \d+ characters", message)


def test_failed_build_leaves_the_previous_site_as_it_was(project):
    out = project / "site"
    build_site(project / "mkdocs.yml", out)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(tip.read_text().replace("    correct: true\n", "", 1))
    build_fails(project)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site-staging-*")), "staging folders must be cleaned up"


def test_a_mistake_in_mkdocs_yml_is_a_message_not_a_traceback(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("use_directory_urls: false", "use_directory_urls: maybe"))
    line = config.read_text().splitlines().index("use_directory_urls: maybe") + 1
    message = build_fails(project)
    assert f"mkdocs.yml:{line}:1: settings:" in message and "use_directory_urls" in message
    assert "Traceback" not in message


@pytest.mark.parametrize("change, words", [
    (("    title: Tiny Training\n", "    title: [Tiny]\n"), "extra.card.title must be text"),
    (("use_directory_urls: false", "use_directory_urls: maybe"), "use_directory_urls"),
    (("- tips/first-tip.md", "- tips/missing.md"), "the nav names 'tips/missing.md'"),
])
def test_the_command_line_prints_one_message_and_exits_1(project, change, words):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(*change, 1))
    proc = subprocess.run([sys.executable, "-m", "rapport.cli", "build", "--config", str(config),
                           "--out", str(project / "site")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert words in proc.stderr and "was left as it was" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout


# --------------------------------------------------------------------------- failure semantics


def leftovers(project) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith((".site-", "..site-")) or p.name.endswith(".part"))


def snapshot(site) -> dict:
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.parametrize("sig, delay", [(signal.SIGTERM, 0.0), (signal.SIGTERM, 1.0), (signal.SIGINT, 0.3),
                                        (signal.SIGINT, 1.5)])
def test_an_interrupted_build_leaves_the_old_site_and_no_leftovers(project, sig, delay):
    build_site(project / "mkdocs.yml", project / "site")
    before = snapshot(project / "site")
    (project / "docs" / "index.md").write_text((project / "docs" / "index.md").read_text() + "\nA change.\n")
    proc = subprocess.Popen([sys.executable, "-m", "rapport.cli", "build", "--config", str(project / "mkdocs.yml"),
                             "--out", str(project / "site")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(project.glob(".site-staging-*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    time.sleep(delay)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    if proc.returncode == 0:  # the signal came as the new site went in place: the build stands, complete
        assert "Traceback" not in out + err and leftovers(project) == []
        assert "A change." in (project / "site" / "index.html").read_text()
        return
    assert proc.returncode == 130, err
    assert err.strip().count("\n") == 0 and err.startswith("Interrupted (stopped by SIG"), err
    assert "Traceback" not in out + err
    assert snapshot(project / "site") == before
    assert leftovers(project) == []


def test_a_full_disk_leaves_the_old_site_and_no_leftovers(project):
    from rapport.pipeline.steps import Step, part_file

    build_site(project / "mkdocs.yml", project / "site")
    before = snapshot(project / "site")

    def full_disk(run, site, staging):
        part_file(staging).write_bytes(b"half a zip")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(RapportError, match="No space left on device"):
        build_site(project / "mkdocs.yml", project / "site", steps=[Step(full_disk)])
    assert snapshot(project / "site") == before and leftovers(project) == []


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to build as two users")
def test_a_site_built_with_sudo_is_left_alone_with_one_clear_line(tmp_path):
    """`sudo make site`, then `make site` as a normal user: refused before anything moves."""
    shared = Path(tempfile.mkdtemp(prefix="btr-users-"))
    try:
        os.chmod(shared, 0o777)
        project = copy_project(shared / "project")
        for path in [project] + list(project.rglob("*")):
            if not path.is_symlink():
                os.chmod(path, 0o777 if path.is_dir() else 0o666)
        build_site(project / "mkdocs.yml", project / "site")  # as root: a root-owned site/
        before = snapshot(project / "site")
        proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                               sys.executable, "-m", "rapport.cli", "build", "--config", str(project / "mkdocs.yml"),
                               "--out", str(project / "site")], capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, HOME=str(shared)))
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "is not writable by this user (was the site built with sudo?)" in proc.stderr
        assert "Traceback" not in proc.stderr
        assert snapshot(project / "site") == before and leftovers(project) == []
    finally:
        shutil.rmtree(shared, ignore_errors=True)


def test_a_failed_swap_puts_the_old_site_back_and_says_so(tmp_path, monkeypatch):
    from rapport.pipeline import build

    out, staging = tmp_path / "site", tmp_path / ".site-staging-x"
    out.mkdir()
    (out / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    real = os.rename

    def rename(src, dst):
        if Path(src) == staging:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real(src, dst)

    monkeypatch.setattr(build.os, "rename", rename)
    with pytest.raises(RapportError) as info:
        build.swap_into_place(staging, out)
    assert "could not put the new site in place (Invalid cross-device link); site/ was left as it was" in str(info.value)
    assert (out / "index.html").read_text() == "old" and not list(tmp_path.glob(".site-old-*"))


def test_an_old_copy_that_cannot_be_removed_is_one_warning_naming_it(tmp_path, monkeypatch, capsys):
    from rapport.pipeline import build

    out, staging = tmp_path / "site", tmp_path / ".site-staging-x"
    for folder, text in ((out, "old"), (staging, "new")):
        folder.mkdir()
        (folder / "index.html").write_text(text)

    def rmtree(path, *args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(build.shutil, "rmtree", rmtree)
    build.swap_into_place(staging, out)
    assert (out / "index.html").read_text() == "new"
    warning = capsys.readouterr().err.strip()
    old = next(tmp_path.glob(".site-old-*"))
    assert warning.count("\n") == 0 and warning.startswith("warning:") and str(old) in warning


def test_a_page_with_only_a_scenario_offers_to_clear_answers(project):
    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\n/// scenario | Try it.\nWhat would you say?\n\n//// answer\nSomething kind.\n////\n///\n")
    build_site(project / "mkdocs.yml", project / "site")
    assert 'class="rq-storage"' in (project / "site" / "index.html").read_text()
    assert 'class="rq-storage"' not in (project / "site" / "pocket-card.html").read_text()


def test_sigterm_during_the_lms_package_leaves_no_staging_folder(tmp_path):
    """The LMS package is a second run beside staging (`.site-staging-*.lms`): stopped there, nothing stays."""
    project = copy_project(tmp_path / "project")  # a cache of its own: the package is made, not reused
    proc = subprocess.Popen([sys.executable, "-m", "rapport.cli", "build", "--config", str(project / "mkdocs.yml"),
                             "--out", str(project / "site")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(project.glob(".site-staging-*.lms")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert list(project.glob(".site-staging-*.lms")), "the LMS run was never seen"
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert leftovers(project) == [] and not (project / "site").exists(), leftovers(project)
    assert "Traceback" not in out + err


@pytest.mark.parametrize("swallow", [Exception, BaseException])
def test_a_signal_that_a_library_swallows_still_stops_the_build(project, swallow):
    """WeasyPrint logs every Exception and goes on: Ctrl-C during a PDF must still stop the build,
    leave the old site and publish nothing (not even a half-made card into the cache)."""
    from rapport.outputs import STEPS
    from rapport.pipeline.build import Interrupted
    from rapport.pipeline.steps import Step

    def library_that_swallows(run, site, staging):
        try:
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.5)
        except swallow:  # noqa: BLE001 - what a library does
            pass

    with pytest.raises(Interrupted):
        build_site(project / "mkdocs.yml", project / "site", steps=(Step(library_that_swallows),) + STEPS)
    assert not (project / "site").exists() and leftovers(project) == []


def test_our_scripts_and_styles_are_published_minified(built_site, root):
    """Each of our scripts and styles reaches the reader minified by esbuild (npm), in every
    edition: much smaller than its source, with no comment left, the same file in each edition."""
    sources = sorted((root / "overrides" / "assets" / "rapport").glob("*.[jc]s*"))
    assert {p.name for p in sources} >= {"questions.js", "offline.js", "questions.css", "site.css"}
    for source in sources:
        for edition in ("", "es/"):
            published = (built_site / edition / "assets" / "rapport" / source.name).read_bytes()
            assert len(published) < 0.85 * len(source.read_bytes()), (edition, source.name)
            assert b"/*" not in published and b"\n  " not in published, (edition, source.name)
        assert published == (built_site / "assets" / "rapport" / source.name).read_bytes()


def test_a_script_esbuild_cannot_read_fails_at_its_line_and_publishes_nothing(project):
    script = project / "overrides" / "assets" / "rapport" / "offline.js"
    script.write_text(script.read_text() + "\nfunction (\n")
    line = len(script.read_text().splitlines())
    message = build_fails(project)
    assert f"overrides/assets/rapport/offline.js:{line}:10: minify: Expected identifier" in message, message
    assert not (project / "site").exists()


def test_a_style_sheet_esbuild_cannot_read_fails_at_its_line(project):
    """esbuild only warns of a brace left open in CSS (browsers drop what follows): an error here."""
    sheet = project / "overrides" / "assets" / "rapport" / "site.css"
    sheet.write_text(sheet.read_text() + "\n.rp-broken { color: red;\n")
    message = build_fails(project)
    assert "overrides/assets/rapport/site.css:" in message and "minify:" in message and '"}"' in message, message


def test_a_stop_signal_while_workers_start_lets_them_start_then_stops_quietly(monkeypatch, capfd):
    """A worker process interrupted while it reads its job prints a traceback of its own (seen
    when a build was stopped one second in): the signal waits until every worker has started."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from rapport.outputs import workers
    from rapport.pipeline.build import Interrupted, interruptible

    started = []
    real = ProcessPoolExecutor.submit

    def submit(self, fn, *args, **kwargs):
        if not started:
            os.kill(os.getpid(), signal.SIGTERM)
        started.append(1)
        return real(self, fn, *args, **kwargs)

    monkeypatch.setattr(ProcessPoolExecutor, "submit", submit)
    with pytest.raises(Interrupted, match="SIGTERM"):
        with interruptible():
            workers.run_all(pow, [(2, 3), (3, 2)], workers=2)
    assert started == [1, 1], "every job handed to its worker before the build stopped"
    assert "Traceback" not in capfd.readouterr().err
