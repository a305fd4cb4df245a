"""Lists and counts that come from the content, so adding a tip updates them.

- `<!-- tips -->` on a page becomes the numbered list of tips in nav order, each its title
  (linked) and summary.
- `{count}` / `{Count}` become the number of tips as a word in the page's language
  ("six" / "Six"), on pages and in the pocket card's subtitle.
"""

from __future__ import annotations

import re

from .model import Site, strings

MARKER = "<!-- tips -->"
RE_COUNT = re.compile(r"\{([Cc])ount\}")


def number_word(n: int, lang: str = "en") -> str:
    words = strings.ui(lang)["numbers"]
    return words[n] if 0 <= n < len(words) else str(n)


def fill_count(text: str, n: int, lang: str = "en") -> str:
    word = number_word(n, lang)
    return RE_COUNT.sub(lambda m: word[:1].upper() + word[1:] if m.group(1) == "C" else word, text)


def tip_list(site: Site, from_rel: str) -> str:
    """The tips as a Markdown list, with links relative to the page at `from_rel`."""
    from .teaching import link as relative

    lines = []
    for n, page in enumerate(site.tips(), start=1):
        link = relative(site, from_rel, page.rel)
        title = str(page.meta.get("title") or page.rel)
        summary = str(page.meta.get("summary") or "").strip()
        lines.append(f"{n}. [{title}]({link}){': ' + summary if summary else ''}")
    # Wrapped so questions.js can show each tip's progress; without JavaScript, the plain list.
    return '<div class="rp-tip-list" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


def expand(markdown: str, site: Site, rel: str, lang: str | None = None) -> str:
    """A page's Markdown with the lists, tables and counts built from the content filled in."""
    from . import teaching

    page = site.page(rel) if (site.docs_dir / rel).is_file() else None
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, tip_list(site, rel))
    if teaching.FRAMEWORKS in markdown:
        markdown = markdown.replace(teaching.FRAMEWORKS, teaching.frameworks_table(site, rel))
    if teaching.FINAL_CHECK in markdown:
        markdown = markdown.replace(teaching.FINAL_CHECK, teaching.final_check(site, rel))
    if teaching.CERTIFICATE in markdown:
        markdown = markdown.replace(teaching.CERTIFICATE, teaching.certificate(site, rel))
    if teaching.KNOWLEDGE_CHECK in markdown:
        markdown = markdown.replace(teaching.KNOWLEDGE_CHECK, teaching.knowledge_check(site))
    if page is not None and rel in site.tip_paths():
        markdown = teaching.with_objectives(markdown, page.meta.get("objectives"), site.lang)
    if page is not None:
        markdown = teaching.RE_SESSION.sub(
            lambda m: teaching.session_plan(site, rel, int(m.group(1)), page.meta.get(f"session_{m.group(1)}") or []),
            markdown)
    if "{pass_mark}" in markdown:
        markdown = markdown.replace("{pass_mark}", f"{teaching.pass_mark(site)}%")
    return fill_count(markdown, len(site.tips()), lang or site.lang)
