"""Paper for a session, built by `make site` with WeasyPrint from the built pages:

Each book and form comes in the paper sizes of `extra.paper.size` (letter by default, a4, or
both), named by size; the one-page sheets come in the first.

- `handbook-letter.pdf` / `handbook-a4.pdf`: cover, contents with real page numbers, every
  tip with its objectives, questions and answer keys, the facilitators' pages, role-plays and
  frameworks (the knowledge check without its keys: they are under each tip already);
  running header, page numbers, a bookmark per section, internal links;
- `handout-letter.pdf` / `handout-a4.pdf`: the introduction and the tips, without answers;
- `role-cards.pdf`, `checklists.pdf`: one card or checklist a page; `attendance.pdf`: one
  sign-off sheet;
- `knowledge-check-letter.pdf` / `-a4.pdf`: the session's knowledge check for participants,
  without answers; `knowledge-check-key-letter.pdf` / `-a4.pdf`: its answer key and a scoring
  sheet (before, after, change; right answers per question) for facilitators. All tagged (PDF/UA-1, not validated), with a title and /Lang, and set in
  the card's font from its one font set-up.
"""

from __future__ import annotations

import posixpath
import re
from html import unescape as html_unescape
from pathlib import Path

from markupsafe import Markup, escape

from ..markdown.templates import render as render_template
from ..model.assets import card_font_faces
from ..pipeline.cache import Cache
from .card.render import font_config, fresh_fonts, weasy
from .pdfua import finish
from .workers import run_all
from ..model.release import version_line
from ..model import Site
from ..model.site import book_name

TEMPLATES = Path(__file__).parent.parent / "templates"
SIZES = {"letter": "letter", "a4": "A4"}
RE_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
DROP = [re.compile(p, re.S) for p in (
    r'<a class="headerlink"[^>]*>.*?</a>', r"<script\b.*?</script>", r'<div class="rq-actions".*?</div>',
    r'<div aria-live="polite" class="rq-feedback" role="status"></div>', r'<div class="rq-draft">.*?</textarea>\s*</div>',
    r'<section class="rq-print-key"[^>]*>.*?</section>', r'<footer class="rp-page-footer">.*?</footer>',
    r'<ul class="rp-downloads">.*?</ul>', r'<h2 id="download">.*?</h2>', r'<p class="rp-offline-download".*?</p>',
    # A download in a list (`<!-- paper handbook -->`, the slides): nothing to download on paper.
    r'<li>\s*<a [^>]*\bdownload\b[^>]*>.*?</a>\s*</li>',
    # What only the web can do: marked `web-only` by the author (a span, a paragraph, a block),
    # and the directives' words for a browser without JavaScript.
    r'<span class="web-only"[^>]*>.*?</span>', r'<p class="web-only"[^>]*>.*?</p>', r'<div class="web-only"[^>]*>.*?</div>',
    r'<p class="[^"]*-nojs[^"]*"[^>]*>.*?</p>')]
# An attribute in any of HTML's three spellings: "double", 'single' or bare.
RE_HREF = re.compile(r"""(\s)(href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
RE_SRC = re.compile(r"""(\s)(src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
RE_ATTACHMENT = re.compile(r"""\srel\s*=\s*(?:"[^"]*\battachment\b[^"]*"|'[^']*\battachment\b[^']*'|[^\s"'>]*attachment[^\s"'>]*)""",
                           re.I)
RE_KEY = re.compile(r'<details class="rq-key">\s*<summary>(.*?)</summary>(.*?)</details>', re.S)


def article(site_dir: Path, rel: str) -> str:
    m = RE_ARTICLE.search((site_dir / rel).read_text(encoding="utf-8"))
    return m.group(1) if m else ""


def anchor(rel: str, fragment: str = "") -> str:
    base = "p-" + re.sub(r"[^a-z0-9]+", "-", rel[:-5].lower()).strip("-")
    return f"{base}--{fragment}" if fragment else base


def heading(site_dir: Path, rel: str) -> str:
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", DROP[0].sub("", article(site_dir, rel)), re.S)
    return html_unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip() if h1 else rel


RE_TAG = re.compile(r"<[a-zA-Z][^>]*>")


def in_tags(html: str, change) -> str:
    """`change` applied to each start tag of `html` alone, never to its text."""
    return RE_TAG.sub(lambda m: change(m.group(0)), html)


def chapter(site_dir: Path, rel: str, answers: bool, book_rels: set[str], new_page: bool = True) -> str:
    """A built page's content, cleaned for paper, its ids and links made unique in the book."""
    html = article(site_dir, rel)
    for pattern in DROP:
        html = pattern.sub("", html)
    html = RE_KEY.sub(lambda m: f'<div class="rq-key"><p class="rq-key-title">{m.group(1)}</p>{m.group(2)}</div>'
                      if answers else "", html)
    # Inputs become boxes drawn by CSS; the decorative ✓/✗ go (the words say right or wrong),
    # so every glyph on paper is in the card's font.
    html = re.sub(r'<input[^>]*type="radio"[^>]*/?>', '<span class="rp-box rp-round" aria-hidden="true"></span>', html)
    html = re.sub(r'<input[^>]*type="checkbox"[^>]*/?>', '<span class="rp-box" aria-hidden="true"></span>', html)
    html = re.sub(r'<span aria-hidden="true" class="rq-mark">.*?</span>', "", html)
    html = re.sub(r'\sid="([^"]+)"', lambda m: f' id="{anchor(rel, m.group(1))}"', html)
    here = posixpath.dirname(rel)

    def href(m: re.Match) -> str:
        target = html_unescape(m.group(3) or m.group(4) or m.group(5) or "")
        if re.match(r"^[a-z]+:", target):
            return f'href="{escape(target)}"'
        path, _, fragment = target.partition("#")
        path = posixpath.normpath(posixpath.join(here, path)) if path else rel
        # A page in the book: an internal link. Any other page or file (a PDF, the zip): plain
        # text on paper — a relative link would point into the build machine's folders.
        return f'href="#{anchor(path, fragment)}"' if path in book_rels else 'data-page="elsewhere"'

    html = in_tags(html, lambda tag: RE_HREF.sub(lambda m: m.group(1) + href(m), tag))

    def src(m: re.Match) -> str:
        target = html_unescape(m.group(3) or m.group(4) or m.group(5) or "")
        if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            return f'src="{escape(target)}"'  # data: is drawn; anything else the PDF's fetcher refuses, by name
        path = (site_dir / here / target.split("#")[0]).resolve()
        return f'src="{escape(path.as_uri())}"'  # a picture of the site, from where the built page has it

    html = in_tags(html, lambda tag: RE_SRC.sub(lambda m: m.group(1) + src(m), tag))
    # A link marked as an attachment would put the linked file inside the PDF: paper keeps links only.
    html = in_tags(html, lambda tag: RE_ATTACHMENT.sub("", tag))
    kind = "chapter" if new_page else "chapter flow"  # a short page follows the one before it
    return f'<section class="{kind}" id="{anchor(rel)}">{html}</section>'


def document(title: str, body: str, lang: str, size: str, faces: str, version: str = "") -> str:
    """A paper document's HTML; `version` (the one version line, rapport.model.release) goes in
    the foot of every page, the cover excepted."""
    css = (TEMPLATES / "paper.css").read_text(encoding="utf-8")
    foot = ""
    if version:
        text = version.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
        foot = "".join(f'@page{kind} {{ @bottom-left {{ content: "{text}"; font-size: 7.5pt; color: #333; }} }}\n'
                       for kind in ("", " sheet"))
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f'<style>{faces}\n@page {{ size: {size}; }}\n{css}\n{foot}</style></head><body>{body}</body></html>')


def book(site: Site, site_dir: Path, rels: list[str], title: str, subtitle: str, answers: bool,
         parts: frozenset[str] = frozenset()) -> str:
    """A book of pages; each page in `parts` (a module's index) opens a part, shown so in the contents."""
    from ..model import strings

    words = strings.ui(site.lang)
    pages = [(rel, escape(heading(site_dir, rel))) for rel in rels]
    toc = "".join(('<li class="part">' if rel in parts else "<li>") + f'<a href="#{anchor(rel)}">'
                  + (f"{escape(words['paper_part'])} " if rel in parts else "") + f"{text}</a></li>" for rel, text in pages)
    from ..model.release import version_line

    provider = ((site.settings.certificate or {}).get("provider") or "").strip()
    cover = (f'<section class="cover"><h1>{escape(title)}</h1><p class="subtitle">{escape(subtitle)}</p>'
             + (f'<p class="cover-provider">{escape(provider)}</p>' if provider else "")
             + f"<p>{escape(version_line(site))}</p>"  # the one version string: as every page's footer says it
             + (f'<p class="cover-notice">{escape(site.notice)}</p>' if site.notice else "") + "</section>")
    # The introduction, each part and the facilitators' section open a page; the tips and the
    # other pages follow on, under a rule, so no page is left mostly empty (a heading never ends
    # a page, and an option or an explanation is never split).
    opens = {rels[0]} | set(parts)
    return cover + f'<nav class="toc"><h1>{escape(words["paper_contents"])}</h1><ol>{toc}</ol></nav>' + "".join(
        chapter(site_dir, rel, answers and not rel.endswith("knowledge-check.html"), set(rels),
                rel in opens or (rel.startswith("facilitators/") and not rels[i - 1].startswith("facilitators/")))
        for i, rel in enumerate(rels))


def html_rel(rel: str) -> str:
    return rel[:-3] + ".html"


def sheets(site_dir: Path, rels: list[str], pattern: str, fields: str = "") -> str:
    """One sheet for each part of the pages that `pattern` finds, under its page's title; with
    `fields` (the observer, group, date and notes of a checklist) around it."""
    head, _, tail = fields.partition("<!-- part -->")
    out = []
    for rel in rels:
        text = DROP[0].sub("", article(site_dir, rel))  # a heading's ¶ link means nothing on paper
        name = heading(site_dir, rel)
        for part in re.findall(pattern, text, re.S):
            out.append(f'<section class="sheet"><h1 class="part-title">{escape(name)}</h1>{head}{part}{tail}</section>')
    return "".join(out)


def role_play_sheets(site: Site, site_dir: Path, rels: list[str]) -> str:
    """One sheet per role-play for a group of three: its cards, each to cut out along the dashed
    lines, and the observer's checklist on the same sheet (the observer's card says "below")."""
    out = []
    for rel in rels:
        text = DROP[0].sub("", article(site_dir, rel))
        cards = re.findall(r'(<div class="admonition role-card">.*?</div>)', text, re.S)
        checklist = re.findall(r'(<h2 id="observer-checklist">.*?</div>)', text, re.S)
        if cards:
            out.append(render_template(site, "paper/role-play-sheet.html.j2", title=heading(site_dir, rel),
                                       cards=[Markup(c) for c in cards], checklist=Markup(checklist[0]) if checklist else ""))
    return "".join(out)


def attendance(site: Site) -> str:
    from ..markdown.teaching import course_minutes, hours_text

    from ..model import strings

    objectives = [str(o) for p in site.tips() for o in (p.meta.get("objectives") or [])[:1]]
    lengths = sorted({length for _, length, _ in site.session_plans()})
    hours = [strings.text(site.lang, "att_session", minutes=n, hours=hours_text(n, site.lang)) for n in lengths]
    hours.append(strings.text(site.lang, "att_course", hours=hours_text(course_minutes(site), site.lang)))
    return render_template(site, "paper/attendance.html.j2", title=site.settings.card.title or site.name or "Training",
                           hours=hours, objectives=objectives, rows=10)


def knowledge_sheet_items(site: Site) -> list[dict]:
    """The knowledge check's items as paper shows them: the question, its prompt, and its options
    lettered in the order the site shows them (the tip page's), each marked right or not."""
    import markdown as md

    orders = site.option_orders
    items = []
    for page, block in site.knowledge_blocks():  # the same items as the page (rapport.markdown.teaching)
        rel = page.rel
        options = [c for c in block.children if c.name == "option"]
        order = (orders.get(rel) or {}).get(page.anchors[block.line]) or list(range(1, len(options) + 1))
        first = options[0].line if options else block.end_line
        prompt = "\n".join(line.text for line in block.body if line.number < first).strip()
        items.append({"question": block.title, "tip": str(page.meta.get("title") or rel),
                      "prompt": md.markdown(prompt) if prompt else "",  # the author's Markdown, checked like any page
                      "multiple": block.options.get("type") == "multiple",
                      "options": [{"letter": "ABCDEFGHIJ"[n], "text": options[number - 1].title,
                                   "right": options[number - 1].options.get("correct") is True}
                                  for n, number in enumerate(order)]})
    return items


def knowledge_papers(site: Site, title: str) -> dict[str, tuple[str, str, str]]:
    """The knowledge check for participants (no answers) and its key with a scoring sheet for
    facilitators, in each paper size the settings ask for: {file name: (body, document title, size)}."""
    from ..model import strings

    items = knowledge_sheet_items(site)
    if not items:
        return {}
    out = {}
    for key in site.settings.paper_sizes:
        size = SIZES[key]
        paper = strings.text(site.lang, f"paper_{key}")
        out[f"knowledge-check-{key}.pdf"] = (render_template(site, "paper/knowledge-check.html.j2", items=items),
                                             strings.text(site.lang, "kc_doc", title=title, paper=paper), size)
        out[f"knowledge-check-key-{key}.pdf"] = (render_template(site, "paper/knowledge-check-key.html.j2", items=items,
                                                                 rows=16),
                                                 strings.text(site.lang, "kc_key_doc", title=title, paper=paper), size)
    return out


def evaluation_papers(site: Site, title: str) -> dict[str, tuple[str, str, str]]:
    """The reaction form on paper, in each size the settings ask for, from the page that holds `<!-- evaluation -->`."""
    from ..markdown.teaching import EVALUATION, evaluation_items, page_with
    from ..model import strings

    rel = page_with(site, EVALUATION)
    if rel is None or site.is_pending(rel):
        return {}
    page = site.page(rel)
    statements, questions = evaluation_items(page)
    if not statements and not questions:
        return {}
    out = {}
    for key in site.settings.paper_sizes:
        size = SIZES[key]
        paper = strings.text(site.lang, f"paper_{key}")
        body = render_template(site, "paper/evaluation.html.j2", page_title=str(page.meta.get("title") or ""), title=title,
                               statements=statements, questions=questions)
        out[f"evaluation-{key}.pdf"] = (body, strings.text(site.lang, "doc_evaluation", title=title, paper=paper), size)
    return out


def tips_in_parts(site: Site) -> tuple[list[str], frozenset[str]]:
    """The tips' pages in nav order; in a library, each module's index page before its tips."""
    if not site.modules:  # a tip whose translation is pending is not printed: paper cannot follow a link
        return [html_rel(p.rel) for p in site.tips()], frozenset()
    rels = [html_rel(p.rel) for p in site.tips(None)]
    for module in site.modules:
        rels += [html_rel(module.index.rel)] + [html_rel(p.rel) for p in site.tips(module)]
    return rels, frozenset(html_rel(m.index.rel) for m in site.modules)


def book_units(site: Site, tips: list[str], parts: frozenset[str]):
    """The books to make (rapport.model.Site.book_units), each (module or None, its opening pages
    and tips, its parts)."""
    return [(None, ["index.html"] + tips, parts) if unit is None else
            (unit, [html_rel(unit.index.rel)] + [html_rel(p.rel) for p in site.tips(unit)], frozenset())
            for unit in site.book_units()]


def render(html: str, name: str = "", site_dir: Path | None = None, lang: str = "en") -> bytes:
    """One document, tagged (PDF/UA), with fonts of its own: its bytes never depend on what
    the build rendered before it (rapport.outputs.card.render.fresh_fonts). It loads nothing
    but the built site's own files (`site_dir`), our templates and the card font."""
    with fresh_fonts():
        # The built site's files and the card font only: not our templates (sw.js lives there).
        source = weasy(html, roots=(site_dir,) if site_dir is not None else (), templates=False)
        pdf = source.write_pdf(pdf_variant="pdf/ua-1", font_config=font_config())
        source.fetcher.check(name or "a PDF")
        return finish(pdf, lang)


def documents(site: Site, site_dir: Path, only: set[str] | None = None) -> dict[str, str]:
    """Every paper document of the edition built into `site_dir` (or those named in `only`):
    {file name: the HTML WeasyPrint lays out}; a document with nothing to print is left out."""
    faces = card_font_faces(site.root)
    lang = site.lang
    tips, parts = tips_in_parts(site)
    facilitators = [html_rel(r) for r in site.nav_paths() if r.startswith("facilitators/") and not site.is_pending(r)
                    and site.page(r).meta.get("paper") is not False]  # `paper: false`: a page for the web only
    roleplays = [r for r in facilitators if "role-play" in r]
    from ..model import strings

    title = site.settings.card.title or site.name or "Training"
    doc = lambda key: strings.text(site.lang, key, title=title)  # noqa: E731 - a document's title
    out: dict[str, tuple[str, str, str]] = {}
    # Pages whose front matter says `paper: true` (Words matter) follow the tips in both books.
    extra = [html_rel(r) for r in dict.fromkeys(site.nav_paths()) if (site.docs_dir / r).is_file()
             and site.page(r).meta.get("paper") is True and r not in site.tip_paths() and not site.is_pending(r)]
    for unit, pages, unit_parts in book_units(site, tips, parts):
        of = (lambda text: text) if unit is None else (  # noqa: E731 - a module's book says whose it is
            lambda text: strings.text(site.lang, "book_of", doc=text, module=unit.title))
        for key in site.settings.paper_sizes:  # extra.paper.size: letter, a4, or both
            size = SIZES[key]
            handbook = book(site, site_dir, pages + extra + facilitators, title,
                            of(strings.text(site.lang, "paper_handbook")), True, unit_parts)
            out[book_name("handbook", unit, key)] = (handbook, of(doc("doc_handbook")), size)
            handout = book(site, site_dir, pages + extra, title, of(strings.text(site.lang, "paper_handout")),
                           False, unit_parts)
            out[book_name("handout", unit, key)] = (handout, of(doc("doc_handout")), size)
    sheet = SIZES[site.settings.paper_size]  # extra.paper.size: the one-page sheets' paper
    out["role-cards.pdf"] = (role_play_sheets(site, site_dir, roleplays), doc("doc_role_cards"), sheet)
    out["checklists.pdf"] = (sheets(site_dir, roleplays, r'(<h2 id="observer-checklist">.*?</div>)',
                                    render_template(site, "paper/checklist-fields.html.j2")),
                             doc("doc_checklists"), sheet)
    out["attendance.pdf"] = (attendance(site), doc("doc_attendance"), sheet)
    out.update(knowledge_papers(site, title))
    out.update(evaluation_papers(site, title))
    version = version_line(site)
    return {name: document(doc_title, body, lang, size, faces, version) for name, (body, doc_title, size) in out.items()
            if (only is None or name in only) and body.strip()}  # no role-plays (yet): no cards to print


def write(site: Site, site_dir: Path, only: set[str] | None = None, workers: int | None = None) -> dict[str, Path]:
    """Write every paper PDF (or those named in `only`) into the built site; return {name: path}.
    `workers`: at most so many worker processes render (None: as the machine allows)."""
    lang = site.lang
    cache = Cache(site.root)  # a document whose HTML and engine are unchanged is not rendered again
    written, todo = {}, []
    for name, html in documents(site, site_dir, only).items():
        written[name] = path = site_dir / name
        key = cache.key("paper", html)
        data = cache.lookup("paper", key)
        if data is None:
            todo.append((name, key, html))
        else:
            path.write_bytes(data)
    # What the cache did not have, side by side (rapport.outputs.workers), the longest first so that
    # no worker is left with a book at the end: the same bytes as one by one.
    todo.sort(key=lambda job: -len(job[2]))
    for (name, key, _), data in zip(todo, run_all(render, [(html, name, site_dir, lang) for name, _, html in todo],
                                                  workers)):
        cache.store("paper", key, data)
        written[name].write_bytes(data)
    return written


def paper_step(run, site: Site, folder: Path) -> None:
    """The handbook, handouts, role cards, checklists, attendance sheet and knowledge check of
    each edition, in its language and into its folder."""
    write(site, folder)
