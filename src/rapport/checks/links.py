"""Links: external links are listed for the report (never fetched); the nav must name
pages that exist, each tip once, and every tip page must be in it."""

from __future__ import annotations

import posixpath
import re

from ..model import Finding, Page, Site, is_tip

RE_EXTERNAL = re.compile(r"\]\((https?://[^)\s]+)|<(https?://[^>]+)>|href=\"(https?://[^\"]+)\"")


def external_links(page: Page) -> list[Finding]:
    out = []
    for number, line in enumerate(page.lines, start=1):
        for m in RE_EXTERNAL.finditer(line):
            url = next(g for g in m.groups() if g)
            out.append(Finding(page.path, number, m.start() + 1, "external-link", url, severity="info"))
    return out


def check_nav(site: Site) -> list[Finding]:
    findings = []
    listed = site.nav_paths()
    for rel in site.markdown_files():
        if is_tip(rel) and site.nav and rel not in listed:
            findings.append(Finding(site.page(rel).path, 1, 1, "tip-order", f"this tip page is not in the nav of {site.settings.file_of('nav')}",
                                    f"add `- {rel}` under Tips in the nav; the nav sets the order of the tips"))
    seen: dict[str, int] = {}
    for rel in listed:
        nth = seen.get(rel, 0)
        seen[rel] = nth + 1
        line = site.nav_line(rel, nth)
        if not (site.docs_dir / rel).is_file():
            if nth == 0:
                findings.append(Finding(site.settings.file_of("nav"), line, 1, "nav",
                                        f"the nav names '{rel}', which does not exist in {site.shown(site.docs_dir)}/",
                                        "fix the path or remove the line"))
        elif nth == 1:
            findings.append(Finding(site.settings.file_of("nav"), line, 1, "nav",
                                    f"the nav names '{rel}' a second time (first on line {site.nav_line(rel, 0)})",
                                    "list each page once: the nav sets the order of the tips and the card"))
    lms = site.settings.lms
    for n, rel in enumerate((lms.get("leave_out") if lms else None) or []):
        line = site.settings.line("extra", "lms", "leave_out", n)
        if not (site.docs_dir / rel).is_file():
            findings.append(Finding(site.settings.file_of("extra", "lms", "leave_out", n), line, 1, "settings",
                                    f"extra.lms.leave_out names '{rel}', which does not exist in docs/",
                                    "fix the path or remove the line"))
        elif is_tip(rel) or rel in site.nav_paths()[:1]:
            findings.append(Finding(site.settings.file_of("extra", "lms", "leave_out", n), line, 1, "settings",
                                    f"extra.lms.leave_out names '{rel}', which learners need in the LMS package",
                                    "leave out only pages for the people who run the site"))
    leave = set(site.lms_leaves_out())
    pending = {rel for rel in leave if site.is_pending(rel)}
    findings += links_to_left_out(site, pending, site.markdown_files(),
                                  "a tip whose translation is pending, which the LMS package leaves out until it is "
                                  "translated, so the link would be broken there", "translate the tip, or remove the link")
    leave -= pending
    if not site.modules:
        return findings + links_to_left_out(site, leave, site.markdown_files(),
                                                    "which extra.lms.leave_out keeps out of the LMS package, "
                                                    "so the link would be broken there")
    every = site.markdown_files()
    for module in site.modules:  # a module's package holds only the module's pages
        own = [rel for rel in every if module.holds(rel)]
        outside = {rel for rel in every if not module.holds(rel)} | leave
        findings += links_to_left_out(site, outside, own, f"which is outside the {module.slug} module, so the link "
                                                          f"would be broken in that module's LMS package")
    return findings


RE_PAGE_LINK = re.compile(r"\]\(<?([^)\s#>]+\.(?:md|html))|href=\"([^\"#]+\.(?:md|html))")


def links_to_left_out(site: Site, leave: set[str], pages: list[str], why: str, hint: str = "") -> list[Finding]:
    """A page in an LMS package must not link to a page left out of it."""
    findings = []
    for rel in pages:
        if rel in leave or not leave:
            continue
        page = site.page(rel)
        for n, text in enumerate(page.lines, start=1):
            for m in RE_PAGE_LINK.finditer(text):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), m.group(1) or m.group(2)))
                target = target[:-5] + ".md" if target.endswith(".html") else target
                if target in leave:
                    findings.append(Finding(page.path, n, m.start() + 1, "lms-link",
                                            f"this page links to {target}, {why}",
                                            hint or ("remove the link, or the page from extra.lms.leave_out in mkdocs.yml"
                                                     if not site.modules else "link only to pages of the same module")))
    return findings


RE_MD_PICTURE = re.compile(r"!\[([^\]]*)\]\(\s*(?:<([^>\n]*)>|([^)\s]*))")
RE_REF_PICTURE = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
RE_REF_DEFINITION = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?([^>\s]+)>?")
RE_HTML_PICTURE = re.compile(r"<img(?=[\s/>])[^>]*>", re.I)
RE_ATTR = {name: re.compile(rf"\b{name}\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.I) for name in ("src", "alt")}
RE_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.I)


def check_pictures(site: Site, rel: str) -> list[Finding]:
    """Every picture of a page — `![text](path)`, `![text][name]` with `[name]: path`, and `<img>` —
    has alt text that says what it shows, and a file that is there (in the docs folder, next to
    the page or below it), so it shows on the page, on paper and offline."""
    from urllib.parse import unquote

    from ..model.prose import RE_INLINE_CODE

    page = site.page(rel)
    findings = []
    code = page.structure.code_lines
    lines = {n: RE_INLINE_CODE.sub(lambda m: " " * len(m.group(0)), page.lines[n - 1])
             for n in range(page.body_start, len(page.lines) + 1) if n not in code}
    definitions = {}
    for n, line in lines.items():
        m = RE_REF_DEFINITION.match(line)
        if m:
            definitions.setdefault(m.group(1).strip().lower(), (n, m.group(2)))
    for number, line in lines.items():
        found = []
        for m in RE_MD_PICTURE.finditer(line):
            found.append((number, m.start(), m.group(1), m.group(2) if m.group(2) is not None else m.group(3)))
        for m in RE_REF_PICTURE.finditer(line):
            name = (m.group(2) or m.group(1)).strip().lower()
            at, target = definitions.get(name, (number, ""))
            found.append((at if target else number, m.start(), m.group(1), target or f"[{name}]"))
        rest = RE_MD_PICTURE.sub(lambda m: " " * len(m.group(0)), line)
        for m in RE_HTML_PICTURE.finditer(rest):
            attrs = {k: next((g for g in (r.search(m.group(0)) or re.match("()", "")).groups() if g is not None), None)
                     for k, r in RE_ATTR.items()}
            found.append((number, m.start(), attrs["alt"] or "", attrs["src"] or ""))
        for at, col, alt, target in found:
            if not alt.strip():
                findings.append(Finding(page.path, number, col + 1, "picture", "this picture has no alt text",
                                        "say in a few words what it shows, for readers who cannot see it: "
                                        "![A worker and a person talking](img/talk.png)"))
            if not target or RE_SCHEME.match(target):
                continue  # another host or file: is the raw-HTML check's; data: is inline
            if target.startswith("[") and target.endswith("]"):
                findings.append(Finding(page.path, number, col + 1, "picture", f"the picture names {target}, which the page "
                                        "never defines", f"add a line `{target}: img/picture.png`"))
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(target.split("#")[0].split("?")[0])))
            if target.startswith("/") or path.startswith("../") or path == ".." or not (site.docs_dir / path).is_file() \
                    or not (site.docs_dir / path).resolve().is_relative_to(site.docs_dir):
                findings.append(Finding(page.path, at, col + 1, "picture",
                                        f"the picture {target} is not there ({site.shown(site.docs_dir)}/{path.lstrip('/')})",
                                        "save it in the docs folder, next to the page or in a folder below it, "
                                        "and give its path from the page"))
    return findings
