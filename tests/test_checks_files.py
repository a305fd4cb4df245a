"""rapport.checks.files: nothing outside the project is published through a symlink."""

from __future__ import annotations

import os

import pytest

from conftest import build_fails
from rapport.app import build_site


@pytest.mark.parametrize("folder, target, words", [
    ("docs/files", "/etc/passwd", "points outside docs/ (to /etc/passwd)"),
    ("docs/files", "/nonexistent/handout.txt", "points to /nonexistent/handout.txt, which does not exist"),
    ("overrides/assets", "/etc/hostname", "points outside overrides/"),
])
def test_a_link_out_of_the_project_fails_and_publishes_nothing(project, folder, target, words):
    (project / folder).mkdir(parents=True, exist_ok=True)
    os.symlink(target, project / folder / "handout.txt")
    message = build_fails(project)
    assert f"{folder}/handout.txt:1:1: file-link: this link {words}" in message
    assert "Traceback" not in message and not (project / "site").exists()


def test_a_link_inside_docs_is_fine(project):
    (project / "docs" / "files").mkdir()
    (project / "docs" / "files" / "handout.txt").write_text("A handout.\n")
    os.symlink("handout.txt", project / "docs" / "files" / "copy.txt")
    build_site(project / "mkdocs.yml", project / "site")
    assert (project / "site" / "files" / "copy.txt").read_text() == "A handout.\n"
