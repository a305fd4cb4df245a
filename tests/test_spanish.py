"""Issue 18: the Spanish edition. Both sites build (the real one: site/ and site/es/); a
language switch on every page leads to the same page in the other language, from file://
and under a sub-path; Spanish search finds Spanish tips only; the Spanish card fits and is
tagged /Lang es; our interface text comes from one catalogue per language; the Spanish
language rules, reading ease and the parity check each catch what they should."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import BASE, ROOT, build_fails, copy_project, serve, site_pages
from rapport.app import build_site
from rapport.checks.language import check_language, data_for
from rapport.checks.parity import check_parity
from rapport.checks.readability import check_reading_level, ease_es, syllables_es
from rapport.markdown.teaching import course_minutes
from rapport.model import load_site, parse_page, strings

TIPS = sorted(p.name for p in (ROOT / "docs" / "tips").glob("*.md"))


# --------------------------------------------------------------------------- both sites


def test_both_editions_build_with_the_spanish_one_in_es(built_site):
    for name in TIPS:
        assert (built_site / "tips" / name.replace(".md", ".html")).is_file()
        assert (built_site / "es" / "tips" / name.replace(".md", ".html")).is_file(), name
    for rel in ("index.html", "words-matter.html", "pocket-card.html", "final-check.html", "certificate.html"):
        html = (built_site / "es" / rel).read_text(encoding="utf-8")
        assert re.search(r'<html[^>]* lang="es"', html), rel


def test_spanish_pages_show_our_words_in_spanish(built_site):
    tip = (built_site / "es" / "tips" / "be-curious.html").read_text(encoding="utf-8")
    for text in ("Comprobar respuesta", "Respuestas y explicaciones", "Elija todas las respuestas correctas.",
                 "Borrar mis respuestas de esta página", "Última revisión:", "27 de noviembre de 2026",
                 "Al terminar este consejo, usted podrá:", "Versión "):
        assert text in tip, text
    for english in ("Check answer", "Answer key", "Last reviewed", "Clear my answers"):
        assert english not in tip, english
    final = (built_site / "es" / "final-check.html").read_text(encoding="utf-8")
    assert "Calificar mi prueba" in final and "Score my check" not in final
    cert = (built_site / "es" / "certificate.html").read_text(encoding="utf-8")
    es = load_site(ROOT / "mkdocs.es.yml")
    assert "Certificado de finalización" in cert and strings.hours_text("es", course_minutes(es)) in cert
    card = (built_site / "es" / "pocket-card.html").read_text(encoding="utf-8")
    assert "Descargar e imprimir" in card and "Tarjeta de bolsillo, frente" in card
    home = (built_site / "es" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-file="\.\./building-trust-rapport\.zip">ZIP, \d+(,\d)? (KB|MB)<', home), \
        "the size of the zip, with a Spanish decimal comma"
    count = strings.number_word(len(load_site(ROOT / "mkdocs.es.yml").tip_paths()), "es")
    assert f"Los {count} consejos" in home, "the count of tips in Spanish words"


def test_the_catalogue_has_the_same_strings_in_every_language():
    cat = strings.catalogue()

    def keys(d, prefix=""):
        return {prefix + k for k in d} | {x for k, v in d.items() if isinstance(v, dict) for x in keys(v, k + ".")}

    assert keys(cat["en"]) == keys(cat["es"])
    assert len(cat["en"]["months"]) == len(cat["es"]["months"]) == 12
    script = (ROOT / "overrides" / "assets" / "rapport" / "questions.js").read_text(encoding="utf-8")
    used = set(re.findall(r'\bT\("(\w+)"', script))
    used |= {k for pair in re.findall(r'\bT\([^"()]*\? "(\w+)" : "(\w+)"', script) for k in pair}
    assert used and used <= set(cat["en"]["js"]), used - set(cat["en"]["js"])


# --------------------------------------------------------------------------- the switch


def switch_round_trip(page, base: str, rel: str) -> None:
    page.goto(base + rel)
    page.locator(".rp-language-link[hreflang='es']").click()
    page.wait_for_url(base + "es/" + rel)
    assert page.evaluate("document.documentElement.lang") == "es"
    page.locator(".rp-language-link[hreflang='en']").click()
    page.wait_for_url(base + rel)


@pytest.mark.browser
def test_the_switch_goes_to_the_same_page_and_back_from_a_folder_and_a_sub_path(browser, built_site):
    pages = [p for p in site_pages(built_site) if not p.startswith("es/") and (built_site / "es" / p).is_file()
             and 'class="rp-untranslated"' not in (built_site / "es" / p).read_text(encoding="utf-8")]
    es = load_site(ROOT / "mkdocs.es.yml")  # every page of the Spanish nav that is translated, none left out
    translated = {r[:-3] + ".html" for r in es.nav_paths() if not es.is_pending(r) and (ROOT / "docs" / r).is_file()}
    assert len(pages) >= 19 and set(pages) == translated, set(pages) ^ translated
    context = browser.new_context()
    page = context.new_page()
    for rel in pages:
        switch_round_trip(page, built_site.as_uri() + "/", rel)
    with serve(built_site, BASE) as base:
        for rel in ("index.html", "tips/driver-seat.html", "pocket-card.html"):
            switch_round_trip(page, base, rel)
        # A page with no Spanish version leads to a Spanish page that says so and links it back.
        page.goto(base + "hosting.html")
        page.locator(".rp-language-link[hreflang='es']").click()
        page.wait_for_url(base + "es/hosting.html")
        assert "todavía no está traducida" in page.locator(".rp-untranslated").inner_text()
        page.locator(".rp-untranslated a[hreflang='en']").click()
        page.wait_for_url(base + "hosting.html")
    context.close()


@pytest.mark.browser
def test_the_switch_works_inside_the_unzipped_site(browser, built_site, tmp_path):
    import zipfile

    with zipfile.ZipFile(built_site / "building-trust-rapport.zip") as zf:
        zf.extractall(tmp_path)
    folder = next(tmp_path.iterdir())
    context = browser.new_context()
    page = context.new_page()
    switch_round_trip(page, folder.as_uri() + "/", "tips/listen-and-believe.html")
    context.close()


@pytest.mark.browser
def test_a_spanish_word_finds_its_tip_and_no_english_page(browser, built_site):
    assert (built_site / "es" / "assets/javascripts/lunr/min/lunr.es.min.js").is_file(), "Spanish stemming is shipped"
    assert not (built_site / "assets/javascripts/lunr/min/lunr.es.min.js").exists(), "the English site needs none"
    context = browser.new_context()
    page = context.new_page()
    loaded = []
    page.on("response", lambda r: loaded.append(r.url) if r.ok and "lunr.es.min.js" in r.url else None)
    with serve(built_site, BASE) as base:
        page.goto(base + "es/index.html")
        box = page.locator("input.md-search__input")
        box.click()
        page.keyboard.type("panadería", delay=20)  # in Ana's story, in Spanish only
        page.wait_for_selector(".md-search-result__item a[href*='tips/ask-details-that-show-care.html']", timeout=10000)
        hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
        assert hrefs and all("/es/" in h for h in hrefs), hrefs
        assert loaded, "the search worker indexed the Spanish pages with Spanish stemming (lunr.es)"
        # The English site's search does not find the Spanish page.
        page.goto(base + "index.html")
        page.locator("input.md-search__input").click()
        page.keyboard.type("panadería", delay=20)
        page.wait_for_selector(".md-search-result__meta", timeout=10000)
        assert page.locator(".md-search-result__item").count() == 0
    context.close()


@pytest.mark.browser
def test_questions_answer_in_spanish(browser, built_site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((built_site / "es" / "tips" / "be-curious.html").as_uri())
    question = page.locator("#curious-1")
    wrong = question.locator(".rq-key-item.rq-wrong").first.get_attribute("data-option")
    question.locator(f"#curious-1-{wrong}").check()
    page.get_by_role("button", name="Comprobar respuesta").first.click()
    question.locator(".rq-feedback", has_text="No del todo.").wait_for()
    assert "Lea la explicación y vuelva a intentarlo." in question.locator(".rq-feedback").inner_text()
    context.close()


# --------------------------------------------------------------------------- the card


def test_the_spanish_card_fits_and_is_tagged_spanish(built_site):
    from rapport.outputs.card import card_font_faces, card_from_site
    from rapport.outputs.card.render import render_card

    es = load_site(ROOT / "mkdocs.es.yml")
    card = card_from_site(es)
    assert card.lang == "es" and len(card.tips) == len(es.tip_paths()) >= 6
    assert all(len(tip.line) <= 125 for tip in card.tips), [len(t.line) for t in card.tips]
    assert "marque 2" in card.crisis and "AYUDA" in card.crisis
    render_card(card, card_font_faces(ROOT))  # raises CardError unless the proof of fit passes
    for name in ("pocket-card.pdf", "pocket-card-letter.pdf", "pocket-card-a4.pdf", "pocket-card-print-shop.pdf"):
        reader = PdfReader(built_site / "es" / name)
        assert str(reader.trailer["/Root"]["/Lang"]) == "es", name
    text = "".join(p.extract_text() for p in PdfReader(built_site / "es" / "pocket-card.pdf").pages)
    assert "Tenga curiosidad" in text and "Pregúntese" in text and "988" in text


# --------------------------------------------------------------------------- checks


RULES = yaml.safe_load(data_for("es").read_text(encoding="utf-8"))["rules"]


@pytest.mark.parametrize("rule", RULES, ids=[r["id"] for r in RULES])
def test_each_spanish_rule_flags_its_example_with_its_source(rule):
    assert rule["source"] and rule["prefer"]
    found = check_language(parse_page(f"---\ntitle: T\n---\n\n{rule['example']}\n", "docs-es/x.md"), "es")
    assert [f.rule for f in found] == [f"language/{rule['id']}"], (rule["example"], found)
    assert found[0].line == 5


def test_spanish_rules_leave_plain_and_quoted_words_alone():
    text = ('Ofrecemos bebidas alcohólicas sin alcohol. Todo el equipo escucha. La persona dijo: "yo era un adicto".\n'
            "Leer la Administración de Servicios de Salud Mental y Abuso de Sustancias.\n")
    assert check_language(parse_page(f"---\ntitle: T\n---\n\n{text}", "docs-es/x.md"), "es") == []
    assert check_language(parse_page("---\ntitle: T\n---\n\nMuchos adictos.\n", "docs/x.md"), "en") == [], \
        "the English page is held to the English rules"


def test_spanish_syllables_and_reading_ease():
    assert [syllables_es(w) for w in ("día", "país", "leer", "recuperación", "huevo", "pingüino", "muy")] == \
        [2, 2, 2, 5, 2, 3, 1]
    # 206.835 - 62.3 x (syllables / words) - words / sentences: "Usted escucha." 5 syllables, 2 words, 1 sentence
    assert ease_es([(1, "Usted escucha.")]).grade == round(206.835 - 62.3 * 5 / 2 - 2, 1)


def _spanish_page(body: str, card: str = "Usted escucha y ella habla.") -> list:
    page = parse_page(f"---\ntitle: T\ncard: {card}\n---\n\n{body}\n", "docs-es/tips/x.md")
    return check_reading_level(page, tip=True, lang="es")


def test_spanish_sentence_limits_are_30_and_45_words():
    words = lambda n: " ".join(["sol"] * (n - 1)) + " fin."  # noqa: E731  (easy words: only the length counts)
    assert _spanish_page(words(30)) == []
    warn = [f for f in _spanish_page(words(31)) if f.rule == "reading-sentence"]
    assert [f.severity for f in warn] == ["warning"] and warn[0].line == 6  # the body starts on line 6
    error = [f for f in _spanish_page(words(46)) if f.rule == "reading-sentence"]
    assert [f.severity for f in error] == ["error"]


def test_hard_spanish_is_flagged_on_the_page_and_the_card():
    hard = ("La implementación institucionalizada de procedimientos administrativos interdepartamentales "
            "características requiere responsabilidades organizacionales extraordinariamente "
            "específicas. ") * 3
    found = _spanish_page(hard, card="Responsabilidades organizacionales extraordinariamente específicas.")
    assert {f.rule for f in found} == {"reading-level"}
    assert len([f for f in found if "card line" in f.message]) == 1 and any("Szigriszt" in f.message for f in found)


# --------------------------------------------------------------------------- parity


@pytest.fixture
def bilingual(tmp_path) -> Path:
    return copy_project(tmp_path / "project", "bilingual")


def parity(project: Path) -> list:
    return check_parity(load_site(project / "mkdocs.yml"), load_site(project / "mkdocs.es.yml"))


def test_the_bilingual_project_is_in_parity_and_builds_both_sites(bilingual):
    assert parity(bilingual) == []
    from rapport.app import build_site

    build_site(bilingual / "mkdocs.yml", bilingual / "site")
    assert (bilingual / "site" / "es" / "tips" / "first-tip.html").is_file()
    assert str(PdfReader(bilingual / "site" / "es" / "pocket-card.pdf").trailer["/Root"]["/Lang"]) == "es"


def test_a_missing_spanish_page_fails_once_where_it_is_named(bilingual):
    """Listed in the Spanish nav but not written: one finding, at that nav line (not a second one at the English tip)."""
    (bilingual / "docs-es" / "tips" / "first-tip.md").unlink()
    said = build_fails(bilingual)
    line = (bilingual / "mkdocs.es.yml").read_text().splitlines().index("      - tips/first-tip.md") + 1
    assert f"mkdocs.es.yml:{line}:1: nav: the nav names 'tips/first-tip.md', which does not exist in docs-es/" in said
    assert "first-tip" not in said.replace(f"mkdocs.es.yml:{line}:1: nav: the nav names 'tips/first-tip.md'", "")


def test_a_tip_with_no_spanish_page_and_no_nav_entry_fails_at_the_english_tip(bilingual):
    (bilingual / "docs-es" / "tips" / "first-tip.md").unlink()
    es = bilingual / "mkdocs.es.yml"
    es.write_text(es.read_text().replace("  - Consejos:\n      - tips/first-tip.md\n", ""))
    said = build_fails(bilingual)
    assert "docs/tips/first-tip.md:1:1: parity: no es page for this tip: docs-es/tips/first-tip.md is missing" in said


def test_a_changed_right_answer_fails_at_the_question(bilingual):
    tip = bilingual / "docs-es" / "tips" / "first-tip.md"
    text = tip.read_text(encoding="utf-8")
    text = text.replace("//// option | Espera y la deja seguir.\n    correct: true\n", "//// option | Espera y la deja seguir.\n")
    text = text.replace("//// option | Pasa al siguiente formulario.\n", "//// option | Pasa al siguiente formulario.\n    correct: true\n")
    tip.write_text(text, encoding="utf-8")
    line = text.splitlines().index("/// question | Jo deja de hablar. ¿Qué hace usted?") + 1
    found = parity(bilingual)
    assert [(f.path, f.line, f.rule) for f in found] == [("docs-es/tips/first-tip.md", line, "parity")]
    assert "marks options [2] right" in found[0].message and "[1]" in found[0].message


def test_a_missing_question_fails_at_the_page(bilingual):
    tip = bilingual / "docs-es" / "tips" / "first-tip.md"
    text = tip.read_text(encoding="utf-8")
    start = text.index("/// question | ¿Qué respuesta")
    end = text.index("///\n", text.index("Eso pasa por alto")) + 4
    tip.write_text(text[:start] + text[end:], encoding="utf-8")
    found = parity(bilingual)
    assert any(f.path == "docs-es/tips/first-tip.md" and "question 'listen-2'" in f.message and "missing" in f.message
               for f in found), found
    assert "parity" in build_fails(bilingual)


def test_other_callouts_or_sections_fail_at_their_line(bilingual):
    tip = bilingual / "docs-es" / "tips" / "first-tip.md"
    text = tip.read_text(encoding="utf-8")
    tip.write_text(text.replace('!!! watch-out "Cuidado"', '!!! note "Cuidado"'), encoding="utf-8")
    found = parity(bilingual)
    line = text.splitlines().index('!!! watch-out "Cuidado"') + 1
    assert any(f.line == line and "callouts" in f.message for f in found), found
    tip.write_text(text.replace("## Por qué importa\n", ""), encoding="utf-8")
    assert any("`##` sections" in f.message for f in parity(bilingual))
    shutil.copy(ROOT / "tests" / "fixtures" / "bilingual" / "docs-es" / "tips" / "first-tip.md", tip)
    assert parity(bilingual) == []


@pytest.mark.browser
def test_spanish_pages_use_the_sites_one_service_worker(browser, built_site):
    """From es/, offline.js registers the site's sw.js (which precaches both editions), not es/sw.js."""
    context = browser.new_context()
    page = context.new_page()
    with serve(built_site, BASE) as base:
        page.goto(base + "es/index.html")
        scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope == base
        script = page.evaluate("navigator.serviceWorker.ready.then(r => r.active.scriptURL)")
        assert script == base + "sw.js"
    assert '"es/tips/be-curious.html"' in (built_site / "sw.js").read_text(encoding="utf-8")
    context.close()


def test_make_check_checks_every_edition_and_their_parity(bilingual, capsys):
    from rapport.cli import main

    assert main(["check", "--config", str(bilingual / "mkdocs.yml")]) == 0
    tip = bilingual / "docs-es" / "tips" / "first-tip.md"
    tip.write_text(tip.read_text(encoding="utf-8").replace("id: listen-2", "id: listen-9")
                   .replace("Sí. Una pausa le da espacio.", "Sí. Los adictos necesitan una pausa."), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--config", str(bilingual / "mkdocs.yml")]) == 1
    said = capsys.readouterr().out
    assert "docs-es/tips/first-tip.md" in said and "parity: question 'listen-2'" in said
    assert "language/adicto" in said, "the Spanish page is held to the Spanish rules"


@pytest.mark.parametrize("languages, said", [
    ("[{lang: es, link: Leer, folder: es/, config: mkdocs.es.yml}]", "the main language comes first"),
    ("[{lang: en, link: Read, folder: '', config: mkdocs.yml}, {lang: spanish, link: Leer, folder: es/, config: x.yml}]",
     "'spanish' is not a language code"),
    ("[{lang: en, link: Read, folder: '', config: mkdocs.yml}, {lang: es, link: Leer, folder: ../es, config: x.yml}]",
     "the folder '../es' must be a plain name"),
    ("[{lang: en, link: Read, folder: '', config: mkdocs.yml}, {lang: es, link: Leer, folder: es/, config: nowhere.yml}]",
     "the settings file nowhere.yml does not exist"),
])
def test_a_wrong_language_setting_is_one_message_at_its_line(bilingual, languages, said):
    config = bilingual / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  languages:")
    end = text.index("  polyfills:")
    config.write_text(text[:start] + f"  languages: {languages}\n" + text[end:], encoding="utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index(f"  languages: {languages}") + 1
    message = build_fails(bilingual)
    assert said in message and f"mkdocs.yml:{line}:" in message, message
    assert "Traceback" not in message and not (bilingual / "site").exists()


def test_a_spanish_card_line_may_run_to_125_characters_not_more():
    from rapport.checks.frontmatter import check_tip_meta

    def over(line: str, lang: str) -> list:
        page = parse_page(f"---\ntitle: T\ncard: {line}\n---\n\n# T\n", "docs-es/tips/x.md")
        return [f for f in check_tip_meta(page, lang) if "characters" in f.message]

    assert over("a" * 125, "es") == [] and over("a" * 111, "en") != []
    found = over("a" * 126, "es")
    assert len(found) == 1 and found[0].line == 3 and "limit of 125" in found[0].message


# --------------------------------------------------------------------------- findings name their file


def check_output(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rapport.cli", "check", "--config", str(project / "mkdocs.yml")],
                          capture_output=True, text=True, timeout=120, cwd=project)


def test_a_mistake_in_the_spanish_settings_is_reported_in_that_file_at_its_line(bilingual):
    es = bilingual / "mkdocs.es.yml"
    es.write_text(es.read_text().replace("    title: Capacitación mínima\n", "    title: [Capacitación]\n"))
    line = es.read_text().splitlines().index("    title: [Capacitación]") + 1
    proc = check_output(bilingual)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert f"mkdocs.es.yml:{line}:1: settings: extra.card.title must be text" in proc.stdout, proc.stdout
    assert f"mkdocs.yml:{line}:1" not in proc.stdout


def test_an_inherited_mistake_is_reported_once_in_the_file_that_holds_it(bilingual):
    main = bilingual / "mkdocs.yml"
    main.write_text(main.read_text().replace("extra:\n", "extra:\n  final_check:\n    pass_mark: 30\n", 1))
    line = main.read_text().splitlines().index("    pass_mark: 30") + 1
    proc = check_output(bilingual)
    said = [l for l in proc.stdout.splitlines() if "pass_mark is 30" in l]
    assert said == [f"mkdocs.yml:{line}:1: settings: extra.final_check.pass_mark is 30; it is a percent from 50 to 100 "
                    "(agencies usually ask for 70 to 80)"], proc.stdout


def test_a_nav_entry_for_a_missing_file_is_one_finding_at_its_line_in_every_edition(bilingual):
    for name in ("mkdocs.yml", "mkdocs.es.yml"):
        config = bilingual / name
        config.write_text(config.read_text().replace("      - tips/first-tip.md\n",
                                                     "      - tips/first-tip.md\n      - tips/gone.md\n"))
    proc = check_output(bilingual)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    said = [l for l in proc.stdout.splitlines() if "gone.md" in l]
    for name in ("mkdocs.yml", "mkdocs.es.yml"):
        line = (bilingual / name).read_text().splitlines().index("      - tips/gone.md") + 1
        assert [l for l in said if l.startswith(f"{name}:")] == [
            f"{name}:{line}:1: nav: the nav names 'tips/gone.md', which does not exist in "
            f"{'docs' if name == 'mkdocs.yml' else 'docs-es'}/ (fix the path or remove the line)"], said
    assert len(said) == 2, said
    message = build_fails(bilingual)
    assert "gone.md" in message and "Traceback" not in message and "FileNotFoundError" not in message


def test_a_tip_left_out_of_one_editions_nav_is_one_finding(bilingual):
    tip = bilingual / "docs" / "tips" / "second-tip.md"
    tip.write_text((bilingual / "docs" / "tips" / "first-tip.md").read_text().replace("id: ", "id: two-"))
    shutil.copy(bilingual / "docs-es" / "tips" / "first-tip.md", bilingual / "docs-es" / "tips" / "second-tip.md")
    es_tip = bilingual / "docs-es" / "tips" / "second-tip.md"
    es_tip.write_text(es_tip.read_text().replace("id: ", "id: two-"))
    main = bilingual / "mkdocs.yml"
    main.write_text(main.read_text().replace("      - tips/first-tip.md\n", "      - tips/second-tip.md\n      - tips/first-tip.md\n"))
    said = [l for l in check_output(bilingual).stdout.splitlines() if "second-tip" in l and "(warning)" not in l]
    assert said == ["docs-es/tips/second-tip.md:1:1: tip-order: this tip page is not in the nav of mkdocs.es.yml (add "
                    "`- tips/second-tip.md` under Tips in the nav; the nav sets the order of the tips)"], said


# --------------------------------------------------------------------------- parity: safety and meaning


def parity_lines(project: Path) -> list[str]:
    return [l for l in check_output(project).stdout.splitlines() if ": parity: " in l]


def test_a_translation_cannot_drop_the_crisis_note(bilingual):
    """`risk: true` and the `{ .risk }` section on the main edition's tip: the translation keeps both."""
    en = bilingual / "docs" / "tips" / "first-tip.md"
    en.write_text(en.read_text().replace("minutes: 10\n", "minutes: 10\nrisk: true\n", 1)
                  .replace("## Why it matters\n", "## Why it matters { .risk }\n", 1))
    assert parity_lines(bilingual) == [
        "docs-es/tips/first-tip.md:1:1: parity: `risk: true` of docs/tips/first-tip.md is missing here (the crisis note "
        "must show on both pages: keep `risk:` as the main edition has it)",
        "docs-es/tips/first-tip.md:12:1: parity: 0 heading(s) marked { .risk }; docs/tips/first-tip.md has 1 (mark the "
        "same section `{ .risk }`: the crisis note follows it)"]
    es = bilingual / "docs-es" / "tips" / "first-tip.md"
    es.write_text(es.read_text().replace("minutes: 10\n", "minutes: 10\nrisk: true\n", 1)
                  .replace("## Por qué importa\n", "## Por qué importa { .risk }\n", 1))
    assert parity_lines(bilingual) == []
    build_site(bilingual / "mkdocs.yml", bilingual / "site")
    assert 'class="rp-crisis"' in (bilingual / "site" / "es" / "tips" / "first-tip.html").read_text()


@pytest.mark.parametrize("option, where", [("type: multiple", "docs"), ("shuffle: false", "docs-es")])
def test_a_question_changed_in_one_language_only_is_a_parity_finding(bilingual, option, where):
    tip = bilingual / where / "tips" / "first-tip.md"
    tip.write_text(tip.read_text().replace("    id: listen-2\n", f"    id: listen-2\n    {option}\n", 1))
    line = (bilingual / "docs-es" / "tips" / "first-tip.md").read_text().splitlines().index(
        next(l for l in (bilingual / "docs-es" / "tips" / "first-tip.md").read_text().splitlines()
             if l.startswith("/// question | ¿Qué respuesta"))) + 1
    said = parity_lines(bilingual)
    key = option.split(":")[0]
    assert len(said) == 1 and said[0].startswith(f"docs-es/tips/first-tip.md:{line}:1: parity: question 'listen-2' has {key}:"), said


def test_an_edition_without_a_crisis_line_is_a_parity_finding(bilingual):
    es = bilingual / "mkdocs.es.yml"
    es.write_text(es.read_text().replace("    line: Llame al 988 y marque 2 para español. En una emergencia, llame al 911.\n",
                                         '    line: ""\n'))
    line = es.read_text().splitlines().index("  crisis:") + 1
    assert parity_lines(bilingual) == [
        f"mkdocs.es.yml:{line}:1: parity: this edition has no crisis line (extra.crisis.line); mkdocs.yml has one "
        "(translate extra.crisis: without it, risk pages show no crisis note)"]


@pytest.mark.parametrize("value, words", [
    ("maybe", "Config value 'use_directory_urls'"),
    ("[x", "error parsing the configuration file"),
])
def test_a_setting_mkdocs_refuses_is_reported_at_its_line_in_its_file(bilingual, value, words):
    es = bilingual / "mkdocs.es.yml"
    es.write_text(es.read_text().replace("docs_dir: docs-es\n", f"docs_dir: docs-es\nuse_directory_urls: {value}\n"))
    line = es.read_text().splitlines().index(f"use_directory_urls: {value}") + 1
    proc = check_output(bilingual)
    said = proc.stdout + proc.stderr
    assert f"mkdocs.es.yml:{line}:1: settings: " in said and words in said, said
    assert "Traceback" not in said


# --------------------------------------------------------------------------- mistakes that were tracebacks


def test_settings_that_inherit_each_other_in_a_loop_are_one_finding(bilingual):
    main = bilingual / "mkdocs.yml"
    main.write_text("INHERIT: mkdocs.es.yml\n" + main.read_text())
    proc = check_output(bilingual)
    said = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in said and "RecursionError" not in said
    assert "mkdocs.es.yml:2:1: settings: INHERIT goes round in a loop: mkdocs.yml -> mkdocs.es.yml -> mkdocs.yml" in said, said


@pytest.mark.parametrize("folder", ["tips/", "assets/", "search/"])
def test_an_edition_folder_that_is_already_a_folder_of_the_site_is_one_finding(bilingual, folder):
    main = bilingual / "mkdocs.yml"
    main.write_text(main.read_text().replace("folder: es/", f"folder: {folder}"))
    message = build_fails(bilingual)
    assert f"extra.languages: the folder '{folder}' is already a folder of the site" in message
    assert "Traceback" not in message and "OSError" not in message


def test_quotes_nested_500_deep_are_one_finding(bilingual):
    index = bilingual / "docs" / "index.md"
    index.write_text(index.read_text() + "\n\n" + ">" * 500 + " deep\n")
    line = len(index.read_text().splitlines())
    message = build_fails(bilingual)
    assert f"docs/index.md:{line}:" in message and "nesting: quotes, lists or callouts are nested more than 40 deep" in message
    assert "Traceback" not in message and "RecursionError" not in message


@pytest.mark.parametrize("target", ["docs/index.md", "[a, b]"])
def test_inherit_that_is_not_a_settings_file_is_one_finding(bilingual, target):
    es = bilingual / "mkdocs.es.yml"
    es.write_text(es.read_text().replace("INHERIT: mkdocs.yml", f"INHERIT: {target}"))
    said = check_output(bilingual)
    assert said.returncode == 1 and "Traceback" not in said.stdout + said.stderr
    assert "mkdocs.es.yml" in said.stdout + said.stderr
