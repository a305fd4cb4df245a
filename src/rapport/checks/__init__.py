"""The author's checks: every finding in one run, with file and line.

One module per family, each a pure function from the content model to findings:
`blocks` (questions and scenarios), `frontmatter` (a tip's fields), `anatomy` (a tip's
parts), `placeholders`, `language` (person-first words), `readability` (reading level),
`links` (external links, the nav), `files` (links out of the project), `html` (raw HTML), `items` (answer patterns); settings
findings come from the model. The MkDocs plugin and the
`rapport check` command both call `check_site()`.
"""

from __future__ import annotations

import posixpath
from typing import Iterable

from ..model import Finding, Page, Site, errors, is_tip
from ..model.findings import shown
from .anatomy import check_anatomy
from .blocks import check_blocks
from .files import check_files, check_published_files
from .frontmatter import check_certificate_fits, check_paper_directives, check_pending_units, check_review_date, check_session_plans, check_tip_meta, check_translation
from .html import check_html
from .lists import check_list_numbers
from .items import check_final_blocks, check_final_coverage, check_item_verbs, check_items
from .language import check_language
from .sources import check_sources
from .links import check_nav, check_pictures, external_links
from .published import check_front_matter
from .placeholders import placeholders
from .readability import check_reading_level

__all__ = ["check_editions", "check_page", "check_site", "errors", "report"]


def check_page(page: Page, tip: bool, preview: bool = False, lang: str = "en") -> list[Finding]:
    """All findings for one page."""
    findings = list(page.findings) + check_blocks(page) + check_html(page) + check_items(page)
    findings += check_final_blocks(page, tip) + check_item_verbs(page, lang) + check_list_numbers(page)
    if tip:
        findings += check_tip_meta(page, lang) + check_anatomy(page)
    else:
        findings += check_review_date(page)
    findings += check_language(page, lang)
    findings += check_sources(page)
    findings += check_reading_level(page, tip, lang)
    findings += external_links(page)
    findings += placeholders(page, preview)
    return findings


def check_language_strings(site: Site) -> list[Finding]:
    """Every word a reader sees comes from the catalogue, in the site's language: a language it
    has no strings for is one error at `theme.language`, never a site in English unsaid."""
    from ..model import strings

    if site.lang in strings.languages():
        missing = strings.missing(site.lang)
        return [site.settings.finding(("theme", "language"), "strings",
                                      f"the strings of '{site.lang}' in src/rapport/data/strings.yml have no '{key}'",
                                      f"add it: the words of 'en: {key}' in {site.lang}") for key in missing]
    return [site.settings.finding(("theme", "language"), "strings",
                                  f"theme.language is '{site.lang}', and src/rapport/data/strings.yml has no strings "
                                  "for it: every button, message and heading of ours would be in another language",
                                  f"add a '{site.lang}:' section with every key of 'en:', or use one of: "
                                  + ", ".join(strings.languages()))]


def check_site(site: Site, preview: bool = False) -> list[Finding]:
    """Every finding for the settings and every Markdown page of the site, sorted by file and line.
    `preview` (the live preview) makes placeholders warnings, so a draft can be seen."""
    findings = list(site.settings.findings) + check_nav(site) + check_files(site) + check_published_files(site)
    findings += check_final_coverage(site) + check_language_strings(site) + check_pending_units(site)
    findings += check_certificate_fits(site)
    for module in site.modules:
        findings += module.findings
    for rel in site.markdown_files():
        findings += check_translation(site, site.page(rel))
        if site.translated and "translation" in site.page(rel).meta:
            continue  # its text is still to come (or the line is mistyped: that one error says so)
        findings += check_page(site.page(rel), is_tip(rel), preview, site.lang) + check_pictures(site, rel)
        findings += check_front_matter(site.page(rel)) + check_paper_directives(site, site.page(rel))
        findings += check_session_plans(site.page(rel), {posixpath.basename(t)[:-3] for t in site.tip_paths()},
                                        {posixpath.basename(p.rel)[:-3]: p.meta.get("minutes") for p in site.tips()})
    return sorted(set(findings))


def check_editions(site: Site, editions: list[Site]) -> list[Finding]:
    """The site and each of its other language editions, and their tips kept in step (parity)."""
    from .parity import check_parity

    findings = check_site(site)
    for edition in editions:
        findings += check_site(edition) + check_parity(site, edition)
    return list(dict.fromkeys(findings))  # a mistake in a file both editions read (INHERIT) is one finding


def report(findings: Iterable[Finding], verbose: bool = False) -> str:
    """The author's report: problems first, then exemptions (one line, or each with `verbose`),
    then external links (listed, never fetched)."""
    findings = list(findings)
    problems = [f for f in findings if f.severity in ("error", "warning")]
    exempt = [f for f in findings if f.rule == "exempt"]
    links = [f for f in findings if f.rule == "external-link"]
    lines = [str(f) for f in problems]
    if exempt and verbose:
        lines += ["", f"Exemptions ({len(exempt)}):"] + [shown(f"  {f.path}:{f.line}: {f.message}") for f in exempt]
    elif exempt:
        pages = len({f.path for f in exempt})
        lines += ["", f"Exemptions: {len(exempt)} on {pages} page(s), each with its reason "
                      "(`make check VERBOSE=1` lists them)."]
    if links:
        lines += ["", f"External links ({len(links)}, listed, never fetched):"] + [shown(f"  {f.path}:{f.line}: {f.message}") for f in links]
    n_err = len(errors(findings))
    lines += ["", f"{n_err} error(s), {len(problems) - n_err} warning(s)"]
    return "\n".join(lines)
