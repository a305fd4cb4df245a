"""The preview's problems on its pages (`make serve`, profile `preview`): every page opens with
a panel listing the errors that stop publishing (all of them, placeholders grouped by file,
counted as `make site` counts them) and that page's own warnings. The engine's plugin leaves
a slot on each page (with the problems only the page's rendering found); this step fills it
from the template preview/panel.html.j2."""

from __future__ import annotations

import html
import re
from pathlib import Path

from ..adapter.panel import SLOT, read_slot
from ..markdown.templates import render
from ..model import Finding, Site, strings

NO_PAGES = "index.html"


def _item(f: Finding) -> dict:
    return {"where": f"{f.path}:{f.line}:{f.col}", "rule": f.rule, "message": f.message, "hint": f.hint}


def grouped(errors: list[Finding], site: Site) -> list[dict]:
    """Errors as the panel lists them: one line per placeholder file, every other finding as it is."""
    items, placeholders = [], {}
    for f in errors:
        if f.rule == "placeholder":
            placeholders.setdefault(f.path, []).append(f)
        else:
            items.append(_item(f))
    for path, found in placeholders.items():
        lines = ", ".join(str(f.line) for f in found)
        items.append({"where": path, "rule": "placeholder", "hint": found[0].hint,
                      "message": strings.text(site.lang, "preview_placeholders", count=len(found), lines=lines)})
    return items


def panel(site: Site, findings: list[Finding], own: list[Finding], no_pages: bool = False, making: bool = False) -> str:
    """The panel's HTML, or nothing when there is nothing to say; `making`: the downloads are being
    made again (a preview that serves its pages first)."""
    errors = list(dict.fromkeys(f for f in findings + own if f.severity == "error"))
    warnings = list(dict.fromkeys(f for f in own if f.severity == "warning"))
    if not errors and not warnings and not no_pages and not making:
        return ""
    return render(site, "preview/panel.html.j2", errors=grouped(errors, site), error_count=len(errors),
                  warnings=[_item(f) for f in warnings], no_pages=no_pages, making=making)


def panel_step(run, site: Site, folder: Path) -> None:
    """Fill every page's slot; with no pages at all (the engine stopped), one page that lists the problems."""
    findings = list(run.findings)
    pages = sorted(folder.rglob("*.html"))
    if not (folder / NO_PAGES).is_file():
        text = panel(site, findings, [], no_pages=True)
        doc = (f'<!doctype html><html lang="{site.lang}"><head><meta charset="utf-8"><title>{html.escape(site.name)}'
               f"</title></head><body>{text}</body></html>")
        for name in (NO_PAGES, "404.html"):
            (folder / name).write_text(doc, encoding="utf-8")
        return
    sites = {s.lang: s for s in run.sites}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        m = SLOT.search(text)
        if m is None:
            continue
        source, own = read_slot(m)
        lang = re.search(r'<html[^>]*\blang="([^"]+)"', text)
        page_site = sites.get(lang.group(1), site) if lang else site
        own += [f for f in findings if f.path == source and f.severity == "warning"]
        page.write_text(text[:m.start()] + panel(page_site, findings, own, making=run.ctx.stand_in is not None)
                        + text[m.end():], encoding="utf-8")
