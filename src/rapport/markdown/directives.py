"""Directives: the markers an author writes that the build fills from the content, so adding a
tip updates them — parsed by one code-aware scanner (never inside fenced or inline code, so
a page that shows a marker as an example keeps it as written), run inside Python-Markdown.

- `<!-- tips -->`: the numbered list of tips in nav order, each its title (linked) and summary;
- `<!-- frameworks -->`, `<!-- knowledge-check -->`, `<!-- final-check -->`, `<!-- certificate -->`,
  `<!-- certificate-check -->`, `<!-- evaluation -->`, `<!-- slides -->`, `<!-- paper handbook -->`,
  `<!-- session-plan 60 -->` (rapport.markdown.teaching); the objectives under a tip's title;
- `<!-- keep-offline -->`: the offer to keep the whole course on the device (the service worker);
- `{count}` / `{Count}`: the number of tips as a word in the page's language ("six" / "Six");
  `{pass_mark}`: the final check's pass mark; `{paper_sizes}`: the paper sizes built ("US Letter");
- in the LMS edition, a raw HTML line marked `data-online-only` is left out;
- on a tip's page, its final-check items (`final: true`) are left out.

HTML that an agency may restyle renders through templates (rapport.markdown.templates).
The page being converted is named by a first line `<!-- rapport:page <rel> -->` that the
MkDocs plugin writes (`page_mark`); the site and the profile are the extension's settings.
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

from ..model import Site
from ..model.blocks import without_final_items
from ..model.strings import fill_count, number_word  # noqa: F401 - part of this module's API
from . import teaching
from ..model.code import mask_code, unmask
from .templates import render

MARKER = "<!-- tips -->"
KEEP_OFFLINE = "<!-- keep-offline -->"
RE_PAGE_MARK = re.compile(r"\A<!-- rapport:page (\S+) -->\n")
RE_ONLINE_ONLY = re.compile(r"(?m)^[ \t]*<[^>\n]*\bdata-online-only\b[^\n]*\n?")


def page_mark(rel: str) -> str:
    return f"<!-- rapport:page {rel} -->\n"


def edition_markdown(markdown: str) -> str:
    """A page's Markdown in the LMS edition: raw HTML lines for the website alone left out
    (never inside code)."""
    text, kept = mask_code(markdown)
    return unmask(RE_ONLINE_ONLY.sub("", text), kept)


def tip_list(site: Site, from_rel: str) -> str:
    """The tips as a Markdown list, with links relative to the page at `from_rel`."""
    tips = [{"n": n, "title": str(page.meta.get("title") or page.rel), "link": teaching.link(site, from_rel, page.rel),
             "summary": str(page.meta.get("summary") or "").strip()}
            for n, page in enumerate(site.tips(), start=1)]
    return render(site, "directives/tips.md.j2", tips=tips)


def expand(markdown: str, site: Site, rel: str, lang: str | None = None, lms: bool = False) -> str:
    """A page's Markdown with the lists, tables and counts built from the content filled in;
    code (fenced or inline) stays exactly as written."""
    page = site.page(rel) if (site.docs_dir / rel).is_file() else None
    if page is not None and rel in site.tip_paths():
        markdown = without_final_items(markdown)  # asked in the final check, not here
    text, kept = mask_code(markdown)
    if lms:
        text = RE_ONLINE_ONLY.sub("", text)
    if MARKER in text:
        text = text.replace(MARKER, tip_list(site, rel))
    if teaching.FRAMEWORKS in text:
        text = text.replace(teaching.FRAMEWORKS, teaching.frameworks_table(site, rel))
    if teaching.FINAL_CHECK in text:
        text = text.replace(teaching.FINAL_CHECK, teaching.final_check(site, rel))
    if teaching.CERTIFICATE_CHECK in text:
        text = text.replace(teaching.CERTIFICATE_CHECK, teaching.certificate_check(site, rel))
    if teaching.CERTIFICATE in text:
        text = text.replace(teaching.CERTIFICATE, teaching.certificate(site, rel))
    if teaching.SLIDES in text:
        text = text.replace(teaching.SLIDES, teaching.slides_list(site, rel))
    if KEEP_OFFLINE in text:  # the website's service worker; the LMS package has none
        text = text.replace(KEEP_OFFLINE, "" if lms else "\n" + render(site, "directives/keep-offline.html.j2") + "\n")
    if "<!-- paper" in text:
        text = teaching.paper_directives(text, site, rel)
    if teaching.EVALUATION in text and page is not None:
        text = text.replace(teaching.EVALUATION, teaching.evaluation(site, rel))
    if teaching.KNOWLEDGE_CHECK in text:
        text = text.replace(teaching.KNOWLEDGE_CHECK, teaching.knowledge_check(site))
    if page is not None and rel in site.tip_paths():
        text = teaching.with_objectives(text, page.meta.get("objectives"), site)
    if page is not None:
        text = teaching.RE_SESSION.sub(
            lambda m: teaching.session_plan(site, rel, int(m.group(1)), page.meta.get(f"session_{m.group(1)}") or []),
            text)
    if "{paper_sizes}" in text:
        text = text.replace("{paper_sizes}", teaching.paper_sizes_text(site))
    if "{pass_mark}" in text:
        text = text.replace("{pass_mark}", f"{teaching.pass_mark(site)}%")
    text = fill_count(text, len(site.tips()), lang or site.lang)
    return unmask(text, kept)


class DirectivesPreprocessor(Preprocessor):
    def __init__(self, md, site: Site | None, lms: bool):
        super().__init__(md)
        self.site, self.lms = site, lms

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines) + "\n"
        m = RE_PAGE_MARK.match(text)
        self.md.rapport_page = m.group(1) if m else None  # read by the question blocks (their shown order)
        if m is None or not self.site:
            return lines
        return expand(text[m.end():], self.site, m.group(1), lms=self.lms).split("\n")


class DirectivesExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"site": ["", "the site (rapport.model.Site), given by the MkDocs plugin"],
                       "lms": [False, "the LMS edition: lines for the website alone are left out"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After whitespace is normalised (30), before fenced code (25) and raw HTML (20) are read,
        # so what a directive writes is Markdown like the rest of the page.
        md.preprocessors.register(DirectivesPreprocessor(md, self.getConfig("site"), self.getConfig("lms")),
                                  "rapport_directives", 29)


def makeExtension(**kwargs):
    return DirectivesExtension(**kwargs)
