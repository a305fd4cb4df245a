"""Issue 6: the author's checks — language, reading level, anatomy, links, the report,
`make new-tip` — each with a case that fails and one that passes."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SHARED, build_fails
from rapport.build import build_site
from rapport.checks import check_page
from rapport.content import parse_page
from rapport.language import DATA, check_language, load_rules
from rapport.readability import grade_of, syllables

RULES = yaml.safe_load(DATA.read_text())["rules"]
FRONT = "---\ntitle: T\n---\n"  # the body starts on line 4


def lint(body: str, front: str = FRONT):
    return check_language(parse_page(front + body, "docs/x.md"))


def run_check(project: Path) -> subprocess.CompletedProcess:
    """`make check` on a fixture project, as a separate process."""
    return subprocess.run([sys.executable, "-m", "rapport.cli", "check", "--config", str(project / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=120)


def problems(findings):
    return [f for f in findings if f.severity in ("error", "warning")]


# --------------------------------------------------------------------------- language


def test_every_row_of_the_sourced_list_is_a_rule():
    source = SHARED / "reference" / "stigma-language.csv"
    if not source.is_file():
        pytest.skip(f"the sourced list is not at {source}")
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    covered = {r["avoid"] for r in RULES}
    assert [row["avoid"] for row in rows if row["avoid"] not in covered] == []
    for rule in RULES:
        row = next(r for r in rows if r["avoid"] == rule["avoid"])
        assert rule["source"].split(" (")[0].split(";")[0].strip() in row["source"] + row["notes"], rule["id"]


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_each_rule_flags_its_example_and_passes_the_preferred_words(rule):
    found = problems(lint(rule["example"] + "\n"))
    assert [f.rule for f in found] == [f"language/{rule['id']}"], [str(f) for f in found]
    assert found[0].severity == rule["severity"]
    assert found[0].line == 4 and found[0].col == rule["example"].lower().index(
        re.search(load_rule(rule["id"]).regex, rule["example"]).group(0).lower()) + 1
    preferred = rule["prefer"].split(";")[0].split("(")[0].strip()
    assert problems(lint(f"We say {preferred} instead.\n")) == [], preferred


def load_rule(rule_id):
    rules, _ = load_rules()
    return next(r for r in rules if r.id == rule_id)


def test_labels_are_errors_and_context_words_are_warnings():
    by_id = {r["id"]: r["severity"] for r in RULES}
    for rule_id in ("addict", "substance-abuser", "committed-suicide", "the-mentally-ill", "suffers-from", "non-compliant"):
        assert by_id[rule_id] == "error", rule_id
    for rule_id in ("clean", "dirty", "habit", "slip", "hopeless", "resistant", "denial", "relapse"):
        assert by_id[rule_id] == "warning", rule_id


@pytest.mark.parametrize("text", [
    "She lived through child abuse, sexual abuse, physical abuse and emotional abuse.",
    "See the Substance Abuse and Mental Health Services Administration (SAMHSA).",
    "The National Institute on Drug Abuse publishes guidance.",
    'He told us, "I was an addict for ten years."',
    "The word `addict` appears in code only.",
    "Read [the guide](https://example.org/addict-guide) first.",
    "Addiction is a health condition; addictive patterns can change.",
])
def test_legitimate_uses_stay_clean(text):
    assert problems(lint(text + "\n")) == []


def test_inline_allow_needs_a_reason_and_is_listed():
    allowed = lint("He calls it a relapse. <!-- lint-allow relapse: his own word for it -->\n")
    assert problems(allowed) == []
    assert [f.rule for f in allowed] == ["exempt"] and "his own word for it" in allowed[0].message
    above = lint("<!-- lint-allow addict: quoting a 1990s leaflet title -->\nThe leaflet was called Addicts Welcome.\n")
    assert problems(above) == []
    bare = lint("He had a relapse. <!-- lint-allow relapse -->\n")
    assert [f.rule for f in bare] == ["lint-exempt"] and bare[0].severity == "error"


def test_front_matter_exemption_covers_one_rule_with_a_reason():
    front = "---\ntitle: T\nlint_exempt:\n  addict: This page lists words to avoid.\n---\n"
    found = lint("Avoid addict. Avoid non-compliant.\n", front)
    assert [f.rule for f in problems(found)] == ["language/non-compliant"]
    assert any(f.rule == "exempt" and "addict" in f.message for f in found)
    no_reason = lint("Avoid addict.\n", "---\ntitle: T\nlint_exempt:\n  addict: ''\n---\n")
    assert any(f.rule == "lint-exempt" and f.severity == "error" for f in no_reason)
    unknown = lint("Text.\n", "---\ntitle: T\nlint_exempt:\n  adict: typo\n---\n")
    assert any("unknown rule 'adict'" in f.message for f in unknown)


def test_front_matter_lines_are_checked_too():
    found = lint("Body.\n", "---\ntitle: Working with addicts\n---\n")
    assert [(f.rule, f.line) for f in problems(found)] == [("language/addict", 2)]


# --------------------------------------------------------------------------- reading level


def test_syllables_and_grade_behave():
    assert [syllables(w) for w in ("cat", "table", "people", "recovery", "practitioner")] == [1, 2, 2, 4, 4]
    assert grade_of([(1, "The cat sat on the mat.")]).grade < 1
    hard = ("Practitioners' interpersonal effectiveness necessitates comprehensive understanding of "
            "individuals' multidimensional psychosocial circumstances and organizational considerations.")
    assert grade_of([(1, hard)]).grade > 15


HARD_PAGE = ("Comprehensive psychosocial rehabilitation necessitates understanding individuals' "
             "multidimensional circumstances, organizational considerations and interdisciplinary "
             "collaboration throughout the therapeutic relationship, notwithstanding institutional limitations.\n\n") * 3


def test_a_hard_page_fails_with_its_grade_and_longest_sentences():
    page = parse_page(FRONT + HARD_PAGE, "docs/hard.md")
    found = [f for f in check_page(page, tip=False) if f.rule == "reading-level"]
    assert len(found) == 1 and found[0].severity == "error"
    assert re.search(r"reading grade \d+\.\d is over the limit of 9", found[0].message)
    assert "line 4:" in found[0].message and "Longest sentences" in found[0].message


def test_a_page_may_raise_its_limit_with_a_reason():
    front = '---\ntitle: T\nreading_level: {max: 60, reason: "For IT staff"}\n---\n'
    found = check_page(parse_page(front + HARD_PAGE, "docs/hard.md"), tip=False)
    assert not [f for f in found if f.rule == "reading-level"]
    assert any(f.rule == "exempt" and "For IT staff" in f.message for f in found)
    no_reason = check_page(parse_page("---\ntitle: T\nreading_level: 12\n---\n" + HARD_PAGE, "docs/hard.md"), tip=False)
    assert any(f.rule == "reading-level" and "needs a number and a reason" in f.message for f in no_reason)


def test_a_hard_card_line_fails(root):
    tip = (root / "docs" / "tips" / "be-curious.md").read_text()
    hard = re.sub(r"(?m)^card:.*$", "card: Demonstrate comprehensive curiosity regarding individuals' multidimensional circumstances.", tip)
    found = [f for f in check_page(parse_page(hard, "docs/tips/be-curious.md"), tip=True) if f.rule == "reading-level"]
    assert [f.line for f in found] == [4] and "card line reads at grade" in found[0].message


def test_published_pages_are_at_or_below_their_limits(root):
    from mkdocs.config import load_config

    from rapport.checks import Site, check_site, errors

    findings = check_site(Site.from_config(load_config(str(root / "mkdocs.yml"))))
    assert errors(findings) == []
    assert [f for f in findings if f.severity == "warning"] == [], "published pages carry no warnings"


# --------------------------------------------------------------------------- anatomy and links


@pytest.mark.parametrize("remove, words", [
    (r'(?ms)^!!! reflect "Reflect"\n(    .*\n)+', "no reflection prompt"),
    (r'(?ms)^!!! in-practice "In practice"\n(    .*\n)+', "no in-practice callout"),
    (r"(?ms)^## Learn more\n.*", "no Learn more section"),
    (r"(?ms)^/// scenario.*?^///\n", "no practice scenario"),
])
def test_missing_parts_of_a_tip_are_named(root, remove, words):
    text = (root / "docs" / "tips" / "be-curious.md").read_text()
    broken = re.sub(remove, "", text, count=1)
    assert broken != text
    found = [f for f in check_page(parse_page(broken, "docs/tips/be-curious.md"), tip=True) if f.rule == "anatomy"]
    assert any(words in f.message for f in found), [str(f) for f in found]
    assert all(f.hint for f in found)


def test_too_few_questions_are_named(root):
    text = (root / "docs" / "tips" / "be-curious.md").read_text()
    broken = re.sub(r"(?ms)^/// question \| Which areas.*?^///\n\n/// question \| Someone gives.*?^///\n", "", text)
    found = [f for f in check_page(parse_page(broken, "docs/tips/be-curious.md"), tip=True) if f.rule == "anatomy"]
    assert any("2 self-check questions; it needs at least 3" in f.message for f in found)


def test_broken_internal_link_fails_the_build(project):
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\nSee [the missing page](tips/nowhere.md) and [an anchor](words-matter.md#no-such-part).\n")
    message = build_fails(project)
    assert "tips/nowhere.md" in message and "no-such-part" in message


def test_external_links_are_listed_never_fetched(project):
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\nRead [SAMHSA's guide](https://www.samhsa.gov/).\n")
    proc = run_check(project)
    assert proc.returncode == 0
    assert re.search(r"External links \(1, listed, never fetched\):\n  docs/index.md:\d+: https://www.samhsa.gov/", proc.stdout)


# --------------------------------------------------------------------------- the report


SEVERAL = {
    "docs/tips/be-curious.md": [
        ("Many addicts come here.\n", "language/addict"),
        ("/// question | Q?\n\n//// option | a\nA.\n////\n\n//// option | b\nB.\n////\n///\n", "question-answer"),
    ],
    "docs/tips/driver-seat.md": [("His brother committed suicide.\n", "language/committed-suicide")],
}


def test_several_errors_are_all_reported_with_their_lines(project):
    expected = []
    for rel, additions in SEVERAL.items():
        path = project / rel
        text = path.read_text()
        for addition, rule in additions:
            line = len(text.splitlines()) + 2
            text += "\n" + addition
            expected.append(f"{rel}:{line}:")
            expected.append(rule)
        path.write_text(text)
    tip = project / "docs" / "tips" / "respect-and-acceptance.md"
    tip.write_text(re.sub(r"(?m)^summary:.*\n", "", tip.read_text(), count=1))
    expected += ["docs/tips/respect-and-acceptance.md:1:1: front-matter: the tip page has no 'summary'"]
    proc = run_check(project)
    assert proc.returncode == 1
    for fragment in expected:
        assert fragment in proc.stdout, fragment
    assert re.search(r"^4 error\(s\), \d+ warning\(s\)$", proc.stdout, re.M)
    assert "Traceback" not in proc.stdout + proc.stderr
    # The build reports the same, and builds nothing.
    message = build_fails(project)
    assert all(fragment in message for fragment in expected)


def test_warnings_are_printed_but_do_not_fail(project):
    page = project / "docs" / "index.md"
    page.write_text(page.read_text() + "\nSome days feel hopeless.\n")
    proc = run_check(project)
    assert proc.returncode == 0
    assert re.search(r"docs/index.md:\d+:\d+: language/hopeless \(warning\): 'hopeless'", proc.stdout)
    build_site(project / "mkdocs.yml", project / "site")
    assert (project / "site" / "index.html").is_file()


# --------------------------------------------------------------------------- new tip


def test_scaffolded_tip_passes_every_check_and_builds_last(project):
    from mkdocs.config import load_config

    from rapport.checks import Site, check_site, errors
    from rapport.scaffold import new_tip

    config = project / "mkdocs.yml"
    before = config.read_text()
    path = new_tip(config, "Notice small wins")
    assert path == project / "docs" / "tips" / "notice-small-wins.md"
    after = config.read_text()
    assert after.replace("      - tips/notice-small-wins.md\n", "", 1) == before, "only one line is added"
    site = Site.from_config(load_config(str(config)))
    assert site.tip_paths()[-1] == "tips/notice-small-wins.md"
    findings = check_site(site)
    assert errors(findings) == []
    assert {f.rule for f in findings if f.severity == "warning"} == {"placeholder"}
    build_site(config, project / "site")
    assert (project / "site" / "tips" / "notice-small-wins.html").is_file()
    import pdfplumber

    with pdfplumber.open(project / "site" / "pocket-card.pdf") as pdf:
        assert "TODO: the short line for the pocket card." in " ".join(pdf.pages[0].extract_text().split())


def test_new_tip_refuses_a_title_that_exists(project):
    from rapport.scaffold import ScaffoldError, new_tip

    with pytest.raises(ScaffoldError, match="already exists"):
        new_tip(project / "mkdocs.yml", "Be curious")
