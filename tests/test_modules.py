"""A library of modules (issue 16): each module its own pocket card, proved to fit, with its
own tips in nav order; a page's navigation lists its own module's pages and the other
modules' titles; module card settings checked at their lines."""

from __future__ import annotations

import re
import shutil
import zipfile

import pdfplumber
import pytest

from conftest import build_fails, copy_project
from rapport.app import build_site
from rapport.outputs.card import card_from_site, outputs
from rapport.model import load_site

MODULES = {"first-meetings": ["Listen first", "Ask about good days"], "hard-days": ["Stay calm"],
           "endings": ["Plan the last meeting", "Leave with hope"]}


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """The three-module fixture project, built once."""
    project = copy_project(tmp_path_factory.mktemp("library") / "project", "modules")
    out = project.parent / "site"
    build_site(project / "mkdocs.yml", out)
    return project, out


def test_the_model_reads_the_modules_in_nav_order(tmp_path):
    project = copy_project(tmp_path / "p", "modules")
    site = load_site(project / "mkdocs.yml")
    assert [m.slug for m in site.modules] == list(MODULES)
    for module in site.modules:
        assert [p.meta["title"] for p in site.tips(module)] == MODULES[module.slug]
        assert card_from_site(site, module=module).subtitle == module.card.subtitle
    assert site.card_units() == site.modules, "every tip is in a module: no site card"


def test_each_module_gets_its_own_card_with_its_tips_in_nav_order(library):
    project, out = library
    for slug, titles in MODULES.items():
        for name in outputs(slug).values():
            assert (out / name).is_file(), name
        with pdfplumber.open(out / outputs(slug)["card"]) as pdf:
            assert len(pdf.pages) == 2, "front and back: the card fits"
            front = pdf.pages[0].extract_text()
        lines = [load_site(project / "mkdocs.yml").page(f"{slug}/tips/{t.lower().replace(' ', '-')}.md").meta["card"]
                 for t in titles]
        found = [re.sub(r"\s+", " ", front).find(line.split(".")[0]) for line in lines]
        assert all(n >= 0 for n in found) and found == sorted(found), (slug, found)
        others = [t for s, ts in MODULES.items() if s != slug for t in ts]
        assert not any(t.split()[0] + " " + t.split()[1] in front for t in others if t not in titles), slug
    assert not (out / "pocket-card.pdf").exists(), "no site card when every tip is in a module"


def test_a_module_card_page_links_its_own_card(library):
    _, out = library
    html = (out / "hard-days" / "pocket-card.html").read_text(encoding="utf-8")
    assert 'href="../pocket-card-hard-days.pdf"' in html and "Stay calm" in html
    assert "Listen first" not in html.split('class="rp-card-sides"')[1].split("</div>")[0]


def nav_links(html: str) -> set[str]:
    nav = html[html.index("md-nav--primary"):html.index('class="md-content"')]
    return set(re.findall(r'href="([^"#]+\.html)"', nav))


def test_a_page_lists_its_own_modules_tips_and_the_other_modules_titles(library):
    _, out = library
    links = nav_links((out / "hard-days" / "tips" / "stay-calm.html").read_text(encoding="utf-8"))
    assert "stay-calm.html" in links and "../index.html" in links
    assert {"../../first-meetings/index.html", "../../endings/index.html"} <= links, "other modules by title"
    assert not any("/tips/" in link for link in links), "no tip of another module"
    home = (out / "index.html").read_text(encoding="utf-8")
    nav = home[home.index("md-nav--primary"):home.index('class="md-content"')]
    for title in ("First meetings", "Hard days", "Endings"):
        assert title in nav
    assert not any("/tips/" in link for link in nav_links(home))


def test_a_module_card_setting_is_checked_at_its_line(tmp_path):
    project = copy_project(tmp_path / "p", "modules")
    index = project / "docs" / "hard-days" / "index.md"
    text = index.read_text().replace("  reminder: The person decides. You listen.\n", "  reminder: [not, text]\n")
    index.write_text(text)
    line = text.splitlines().index("  reminder: [not, text]") + 1
    message = build_fails(project)
    assert f"docs/hard-days/index.md:{line}:1: settings: card.reminder must be text" in message


def test_a_module_card_that_does_not_fit_names_its_settings(tmp_path):
    project = copy_project(tmp_path / "p", "modules")
    index = project / "docs" / "endings" / "index.md"
    long = "A reminder that is much too long for the back of the card. " * 30
    index.write_text(index.read_text().replace("  reminder: The person decides. You listen.\n", f"  reminder: {long}\n"))
    message = build_fails(project)
    assert "docs/endings/index.md:" in message and "card.reminder" in message and "card-fit" in message


def test_each_module_has_its_own_final_check(library):
    _, out = library
    for slug, titles in MODULES.items():
        html = (out / slug / "final-check.html").read_text(encoding="utf-8")
        assert f'data-final="rapport:final:{slug}"' in html
        ids = set(re.findall(r'<div class="rq rq-question"[^>]* id="([^"]+)"', html))
        wanted = {t.lower().replace(" ", "-") + "-1" for t in titles}
        assert ids == wanted, (slug, ids)
        cert = (out / slug / "certificate.html").read_text(encoding="utf-8")
        assert f"Tiny Library: {load_title(out, slug)}" in cert.replace("&amp;", "&")
        assert f"{len(titles) * 10} minutes" in cert


def load_title(out, slug) -> str:
    return {"first-meetings": "First meetings", "hard-days": "Hard days", "endings": "Endings"}[slug]


@pytest.mark.browser
def test_a_module_certificate_needs_that_modules_pass(browser, library):
    from conftest import take_final_check

    _, out = library
    ctx = browser.new_context(bypass_csp=True)
    page = ctx.new_page()
    page.goto((out / "hard-days" / "final-check.html").as_uri())
    assert "Passed." in take_final_check(page)
    page.get_by_role("link", name="Get your certificate").click()
    page.wait_for_url("**/hard-days/certificate.html")
    assert page.locator(".rp-cert").is_visible() and "Hard days" in page.locator(".rp-cert-course").inner_text()
    page.goto((out / "endings" / "certificate.html").as_uri())
    assert page.locator(".rp-cert").is_hidden(), "another module's pass is not this module's"
    ctx.close()


def test_each_module_has_its_own_handbook_and_handout_with_its_tips_alone(library):
    _, out = library
    for slug, tips in MODULES.items():
        for kind in ("handbook", "handout"):
            with pdfplumber.open(out / f"{kind}-{slug}-letter.pdf") as pdf:
                contents, text = pdf.pages[1].extract_text(), " ".join(p.extract_text() for p in pdf.pages)
            assert all(t in contents for t in tips), (kind, slug, contents)
            others = [t for s, ts in MODULES.items() if s != slug for t in ts]
            assert not [t for t in others if t in text], (kind, slug)
            assert load_title(out, slug) in pdf_title(out / f"{kind}-{slug}-letter.pdf")


def pdf_title(path) -> str:
    from pypdf import PdfReader

    return PdfReader(path).metadata.title or ""


def test_a_paper_list_on_a_printed_page_is_left_out_of_the_books(tmp_path):
    """`<!-- paper handbook -->` on a module's page (which its books print) lists that module's
    books on the web; on paper there is nothing to download, so the books leave the list out."""
    project = copy_project(tmp_path / "project", "modules")
    index = project / "docs" / "hard-days" / "index.md"
    index.write_text(index.read_text() + "\n## Paper\n\n<!-- paper handbook -->\n")
    build_site(project / "mkdocs.yml", project / "site")
    page = (project / "site" / "hard-days" / "index.html").read_text()
    assert re.findall(r'<a href="([^"]+)" download>', page) == ["../handbook-hard-days-letter.pdf"]
    for name in ("handbook-hard-days-letter.pdf", "handout-hard-days-letter.pdf", "handbook-letter.pdf"):
        with pdfplumber.open(project / "site" / name) as pdf:
            text = " ".join(p.extract_text() for p in pdf.pages)
        assert "Hard days, US Letter" not in text and "Stay calm" in text, name


def test_the_whole_library_handbook_has_a_part_per_module_with_its_tips(library):
    """Asked for with `extra.paper.library_book: true` (the fixture does)."""
    _, out = library
    with pdfplumber.open(out / "handbook-letter.pdf") as pdf:
        contents = pdf.pages[1].extract_text()
    parts = [contents.find(f"Part: {title}") for title in ("First meetings", "Hard days", "Endings")]
    assert all(n >= 0 for n in parts) and parts == sorted(parts), contents
    tips = [contents.find(t) for ts in MODULES.values() for t in ts]
    assert all(n >= 0 for n in tips) and tips == sorted(tips), "each tip after its module's part, in nav order"
    assert parts[1] < contents.find("Stay calm") < parts[2]


def test_a_site_without_modules_keeps_its_files_and_addresses(built_site, root):
    from rapport.outputs.card import OUTPUTS

    site = load_site(root / "mkdocs.yml")
    assert site.modules == [] and site.card_units() == [None]
    assert {p.name for p in built_site.glob("pocket-card*.pdf")} == set(OUTPUTS.values())
    for rel in site.tip_paths():
        assert rel.startswith("tips/") and (built_site / (rel[:-3] + ".html")).is_file()
    nav = (built_site / "tips" / "be-curious.html").read_text(encoding="utf-8")
    assert all(f'href="{p.rel[5:-3]}.html"' in nav for p in site.tips()), "every tip still in every page's nav"


def test_each_module_has_its_own_scorm_package(library):
    import xml.etree.ElementTree as ET
    import zipfile

    from rapport.outputs.lms import package_name

    _, out = library
    assert not (out / package_name()).exists(), "a library has one package per module"
    for slug in MODULES:
        with zipfile.ZipFile(out / package_name(slug)) as zf:
            names = set(zf.namelist())
            manifest = ET.fromstring(zf.read("imsmanifest.xml"))
            launch = zf.read("launch.html").decode()
        pages = {n for n in names if n.endswith(".html") and n not in ("launch.html", "404.html")}
        assert pages and all(n.startswith(f"{slug}/") for n in pages), pages
        assert {f"pocket-card-{slug}.pdf"} <= names and not any(
            n.startswith("pocket-card-") and slug not in n for n in names), "only its own card files"
        title = manifest.find(".//{http://www.imsproject.org/xsd/imscp_rootv1p1p2}organization/"
                              "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}title").text
        assert title == f"Tiny Library: {load_title(out, slug)}"
        assert f'src="{slug}/index.html"' in launch


def test_a_link_across_modules_is_an_error_at_its_line(tmp_path):
    project = copy_project(tmp_path / "p", "modules")
    tip = project / "docs" / "endings" / "tips" / "leave-with-hope.md"
    tip.write_text(tip.read_text() + "\nSee also [hard days](../../hard-days/index.md).\n")
    line = len(tip.read_text().splitlines())
    message = build_fails(project)
    assert f"docs/endings/tips/leave-with-hope.md:{line}:" in message and "outside the endings module" in message


@pytest.mark.browser
def test_a_module_package_reports_its_own_final_check(browser, library, tmp_path):
    import shutil
    import zipfile

    from conftest import serve, take_final_check
    from rapport.outputs.lms import package_name
    from test_lms import HOST, RUNTIME, Launch

    _, out = library
    shutil.copy(RUNTIME, tmp_path / "scorm12.js")
    (tmp_path / "host.html").write_text(HOST, encoding="utf-8")
    with zipfile.ZipFile(out / package_name("hard-days")) as zf:
        zf.extractall(tmp_path / "course")
    with serve(tmp_path) as base:
        launch = Launch(browser, base)
        assert launch.course().url.endswith("hard-days/index.html")
        frame = launch.open("hard-days/final-check.html")
        assert "Passed." in take_final_check(frame)
        assert launch.cmi("cmi.core.lesson_status") == "passed" and launch.cmi("cmi.core.score.raw") == "100"
        kept = launch.leave()
        assert launch.calls() == {"LMSInitialize": 1, "LMSFinish": 1}
        assert '"f":{":hard-days":[1,1,100,1,80,' in kept["suspend_data"]
        launch.close()


@pytest.mark.parametrize("modules, tips", [(3, 4), (6, 5)])
def test_the_synthetic_library_passes_every_check(tmp_path, modules, tips):
    """12 tips, and the bench's 30 (each module's certificate lists its own tips' objectives: the
    library's 30 together would not fit one page, and no page prints them together)."""
    import importlib.util

    from conftest import ROOT
    from rapport.checks import check_site

    spec = importlib.util.spec_from_file_location("make_library", ROOT / "scripts" / "make-library.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    project = make.write(tmp_path / "library", modules=modules, tips=tips)
    site = load_site(project / "mkdocs.yml")
    assert len(site.modules) == modules and len(site.tip_paths()) == modules * tips
    problems = [str(f) for f in check_site(site) if f.severity in ("error", "warning")]
    assert problems == []


def test_an_edit_to_one_module_rebuilds_that_modules_package_and_books_alone(tmp_path, monkeypatch):
    """Each module's SCORM package is keyed on its own pages (and the others' front matter), and
    each module has its own books: a sentence changed in one module's tip makes one package and
    one module's handbook and handout again, not every module's; nothing changed makes none."""
    from rapport.outputs import lms

    project = copy_project(tmp_path / "project", "modules")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  paper:\n    library_book: true\n", ""))  # the default
    build_site(project / "mkdocs.yml", project / "site")
    site = project / "site"
    assert not (site / "handbook-letter.pdf").exists(), "no whole-library book unless asked for"
    assert all((site / f"handbook-{slug}-letter.pdf").is_file() for slug in MODULES)
    rendered = lambda: {p.name for p in (project / ".cache" / "rapport" / "paper").iterdir()}  # noqa: E731
    before = rendered()
    made = []
    real = lms.make_lms_packages
    monkeypatch.setattr(lms, "make_lms_packages", lambda run, site, staging, modules: (
        made.append([m.slug for m in modules]), real(run, site, staging, modules))[1])
    build_site(project / "mkdocs.yml", project / "site")
    assert made == [], "nothing changed: every package from the cache"
    tip = project / "docs" / load_site(project / "mkdocs.yml").modules[1].tip_rels[0]
    tip.write_text(tip.read_text().replace("\n## ", "\nOne more sentence for this test.\n\n## ", 1))
    build_site(project / "mkdocs.yml", project / "site")
    assert made == [["hard-days"]]
    assert len(rendered() - before) == 2 * 2, "its module's handbook and handout laid out again (each with its checksum)"
    import zipfile

    with zipfile.ZipFile(project / "site" / lms.package_name("hard-days")) as zf:
        assert any(b"One more sentence for this test." in zf.read(n) for n in zf.namelist() if n.endswith(".html"))


def test_one_engine_run_makes_every_modules_package_as_one_run_each_would(tmp_path, monkeypatch):
    """A cold build renders the LMS edition of a library once, not once per module; each module's
    package is then the bytes a run of that module alone makes: its own pages, navigation,
    previous and next links (the footer on) and search index, nothing of the other modules."""
    from rapport.outputs import lms
    from rapport.pipeline import build as pipeline

    project = copy_project(tmp_path / "project", "modules")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  font: false\n", "  font: false\n  features:\n    - navigation.footer\n", 1))
    # A file kept in one module's folder and linked from another module's tip: every package keeps it.
    (project / "docs" / "hard-days" / "files").mkdir()
    (project / "docs" / "hard-days" / "files" / "worksheet.txt").write_text("A worksheet.\n")
    tip = project / "docs" / "first-meetings" / "tips" / "listen-first.md"
    tip.write_text(tip.read_text() + "\nA [worksheet](../../hard-days/files/worksheet.txt) to print.\n")
    runs = []
    real_runs = pipeline.Runs
    monkeypatch.setattr(pipeline, "Runs", lambda ctx, jobs: (runs.append(ctx.modules) if ctx.lms else None,
                                                           real_runs(ctx, jobs))[1])
    build_site(config, project / "site")
    assert runs == [tuple(MODULES)], "one engine run for the three packages"
    together = {slug: (project / "site" / lms.package_name(slug)).read_bytes() for slug in MODULES}
    names = {slug: set(zipfile.ZipFile(project / "site" / lms.package_name(slug)).namelist()) for slug in MODULES}
    html = {n for n in names["endings"] if n.endswith(".html")} - {"launch.html"}
    assert any(n.startswith("endings/") for n in html) and not any(n.startswith(("hard-days/", "first-meetings/"))
                                                                     for n in html)
    assert "hard-days/files/worksheet.txt" in names["first-meetings"]
    shutil.rmtree(project / ".cache" / "rapport" / "lms")
    real = lms.make_lms_packages
    monkeypatch.setattr(lms, "make_lms_packages", lambda run, site, staging, modules: [
        real(run, site, staging, [module])[0] for module in modules])
    runs.clear()
    build_site(config, project / "site")
    assert runs == [(slug,) for slug in MODULES], "one module a run, as packages were made before"
    for slug in MODULES:
        assert (project / "site" / lms.package_name(slug)).read_bytes() == together[slug], slug
