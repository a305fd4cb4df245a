"""The real content: the six tips, their front matter, callouts and questions, the
author's checks on every page, own words, and the built site's assets. Tests of the engine
use the fixture projects in tests/fixtures/ instead."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import SHARED
from rapport.checks import check_site, errors
from rapport.checks.frontmatter import TIP_FIELDS
from rapport.model import load_site, read_page

CALLOUTS = ["try-this", "reflect", "watch-out", "in-practice"]


def tip_files(root: Path) -> list[Path]:
    return sorted((root / "docs" / "tips").glob("*.md"))


def test_strict_build_writes_every_page(built_site):
    for page in ["index.html", "words-matter.html", "404.html"]:
        assert (built_site / page).is_file(), page
    built_tips = sorted(p.name for p in (built_site / "tips").glob("*.html"))
    assert len(built_tips) >= 6


def test_the_tips_in_nav_order(root):
    site = load_site(root / "mkdocs.yml")
    tips = site.tip_paths()
    assert len(tips) >= 6
    assert sorted(tips) == sorted(p.relative_to(root / "docs").as_posix() for p in tip_files(root))
    assert tips[0] == "tips/be-curious.md" and tips[-1] == "tips/culture-and-identity.md"


@pytest.mark.parametrize("field", list(TIP_FIELDS))
def test_every_tip_has_front_matter(root, field):
    for path in tip_files(root):
        page = read_page(path)
        assert page.meta.get(field), f"{path.name} has no {field}"
        if field == "card":
            assert len(page.meta["card"]) <= 110, path.name


@pytest.mark.parametrize("callout", CALLOUTS)
def test_each_tip_page_renders_each_callout(built_site, root, callout):
    for path in tip_files(root):
        html = (built_site / "tips" / path.with_suffix(".html").name).read_text()
        assert re.search(rf'<div class="admonition {callout}">\s*<p class="admonition-title">', html), \
            f"{path.name} has no {callout} callout"


def test_callout_icons_are_defined_for_each_type(built_site):
    html = (built_site / "tips" / "be-curious.html").read_text()
    for callout in CALLOUTS:
        assert f"--md-admonition-icon--{callout}:url('data:image/svg+xml" in html
    css = (built_site / "assets" / "rapport" / "callouts.css").read_text().replace(" ", "")  # published minified
    for callout in CALLOUTS:
        assert f"mask-image:var(--md-admonition-icon--{callout})" in css
    assert "@mediaprint" in css and "break-inside:avoid" in css


def test_risk_pages_carry_the_crisis_note_and_others_do_not(built_site, root):
    crisis = load_site(root / "mkdocs.yml").settings.crisis
    assert "988" in crisis["line"], "the default crisis line is 988 in the US"
    for path in tip_files(root):
        page = read_page(path)
        html = (built_site / "tips" / path.with_suffix(".html").name).read_text()
        assert ('class="rp-crisis"' in html) == bool(page.meta.get("risk")), path.name
        if page.meta.get("risk"):
            assert crisis["line"].strip() in unescape(html)
        assert f'<time datetime="{page.meta["reviewed"]}">' in html


# --------------------------------------------------------------------------- own words

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")  # letters of any language: Spanish words stay whole


def words(text: str) -> list[str]:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("–", " ").replace("—", " ")
    return WORD.findall(text)


def ngrams(tokens: list[str], n: int = 10) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def test_no_ten_word_run_from_the_article(root):
    article = SHARED / "seed" / "source-article.txt"
    if not article.is_file():
        pytest.skip(f"the source article is not at {article}")
    source = ngrams(words(article.read_text(encoding="utf-8")))
    assert source, "the article should yield ten-word runs"
    copied = []
    pages = sorted((root / "docs").rglob("*.md")) + sorted((root / "docs-es").rglob("*.md"))
    assert any("docs-es" in str(p) for p in pages), "the Spanish pages are checked too"
    for path in pages:
        for run in ngrams(words(path.read_text(encoding="utf-8"))) & source:
            copied.append(f"{path.relative_to(root)}: {' '.join(run)}")
    assert not copied, "text copied from the article:\n" + "\n".join(copied)


def test_the_copy_check_can_fail():
    article = "One two three four five six seven eight nine ten eleven."
    assert ngrams(words("x one two three four five six seven eight nine ten y")) & ngrams(words(article))


# --------------------------------------------------------------------------- external assets


class AssetParser(HTMLParser):
    """Collects every URL the browser would fetch by itself (not plain links)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "track") and a.get("src"):
            self.urls.append(a["src"])
        if tag == "link" and a.get("href"):
            rel = (a.get("rel") or "").lower()
            if any(r in rel for r in ("stylesheet", "preload", "icon", "modulepreload", "manifest", "prefetch", "preconnect", "dns-prefetch")):
                self.urls.append(a["href"])
        if a.get("srcset"):
            self.urls += [part.split()[0] for part in a["srcset"].split(",") if part.strip()]
        if tag == "object" and a.get("data"):
            self.urls.append(a["data"])
        if a.get("style"):
            self.urls += re.findall(r"url\(['\"]?([^'\")]+)", a["style"])


def external(url: str) -> bool:
    parsed = urlparse(url.strip())
    return parsed.scheme in ("http", "https") or url.strip().startswith("//")


def test_no_asset_comes_from_an_external_host(built_site):
    found = []
    for page in built_site.rglob("*.html"):
        parser = AssetParser()
        html = page.read_text(encoding="utf-8")
        parser.feed(html)
        found += [f"{page.relative_to(built_site)}: {u}" for u in parser.urls if external(u)]
        for style in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S):
            found += [f"{page.name} <style>: {u}" for u in re.findall(r"url\(['\"]?(https?://[^'\")]+)", style)]
            found += [f"{page.name} <style>: {u}" for u in re.findall(r"@import\s+['\"]?(https?://[^'\";]+)", style)]
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        found += [f"{css.relative_to(built_site)}: {u}" for u in re.findall(r"url\(['\"]?((?:https?:)?//[^'\")]+)", text)]
        found += [f"{css.relative_to(built_site)}: {u}" for u in re.findall(r"@import\s+(?:url\()?['\"]?((?:https?:)?//[^'\");]+)", text)]
    assert not found, "external assets:\n" + "\n".join(found)


def test_the_asset_check_sees_external_assets():
    parser = AssetParser()
    parser.feed('<link rel="stylesheet" href="https://fonts.googleapis.com/css"><script src="//cdn.x/y.js"></script>'
                '<a href="https://www.samhsa.gov/">cited</a>')
    assert [u for u in parser.urls if external(u)] == ["https://fonts.googleapis.com/css", "//cdn.x/y.js"]


# --------------------------------------------------------------------------- the author's checks


def test_every_page_passes_the_checks_without_a_warning(root):
    findings = check_site(load_site(root / "mkdocs.yml"))
    assert errors(findings) == []
    assert [f for f in findings if f.severity == "warning"] == [], "published pages carry no warnings"


def test_every_tip_has_three_questions_with_a_scenario_and_feedback(root):
    for page in load_site(root / "mkdocs.yml").tips():
        kinds = [b.name for b in page.questions]
        assert len(kinds) >= 3 and "scenario" in kinds and "question" in kinds, page.path
        for q in page.questions:
            for option in (c for c in q.children if c.name == "option"):
                assert option.text, f"{page.path}:{option.line} option without feedback"


# --------------------------------------------------------------------------- answer positions


def shown_questions(built_site):
    """(page, id, multiple, shown option numbers, right option numbers, key order) of every built question."""
    out = []
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text()
        for m in re.finditer(r'<div class="rq rq-question"[^>]*data-type="(\w+)" id="([\w-]+)">(.*?)</details>', html, re.S):
            kind, qid, body = m.groups()
            shown = re.findall(rf'id="{qid}-(\d+)" name="{qid}"', body)
            right = re.findall(r'class="rq-key-item rq-right" data-option="(\d+)"', body)
            key = re.findall(r'data-option="(\d+)"', body)
            out.append((path.name, qid, kind == "multiple", shown, right, key))
    return out


def test_right_answers_are_spread_over_the_shown_positions(built_site, root):
    questions = shown_questions(built_site)
    singles = Counter(shown.index(right[0]) for _, _, multiple, shown, right, _ in questions if not multiple)
    assert sum(singles.values()) >= 6 and max(singles.values()) * 2 <= sum(singles.values()), singles
    multiples = [[shown.index(r) for r in right] for _, _, multiple, shown, right, _ in questions if multiple]
    assert not all(0 in spots for spots in multiples), "not every multiple-answer question has the first option right"
    for page, qid, _, shown, _, key in questions:
        assert key == shown, f"{page} {qid}: with JavaScript off the key lists options in the shown order"


def test_the_shown_order_is_the_models_and_the_same_every_build(built_site, root):
    orders = load_site(root / "mkdocs.yml").option_orders
    assert orders == load_site(root / "mkdocs.yml").option_orders
    by_id = {(page, qid): shown for page, qid, _, shown, _, _ in shown_questions(built_site / "tips")}
    for rel, questions in orders.items():
        for qid, order in questions.items():
            if rel.startswith("tips/"):
                assert by_id[(Path(rel).with_suffix(".html").name, qid)] == [str(n) for n in order], qid


def test_the_menu_puts_learner_pages_first_and_site_pages_apart(built_site):
    html = (built_site / "index.html").read_text()
    nav = html[html.index('md-nav--primary'):]
    at = {label: nav.index(label) for label in ("Be curious", "Words matter", "Pocket card", "About this site",
                                               "Hosting and offline use", "For authors")}
    assert at["Be curious"] < at["Words matter"] < at["Pocket card"] < at["About this site"]
    assert at["About this site"] < at["Hosting and offline use"] and at["About this site"] < at["For authors"]


def test_the_crisis_note_ends_the_section_about_risk(built_site):
    html = (built_site / "tips" / "driver-seat.html").read_text()
    assert html.count('class="rp-crisis"') == 1
    note, section, after = html.index('class="rp-crisis"'), html.index('class="risk"'), html.index('id="check-yourself"')
    assert section < note < after, "the note closes the marked section, before the next one"
    assert "even if they do not want" in html and "Treatment Improvement Protocol 50" in html


def test_no_page_repeats_an_id(built_site):
    for path in built_site.rglob("*.html"):
        ids = re.findall(r'\sid="([^"]+)"', path.read_text())
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        assert repeated == [], f"{path.name}: {repeated}"


SAFETY = {  # issue 28: within PSR scope on medication; overdose after a break; what 988 and 911 bring
    "": {"marker": "side effects sound", "answer_not": ["changing the dose", "trying another medicine"], "answer": ["planned with your prescriber"],
         "tip": ["naloxone", "mobile crisis team", "police may come"], "roleplay": ["overdose", "naloxone"]},
    "es/": {"marker": "efectos secundarios suenan", "answer_not": ["cambiar la dosis", "probar otro medicamento"], "answer": ["planear cualquier cambio con quien se lo recetó"],
            "tip": ["naloxona", "equipo móvil de crisis", "puede llegar la policía"], "roleplay": ["sobredosis", "naloxona"]},
}


def page_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", article)).split())


@pytest.mark.parametrize("prefix", SAFETY)
def test_the_published_tip_stays_in_scope_on_medication_and_safe_on_overdose_and_crisis_calls(built_site, prefix):
    want = SAFETY[prefix]
    tip = page_text(built_site / prefix / "tips" / "driver-seat.html")
    answer = tip[tip.index(want["marker"]):][:700]  # the scenario's model answer
    for words in want["answer_not"]:
        assert words not in answer, words
    for words in want["answer"]:
        assert words in answer, words
    for words in want["tip"]:
        assert words in tip, words
    roleplay = page_text(built_site / prefix / "facilitators" / "role-play-hard-week.html")
    for words in want["roleplay"]:
        assert words in roleplay, words


@pytest.mark.parametrize("config,right,wrong", [
    ("mkdocs.yml", "Help him start looking now", "Share both options"),
    ("mkdocs.es.yml", "Ayudarle a buscar trabajo ya", "Darle las dos opciones"),
])
def test_the_work_question_follows_supported_employment_evidence(root, config, right, wrong):
    """driver-1: for a person who wants work, the key is a job search now (IPS), not a program
    first offered as an equal path; and the tip cites the evidence."""
    site = load_site(root / config)
    page = site.page("tips/driver-seat.md")
    question = next(b for b in page.questions if b.options.get("id") == "driver-1")
    keys = [o.title for o in question.children if o.name == "option" and o.options.get("correct") is True]
    assert len(keys) == 1 and keys[0].startswith(right)
    assert not any(o.title.startswith(wrong) for o in question.children if o.name == "option")
    assert "doi.org/10.2975/31.4.2008.280.290" in "\n".join(page.lines)



@pytest.mark.parametrize("config", ["mkdocs.yml", "mkdocs.es.yml"])
def test_every_principle_of_every_framework_is_served_by_a_tip(root, config):
    """The Frameworks page shows no principle without a tip (culture, peers, pathways,
    relationships and trauma included: issue 28)."""
    from rapport.model.frameworks import frameworks

    site = load_site(root / config)
    served = {tag for page in site.tips() for tag in (page.meta.get("frameworks") or [])}
    assert [p.tag for f in frameworks(site.lang) for p in f.principles if p.tag not in served] == []


@pytest.mark.parametrize("config,title", [("mkdocs.yml", "Culture, identity and language"),
                                          ("mkdocs.es.yml", "Cultura, identidad e idioma")])
def test_a_tip_on_culture_identity_and_language_with_interpreters(root, config, title):
    site = load_site(root / config)
    page = next(p for p in site.tips() if p.meta.get("title") == title)
    text = "\n".join(page.lines).lower()
    assert "interpret" in text or "intérprete" in text
    assert len(page.meta["objectives"]) == 2 and page.meta["card"]
    assert sum(1 for b in page.questions if b.final) >= 4


REFERENCE_HEADINGS = ("Learn more", "Sources", "Para saber más", "Fuentes")


def references(html: str) -> list[str]:
    """The items of each published reference list (the list under Learn more, Sources …), as HTML."""
    out = []
    for heading in REFERENCE_HEADINGS:
        for m in re.finditer(rf"<h2[^>]*>{re.escape(heading)}(?:<a [^>]*>[^<]*</a>)?</h2>\s*<ul>(.*?)</ul>", html, re.S):
            out += re.findall(r"<li>(.*?)</li>", m.group(1), re.S)
    return out


def test_every_published_reference_has_a_year_and_a_link_a_trainer_can_follow(built_site):
    """Every reference on every tip and on Words matter, in both editions, as the reader gets
    it: a year (or the day it was read) and a web address that opens outside the site."""
    pages = [p for p in built_site.rglob("*.html") if p.parent.name == "tips" or p.name == "words-matter.html"]
    assert len(pages) >= 16, pages
    seen = 0
    for page in pages:
        items = references(page.read_text(encoding="utf-8"))
        assert items, f"{page}: no reference list"
        for item in items:
            text = " ".join(re.sub(r"<[^>]+>", " ", unescape(item)).split())
            assert re.search(r"\b(19|20)\d\d\b", text), f"{page.name}: no year in {text[:90]!r}"
            assert re.search(r'<a [^>]*href="https://[^"]+"', item), f"{page.relative_to(built_site)}: no link in {text[:90]!r}"
            seen += 1
    assert seen >= 60
