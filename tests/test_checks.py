"""rapport.checks: every finding in one run — the broken-tip fixtures (one mistake each),
the report and `make check`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, add_tip, build_fails
from rapport.app import build_site
from rapport.checks import check_page
from rapport.model import read_page

BROKEN = sorted(p.name for p in (FIXTURES / "broken").glob("*.md"))
RE_EXPECT = re.compile(r"^# expect: (\S+) (\d+) (.*)$", re.M)


def append(project: Path, rel: str, text: str) -> None:
    page = project / "docs" / rel
    page.write_text(page.read_text() + text)


def run_check(project: Path) -> subprocess.CompletedProcess:
    """`make check` on a fixture project, as a separate process."""
    return subprocess.run([sys.executable, "-m", "rapport.cli", "check", "--config", str(project / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=120)


def test_the_fixture_tip_has_no_findings_but_its_link():
    page = read_page(FIXTURES / "tiny" / "docs" / "tips" / "first-tip.md", "docs/tips/first-tip.md")
    assert [f for f in check_page(page, tip=True) if f.severity != "info"] == []


@pytest.mark.parametrize("name", BROKEN)
def test_each_broken_tip_gives_exactly_its_findings(name):
    path = FIXTURES / "broken" / name
    expected = RE_EXPECT.findall(path.read_text())
    assert expected, f"{name} says what it expects in `# expect: rule line words` lines"
    found = [f for f in check_page(read_page(path, f"docs/tips/{name}"), tip=True) if f.severity != "info"]
    for rule, line, words in expected:
        hits = [f for f in found if f.rule == rule and f.line == int(line)]
        assert any(words in str(h) for h in hits), f"{name}: want {rule} at {line} ({words}); got {[str(f) for f in found]}"
        assert all(h.hint for h in hits), "every finding says how to fix it"
    assert len(found) == len(expected), f"{name}: only the expected findings, got {[str(f) for f in found]}"


@pytest.mark.parametrize("name", ["question-in-callout.md", "text-between-options.md", "auto-id-collision.md"])
def test_a_broken_tip_fails_the_build_and_leaves_no_site(project, name):
    text = (FIXTURES / "broken" / name).read_text()
    add_tip(project, "broken", text)
    rule, line, words = RE_EXPECT.findall(text)[0]
    message = build_fails(project)
    assert f"docs/tips/broken.md:{line}:" in message and rule in message and words in message
    assert "Traceback" not in message and not (project / "site").exists()


def test_broken_internal_link_fails_the_build(project):
    append(project, "index.md", "\nSee [the missing page](tips/nowhere.md) and [an anchor](pocket-card.md#no-such-part).\n")
    message = build_fails(project)
    assert "tips/nowhere.md" in message and "no-such-part" in message


def test_external_links_are_listed_never_fetched(project):
    append(project, "index.md", "\nRead [SAMHSA's guide](https://www.samhsa.gov/).\n")
    proc = run_check(project)
    assert proc.returncode == 0
    assert re.search(r"External links \(1, listed, never fetched\):\n  docs/index.md:\d+: https://www.samhsa.gov/", proc.stdout)


def test_several_errors_are_all_reported_with_their_lines(project):
    tip = project / "docs" / "tips" / "first-tip.md"
    text = tip.read_text()
    lines = len(text.splitlines())
    tip.write_text(text + "\nMany addicts come here.\n\n/// question | Q?\n\n//// option | a\nA.\n////\n\n"
                   "//// option | b\nB.\n////\n///\n")
    append(project, "index.md", "\nHis brother committed suicide.\n")
    index_line = len((project / "docs" / "index.md").read_text().splitlines())
    add_tip(project, "second", (FIXTURES / "broken" / "missing-summary.md").read_text().replace("listen-", "second-"))
    expected = [f"docs/tips/first-tip.md:{lines + 2}:", "language/addict", f"docs/tips/first-tip.md:{lines + 4}:1: question-answer",
                f"docs/index.md:{index_line}:", "language/committed-suicide",
                "docs/tips/second.md:1:1: front-matter: the tip page has no 'summary'"]
    proc = run_check(project)
    assert proc.returncode == 1
    for fragment in expected:
        assert fragment in proc.stdout, fragment
    assert re.search(r"^4 error\(s\), \d+ warning\(s\)$", proc.stdout, re.M)
    assert "Traceback" not in proc.stdout + proc.stderr
    message = build_fails(project)  # the build reports the same, and builds nothing
    assert all(fragment in message for fragment in expected)


def test_warnings_are_printed_but_do_not_fail(project):
    append(project, "index.md", "\nSome days feel hopeless.\n")
    proc = run_check(project)
    assert proc.returncode == 0
    assert re.search(r"docs/index.md:\d+:\d+: language/hopeless \(warning\): 'hopeless'", proc.stdout)
    build_site(project / "mkdocs.yml", project / "site")
    assert (project / "site" / "index.html").is_file()


def test_a_mistake_in_the_settings_is_reported_by_make_check_at_its_line(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("    questions:\n      - Did I listen?\n      - Did I ask?\n"
                                                 "      - Did I leave them with hope?\n", "    questions: Why?\n"))
    proc = run_check(project)
    line = next(n for n, text in enumerate(config.read_text().splitlines(), 1) if "questions: Why?" in text)
    assert proc.returncode == 1
    assert f"mkdocs.yml:{line}:1: settings: extra.card.questions must be a list" in proc.stdout


def test_exemptions_are_one_line_unless_asked_for(project):
    append(project, "index.md", "\nHe calls it a relapse. <!-- lint-allow relapse: his own word for it -->\n")
    quiet = run_check(project).stdout
    assert "Exemptions: 1 on 1 page(s), each with its reason (`make check VERBOSE=1` lists them)." in quiet
    assert "his own word for it" not in quiet
    loud = subprocess.run([sys.executable, "-m", "rapport.cli", "check", "--verbose", "--config", str(project / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=120).stdout
    assert "Exemptions (1):" in loud and "his own word for it" in loud


def test_make_check_shows_control_characters_escaped(project):
    """Content quoted in a message never drives the author's terminal."""
    import subprocess
    import sys

    index = project / "docs" / "index.md"
    index.write_text(index.read_text() + "\nTODO: fix \x1b]0;owned\x07 this \x1b[31mred\x1b[0m and \u202etxt.exe\n"
                     "See [the source](https://example.org/\x1b[2J).\n")
    proc = subprocess.run([sys.executable, "-m", "rapport.cli", "check", "--config", str(project / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=120)
    said = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "placeholder" in said, said
    assert "\x1b" not in said and "\x07" not in said and "\u202e" not in said
    assert "https://example.org/\\x1b[2J" in said, said
