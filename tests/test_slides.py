"""rapport.outputs.slides: a deck per session plan, read back from what the build published —
the PDF's text and page size, the HTML in Chromium, the presenter notes."""

from __future__ import annotations

import json
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from rapport.model import load_site, strings
from rapport.outputs import slides as slides_module

from conftest import ROOT, build_fails, build_site, copy_project
from a11y_support import run_axe

DECKS = {60: ["be-curious", "ask-details-that-show-care", "people-feel-care"],
         90: ["listen-and-believe", "driver-seat", "respect-and-acceptance"]}
EDITIONS = {"": "en", "es/": "es"}


def flat(text: str) -> str:
    return " ".join((text or "").split())


def pdf_pages(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [flat(page.extract_text()) for page in pdf.pages]


@pytest.fixture(scope="module")
def sites():
    return {prefix: load_site(ROOT / ("mkdocs.yml" if lang == "en" else "mkdocs.es.yml")) for prefix, lang in EDITIONS.items()}


@pytest.mark.parametrize("prefix", EDITIONS)
@pytest.mark.parametrize("length", DECKS)
def test_each_plan_has_a_16_by_9_tagged_deck_with_its_tips_objectives_and_reflect_questions(built_site, sites, prefix, length):
    site = sites[prefix]
    reader = PdfReader(built_site / f"{prefix}slides-{length}.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and str(root["/Lang"]) == site.lang and root["/MarkInfo"]["/Marked"]
    box = reader.pages[0].mediabox
    assert round(float(box.width) / float(box.height), 3) == round(16 / 9, 3)
    assert reader.metadata.title.startswith(site.settings.card.title) and str(length) in reader.metadata.title
    text = " ".join(pdf_pages(built_site / f"{prefix}slides-{length}.pdf"))
    tips = {p.rel.split("/")[-1][:-3]: p for p in site.tips()}
    for slug, page in tips.items():
        title = str(page.meta["title"])
        if slug in DECKS[length]:
            assert title in text, title
            for objective in page.meta["objectives"]:
                assert flat(objective) in text, objective
            reflect = next(c.text for c in page.callouts if c.kind == "reflect")
            assert flat(slides_module.plain(reflect)) in text
        else:  # the plan shows only what it teaches
            assert title not in text, title
    rule = {"en": "Never name or describe the people you support.",
            "es": "Nunca nombre ni describa a las personas que apoya."}[site.lang]
    assert text.count(rule) == len(DECKS[length])  # on each Reflect slide


def test_the_60_minute_deck_in_order(built_site, sites):
    """The slide titles, in order: what the closing note lists."""
    site = sites[""]
    found = slides_module.deck(site, built_site, "facilitators/session-plans.md", 60,
                               site.page("facilitators/session-plans.md").meta["session_60"])
    titles = [slides_module.unescape_md(s.title) for s in found]
    print("\n".join(f"{n}. {t}" for n, t in enumerate(titles, 1)))
    pages = pdf_pages(built_site / "slides-60.pdf")
    assert len(pages) == len(titles)
    for page, title in zip(pages, titles):
        assert page.startswith(title.split(":")[0]), (page[:60], title)
    assert titles[1].startswith("Plan for today") and "Welcome and group agreements" in titles
    assert "Role-play in groups of three: the first meeting" in titles
    welcome = next(s for s in found if s.title == "Welcome and group agreements")
    assert "What is said here stays here." in welcome.points  # the agreements, on the wall
    roleplay = next(s for s in found if s.title.startswith("Role-play"))
    assert "Three rounds" in roleplay.lead and "the observer" in roleplay.points


@pytest.mark.parametrize("prefix", EDITIONS)
def test_the_presenter_notes_hold_each_slide_and_its_activitys_notes(built_site, sites, prefix):
    site = sites[prefix]
    for length in DECKS:
        text = " ".join(pdf_pages(built_site / f"{prefix}slides-{length}-notes.pdf"))
        deck = pdf_pages(built_site / f"{prefix}slides-{length}.pdf")
        last = strings.text(site.lang, "slides_slide", n=len(deck), total=len(deck))
        assert last in text and strings.text(site.lang, "slides_slide", n=len(deck) + 1, total=len(deck)) not in text
        plan = site.page("facilitators/session-plans.md")
        start = plan.lines.index(f"<!-- session-plan {length} -->")
        h2s = [h for h in plan.headings if h[1] == 2]
        end = next(h[0] for h in h2s if h[0] > start + 1)
        notes = [re.sub(r"\s*\{.*\}$", "", h[2]) for h in plan.headings if h[1] == 3 and start < h[0] < end]
        assert len(notes) >= 9
        for heading in notes:
            assert heading in text, heading


def test_the_facilitators_page_links_every_deck_with_type_and_size(built_site):
    for prefix in EDITIONS:
        html = (built_site / prefix / "facilitators" / "index.html").read_text()
        for length in DECKS:
            for name, kind in ((f"slides-{length}.html", "HTML"), (f"slides-{length}.pdf", "PDF"),
                               (f"slides-{length}-notes.pdf", "PDF")):
                assert re.search(rf'href="\.\./{re.escape(name)}"[^>]*>[^<]*\(<span class="rp-size" '
                                 rf'data-file="\.\./{re.escape(name)}">{kind}, \d+ KB</span>\)', html), (prefix, name)


def test_the_html_deck_runs_no_script_carries_its_font_and_shows_a_slide_a_screen(built_site, context):
    html = (built_site / "slides-60.html").read_text()
    assert "<script" not in html.lower() and "http-equiv=\"X-UA-Compatible\"" not in html
    assert "data:font/woff2" in html and not re.search(r"""url\(["']?https?:""", html)
    page = context.new_page()
    external = []
    page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto((built_site / "slides-60.html").as_uri())
    count = page.locator("svg[data-marpit-svg]").count()
    assert count == len(pdf_pages(built_site / "slides-60.pdf"))
    # Nothing on any slide runs past its edge: every element's box inside its section's.
    overflow = page.evaluate("""() => [...document.querySelectorAll('section')].flatMap(s => {
        const box = s.getBoundingClientRect();
        return [...s.querySelectorAll('h1, h2, p, li, footer')].filter(e => {
            const r = e.getBoundingClientRect();
            return r.bottom > box.bottom + 1 || r.right > box.right + 1;
        }).map(e => s.id + ': ' + e.textContent.slice(0, 40));
    })""")
    assert overflow == []
    assert page.evaluate("document.fonts.check('30px \"Atkinson Hyperlegible\"')")
    # Page Down, then the down arrow, each move one slide: the next slide fills the screen
    # (Marp's page scrolls in its body, snapped a slide at a time). Each key's scroll is
    # followed to its end (the scrollend event), where the snap has settled.
    page.locator("body").click(position={"x": 5, "y": 5})

    def move(key: str) -> float:
        page.evaluate("() => { window.ended = new Promise(r => document.body.addEventListener('scrollend', "
                      "() => r(document.body.scrollTop), {once: true})); }")
        page.keyboard.press(key)
        return page.evaluate("window.ended")  # waits for the scroll, snap included, to end

    assert move("PageDown") == pytest.approx(720, abs=1)
    assert move("ArrowDown") == pytest.approx(1440, abs=1)
    assert external == []
    assert run_axe(page) == []


def plan_project(tmp_path, name: str, slide: list[str] | None = None):
    project = copy_project(tmp_path / "p")
    facilitators = project / "docs" / "facilitators"
    facilitators.mkdir(exist_ok=True)
    points = f"    slide: {json.dumps(slide, ensure_ascii=False)}\n" if slide else ""
    (facilitators / "plan.md").write_text(
        f"---\ntitle: Plan\nsession_30:\n  - name: {json.dumps(name, ensure_ascii=False)}\n"
        f"    minutes: 5\n{points}  - tips: all\n---\n\n# Plan\n\n<!-- slides -->\n\n## A 30 minute session\n\n"
        "<!-- session-plan 30 -->\n\n### Welcome (5 minutes)\n\n- **Purpose:** say hello.\n", encoding="utf-8")
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config.replace("nav:\n", "nav:\n  - Plan: facilitators/plan.md\n", 1))
    return project


def test_a_script_in_an_activity_stops_the_build_at_its_line(tmp_path):
    project = plan_project(tmp_path, "Welcome <script>alert(1)</script>")
    message = build_fails(project)
    assert "docs/facilitators/plan.md:4" in message and "script" in message
    assert not (project / "site").exists()


def test_a_plan_gets_its_deck_and_markdown_in_a_name_stays_text(tmp_path):
    """A new plan (`session_30:`) gets its deck, linked with type and size by `<!-- slides -->`.
    An activity's name or slide point with a Marp directive, pipes, a heading mark, maths,
    an emoji code or a line of dashes is text on the slide: never a class, a table,
    a heading, a formula, a picture from the internet, or a slide break."""
    project = plan_project(tmp_path, "Welcome <!-- _class: evil --> | a | b | # not a heading $x$ :smile:",
                           slide=["- -", "--- more", "1. first"])
    build_site(project / "mkdocs.yml", project / "site")
    html = (project / "site" / "slides-30.html").read_text()
    assert 'class="evil"' not in html and "<table" not in html and "<img" not in html and "katex" not in html.lower()
    assert "Welcome &lt;!-- _class: evil --&gt; | a | b | # not a heading $x$ :smile:" in html
    assert "<li>- -</li>" in html and "<li>--- more</li>" in html and "<li>1. first</li>" in html
    slides = html.count("<svg data-marpit-svg")
    notes = " ".join(pdf_pages(project / "site" / "slides-30-notes.pdf"))
    assert f"Slide {slides} of {slides}" in notes and f"of {slides + 1}" not in notes  # nothing broke a slide in two
    assert "say hello" in notes and "Listen first" in " ".join(pdf_pages(project / "site" / "slides-30.pdf"))
    page = (project / "site" / "facilitators" / "plan.html").read_text()
    for name, kind in (("slides-30.html", "HTML"), ("slides-30.pdf", "PDF"), ("slides-30-notes.pdf", "PDF")):
        assert re.search(rf'href="\.\./{re.escape(name)}"[^>]*>[^<]*\(<span class="rp-size" data-file="\.\./'
                         rf'{re.escape(name)}">{kind}, \d+ KB</span>\)', page), name


def test_notes_that_do_not_go_with_the_activities_are_a_warning_at_the_plan(tmp_path):
    """Two activities (a welcome, the one tip) and one ### section: the presenter notes would
    slip, so the check says so at the plan's marker."""
    from rapport.checks import check_site

    project = plan_project(tmp_path, "Welcome")
    page = project / "docs" / "facilitators" / "plan.md"
    line = page.read_text().splitlines().index("<!-- session-plan 30 -->") + 1
    notes = lambda: [f for f in check_site(load_site(project / "mkdocs.yml"))  # noqa: E731
                     if f.rule == "session-plan" and "notes" in f.message]
    found = notes()
    assert [(f.path.endswith("plan.md"), f.line, f.severity) for f in found] == [(True, line, "warning")]
    assert "2 activities but 1 notes" in found[0].message
    page.write_text(page.read_text() + "\n### Listen first (10 minutes)\n\n- **Purpose:** listen.\n")
    assert notes() == []
