"""The policy on what is published: the rendered HTML of every page (and the front-matter
values we paste into pages), read with an HTML parser — the way a browser reads it, entities
decoded, comments skipped, split tags joined — not the Markdown source line by line.

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
from html.parser import HTMLParser

from ..model import Finding, Page

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                  "track", "wbr", "frame", "keygen"})
URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "srcset",
                       "cite", "longdesc", "ping", "manifest", "icon", "lowsrc", "dynsrc", "codebase", "archive"})
FRAMES = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"})
RE_BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|livescript|data:text/html|data:image/svg|data:application|file):")
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


class _Reader(HTMLParser):
    def __init__(self, content: bool):
        super().__init__(convert_charrefs=True)
        self.content = content  # a page's content alone: all of it is the author's
        self.stack: list[str] = []
        self.found = Scan()
        self.script: tuple[dict[str, str], list[str], bool] | None = None

    @property
    def in_content(self) -> bool:
        return self.content or "article" in self.stack

    def _met(self, what: str, token: str, hint: str) -> None:
        self.found.met.append(Met(what, token, hint))

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "script":
            self.script = (dict((k, v or "") for k, v in attrs), [], self.in_content)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)
        if tag == "script":
            self.found.scripts.append(Script(dict((k, v or "") for k, v in attrs), "", self.in_content))

    def handle_endtag(self, tag):
        if tag == "script" and self.script is not None:
            attrs, body, in_article = self.script
            self.found.scripts.append(Script(attrs, "".join(body), in_article))
            self.script = None
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.script is not None:
            self.script[1].append(data)

    def close(self):
        super().close()
        if self.script is not None:  # a script never closed still runs to the end of the page
            attrs, body, in_article = self.script
            self.found.scripts.append(Script(attrs, "".join(body), in_article))
            self.script = None

    def _element(self, tag: str, attrs) -> None:
        content = self.in_content
        if tag == "script" and content:
            self._met("a <script> in a page", "<script", ONLY_OURS)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._met(f"an inline event handler ({name}=)", name, "the site runs only its own scripts; remove the attribute")
            if name in URL_ATTRS or name == "style":
                plain = RE_IGNORED_IN_URL.sub("", value).lower()
                candidates = [p.strip().split(" ")[0] for p in plain.split(",")] if name == "srcset" else [plain]
                for url in candidates:
                    if RE_BAD_SCHEME.match(url):
                        scheme = url.split(":", 1)[0]
                        self._met(f"a {scheme}: address", scheme,
                                  "link to a page or a source instead; save files in docs/ and link them there")
                    elif content and name != "href" and RE_EXTERNAL.match(url):
                        self._met(f"a {name} from another host", "//",
                                  "the site works offline and loads nothing from other hosts: save the file in docs/")
                if name == "style" and content and RE_URL_FUNC.search(value):
                    self._met("a style that loads from another host", "url(", "save the file in docs/ and point to it there")
            if name == "http-equiv" and tag == "meta" and (content or value.lower() != "content-security-policy"):
                self._met("a <meta http-equiv> tag", "http-equiv",
                          "it can send readers to another site or change the page's rules; remove it")
        if tag == "base":
            self._met("a <base> tag", "<base", "it changes where every link of the page goes; remove it")
        if content and (tag in FRAMES or tag == "form"):
            self._met(f"the <{tag}> tag", f"<{tag}", "it loads or sends to other pages; link to the page instead")


def scan(html: str, content: bool = True) -> Scan:
    """What `html` holds that the policy refuses, and every script in it. `content`: the HTML is
    a page's content alone (all the author's); else a whole page, whose <article> is."""
    reader = _Reader(content)
    reader.feed(html)
    reader.close()
    return reader.found


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
