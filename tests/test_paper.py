"""rapport.paper: the handbook, handouts and one-page sheets, read back from the PDFs."""

from __future__ import annotations

import re
from html import unescape

import pdfplumber
import pytest
from pypdf import PdfReader

from rapport.model import load_site

BOOKS = ["handbook-letter.pdf", "handbook-a4.pdf", "handout-letter.pdf", "handout-a4.pdf"]
SHEETS = ["role-cards.pdf", "checklists.pdf", "attendance.pdf"]
KNOWLEDGE = [f"knowledge-check{part}-{size}.pdf" for part in ("", "-key") for size in ("letter", "a4")]


def flat(text: str) -> str:
    return " ".join((text or "").split())


@pytest.fixture(scope="module")
def texts(paper_pdf):
    out = {}
    for name in BOOKS + SHEETS + KNOWLEDGE:
        with pdfplumber.open(paper_pdf(name)) as pdf:
            out[name] = [flat(page.extract_text()) for page in pdf.pages]
    return out


@pytest.mark.parametrize("name", BOOKS)
def test_the_contents_page_numbers_are_the_real_pages(texts, name):
    pages = texts[name]
    toc = re.findall(r"(\S.*?) ?[. ]{3,} ?(\d+)(?= |$)", pages[1].replace("Contents", ""))
    assert len(toc) >= 7, pages[1]
    for title, number in toc:
        title = title.strip(" .")
        assert title in pages[int(number) - 1], f"{title!r} is not on page {number}"
        # An earlier page's running head (its first words) is another chapter's title.
        assert all(not p.startswith(title) for p in pages[2:int(number) - 1]), f"{title!r} starts earlier"


def test_the_handbook_holds_every_tip_with_objectives_and_answers(texts, root):
    book = " ".join(texts["handbook-letter.pdf"])
    for page in load_site(root / "mkdocs.yml").tips():
        assert page.meta["title"] in book
        for objective in page.meta["objectives"]:
            assert flat(objective) in book, objective
    assert book.count("Good choice:") >= 12 and "Observer checklist" in book and "Frameworks" in book


def test_the_books_have_a_proper_cover_and_words_matter(texts, root):
    """The cover names what it is, its licence and what it is not, with the one version string
    every page's footer has; Words matter (`paper: true`) follows the tips in both books."""
    from rapport.model.release import version_line

    site = load_site(root / "mkdocs.yml")
    for name in ("handbook-letter.pdf", "handout-a4.pdf"):
        cover, book = texts[name][0], " ".join(texts[name])
        assert flat(version_line(site)) in cover and "CC BY 4.0" in cover and "Not a substitute for clinical supervision" in cover
        assert "Words matter" in texts[name][1], "in the contents"
        assert "person with a substance use disorder" in book


def test_the_handout_has_no_answers(texts, root):
    handout = " ".join(texts["handout-letter.pdf"])
    assert "Good choice:" not in handout and "Not the best choice:" not in handout and "Show a model answer" not in handout
    assert all(p.meta["title"] in handout for p in load_site(root / "mkdocs.yml").tips())


def test_each_card_checklist_and_sign_off_sheet_is_one_page(texts, built_site, root):
    from rapport.markdown.teaching import course_minutes, hours_text

    sheets = [p for p in texts["role-cards.pdf"]]  # one sheet per role-play: its three cards and the checklist
    expected = [(built_site / "facilitators" / f).read_text().count('class="admonition role-card"')
                for f in ("role-play-first-meeting.html", "role-play-hard-week.html", "role-play-boundaries.html")]
    assert len(sheets) == len(expected) == 3 and [page.count("Card:") for page in sheets] == expected == [3, 3, 3]
    assert all(page.count("Observer checklist") == 1 for page in sheets), "the observer's checklist on the same sheet"
    assert len(texts["checklists.pdf"]) == 3 and all(p.count("Observer checklist") == 1 for p in texts["checklists.pdf"])
    assert not any("¶" in p for name in ("role-cards.pdf", "checklists.pdf") for p in texts[name]), "no heading link on paper"
    for page in texts["checklists.pdf"]:  # who observed which group when, and room for notes
        assert all(word in page for word in ("Observer", "Group", "Date", "Notes")), page[:200]
    sheet = texts["attendance.pdf"]
    for choice in ("60-minute session: 1 hour (60 minutes)", "90-minute session: 1.5 hours (90 minutes)",
                   "The whole course, self-study: " + hours_text(course_minutes(load_site(root / "mkdocs.yml")))):
        assert choice in sheet[0], f"{choice!r}: the hours of the session run are a choice on the sheet"
    assert len(sheet) == 1 and all(word in sheet[0] for word in ("Date", "Facilitator", "Hours", "Signature"))


@pytest.mark.parametrize("name", BOOKS + SHEETS + KNOWLEDGE)
def test_paper_is_tagged_titled_in_english_with_an_outline(paper_pdf, name):
    reader = PdfReader(paper_pdf(name))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and str(root.get("/Lang")) == "en"
    assert (reader.metadata.title or "").startswith("Building Trust & Rapport")
    if name in BOOKS:
        assert len(reader.outline) >= 7


def test_the_facilitators_page_links_the_paper_with_type_and_size(built_site):
    """The real site asks for Letter (extra.paper.size): each document once, in that size, and
    no link to an A4 file it did not build."""
    html = (built_site / "facilitators" / "index.html").read_text()
    assert "-a4.pdf" not in html.replace("pocket-card-a4.pdf", "")
    assert not [p for p in built_site.rglob("*-a4.pdf") if not p.name.startswith("pocket-card")]
    for name in [n for n in BOOKS + SHEETS + KNOWLEDGE if "-a4" not in n]:
        assert re.search(rf'href="\.\./{re.escape(name)}" download>[^<]*\(<span class="rp-size" data-file="\.\./{re.escape(name)}">PDF, \d+(\.\d)? [KM]B</span>\)', html), name


def test_the_contents_link_to_their_chapters(built_site):
    reader = PdfReader(built_site / "handbook-letter.pdf")
    links = [a.get_object() for a in reader.pages[1].get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    internal = [a for a in links if "/Dest" in a or ("/A" in a and a["/A"].get("/S") == "/GoTo")]
    assert len(internal) >= 7, "each contents line is a link inside the book"


@pytest.mark.parametrize("name", ["handbook-letter.pdf", "handout-a4.pdf", "role-cards.pdf"])
def test_paper_is_set_in_the_cards_font_only(paper_pdf, name):
    from rapport.outputs.card.render import embedded_fonts

    fonts = embedded_fonts(paper_pdf(name).read_bytes())
    assert fonts and all("Atkinson-Hyperlegible" in f for f in fonts), fonts


@pytest.mark.parametrize("name", ["handbook-letter.pdf", "handout-a4.pdf", "role-cards.pdf"])
def test_no_link_points_into_the_build_machine(paper_pdf, name):
    """Links on paper go to a chapter of the same book or nowhere; never file:// (which
    would name a folder of the machine that built it and break anywhere else)."""
    uris = [annot.get_object()["/A"].get_object().get("/URI")
            for page in PdfReader(paper_pdf(name)).pages for annot in page.get("/Annots") or []
            if "/A" in annot.get_object()]
    assert [u for u in uris if u and not u.startswith("https://")] == [], uris


def test_the_knowledge_check_prints_a_sheet_without_answers_and_a_key_with_a_scoring_sheet(texts, built_site, paper_pdf,
                                                                                           root):
    """The participants' sheet: every item of the page, its options lettered in the order the page
    shows them, no answers; the facilitators' key: each right answer by its letter, then a
    scoring sheet (before, after, change) and a tally per question. In Letter and in A4."""
    from rapport.markdown.teaching import knowledge_items

    site = load_site(root / "mkdocs.yml")
    items = knowledge_items(site)
    page = (built_site / "facilitators" / "knowledge-check.html").read_text(encoding="utf-8")
    shown = re.findall(r'<legend class="rq-legend">(.*?)</legend>', page)
    assert len(items) == len(shown) == len(site.tip_paths())
    # The page shows each item's options as its tip's page does, and so as the sheet letters them.
    on_page = [re.findall(r'<input[^>]*value="(\d+)"', q) for q in page.split('<div class="rq rq-question"')[1:]]
    for (rel, source), values in zip(items, on_page):
        block = next(b for b in site.page(rel).questions if b.source == source)
        assert [int(v) for v in values] == site.option_orders[rel][site.page(rel).anchors[block.line]], rel
    for size, (width, height) in (("letter", (612, 792)), ("a4", (595, 842))):
        sheet = " ".join(texts[f"knowledge-check-{size}.pdf"])
        key = " ".join(texts[f"knowledge-check-key-{size}.pdf"])
        for question in shown:
            assert flat(unescape(question)) in sheet
        assert "Right answer" not in sheet and "Good choice" not in sheet
        assert "Before the session" in sheet and "After the session" in sheet and f"of {len(items)} right" in sheet
        # Each right answer in the key, with the letter it has on the sheet.
        for rel, source in items:
            block = next(b for b in site.page(rel).questions if b.source == source)
            options = [c for c in block.children if c.name == "option"]
            order = site.option_orders[rel][site.page(rel).anchors[block.line]]
            for n, number in enumerate(order):
                option = options[number - 1]
                lettered = f"{'ABCDEFGHIJ'[n]}. {flat(option.title)}"
                assert lettered[:30] in sheet, lettered
                if option.options.get("correct") is True:
                    assert lettered[:30] in key, lettered
                else:
                    assert lettered[:30] not in key, lettered
        assert f"Before (of {len(items)})" in key and f"After (of {len(items)})" in key and "Change" in key and "Right after" in key
        assert len(texts[f"knowledge-check-key-{size}.pdf"]) == 2, "the key on one page, the scoring sheet on the next"
        assert len(texts[f"knowledge-check-{size}.pdf"]) == 1, "the participants' sheet on one page"
        for name in (f"knowledge-check-{size}.pdf", f"knowledge-check-key-{size}.pdf"):
            box = PdfReader(paper_pdf(name)).pages[0].mediabox
            assert (round(float(box.width)), round(float(box.height))) == (width, height), name


def test_the_paper_is_built_and_linked_in_the_sizes_the_settings_ask_for(project):
    """`extra.paper.size`: letter by default, a4, or both; the books and forms come in those sizes
    alone, the one-page sheets in the first, and `<!-- paper NAME -->` links what was built (with
    its size); the words of the links come from the catalogue."""
    from conftest import build_site

    config = project / "mkdocs.yml"
    home = project / "docs" / "index.md"
    home.write_text(home.read_text() + "\n## Paper\n\n<!-- paper handbook -->\n<!-- paper handout -->\n"
                    "\n```\n<!-- paper shown-as-an-example -->\n```\n")
    plain = config.read_text()
    for setting, sizes, sheet in ((None, ["letter"], (612, 792)), ("a4", ["a4"], (595, 842)),
                                  ("[a4, letter]", ["a4", "letter"], (595, 842))):
        config.write_text(plain if setting is None else plain.replace("\nnav:", f"\n  paper:\n    size: {setting}\nnav:"))
        build_site(config, project / "site")
        site = project / "site"
        books = sorted(p.name for p in site.glob("hand*.pdf"))
        assert books == sorted(f"{book}-{size}.pdf" for book in ("handbook", "handout") for size in sizes), setting
        box = PdfReader(site / "attendance.pdf").pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == sheet, setting
        html = (site / "index.html").read_text()
        links = re.findall(r'<li><a href="(hand[a-z]+-[a-z0-9]+\.pdf)" download>([^<]*)\(<span class="rp-size"', html)
        assert [href for href, _ in links] == [f"{book}-{size}.pdf" for book in ("handbook", "handout") for size in sizes]
        names = {"letter": "US Letter", "a4": "A4"}
        assert [label.strip() for _, label in links][:len(sizes)] == [f"Handbook for facilitators, {names[s]}" for s in sizes]
        assert "&lt;!-- paper shown-as-an-example --&gt;" in html, "a directive in code stays as written"
        with pdfplumber.open(site / f"handbook-{sizes[0]}.pdf") as pdf:
            box = pdf.pages[0]
            assert (round(box.width), round(box.height)) == {"letter": (612, 792), "a4": (595, 842)}[sizes[0]]


@pytest.mark.parametrize("setting", ["legal", "[letter, legal]", "[]"])
def test_an_unknown_paper_size_fails_at_its_line(project, setting):
    from conftest import build_fails

    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("\nnav:", f"\n  paper:\n    size: {setting}\nnav:"))
    line = config.read_text().splitlines().index(f"    size: {setting}") + 1
    message = build_fails(project)
    assert f"mkdocs.yml:{line}:" in message and "letter or a4" in message


def test_a_paper_directive_naming_no_document_fails_at_its_line(project):
    from conftest import build_fails

    home = project / "docs" / "index.md"
    home.write_text(home.read_text() + "\n## Paper\n\n<!-- paper handbok -->\n")
    line = home.read_text().splitlines().index("<!-- paper handbok -->") + 1
    message = build_fails(project)
    assert f"docs/index.md:{line}:1: directive:" in message and "`<!-- paper handbook -->`" in message, message


WEB_ONLY = {"en": ["press Check answer", "stay on this device", "Use it offline", "needs JavaScript", "Choose the round first",
                   "Check a certificate", "(PDF)", "(HTML)"],
            "es": ["pulse Comprobar", "en este dispositivo", "sin conexión", "JavaScript", "Primero elija la ronda",
                   "Comprobar un certificado", "(PDF)", "(HTML)"]}


@pytest.mark.parametrize("prefix,lang", [("", "en"), ("es/", "es")])
def test_the_books_say_nothing_only_a_browser_can_do(built_site, paper_pdf, prefix, lang):
    for name in ("handbook-letter.pdf", "handout-a4.pdf"):
        with pdfplumber.open(paper_pdf(prefix + name)) as pdf:
            text = flat(" ".join(page.extract_text() or "" for page in pdf.pages))
        for words in WEB_ONLY[lang]:
            assert words not in text, (name, words)
    home = (built_site / prefix / "index.html").read_text()
    assert "Comprobar" in home or "Check answer" in home  # the web still says it


def test_one_version_line_on_every_printed_page_and_the_card(built_site, paper_pdf, root):
    from rapport.model.release import version_line

    line = version_line(load_site(root / "mkdocs.yml"))
    for name in SHEETS + KNOWLEDGE + ["evaluation-letter.pdf", "slides-60-notes.pdf", "handbook-a4.pdf"]:
        with pdfplumber.open(paper_pdf(name)) as pdf:
            for n, page in enumerate(pdf.pages[1:] if name.startswith("handbook") else pdf.pages):
                assert line in flat(page.extract_text()), (name, n)
    with pdfplumber.open(built_site / "pocket-card.pdf") as pdf:
        assert line.rstrip(".") in flat(pdf.pages[1].extract_text())


def worker_pid(n: int) -> tuple[int, int]:
    import os
    import time

    time.sleep(0.3)  # long enough that one worker cannot take every job before the other starts
    return n, os.getpid()


def test_jobs_run_in_worker_processes_in_order_and_bring_errors_back():
    import os

    from rapport.model import RapportError
    from rapport.outputs.workers import run_all, worker_count

    results = run_all(worker_pid, [(n,) for n in range(4)], workers=2)
    assert [n for n, _ in results] == [0, 1, 2, 3], "results in the order of the jobs"
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and len(pids) == 2, "two worker processes, not this one"
    assert run_all(worker_pid, [(7,)], workers=2) == [(7, os.getpid())], "one job: no process to start"
    assert 1 <= worker_count(100) <= (os.cpu_count() or 1)
    with pytest.raises(RapportError) as info:
        run_all(failing_job, [("docs/a.md",), ("docs/b.md",)], workers=2)
    assert str(info.value).startswith("Paper cannot be made:\ndocs/a.md:3:1: paper: a picture is missing"), str(info.value)


def failing_job(path: str) -> None:
    from rapport.model import Finding, RapportError

    raise RapportError([Finding(path, 3, 1, "paper", "a picture is missing")], "Paper cannot be made")


def test_paper_rendered_side_by_side_is_byte_for_byte_what_one_process_renders(project):
    """The handbook, handout and sheets of a project, rendered by one process and then by two
    worker processes (the cache emptied between), are the same bytes."""
    import shutil

    from rapport.app import build_site
    from rapport.outputs import paper

    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("\nnav:", "\n  paper:\n    size: [letter, a4]\nnav:"))  # more jobs
    build_site(config, project / "site")
    site = load_site(config)
    runs = []
    for workers in (1, 2):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        written = paper.write(site, project / "site", workers=workers)
        runs.append({name: path.read_bytes() for name, path in written.items()})
    assert len(runs[0]) >= 6 and runs[0].keys() == runs[1].keys()
    assert [n for n in runs[0] if runs[0][n] != runs[1][n]] == []


@pytest.mark.parametrize("edition", ["", "es/"])
def test_every_editions_knowledge_check_sheet_is_one_page_in_letter_and_a4(paper_pdf, edition):
    """The participants' sheet, every question of every tip, on one page in each language (the
    30 minute plan uses the last question alone: it must not sit on a second sheet)."""
    for size in ("letter", "a4"):
        assert len(PdfReader(paper_pdf(f"{edition}knowledge-check-{size}.pdf")).pages) == 1, (edition, size)


def test_the_books_leave_out_the_pages_printed_answers_section(texts):
    """A tip page ends with a copy of every key for the browser's print; the handbook has the keys
    under each question already and the handout none: that section is not in either."""
    from rapport.model import strings

    answers = strings.text("en", "answers")
    for name in BOOKS:
        lines = "\n".join(texts[name]).splitlines()
        assert answers not in lines, f"{name}: an '{answers}' section"


@pytest.mark.parametrize("line", ["<!--paper handbook-->", "<!-- Paper handbook -->", "<!-- paper: handbook -->",
                                  "<!-- paper handbook, handout -->", "<!-- paper evaluation -->"])
def test_a_paper_list_mistyped_or_of_a_document_not_built_fails_at_its_line(project, line):
    """A spelling the build would not fill in, or a document this site does not make (the tiny
    project has no evaluation page), is an error at its line; the same line in indented code is an
    example, left alone."""
    from conftest import build_fails

    home = project / "docs" / "index.md"
    home.write_text(home.read_text() + f"\n## Paper\n\n{line}\n\nAn example:\n\n    {line}\n")
    number = home.read_text().splitlines().index(line) + 1
    message = build_fails(project)
    assert f"docs/index.md:{number}:1: directive:" in message and message.count("directive:") == 1, message
