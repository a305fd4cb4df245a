"""The policy on what is published: the rendered HTML of every page (and the front-matter
values we paste into pages), read with an HTML5 parser (Lexbor, through selectolax) the way a
browser reads it — entities decoded, comments, CDATA and foreign content as browsers take
them, split tags joined — not the Markdown source line by line.

Nothing an author writes may run, redirect or load from elsewhere: no script, no event
handler (`on…=`), no `javascript:`/`vbscript:`/`data:text/html` address, no `<meta http-equiv>`,
no `<base>`, no frame or plug-in, no form, nothing loaded from another host or from a file
of the build machine. `scan()` lists what it meets; `check_rendered()` maps each to the file
and line of the source that wrote it; rapport.outputs.csp reads whole pages with the same
scanner (only the theme's own scripts run).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..model import Finding, Page

URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "srcset",
                       "cite", "longdesc", "ping", "manifest", "icon", "lowsrc", "dynsrc", "codebase", "archive"})
FRAMES = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"})
RE_BAD_SCHEME = re.compile(r"^(?:(?:javascript|vbscript|livescript|file):|data:(?:text/html|text/xml|image/svg|application))")
# SVG animation can set an attribute (href) to an address: its values are addresses too.
ANIMATION = frozenset({"animate", "set", "animatemotion", "animatetransform", "animatecolor"})
ANIMATED = frozenset({"to", "from", "by", "values"})
RE_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)
RE_URL_FUNC = re.compile(r"url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
RE_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside a URL's scheme


@dataclass(frozen=True)
class Met:
    """Something the policy refuses: what it is, the token to find in the source, and a hint."""

    what: str
    token: str
    hint: str


@dataclass
class Script:
    attrs: dict[str, str]
    body: str
    in_article: bool


@dataclass
class Scan:
    met: list[Met] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)


ONLY_OURS = "the site runs only its own scripts; remove it"
# Elements an author's content may not hold (the theme's own, outside the article, are its own):
# they load, style or hide the page, or carry scripts in forms a line reader cannot see.
CONTENT_ONLY_THEIRS = {
    "style": "it restyles or hides the page (the crisis note included); use the site's own styles",
    "link": "it loads a style sheet or more from elsewhere; remove it",
    "noscript": "browsers read its inside differently when scripts run; remove it",
    "svg": "a drawing written inline can carry scripts and links; save it as a picture file in docs/",
    "math": "it can carry links and scripts in forms the checks cannot follow; write the words instead",
    "template": "remove it",
    "slot": "remove it",
}


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def scan(html: str, content: bool = True) -> Scan:
    """What `html` holds that the policy refuses, and every script in it, as a browser parses it
    (Lexbor, an HTML5 parser: comments, CDATA, foreign content and entities as browsers read
    them). `content`: the HTML is a page's content alone (all the author's); else a whole page,
    whose <article> is."""
    from selectolax.lexbor import LexborHTMLParser

    found = Scan()

    def met(what: str, token: str, hint: str) -> None:
        found.met.append(Met(what, token, hint))

    for node in LexborHTMLParser(html).root.traverse(include_text=False):
        tag = (node.tag or "").lower()
        if not tag or tag.startswith("-"):  # comments, text, the doctype
            continue
        in_content = content or any((a.tag or "").lower() == "article" for a in _ancestors(node))
        attrs = {str(k).lower(): (v or "") for k, v in (node.attributes or {}).items()}
        if tag == "script":
            found.scripts.append(Script(attrs, node.text(deep=True) or "", in_content))
            if in_content:
                met("a <script> in a page", "<script", ONLY_OURS)
        for name, value in attrs.items():
            if name.startswith("on"):
                met(f"an inline event handler ({name}=)", name, "the site runs only its own scripts; remove the attribute")
            if name in URL_ATTRS or name == "style" or (tag in ANIMATION and name in ANIMATED):
                plain = RE_IGNORED_IN_URL.sub("", value).lower()
                candidates = ([p.strip().split(" ")[0] for p in plain.split(",")] if name == "srcset"
                              else plain.split(";") if tag in ANIMATION else [plain])
                for url in candidates:
                    if RE_BAD_SCHEME.match(url):
                        scheme = url.split(":", 1)[0]
                        met(f"a {scheme}: address", scheme,
                            "link to a page or a source instead; save files in docs/ and link them there")
                    elif in_content and name not in ("href", "cite") and RE_EXTERNAL.match(url):
                        met(f"a {name} from another host", "//",
                            "the site works offline and loads nothing from other hosts: save the file in docs/")
                if name == "style" and in_content and RE_URL_FUNC.search(value):
                    met("a style that loads from another host", "url(", "save the file in docs/ and point to it there")
            if name == "http-equiv" and tag == "meta" and (in_content or value.lower() != "content-security-policy"):
                met("a <meta http-equiv> tag", "http-equiv",
                    "it can send readers to another site or change the page's rules; remove it")
        if tag == "base":
            met("a <base> tag", "<base", "it changes where every link of the page goes; remove it")
        if in_content:
            if tag in FRAMES or tag == "form":
                met(f"the <{tag}> tag", f"<{tag}", "it loads or sends to other pages; link to the page instead")
            elif tag in CONTENT_ONLY_THEIRS:
                met(f"the <{tag}> tag", f"<{tag}", CONTENT_ONLY_THEIRS[tag])
            elif tag == "meta" and "http-equiv" not in attrs:
                met("a <meta> tag", "<meta", "remove it")
    return found


def _plain(text: str) -> str:
    """Text as a browser reads a tag: entities decoded, blanks and control characters gone."""
    return RE_IGNORED_IN_URL.sub("", html.unescape(text)).lower()


def _line_of(page: Page, token: str) -> int:
    low = _plain(token)
    for n, line in enumerate(page.lines, start=1):
        if low in _plain(line):
            return n
    return 0


def check_rendered(html: str, page: Page, others: list[Page] = ()) -> list[Finding]:
    """The policy on a page's rendered content, each finding at the source line that holds it:
    the page itself, else the page whose front matter the content pasted in (`others`)."""
    findings = []
    for met in dict.fromkeys(scan(html, content=True).met):
        where, line = page, _line_of(page, met.token)
        if not line:
            for other in others:
                line = _line_of(other, met.token) if any(met.token.lower() in str(v).lower()
                                                         for v in other.meta.values()) else 0
                if line:
                    where = other
                    break
        findings.append(Finding(where.path, line or 1, 1, "raw-html", f"{met.what} is not allowed in content", met.hint))
    return findings


def check_front_matter(page: Page, keys=("title", "summary", "card")) -> list[Finding]:
    """Front-matter values we paste into pages (the home page's list, the nav, the card) are text:
    the same policy, at their line."""
    findings = []
    for key in keys:
        value = page.meta.get(key)
        if isinstance(value, str) and "<" in value:
            for met in dict.fromkeys(scan(value, content=True).met):
                findings.append(Finding(page.path, page.line_of(key), 1, "raw-html",
                                        f"{met.what} is not allowed in `{key}:`", met.hint))
            if re.search(r"<[a-zA-Z!/]", value):
                findings.append(Finding(page.path, page.line_of(key), 1, "raw-html",
                                        f"`{key}:` holds HTML; it is shown as plain text in menus and lists",
                                        "write it as plain words", "error"))
    return findings
