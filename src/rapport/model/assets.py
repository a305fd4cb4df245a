"""Front-end files the site and the card need, installed from npm into node_modules/.

Nothing here is fetched at build time: `make site` runs `npm ci` once (stamped), and these
helpers only locate the installed files and say clearly when one is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

from .findings import Finding, RapportError

# Material's search runs in a Web Worker, which browsers refuse on file://; this shim
# (npm iframe-worker) runs it in an iframe instead. Listed in extra.polyfills.
SEARCH_SHIM = ("iframe-worker", "shim", "index.js")
SEARCH_SHIM_URI = "assets/javascripts/iframe-worker.js"

# Theme files the site does not ship: source maps, and search support for languages other
# than the site's own (lunr.stemmer.support and lunr.multi stay for the search worker; a
# Spanish edition keeps lunr.es, whose stemmer finds "escuchar" from "escucha").
RE_NOT_SHIPPED = re.compile(r"(\.map$|^assets/javascripts/lunr/(tinyseg|wordcut)\.js$)")
RE_LUNR_LANGUAGE = re.compile(r"^assets/javascripts/lunr/min/lunr\.([a-z]+)\.min\.js$")


def not_shipped(src_uri: str, lang: str = "en") -> bool:
    if RE_NOT_SHIPPED.search(src_uri):
        return True
    m = RE_LUNR_LANGUAGE.match(src_uri)
    return bool(m) and m.group(1) not in ("stemmer", "multi", lang)


FONT_PACKAGE = "@fontsource/atkinson-hyperlegible"
FONT_FAMILY = "Atkinson Hyperlegible"
# (weight, style) -> file name inside the package's files/ folder
FONT_FILES = {
    (400, "normal"): "atkinson-hyperlegible-latin-400-normal.woff2",
    (700, "normal"): "atkinson-hyperlegible-latin-700-normal.woff2",
    (400, "italic"): "atkinson-hyperlegible-latin-400-italic.woff2",
    (700, "italic"): "atkinson-hyperlegible-latin-700-italic.woff2",
}


# The faces the card uses on screen (card.css: regular, bold titles, the italic subtitle).
# The PDFs take every face from node_modules; the site ships only these (bold italic would
# be 18 KB in every copy of the site for text the card never sets).
SCREEN_FACES = ((400, "normal"), (700, "normal"), (400, "italic"))


class NotInstalled(RapportError):
    heading = "A file from npm is missing"

    def __init__(self, message: str):
        super().__init__([Finding("package.json", 1, 1, "npm", message, "run `make site`, which runs `npm ci`")])
        self.message = message


def npm_file(root: Path, package: str, *parts: str) -> Path:
    """A file of an installed npm package, or a clear error naming the package."""
    path = Path(root, "node_modules", package, *parts)
    if not path.is_file():
        raise NotInstalled(f"{package} is not installed ({path} is missing)")
    return path


def font_paths(root: Path) -> dict[tuple[int, str], Path]:
    return {key: npm_file(root, FONT_PACKAGE, "files", name) for key, name in FONT_FILES.items()}


def font_faces_css(urls: dict[tuple[int, str], str]) -> str:
    """@font-face rules for the card font, each pointing at the URL given for it."""
    rules = []
    for (weight, style), url in urls.items():
        rules.append(f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: {style}; '
                     f'font-display: swap; src: url("{url}") format("woff2"); }}')
    return "\n".join(rules)


def card_font_faces(root: Path) -> str:
    """@font-face rules with file:// URLs, for WeasyPrint."""
    return font_faces_css({key: path.resolve().as_uri() for key, path in font_paths(root).items()})
