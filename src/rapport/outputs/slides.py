"""Slides for a team session, built by `make site` from the same source as the pages: a deck
for each session plan (a page's `session_60:`, `session_90:` …) with the plan's activities,
the tips' titles, card lines, objectives and Reflect questions, and each role-play's set-up.

- `slides-60.html`: one self-contained file (fonts inside, no script), a slide a screen:
  after one click, Page Down or the down arrow moves on, F11 shows it full screen, and it works
  from a USB stick;
- `slides-60.pdf`: the same slides, 16:9, tagged (Chromium's tags, then rapport.outputs.pdfua);
- `slides-60-notes.pdf`: presenter notes, one slide a block, with what the slide says and the
  plan's notes for that activity (the `###` sections under the plan, in order), for the
  facilitator's hand.

Marp CLI (npm `@marp-team/marp-cli`) renders the decks with Debian's Chromium: a maintained
tool of the field, whose Markdown a trainer can also open and edit, and whose PDF is text, not
pictures. Its HTML runs no script here (Marp's own script is switched off): only our own
scripts run on our pages.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
import shutil
import subprocess
import tempfile
from html import unescape as html_unescape
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..markdown.teaching import PlanRow, plan_rows, reflect_of
from ..markdown.templates import environment, render as render_template
from ..model import Finding, RapportError, Site, strings
from ..model.assets import FONT_FILES, npm_file, FONT_PACKAGE
from ..model.release import version_line
from ..pipeline.cache import Cache
from .paper import SIZES, article, document, html_rel, render as render_pdf
from .pdfua import finish

MARP = ("@marp-team/marp-cli", "marp-cli.js")
THEME = "rapport"
AGENDA_ROWS = 9  # rows of the plan on one slide at most, at the size the theme sets
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
RE_LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")
RE_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!{}$:])")
RE_SECTION = re.compile(r"(?=<h[23]\b)")


class SlidesError(RapportError):
    heading = "The slides could not be built"


@dataclass
class Slide:
    title: str
    kind: str = "slide"  # "title" for the first
    lead: str = ""
    label: str = ""
    points: list[str] = field(default_factory=list)
    foot: str = ""
    notes: str = ""  # HTML, for the presenter notes


def md(text: str) -> str:
    """Text (plain, or an author's inline Markdown, whose marks go) made safe for Markdown:
    nothing in it formats, links, breaks the slide or runs (Marp's maths and emoji are off too)."""
    text = plain(" ".join(str(text).split()))
    text = RE_MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"^([-+=])", r"\\\1", text)  # a list, a rule (a slide break) or a heading line
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)  # "1. " would start a list


def plain(markdown: str) -> str:
    """An author's inline Markdown as text: link texts stay, emphasis marks and code ticks go;
    any other `*` or `_` (snake_case, a lone star) stays."""
    text = RE_LINK.sub(r"\1", markdown)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", r"\1", text)
    return re.sub(r"`([^`]*)`", r"\1", text).strip()


def first_sentence(markdown: str) -> tuple[str, str]:
    """An activity's name as a slide's title (its first sentence) and the rest of it."""
    head, _, rest = plain(markdown).partition(". ")
    rest = rest.strip()
    return head.rstrip("."), (rest + "." if rest and rest[-1] not in ".!?:" else rest)


def plans(site: Site) -> list[tuple[str, int, list]]:
    """(page, length, activities) of every session plan in the edition, in nav order."""
    return site.session_plans()


def notes_sections(site: Site, site_dir: Path, rel: str, length: int) -> list[str]:
    """The built HTML of the `###` sections under the heading that holds `<!-- session-plan N -->`."""
    page = site.page(rel)
    marker = f"<!-- session-plan {length} -->"
    line = next((i for i, text in enumerate(page.lines, 1) if text.strip() == marker), None)
    if line is None:
        return []
    h2s = [h for h in page.headings if h[1] == 2]
    index = sum(1 for h in h2s if h[0] < line) - 1
    html = article(site_dir, html_rel(rel))
    parts = RE_SECTION.split(html)
    h2_parts = [i for i, part in enumerate(parts) if part.startswith("<h2")]
    if index < 0 or index >= len(h2_parts):
        return []
    start = h2_parts[index]
    end = h2_parts[index + 1] if index + 1 < len(h2_parts) else len(parts)
    sections = [p for p in parts[start + 1:end] if p.startswith("<h3")]
    return [re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", s, flags=re.S) for s in sections]


def nested_points(notes: str) -> list[str]:
    """The items of the first nested list in an activity's notes (the group agreements)."""
    m = re.search(r"<li>.*?<ul>(.*?)</ul>", notes, re.S)
    if not m:
        return []
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in re.findall(r"<li>(.*?)</li>", m.group(1), re.S)]


def purpose(notes: str) -> str:
    """An activity's purpose, as its notes give it (the item that starts with a bold label, first)."""
    m = re.search(r"<li>\s*<strong>[^<]*</strong>(.*?)</li>", notes, re.S)
    if not m:
        return ""
    text = re.sub(r"<[^>]+>", "", m.group(1))
    return " ".join(html_unescape(text).split())


def role_play(site: Site, from_rel: str, name: str):
    """The role-play page an activity links to, or None."""
    for _, target in RE_LINK.findall(name):
        rel = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), target.split("#")[0]))
        if (site.docs_dir / rel).is_file():
            page = site.page(rel)
            if any(c.kind == "role-card" for c in page.callouts):
                return page
    return None


def role_setup(page) -> tuple[str, list[str]]:
    """A role-play's set-up (its paragraphs before the cards) and the titles of its cards."""
    first = min(c.line for c in page.callouts if c.kind == "role-card")
    body = page.lines[page.body_start:first - 1]
    paragraphs, current = [], []
    for text in body:
        if text.startswith("#"):
            continue
        if text.strip():
            current.append(text.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    roles = []
    for c in page.callouts:
        if c.kind == "role-card":
            title = page.lines[c.line - 1][c.title_col:].strip().strip('"')
            roles.append(title.split(":", 1)[-1].strip() if ":" in title else title)
    return " ".join(paragraphs), roles


def deck(site: Site, site_dir: Path, rel: str, length: int, activities: list) -> list[Slide]:
    ui = strings.ui(site.lang)
    rows: list[PlanRow] = plan_rows(site, rel, activities)
    notes = notes_sections(site, site_dir, rel, length)
    title = site.settings.card.title or site.name or "Training"
    provider = ((site.settings.certificate or {}).get("provider") or "").strip()
    minutes = lambda n: strings.text(site.lang, "slides_minutes", minutes=n)  # noqa: E731
    clock = lambda n: f"{n // 60}:{n % 60:02d}"  # noqa: E731
    slides = [Slide(md(title), "title", md(strings.text(site.lang, "slides_session", minutes=length)),
                    points=[md(provider)] if provider else [], foot=md(version_line(site))),
              ]
    agenda = [md(f"{clock(r.start)}  {r.tip.meta.get('title') if r.tip else plain(r.what)} ({minutes(r.minutes)})")
              for r in rows]
    count = -(-len(agenda) // AGENDA_ROWS)  # slides, each as full as the others
    per = -(-len(agenda) // max(count, 1))
    parts = [agenda[i:i + per] for i in range(0, len(agenda), per)]
    for n, part in enumerate(parts, 1):
        heading = ui["slides_agenda"] + (f" ({n}/{len(parts)})" if len(parts) > 1 else "")
        slides.append(Slide(md(heading), "agenda", points=part))
    # The longest activity with a role-play shows its set-up; a shorter one (the demonstration) its purpose.
    longest: dict[str, int] = {}
    for i, row in enumerate(rows):
        played = None if row.tip is not None else role_play(site, rel, row.what)
        if played is not None and (played.rel not in longest or row.minutes > rows[longest[played.rel]].minutes):
            longest[played.rel] = i
    for i, row in enumerate(rows):
        note = notes[i] if i < len(notes) else ""
        if row.tip is not None:
            page = row.tip
            objectives = [md(o) for o in page.meta.get("objectives") or [] if isinstance(o, str)]
            slides.append(Slide(md(page.meta.get("title") or page.rel), lead=md(page.meta.get("card") or ""),
                                label=md(ui["after_tip"]) if objectives else "", points=objectives,
                                foot=md(minutes(row.minutes)), notes=note))
            reflect = reflect_of(page)
            if reflect:  # its notes are the tip's, on the slide before
                slides.append(Slide(md(strings.text(site.lang, "slides_reflect", tip=page.meta.get("title") or "")),
                                    lead=md(reflect), points=[md(ui["slides_reflect_rule"])]))
            continue
        head, rest = first_sentence(row.what)
        own = [md(p) for p in row.slide]  # the author's own points for this slide (`slide:`)
        played = role_play(site, rel, row.what)
        if played is not None and longest.get(played.rel) == i:
            setup, roles = role_setup(played)
            slides.append(Slide(md(head), lead=md(f"{rest} {setup}".strip()), label=md(ui["slides_roles"]) if roles else "",
                                points=own or [md(r) for r in roles], foot=md(minutes(row.minutes)), notes=note))
            continue
        slides.append(Slide(md(head), lead=md(rest or purpose(note)), points=own or [md(p) for p in nested_points(note)],
                            foot=md(minutes(row.minutes)), notes=note))
    return slides


def font_css(site: Site) -> str:
    """The card's regular and bold faces, inside the deck (data: URLs): one file, offline anywhere."""
    rules = []
    for (weight, style), name in FONT_FILES.items():
        if style != "normal":
            continue
        data = base64.b64encode(npm_file(site.root, FONT_PACKAGE, "files", name).read_bytes()).decode()
        rules.append(f'@font-face {{ font-family: "Atkinson Hyperlegible"; font-weight: {weight}; '
                     f'src: url("data:font/woff2;base64,{data}") format("woff2"); }}')
    return "\n".join(rules)


def theme_css(site: Site) -> str:
    """Our Marp theme: Marp's default one, the card's font inside, our look (templates/slides/deck.css)."""
    env = environment(site.custom_dir)
    css = env.loader.get_source(env, "slides/deck.css")[0]
    return f"/* @theme {THEME} */\n@import 'default';\n{font_css(site)}\n{css}"


def deck_markdown(site: Site, title: str, slides: list[Slide]) -> str:
    return render_template(site, "slides/deck.md.j2", deck_lang=site.lang, title=title, slides=slides, theme=THEME)


def browser() -> str:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    raise SlidesError([Finding("Makefile", 1, 1, "slides", "Chromium is not installed: Marp needs it for the slides' PDF",
                               "run `make site`, which installs Debian's chromium")])


def marp(site: Site, sources: dict[str, str], pdf: bool) -> dict[str, bytes]:
    """{name: Marp Markdown} -> {name: HTML or PDF bytes}, by one run of Marp CLI."""
    cli = npm_file(site.root, MARP[0], MARP[1])
    node = shutil.which("node")
    if node is None:
        raise SlidesError([Finding("Makefile", 1, 1, "slides", "Node.js is not installed: Marp CLI runs on it",
                                   "install Debian's nodejs and npm, then run `make site`")])
    with tempfile.TemporaryDirectory(prefix="rapport-slides-") as tmp:
        folder = Path(tmp)
        (folder / "in").mkdir()
        for name, text in sources.items():
            (folder / "in" / f"{name}.md").write_text(text, encoding="utf-8")
        (folder / "theme.css").write_text(theme_css(site), encoding="utf-8")
        config = folder / "marp.config.json"
        # Marp's own browser script stays out (only our scripts run on our pages); bare: no
        # presenter view, whose script is Marp's.
        config.write_text(json.dumps({"options": {"script": False, "math": False, "emoji": {"shortcode": False, "unicode": False},
                                                  "markdown": {"linkify": False}},
                                      "template": "bare", "html": False,
                                      "themeSet": [str(folder / "theme.css")]}), encoding="utf-8")
        args = [node, str(cli), "--no-stdin", "--config-file", str(config), "--input-dir", str(folder / "in"),
                "--output", str(folder / "out")]
        if pdf:
            # Bookmarks from the slides' headings, not "Page 1", "Page 2" (in English whatever the deck's language).
            args += ["--pdf", "--pdf-outlines", "--pdf-outlines.pages=false", "--pdf-outlines.headings=true",
                     "--browser-path", browser(), "--browser-timeout", "120"]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=600, cwd=folder)
        suffix = ".pdf" if pdf else ".html"
        out = {name: folder / "out" / f"{name}{suffix}" for name in sources}
        if proc.returncode != 0 or not all(p.is_file() for p in out.values()):
            said = " ".join((proc.stderr or proc.stdout or "no output").split())[-400:]
            raise SlidesError([Finding("package.json", 1, 1, "slides", f"Marp CLI failed: {said}",
                                       "run `make site` again; if it fails again, report the message")])
        return {name: path.read_bytes() for name, path in out.items()}


def names(length: int) -> tuple[str, str, str]:
    return f"slides-{length}.html", f"slides-{length}.pdf", f"slides-{length}-notes.pdf"


def is_deck(name: str) -> bool:
    """Whether a file's name is a deck's web page (names()), not a page of the site."""
    return re.fullmatch(r"slides-\d+\.html", name) is not None


def write(site: Site, site_dir: Path) -> dict[str, Path]:
    """Every deck of the edition, as HTML, PDF and presenter notes, into the built site."""
    from ..model.assets import card_font_faces

    found = plans(site)
    if not found:
        return {}
    title = site.settings.card.title or site.name or "Training"
    stamp = site.date.strftime("%Y-%m-%dT%H:%M:%SZ")
    cache = Cache(site.root)
    sources, notes, titles = {}, {}, {}
    for rel, length, activities in found:
        slides = deck(site, site_dir, rel, length, activities)
        doc = strings.text(site.lang, "doc_slides", title=title, minutes=length)
        sources[f"slides-{length}"] = deck_markdown(site, doc, slides)
        titles[f"slides-{length}"] = doc
        notes_doc = strings.text(site.lang, "doc_slide_notes", title=title, minutes=length)
        body = render_template(site, "paper/slide-notes.html.j2", title=notes_doc, slides=[
            {"title": unescape_md(s.title),
             "number": strings.text(site.lang, "slides_slide", n=i, total=len(slides)),
             "lead": unescape_md(s.lead), "label": unescape_md(s.label), "points": [unescape_md(p) for p in s.points],
             "notes": Markup(re.sub(r"<a\b[^>]*>(.*?)</a>", r"\1", s.notes, flags=re.S))}
            for i, s in enumerate(slides, 1)])
        notes[f"slides-{length}-notes.pdf"] = (body, notes_doc)

    def batch(pdf: bool):
        """One run of Marp for every deck, on the first one the cache does not hold."""
        made: dict[str, bytes] = {}

        def get(name: str) -> bytes:
            if not made:
                made.update(marp(site, sources, pdf))
            return finish(made[name], site.lang, titles[name], stamp, "Marp CLI, rapport") if pdf else tidy(made[name])
        return get

    html_of, pdf_of = batch(False), batch(True)
    htmls = {n: cache.bytes("slides", cache.key("slides-html", sources[n]), lambda n=n: html_of(n)) for n in sources}
    pdfs = {n: cache.bytes("slides", cache.key("slides-pdf", sources[n], stamp), lambda n=n: pdf_of(n)) for n in sources}
    written = {}
    for name in sources:
        for suffix, data in ((".html", htmls[name]), (".pdf", pdfs[name])):
            path = site_dir / f"{name}{suffix}"
            path.write_bytes(data)
            written[path.name] = path
    faces = card_font_faces(site.root)
    for name, (body, doc) in notes.items():
        html = document(doc, body, site.lang, SIZES[site.settings.paper_size], faces, version_line(site))  # extra.paper.size
        path = site_dir / name
        path.write_bytes(cache.bytes("paper", cache.key("paper", html), lambda h=html, n=name: render_pdf(h, n, site_dir, site.lang)))
        written[name] = path
    return written


def tidy(html: bytes) -> bytes:
    """Marp's page without the one tag our published-page checks refuse, an http-equiv meta
    (X-UA-Compatible, for Internet Explorer), and its character set first in <head>, where the
    policy's own <meta> follows it (rapport.outputs.csp)."""
    html = re.sub(rb'<meta http-equiv="X-UA-Compatible"[^>]*>', b"", html)
    html = re.sub(rb'<meta charset="UTF-8">', b"", html, flags=re.I)  # first in <head>, as on every page
    html = html.replace(b"<head>", b'<head><meta charset="utf-8">', 1)
    # The slides scroll in the body: focusable, so a keyboard reaches it in every browser.
    return html.replace(b"<body>", b'<body tabindex="0">', 1)


def unescape_md(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def slides_step(run, site: Site, folder: Path) -> None:
    """An edition's session decks and presenter notes, in its language and into its folder."""
    write(site, folder)
