"""rapport.checks.language: person-first words, from data/language.yml."""

from __future__ import annotations

import csv
import re

import pytest
import yaml

from conftest import SHARED
from rapport.checks.language import DATA, check_language, load_rules
from rapport.model import parse_page

RULES = yaml.safe_load(DATA.read_text())["rules"]
FRONT = "---\ntitle: T\n---\n"  # the body starts on line 4


def lint(body: str, front: str = FRONT):
    return check_language(parse_page(front + body, "docs/x.md"))


def problems(findings):
    return [f for f in findings if f.severity in ("error", "warning")]


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


def test_a_folded_summary_is_checked_on_every_line():
    found = lint("Body.\n", "---\ntitle: T\nsummary: >-\n  We listen first,\n  even when addicts are in a hurry.\n---\n")
    assert [(f.rule, f.line, f.col) for f in problems(found)] == [("language/addict", 5, 13)]


def test_yaml_quotes_are_not_a_persons_words():
    found = lint("Body.\n", '---\ntitle: T\nsummary: "Addicts need us to listen."\n---\n')
    assert [(f.rule, f.line) for f in problems(found)] == [("language/addict", 3)]


def word_list(path) -> list[list[str]]:
    """The rows of a Words matter page's table: [instead of, prefer, source]."""
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("|")]
    return [r for r in rows[2:] if len(r) == 3]


def test_the_spanish_word_list_covers_every_english_row_and_its_checker_knows_each(root):
    """Row N of the Spanish list is row N of the English one, each with a source, and the Spanish
    checker has a rule for each row (it flags one of its words, or names it as what to avoid)."""
    english, spanish = word_list(root / "docs" / "words-matter.md"), word_list(root / "docs-es" / "words-matter.md")
    assert len(english) == len(spanish) == 19
    rules, _ = load_rules(DATA.with_name("language-es.yml"))
    for n, (avoid, prefer, source) in enumerate(spanish, 1):
        assert avoid and prefer and source, f"row {n} has an empty cell"
        words = [w.strip(" *\"“”") for w in re.split(r",|/|\bo\b", re.sub(r"\([^)]*\)", "", avoid)) if w.strip(" *\"“”")]
        named = {t.strip().lower() for rule in rules for t in re.split(r"[,;/]", re.sub(r"\([^)]*\)", "", rule.avoid))}
        assert any(rule.regex.search(w) for w in words for rule in rules) or {w.lower() for w in words} & named, \
            f"row {n}: no Spanish rule is about {avoid!r}"


# --------------------------------------------------------------------------- jargon (issue 28)

from rapport.checks.language import data_for  # noqa: E402

JARGON = {lang: yaml.safe_load(data_for(lang, "jargon").read_text(encoding="utf-8")) for lang in ("en", "es")}
SPANISH_FRONT = "---\ntitle: T\n---\n"


def lint_in(lang: str, body: str, front: str = FRONT):
    return check_language(parse_page(front + body, "docs/x.md"), lang)


@pytest.mark.parametrize("lang,rule", [(lang, r) for lang in JARGON for r in JARGON[lang]["rules"]],
                         ids=[f"{lang}-{r['id']}" for lang in JARGON for r in JARGON[lang]["rules"]])
def test_each_jargon_rule_flags_its_example_as_a_warning_and_passes_its_everyday_words(lang, rule):
    found = problems(lint_in(lang, rule["example"] + "\n"))
    assert [f.rule for f in found] == [f"jargon/{rule['id']}"], [str(f) for f in found]
    assert found[0].severity == "warning" and found[0].line == 4 and "source:" in found[0].hint
    preferred = rule["prefer"].split(";")[0].split("(")[0].strip().strip('"')
    assert problems(lint_in(lang, f"We say {preferred} instead.\n")) == [], preferred


@pytest.mark.parametrize("lang", JARGON)
def test_every_jargon_row_names_a_source_the_file_lists_with_its_address(lang):
    path = data_for(lang, "jargon")
    header = path.read_text(encoding="utf-8").split("rules:")[0]
    listed = dict(re.findall(r"#\s+([A-Z]+)\s+(.+)", header))
    assert listed and all(re.search(r"https://\S+", header[header.index(key):]) for key in listed)
    for rule in JARGON[lang]["rules"]:
        assert rule["source"].split(" ")[0] in listed, rule["id"]


def test_a_field_name_or_a_title_is_not_jargon_and_the_escapes_work():
    assert problems(lint("The ideas come from psychosocial rehabilitation.\n")) == []
    assert problems(lint_in("es", "Las ideas vienen de la rehabilitación psicosocial.\n")) == []
    allowed = lint("We use one modality. <!-- lint-allow modality: the agency's own word -->\n")
    assert problems(allowed) == [] and any(f.severity == "info" and "modality" in f.message for f in allowed)
    exempt = lint("Ambivalence is normal.\n", "---\ntitle: T\nlint_exempt:\n  ambivalence: a page about it\n---\n")
    assert problems(exempt) == [] and not any(f.rule == "lint-exempt" for f in exempt)


# --------------------------------------------------------------------------- sources (issue 28)

def test_a_source_a_table_cites_must_be_in_the_pages_sources_list():
    from rapport.checks.sources import check_sources

    body = ("# Words\n\n| Instead of | Prefer | Source |\n| --- | --- | --- |\n| suffers from | has | AP; ACES |\n"
            "| addict | person with a SUD | ONDCP 2017 |\n\n## Sources\n\n- Associated Press (AP). *AP Stylebook*.\n"
            "- Office of National Drug Control Policy (ONDCP). *Changing the Language of Addiction*. 2017.\n")
    found = check_sources(parse_page(FRONT + body, "docs/x.md"))
    assert [(f.line, f.rule, f.severity) for f in found] == [(8, "sources", "error")]
    assert "'ACES'" in found[0].message
    spanish = body.replace("## Sources", "## Fuentes").replace("AP; ACES", "AP")
    assert check_sources(parse_page(FRONT + spanish, "docs/x.md")) == []
    assert "no Sources list" in check_sources(parse_page(FRONT + body.split("## Sources")[0], "docs/x.md"))[0].message


def test_a_wrapped_line_starting_with_a_year_is_warned_and_really_splits_the_item(project):
    """'  2014. Its six principles …' inside a list item is published as a second item: the
    check warns at that line; the rewrapped text is one item, and no warning."""
    from rapport.app import build_site
    from rapport.checks import check_site
    from rapport.model import load_site

    tip = project / "docs" / "tips" / "first-tip.md"
    text = tip.read_text()
    broken = text.replace("- SAMHSA. *Guiding principles of recovery*. 2012.",
                          "- SAMHSA. *Guiding principles of recovery*. HHS,\n  2012. Recovery is person-driven.")
    tip.write_text(broken)
    at = broken.splitlines().index("  2012. Recovery is person-driven.") + 1
    found = [str(f) for f in check_site(load_site(project / "mkdocs.yml"))]
    assert f"docs/tips/first-tip.md:{at}:3: list-number (warning): this line of a list item starts with '2012.'" \
           in "\n".join(found), found
    build_site(project / "mkdocs.yml", project / "site")
    html = (project / "site" / "tips" / "first-tip.html").read_text()
    assert "HHS,</li>\n<li>Recovery is person-driven." in html, "the item really is cut in two"
    tip.write_text(text.replace("- SAMHSA. *Guiding principles of recovery*. 2012.",
                                "- SAMHSA. *Guiding principles of recovery*. HHS, 2012.\n  Recovery is person-driven."))
    assert not any("list-number" in str(f) for f in check_site(load_site(project / "mkdocs.yml")))


def test_numbered_lists_nested_or_in_a_callout_are_not_list_number_warnings_and_an_unindented_year_is():
    from rapport.checks.lists import check_list_numbers
    from rapport.model import parse_page

    text = ("---\ntitle: T\n---\n\n# T\n\n"
            "- Steps:\n    1. Ask.\n    2. Listen.\n- Next.\n\n"      # a nested numbered list
            "!!! tip \"Try\"\n    1. Ask.\n    2. Listen.\n\n"         # a numbered list in a callout
            "1. First.\n2. Second.\n\n"                                   # a numbered list
            "- Miller. *A book*. Guilford,\n2013. Its first chapter.\n\n"  # not indented: split all the same
            "1. Rogers. *A paper*. APA,\n   1957. The idea.\n")            # in a numbered list: 1957 does not follow 1
    found = [str(f) for f in check_list_numbers(parse_page(text, "t.md"))]
    assert [f.split(": list-number")[0] for f in found] == ["t.md:20:1", "t.md:23:4"], found
