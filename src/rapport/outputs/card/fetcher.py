"""What a PDF may load: `data:` URLs, and files inside the folders it is given (our templates,
the installed fonts, the build's own staging folder) — no other `file:`, no network. Every
refused or failed fetch is kept, and `check()` turns them into one error after rendering, so
a PDF never silently leaves something out, never copies a file off the build machine, and
never stops the build with WeasyPrint's own traceback."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher

from ...model import Finding, RapportError
from ...model.assets import FONT_PACKAGE


class PdfFetchError(RapportError):
    heading = "A PDF cannot be made"


class LocalFetcher(URLFetcher):
    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = tuple(Path(os.path.realpath(r)) for r in roots)
        self.refused: list[str] = []
        self.failed: list[str] = []

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(os.path.realpath(unquote(parts.path)))
        if path.parent.as_posix().endswith(f"node_modules/{FONT_PACKAGE}/files"):  # the card font, from npm
            return True
        return any(path == root or root in path.parents for root in self.roots)

    def fetch(self, url, headers=None):
        if not self.allowed(url):
            self.refused.append(url)
            raise ValueError(f"not loaded in a PDF: {url}")
        try:
            return super().fetch(url, headers)
        except Exception:
            self.failed.append(url)
            raise

    def check(self, what: str) -> None:
        """Raise one error naming every address the PDF `what` could not or must not load."""
        findings = [Finding(what, 1, 1, "pdf", f"{url} is outside the site, so it is not put in the PDF",
                            "show pictures saved in docs/ and link other files as plain links") for url in self.refused]
        findings += [Finding(what, 1, 1, "pdf", f"{url} could not be read",
                             "check that the file is there (pictures go in docs/, next to their page)")
                     for url in self.failed]
        if findings:
            raise PdfFetchError(findings)
