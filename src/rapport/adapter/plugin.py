"""The MkDocs adapter: plugin events only. The pipeline attaches the build context to this
plugin (`attach`) before the engine runs; without it (a plain `mkdocs build`) the run stops
with one line. The author's checks run in the pipeline, before the engine.

All logic lives in the floors below (model, checks, markdown); this file maps engine events
to them and turns a `RapportError` into a clean `PluginError`.
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel

from ..checks.published import check_rendered
from ..markdown.cardpage import card_css, sides_html
from ..model.code import mask_code
from ..markdown.directives import page_mark
from ..markdown.templates import render
from ..model import Finding, RapportError, Site, assets, release, strings
from ..model.card import card_from_site, outputs
from ..model.context import BuildContext, Edition
from . import editions, lms_edition, navigation
from .panel import slot

log = logging.getLogger("mkdocs.plugins.rapport")

# A paragraph that still starts with `///` after rendering is a block the Blocks API
# refused (bad option, missing title, ...) and printed as plain text.
RE_LEFTOVER = re.compile(r"<p>\s*(/{3,}[^<\n]*)")
RE_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)
CARD_MARKER = "<!-- pocket-card -->"
DIRECTIVES = "rapport.directives"
CRISIS_PLACED = '<aside aria-labelledby="rp-crisis-title" class="rp-crisis">'
NOT_ALONE = ("this site is built by `make site` and previewed by `make serve` (they run every step: "
             "both languages, the PDFs, the zips, the LMS package); a plain engine run would make half a site")

UI_SCRIPT = "assets/rapport/ui.js"  # loaded before questions.js and offline.js (overrides/main.html)


def ui_script(lang: str) -> str:
    """window.rapportUI: the catalogue's `js` strings in `lang` (data/strings.yml), as compact JSON."""
    import json

    words = json.dumps(strings.ui(lang)["js"], ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return "window.rapportUI=" + words.replace("</", "<\\/") + ";\n"


DOWNLOADS = ["card", "letter", "a4", "print-shop"]  # labels: dl_<kind> in data/strings.yml


class RapportConfig(base.Config):
    # The page that shows the pocket card (it holds the marker <!-- pocket-card -->).
    card_page = c.Type(str, default="pocket-card.md")


class RapportPlugin(BasePlugin[RapportConfig]):
    """Reads the build context the pipeline attaches (`attach`) — never the environment."""

    context: BuildContext | None = None
    edition: Edition | None = None

    def attach(self, context: BuildContext, edition: Edition) -> None:
        """Called by the pipeline's engine seam (rapport.pipeline.engine) before the run."""
        self.context, self.edition = context, edition

    @property
    def serving(self) -> bool:
        return self.context is not None and self.context.preview

    def on_config(self, config):
        if self.context is None:  # a plain `mkdocs build` / `mkdocs serve`: it would make half a site
            raise PluginError(NOT_ALONE)
        self.site = Site.from_config(config)
        # Every page's footer says which release it is.
        config["copyright"] = " ".join(filter(None, [config.get("copyright"), release.version_line(self.site)]))
        if self.context.lms:  # the LMS package's pages: no service worker, fewer pages
            lms_edition.apply_edition(config, self.site, self.context.modules)
        # The language switch: for each other edition, its folder and the pages it has.
        self.others = [] if self.context.lms else editions.others(self.context, self.edition)
        # Our Markdown extensions, configured once for the whole run: the site (directives, and
        # the order each question shows its options in, balanced over the whole site) and its language.
        if DIRECTIVES not in config["markdown_extensions"]:
            config["markdown_extensions"].insert(0, DIRECTIVES)
        config["mdx_configs"][DIRECTIVES] = {"site": self.site, "lms": self.context.lms}
        questions = config["mdx_configs"].setdefault("rapport.questions", {})
        questions.update(lang=self.site.lang, site_orders=self.site.option_orders)
        crisis = self.site.settings.crisis
        if "rapport.crisis" in config["markdown_extensions"]:
            config["mdx_configs"]["rapport.crisis"] = {
                "title": crisis.get("title") or "", "line": crisis.get("line") or "", "advice": crisis.get("advice") or ""}
        return config

    @event_priority(100)
    def on_files(self, files, config):
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
        if self.context.lms:
            leave = set(lms_edition.left_out(self.site, self.context.modules)) | set(lms_edition.SITE_ONLY_SCRIPTS)
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
        # Our scripts' words, in the edition's language: one file the browser keeps, not a copy in every page.
        files.append(File.generated(config, UI_SCRIPT, content=ui_script(self.site.lang)))
        # A translated edition has a page for every page of the main edition: one not (yet)
        # translated says so and links it, so the language switch never drops a reader elsewhere.
        if self.site.translated and not self.context.lms:
            have = {f.src_uri for f in files}
            for rel, title in editions.untranslated(self.context, self.edition, have):
                files.append(File.generated(config, rel, content=editions.stub(title),
                                            inclusion=InclusionLevel.NOT_IN_NAV))
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
        # An LMS package holds one module: its pages name no other module (site: each other module's title).
        self.navs = navigation.NavForPages(self.site, nav, others=not self.context.lms)
        return nav

    def on_page_context(self, context, page, config, nav):
        # In a library of modules, a page lists its own module's pages and the other modules' titles.
        context["nav"] = self.navs.for_page(page.file.src_uri)
        if self.context.lms and self.site.modules:
            lms_edition.own_neighbours(page, self.site)
        context["rp_switch"] = editions.switch(self.site, self.others, page.file.src_uri, page.file.dest_uri)
        return context

    def on_page_markdown(self, markdown, page, config, files):
        # The site's card page, and in a site with modules, a module's page holding the marker.
        pending = self.site.translated and page.meta.get("translation") == "pending"
        if not pending and (page.file.src_uri == self.config.card_page or (
                CARD_MARKER in mask_code(markdown)[0] and self.site.module_of(page.file.src_uri))):
            page.meta["card_page"] = True
        if pending:  # the main edition's page, linked
            said = editions.untranslated_page(self.site, self.context, page.file.src_uri, page.file.dest_uri,
                                              str(page.meta.get("title") or ""))
            if self.context.lms:  # the main edition's page is not in this edition's package: no link to it
                said["link"] = ""
            markdown = render(self.site, "directives/untranslated.md.j2", **said)
        # The directives extension fills in this page's lists and counts; it reads which page it is here.
        return page_mark(page.file.src_uri) + markdown

    def on_page_content(self, html, page, config, files):
        problems = self._leftovers(html, page) + self._published(html, page)
        # Where the crisis extension put the note after the { .risk } section; else the theme puts
        # it after the page. Authors cannot write the note themselves (rapport.checks.html).
        page.meta["rp_crisis_placed"] = CRISIS_PLACED in html
        if page.meta.get("card_page"):
            html, card_problems = self._card_page(html, page)
            problems += card_problems
        if problems and not self.serving:
            raise PluginError("\n".join(str(f) for f in problems))
        if self.serving:  # the preview's panel goes here (rapport.outputs.panel fills it after every step)
            html = slot(self._shown(page), problems) + html
        return html

    def _shown(self, page) -> str:
        return self.site.shown(Path(page.file.abs_src_path)) if page.file.abs_src_path else page.file.src_uri

    def _published(self, html, page) -> list[Finding]:
        """The policy on what is published, on this page's rendered content (rapport.checks.published)."""
        rel = page.file.src_uri
        if not (self.site.docs_dir / rel).is_file():
            return []
        return check_rendered(html, self.site.page(rel), [p for p in self.site.tips() if p.rel != rel])

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
        names = outputs(card.slug)
        downloads = [{"kind": kind, "href": posixpath.relpath(names[kind], posixpath.dirname(page.file.src_uri) or ".")}
                     for kind in DOWNLOADS]
        block = render(self.site, "directives/card-page.html.j2", sides=Markup(sides_html(card, heading=2)),
                       downloads=downloads)
        return html.replace(CARD_MARKER, block, 1), []
