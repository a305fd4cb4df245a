"""rapport.build: the atomic build of a fixture project; every failure is one message,
never a traceback, and leaves the previous site as it was."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import build_fails
from rapport.build import build_site


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
    message = build_fails(project)
    assert "mkdocs.yml:1:1: settings:" in message and "use_directory_urls" in message
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
