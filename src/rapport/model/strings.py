"""Our interface text in each language, from one catalogue (data/strings.yml): every string
the Markdown extensions, the theme overrides, questions.js, the final check, the certificate,
the footer and the download sizes show. The site's language is `theme.language`."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .frontmatter import FAST_LOADER

DATA = Path(__file__).parent.parent / "data" / "strings.yml"
DEFAULT = "en"


@lru_cache(maxsize=None)
def catalogue() -> dict[str, dict[str, Any]]:
    return yaml.load(DATA.read_text(encoding="utf-8"), Loader=FAST_LOADER)


def languages() -> list[str]:
    return list(catalogue())


def ui(lang: str | None) -> dict[str, Any]:
    """The strings of `lang` (English for a language we have no strings for)."""
    return catalogue().get(lang or DEFAULT) or catalogue()[DEFAULT]


def missing(lang: str) -> list[str]:
    """The keys English has and `lang` has not (`js.score` for one under `js:`)."""
    def keys(d: dict, prefix: str = "") -> set[str]:
        out = set()
        for k, v in d.items():
            out |= keys(v, f"{prefix}{k}.") if isinstance(v, dict) and k == "js" else {f"{prefix}{k}"}
        return out
    return sorted(keys(catalogue()[DEFAULT]) - keys(catalogue().get(lang) or {}))


def every(key: str) -> list[str]:
    """The string `key` in every language (a heading the checks recognise in any edition)."""
    return [str(strings[key]) for strings in catalogue().values() if key in strings]


def text(lang: str | None, key: str, **values: Any) -> str:
    return str(ui(lang)[key]).format(**values)


def date_text(lang: str | None, day: dt.date) -> str:
    """27 November 2026; 27 de noviembre de 2026."""
    strings = ui(lang)
    return strings["date"].format(day=day.day, month=strings["months"][day.month - 1], year=day.year)


def number_text(lang: str | None, value: float, places: int = 1) -> str:
    """1.5 in English, 1,5 in Spanish."""
    return f"{value:.{places}f}".replace(".", ui(lang)["decimal"])


def hours_text(lang: str | None, minutes: int) -> str:
    """Clock hours to the nearest quarter hour, as a continuing-education record shows them."""
    hours = round(minutes / 15) / 4
    shown = f"{hours:g}".replace(".", ui(lang)["decimal"])
    return text(lang, "hours_one" if hours == 1 else "hours_many", hours=shown, minutes=minutes)


RE_COUNT = re.compile(r"\{([Cc])ount\}")


def number_word(n: int, lang: str = "en") -> str:
    words = ui(lang)["numbers"]
    return words[n] if 0 <= n < len(words) else str(n)


def fill_count(value: str, n: int, lang: str = "en") -> str:
    """`{count}` / `{Count}` in `value` as the number of tips in words (six / Six)."""
    word = number_word(n, lang)
    return RE_COUNT.sub(lambda m: word[:1].upper() + word[1:] if m.group(1) == "C" else word, value)
