"""The crisis note where a page talks about risk (a Markdown extension).

An author marks the heading of the section about risk with `{ .risk }`:

    ## Talking about risk { .risk }

and the note (title, crisis line and advice from `extra.crisis`, passed in by the build)
is placed at the end of that section, once per page. Pages with `risk: true` and no marked
section keep the note at the end of the page (overrides/main.html).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def crisis_note(title: str, line: str, advice: str) -> etree.Element:
    aside = etree.Element("aside", {"class": "rp-crisis", "aria-labelledby": "rp-crisis-title"})
    head = etree.SubElement(aside, "p", {"id": "rp-crisis-title", "class": "rp-crisis-title"})
    etree.SubElement(head, "strong").text = title
    etree.SubElement(aside, "p").text = f"{line} {advice}".strip()
    return aside


class CrisisTreeprocessor(Treeprocessor):
    def __init__(self, md, config):
        super().__init__(md)
        self.config = config

    def run(self, root: etree.Element) -> None:
        if not self.config.get("line"):
            return
        children = list(root)
        start = next((n for n, el in enumerate(children)
                      if el.tag in HEADINGS and "risk" in (el.get("class") or "").split()), None)
        if start is None:
            return
        level = int(children[start].tag[1])
        end = next((n for n in range(start + 1, len(children))
                    if children[n].tag in HEADINGS and int(children[n].tag[1]) <= level), len(children))
        root.insert(end, crisis_note(self.config["title"], self.config["line"], self.config.get("advice", "")))


class CrisisExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"title": ["If someone may be in danger", "the note's title"],
                       "line": ["", "the crisis line (from extra.crisis.line); empty: no note"],
                       "advice": ["", "what else to do (from extra.crisis.advice)"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # After attr_list (priority 8) has set the heading's class, before the table of contents.
        md.treeprocessors.register(CrisisTreeprocessor(md, self.getConfigs()), "rapport_crisis", 7)


def makeExtension(**kwargs):
    return CrisisExtension(**kwargs)
