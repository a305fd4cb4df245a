"""Thin MkDocs wiring: run the content checks, guard the rendered pages, and put the
pocket card on its page.

All logic lives in `rapport.model`, `rapport.checks` and `rapport.card`; this file only
maps MkDocs events to those functions and turns a `RapportError` into a clean `PluginError`.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File

from . import assets, editions, home, lms, navigation, preview, release
from .card import card_css, card_from_site, outputs, sides_html
from .model import Finding, RapportError, Site, strings

log = logging.getLogger("mkdocs.plugins.rapport")

# A paragraph that still starts with `///` after rendering is a block the Blocks API
# refused (bad option, missing title, ...) and printed as plain text.
RE_LEFTOVER = re.compile(r"<p>\s*(/{3,}[^<\n]*)")
RE_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
CARD_MARKER = "<!-- pocket-card -->"
CHECKED_ENV = "RAPPORT_CHECKED"  # set by `rapport build`, which runs the checks before MkDocs

DOWNLOADS = ["card", "letter", "a4", "print-shop"]  # labels: dl_<kind> in data/strings.yml


class RapportConfig(base.Config):
    # The page that shows the pocket card (it holds the marker <!-- pocket-card -->).
    card_page = c.Type(str, default="pocket-card.md")


class RapportPlugin(BasePlugin[RapportConfig]):
    serving = False  # under `mkdocs serve`: show problems on the pages instead of stopping
    downloads = None

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"
        self.downloads = preview.Downloads()

    def on_config(self, config):
        self.site = Site.from_config(config)
        # Every page's footer says which release it is.
        config["copyright"] = " ".join(filter(None, [config.get("copyright"), release.version_line(self.site)]))
        self.edition = lms.edition()
        if self.edition == lms.SCORM12:  # the LMS package's build: no service worker, fewer pages
            lms.apply_edition(config, self.site)
        # The language switch: for each other edition, its folder and the pages it has.
        self.others = [] if self.edition == lms.SCORM12 else editions.others(self.site)
        # Our interface text in the site's language (data/strings.yml).
        config["mdx_configs"].setdefault("rapport.questions", {})["lang"] = self.site.lang
        crisis = self.site.settings.crisis
        if "rapport.crisis" in config["markdown_extensions"]:
            config["mdx_configs"]["rapport.crisis"] = {
                "title": crisis.get("title") or "", "line": crisis.get("line") or "", "advice": crisis.get("advice") or ""}
        return config

    # Check every page before any is rendered, so the author sees all findings at once.
    @event_priority(100)
    def on_files(self, files, config):
        # `rapport build` has checked the content just before it runs MkDocs: not twice.
        checked = os.environ.get(CHECKED_ENV) == "1" and not self.serving
        self.findings = [] if checked else _checks().check_site(self.site, preview=self.serving)
        for finding in self.findings:
            if finding.severity == "warning":
                log.info(str(finding))  # shown by `mkdocs serve`; warnings never fail a build
        bad = _checks().errors(self.findings)
        if bad and not self.serving:
            raise PluginError("The content has problems to fix:\n" + "\n".join(str(f) for f in bad))
        # Files from npm, served with the site (installed by `make`, never fetched):
        # the card font, and the shim that lets search run from file://.
        try:
            fonts = assets.font_paths(self.site.root)
            shim = assets.npm_file(self.site.root, *assets.SEARCH_SHIM)
        except RapportError as exc:
            raise PluginError(str(exc)) from None
        files.append(File.generated(config, assets.SEARCH_SHIM_URI, abs_src_path=str(shim)))
        # Leave out what readers never need: source maps and search languages we do not use.
        for file in [f for f in files if assets.not_shipped(f.src_uri, self.site.lang)]:
            files.remove(file)
        if self.edition == lms.SCORM12:
            leave = set(lms.left_out(self.site)) | set(lms.SITE_ONLY_SCRIPTS)
            for file in [f for f in files if f.src_uri in leave]:
                files.remove(file)
        urls = {}
        for key, path in fonts.items():
            if key not in assets.SCREEN_FACES:
                continue
            uri = f"assets/fonts/{path.name}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
            urls[key] = f"../fonts/{path.name}"
        files.append(File.generated(config, "assets/rapport/card.css",
                                    content=assets.font_faces_css(urls) + "\n" + card_css()))
        return files

    def on_env(self, env, config, files):
        # The theme overrides and questions.js take our interface text from the catalogue.
        env.globals["rp_ui"] = strings.ui(self.site.lang)
        # From an edition's folder (es/) up to the site, where the one service worker lives.
        own = self.site.language
        env.globals["rp_site_root"] = "../" * own.folder.count("/") if own else ""
        env.filters["rp_date"] = lambda day: strings.date_text(self.site.lang, day) if hasattr(day, "month") else day
        return env

    def on_nav(self, nav, config, files):
        self.navs = navigation.NavForPages(self.site, nav)
        return nav

    def on_page_context(self, context, page, config, nav):
        # In a library of modules, a page lists its own module's pages and the other modules' titles.
        context["nav"] = self.navs.for_page(page.file.src_uri)
        context["rp_switch"] = editions.switch(self.site, self.others, page.file.src_uri, page.file.dest_uri)
        return context

    def on_page_markdown(self, markdown, page, config, files):
        # The order each question shows its options in, balanced over the whole site.
        config["mdx_configs"].setdefault("rapport.questions", {})["orders"] = \
            self.site.option_orders.get(page.file.src_uri, {})
        # The site's card page, and in a site with modules, a module's page holding the marker.
        if page.file.src_uri == self.config.card_page or (CARD_MARKER in markdown and self.site.module_of(page.file.src_uri)):
            page.meta["card_page"] = True
        if self.edition == lms.SCORM12:
            markdown = lms.edition_markdown(markdown)
        return home.expand(markdown, self.site, page.file.src_uri)

    def on_page_content(self, html, page, config, files):
        problems = self._leftovers(html, page)
        if page.meta.get("card_page"):
            html, card_problems = self._card_page(html, page)
            problems += card_problems
        if problems and not self.serving:
            raise PluginError("\n".join(str(f) for f in problems))
        if self.serving:
            shown = self._shown(page)
            own = [f for f in self.findings if f.path == shown and f.severity == "warning"] + problems
            html = preview.panel(_checks().errors(self.findings), own) + html
        return html

    def on_post_build(self, config):
        if self.serving:  # the preview gets the card PDFs, their sizes and the zip too
            self.downloads.write(self.site, Path(config["site_dir"]))

    def _shown(self, page) -> str:
        return self.site.shown(Path(page.file.abs_src_path)) if page.file.abs_src_path else page.file.src_uri

    def _leftovers(self, html, page) -> list[Finding]:
        m = RE_LEFTOVER.search(RE_CODE.sub("", html))
        if not m:
            return []
        text = m.group(1).strip()
        source = page.file.content_string.splitlines()
        line = next((n for n, l in enumerate(source, 1) if l.strip().startswith(text[:40])), 1)
        return [Finding(self._shown(page), line, 1, "block-render", f"this block was printed as plain text: '{text[:60]}'",
                        "check its name, its text after the bar and its options")]

    def _card_page(self, html, page) -> tuple[str, list[Finding]]:
        if CARD_MARKER not in html:
            return html, [Finding(self._shown(page), 1, 1, "card-page", f"the pocket card page has no line {CARD_MARKER}",
                                  "put it where the card should appear")]
        module = self.site.module_of(page.file.src_uri)
        try:
            card = card_from_site(self.site, module=module)
        except RapportError as exc:
            return html, exc.findings
        names = {kind: posixpath.relpath(name, posixpath.dirname(page.file.src_uri) or ".")
                 for kind, name in outputs(card.slug).items()}
        ui = strings.ui(self.site.lang)
        links = "".join(
            f'<li><a href="{names[kind]}" download>{ui["dl_" + kind]} '
            f'(<span class="rp-size" data-file="{names[kind]}">PDF</span>)</a></li>'
            for kind in DOWNLOADS)
        block = (f'<div class="rp-card-sides">{sides_html(card, heading=2)}</div>\n'
                 f'<h2 id="download">{ui["download_print"]}</h2>\n<ul class="rp-downloads">{links}</ul>')
        return html.replace(CARD_MARKER, block, 1), []


def _checks():
    """The checks, imported only where they run: `make site` ran them before MkDocs already."""
    from . import checks

    return checks
