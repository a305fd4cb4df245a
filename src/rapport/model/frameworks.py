"""The published principles a tip can rest on (data/frameworks.yml), by tag `group/id`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from .frontmatter import FAST_LOADER

DATA = Path(__file__).parent.parent / "data" / "frameworks.yml"


@dataclass(frozen=True)
class Principle:
    tag: str  # e.g. "tic/safety"
    name: str
    framework: str  # the framework's name
    citation: str


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    citation: str
    principles: tuple[Principle, ...]


@lru_cache(maxsize=None)
def frameworks(lang: str = "en") -> tuple[Framework, ...]:
    """The frameworks, their names in `lang` where the data gives them (else as published)."""
    data = yaml.load(DATA.read_text(encoding="utf-8"), Loader=FAST_LOADER)["frameworks"]
    out = []
    for item in data:
        citation = " ".join(item["citation"].split())
        words = item.get(lang) or {} if lang != "en" else {}
        name = words.get("name") or item["name"]
        principles = tuple(Principle(f"{item['id']}/{key}", (words.get("principles") or {}).get(key) or published,
                                     name, citation)
                           for key, published in item["principles"].items())
        out.append(Framework(item["id"], name, citation, principles))
    return tuple(out)


def principles() -> dict[str, Principle]:
    return {p.tag: p for f in frameworks() for p in f.principles}
