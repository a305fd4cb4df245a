"""The card's text, gathered from the content model: each tip's `card:` line in nav order
on the front; title, reminder, questions and crisis line from the typed settings."""

from __future__ import annotations

from dataclasses import dataclass

from .. import __version__
from .findings import Finding, RapportError
from .module import Module
from .site import Site
from .strings import fill_count, text


OUTPUTS = {
    "card": "pocket-card.pdf",
    "letter": "pocket-card-letter.pdf",
    "a4": "pocket-card-a4.pdf",
    "print-shop": "pocket-card-print-shop.pdf",
}


def outputs(slug: str = "") -> dict[str, str]:
    """The card's files: pocket-card.pdf ... for the site, pocket-card-<module>.pdf ... for a module."""
    if not slug:
        return dict(OUTPUTS)
    return {kind: name.replace("pocket-card", f"pocket-card-{slug}", 1) for kind, name in OUTPUTS.items()}


class CardError(RapportError):
    heading = "The pocket card cannot be built"


@dataclass
class CardTip:
    path: str  # the tip page, as shown in messages
    line: str
    line_no: int = 1  # the line of `card:` in that page


@dataclass
class Card:
    title: str
    subtitle: str
    tips: list[CardTip]
    reminder: str
    questions_title: str
    questions: list[str]
    crisis_label: str
    crisis: str
    source: str
    version: str
    date: str  # e.g. 2026-11-27
    timestamp: str  # ISO 8601, for the PDF's creation date
    settings_line: int = 1  # the line of extra.card in mkdocs.yml, for messages about the back
    lang: str = "en"
    settings_path: str = "mkdocs.yml"  # or a module's index.md
    settings_name: str = "extra.card"  # or `card` (a module's front matter)
    slug: str = ""  # the module's folder; "" for the site's own card


def card_from_site(site: Site, lang: str | None = None, module: Module | None = None) -> Card:
    """Gather the card's text — of a module, or (None) of the site — ; raises CardError naming
    every missing or wrong part."""
    lang = lang or site.lang
    settings = site.settings
    crisis = settings.crisis
    findings = [f for f in settings.findings if f.severity == "error"]
    if module is not None:
        conf, where = module.card, dict(settings_line=module.index.line_of("card"), settings_path=module.index.path,
                                        settings_name="card", slug=module.slug)
        findings += [f for f in module.findings if f.severity == "error"]
    else:
        conf, where = settings.card, dict(settings_line=settings.line("extra", "card"),
                                          settings_path=settings.file_of("extra", "card"))
    tips = []
    for page in site.tips(module if module is not None or site.modules else "all"):
        line = page.meta.get("card")
        if not isinstance(line, str) or not line.strip():
            findings.append(Finding(page.path, 1, 1, "front-matter", "the tip page has no 'card'",
                                    "add a line to the front matter: `card: …`"))
            continue
        tips.append(CardTip(page.path, " ".join(line.split()), page.line_of("card")))
    if findings:
        raise CardError(findings)
    when = site.date
    return Card(
        title=conf.title, subtitle=fill_count(conf.subtitle, len(tips), lang), tips=tips, reminder=conf.reminder,
        questions_title=conf.questions_title or text(lang, "card_questions_title"), questions=list(conf.questions),
        crisis_label=conf.crisis_label or text(lang, "card_crisis_label"),
        crisis=crisis.line, source=conf.source, version=__version__, date=when.date().isoformat(),
        timestamp=when.strftime("%Y-%m-%dT%H:%M:%SZ"), lang=lang, **where)
