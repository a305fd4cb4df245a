"""Thin MkDocs wiring: run the content checks, guard the rendered pages.

All logic lives in `rapport.checks` and `rapport.content`; this file only maps MkDocs
events to those functions and turns findings into a clean `PluginError`.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .checks import Site, check_site, errors

log = logging.getLogger("mkdocs.plugins.rapport")

# A paragraph that still starts with `///` after rendering is a block the Blocks API
# refused (bad option, missing title, ...) and printed as plain text.
RE_LEFTOVER = re.compile(r"<p>\s*(/{3,}[^<\n]*)")
RE_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)


class RapportConfig(base.Config):
    pass


class RapportPlugin(BasePlugin[RapportConfig]):
    def on_config(self, config):
        self.site = Site.from_config(config)
        return config

    # Check every page before any is rendered, so the author sees all findings at once.
    @event_priority(100)
    def on_files(self, files, config):
        findings = check_site(self.site)
        for finding in findings:
            if finding.severity != "error":
                log.info(str(finding))
        bad = errors(findings)
        if bad:
            raise PluginError("The content has problems to fix:\n" + "\n".join(str(f) for f in bad))
        return files

    def on_page_content(self, html, page, config, files):
        stripped = RE_CODE.sub("", html)
        m = RE_LEFTOVER.search(stripped)
        if m:
            text = m.group(1).strip()
            source = page.file.content_string.splitlines() if page.file.abs_src_path else []
            line = next((n for n, l in enumerate(source, 1) if l.strip().startswith(text[:40])), 1)
            shown = self.site.shown(Path(page.file.abs_src_path))
            raise PluginError(f"{shown}:{line}:1: block-render: this block was printed as plain text: "
                              f"'{text[:60]}' (check its name, its text after the bar and its options)")
        return html
