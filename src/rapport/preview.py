"""The live preview (`make serve`): it shows everything the build would, problems included.

- Findings never stop the preview. Every page opens with a panel listing the site's errors
  (file, line, message), and that page's own warnings (placeholders are warnings here), so
  the browser never waits on a build that failed; fixing the files clears the panel.
- After each rebuild the card PDFs (rebuilt only when the card's text changes), their sizes
  on the card page, and the offline zip are written into the preview's folder.
"""

from __future__ import annotations

import hashlib
import html
import logging
from dataclasses import asdict
from pathlib import Path

from .card import build_cards, card_from_site
from .model import Finding, RapportError, Site

log = logging.getLogger("mkdocs.plugins.rapport")


def panel(site_errors: list[Finding], page_findings: list[Finding]) -> str:
    """The problems panel put first on a page; empty when there is nothing to say."""
    shown = list(dict.fromkeys(site_errors + page_findings))
    if not shown:
        return ""
    errors = sum(f.severity == "error" for f in shown)
    head = (f"Preview only: {errors} problem(s) to fix before the site can be published"
            if errors else "Preview only: warnings on this page")
    items = "".join(f"<li><code>{html.escape(f'{f.path}:{f.line}:{f.col}')}</code> {html.escape(f.rule)}"
                    f"{' (warning)' if f.severity == 'warning' else ''}: {html.escape(f.message)}"
                    f"{' — ' + html.escape(f.hint) if f.hint else ''}</li>" for f in shown)
    return (f'<div class="rp-preview-problems" role="alert"><p><strong>{html.escape(head)}</strong></p>'
            f"<ul>{items}</ul></div>\n")


class Downloads:
    """Card PDFs and the zip for the preview, the PDFs rebuilt only when the card changes."""

    def __init__(self):
        self.key = ""
        self.pdfs: dict[str, bytes] = {}

    def write(self, site: Site, site_dir: Path) -> None:
        from .publish import fill_sizes, zip_step

        try:
            cards = [asdict(card_from_site(site, module=m)) for m in site.card_units()]
            key = hashlib.sha256(repr(cards).encode()).hexdigest()
            if key != self.key:
                written = build_cards(site, site_dir)
                self.pdfs, self.key = {k: p.read_bytes() for k, p in written.items()}, key
            else:
                for name, data in self.pdfs.items():
                    (site_dir / name).write_bytes(data)
            zip_step(site, site_dir)
            fill_sizes(site_dir, missing_ok=True)
        except (RapportError, OSError, RuntimeError) as exc:
            log.warning(f"the preview has no card PDFs or zip this time: {exc}")
