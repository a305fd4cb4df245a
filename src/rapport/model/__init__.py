"""The content model: one reading of the project that every other part shares.

- `Site` (settings, nav, pages, tips, the content's date), loaded by `load_site()`;
- `Page` (front matter with the line of each key, blocks at any nesting with their source
  lines, callouts, headings, prose), each part computed once;
- the block grammar (`grammar.BLOCKS`), read by the Markdown extension and the scanner;
- `Finding` and `RapportError`, the one way every part reports a problem;
- `strings`: our interface text per language (data/strings.yml).

This package imports nothing else of ours: checks, card, publishing and wiring sit above it.
"""

from . import strings
from .blocks import Block, Callout, Line
from .findings import Finding, RapportError, errors
from .grammar import BLOCKS, QUESTION_BLOCKS
from .module import Module
from .page import Page, parse_page, read_page
from .prose import ProseLine
from .settings import CONFIG_NAME, Settings
from .site import TIPS_DIR, Site, is_tip, load_site

__all__ = ["BLOCKS", "CONFIG_NAME", "QUESTION_BLOCKS", "TIPS_DIR", "Block", "Callout", "Finding", "Line", "Module", "Page",
           "ProseLine", "RapportError", "Settings", "Site", "errors", "is_tip", "load_site", "parse_page", "read_page", "strings"]
