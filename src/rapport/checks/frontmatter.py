"""The front matter every tip page carries: title, summary, card line, review date."""

from __future__ import annotations

import datetime as _dt
import re

from ..model import Finding, Page

TIP_FIELDS = {
    "title": "title: Be curious",
    "summary": "summary: One plain sentence that says what the tip is about.",
    "card": "card: The line the pocket card carries (at most 110 characters).",
    "reviewed": "reviewed: 2026-11-27",
    "objectives": "objectives: [two or three lines, each finishing \"After this tip you can …\"]",
    "frameworks": "frameworks: [tic/collaboration, recovery/person-driven]",
    "minutes": "minutes: 10",
}
OBJECTIVES = (2, 3)
MINUTES = (1, 120)
CARD_MAX = 110
# Spanish runs longer than English for the same idea; the proof of fit still has the last word.
CARD_MAX_BY_LANG = {"en": CARD_MAX, "es": 125}


def check_review_date(page: Page, today: _dt.date | None = None) -> list[Finding]:
    """A review date in the future would tell readers the page was checked when it was not."""
    reviewed = page.meta.get("reviewed")
    latest = (today or _dt.datetime.now(_dt.timezone.utc).date()) + _dt.timedelta(days=1)
    if isinstance(reviewed, _dt.date) and reviewed > latest:
        return [Finding(page.path, page.line_of("reviewed"), 1, "front-matter",
                        f"'reviewed: {reviewed.isoformat()}' is in the future",
                        "write the date the page was last checked, today at the latest")]
    return []


def check_tip_meta(page: Page, lang: str = "en") -> list[Finding]:
    if any(f.rule == "front-matter" for f in page.front.findings):
        return []  # the front matter could not be read: that finding says what to fix
    findings = []
    meta = page.meta

    def add(key: str, message: str, hint: str) -> None:
        findings.append(Finding(page.path, page.line_of(key), 1, "front-matter", message, hint))

    for key, example in TIP_FIELDS.items():
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            add(key, f"the tip page has no '{key}'", f"add a line to the front matter: `{example}`")
    card = meta.get("card")
    limit = CARD_MAX_BY_LANG.get(lang, CARD_MAX)
    if isinstance(card, str) and len(card.strip()) > limit:
        add("card", f"the card line is {len(card.strip())} characters, {len(card.strip()) - limit} over the limit of {limit}",
            "shorten it: the pocket card has room for one short line per tip")
    for key in ("title", "summary", "card"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            add(key, f"'{key}' must be text", "put the text in quotes")
    findings += _teaching(page)
    reviewed = meta.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, _dt.date):
        add("reviewed", f"'reviewed' must be a date, not '{reviewed}'", "write it as YYYY-MM-DD, for example 2026-11-27")
    findings += check_review_date(page)
    if "risk" in meta and not isinstance(meta["risk"], bool):
        add("risk", "'risk' must be true or false", "write `risk: true` on pages that touch on risk or crisis")
    return findings


def _placeholder(value) -> bool:
    from .placeholders import pattern

    return isinstance(value, str) and bool(pattern().search(value))


def _teaching(page: Page) -> list[Finding]:
    """Objectives (2 or 3 lines of text), framework tags we know, and minutes (a whole number)."""
    from ..model.frameworks import principles

    findings = []
    meta = page.meta

    def add(line: int, message: str, hint: str) -> None:
        findings.append(Finding(page.path, line, 1, "front-matter", message, hint))

    objectives = meta.get("objectives")
    low, high = OBJECTIVES
    if objectives is not None:
        if not isinstance(objectives, list) or not all(isinstance(o, str) and o.strip() for o in objectives):
            add(page.line_of("objectives"), "'objectives' must be a list of lines of text",
                "write each objective on its own line starting with `  - `")
        elif not low <= len(objectives) <= high:
            add(page.line_of("objectives"), f"'objectives' has {len(objectives)}; a tip has {low} or {high}",
                "say what the reader can do after the tip, in two or three lines")
    tags = meta.get("frameworks")
    if tags is not None:
        known = principles()
        lines = page.front.item_lines.get("frameworks", [])
        if not isinstance(tags, list) or not tags:
            add(page.line_of("frameworks"), "'frameworks' must list at least one principle",
                "for example `frameworks: [tic/collaboration]`; the tags are on the Frameworks page")
        else:
            for n, tag in enumerate(tags):
                if str(tag) not in known and not _placeholder(tag):
                    line = lines[n] if n < len(lines) else page.line_of("frameworks")
                    near = ", ".join(t for t in known if t.split("/")[-1] in str(tag)) or ", ".join(list(known)[:3]) + ", …"
                    add(line, f"'{tag}' is not a framework tag we know", f"use one of the tags on the Frameworks page: {near}")
    minutes = meta.get("minutes")
    if minutes is not None and not _placeholder(minutes):
        if not isinstance(minutes, int) or isinstance(minutes, bool) or not MINUTES[0] <= minutes <= MINUTES[1]:
            add(page.line_of("minutes"), f"'minutes' must be a whole number from {MINUTES[0]} to {MINUTES[1]}, not '{minutes}'",
                "the minutes to read the tip and do its exercises, for example `minutes: 10`")
    return findings


RE_SESSION_KEY = re.compile(r"^session_(\d+)$")


def check_session_plans(page: Page, tip_names: set[str], tip_minutes: dict[str, int] | None = None) -> list[Finding]:
    """`session_60:` and the like (the facilitators' session plans): a list of activities, each
    `name:` with whole `minutes:`, or `tips:` — `all` or a list of tip file names; and, with the
    tips' minutes, a plan that no longer adds up to its length (a tip added since) is a warning."""
    findings = []
    for key, value in page.meta.items():
        if not isinstance(key, str) or not RE_SESSION_KEY.match(key):
            continue
        line = page.line_of(key)
        if tip_minutes is not None and isinstance(value, list):
            total = 0
            for item in value:
                if isinstance(item, dict) and "tips" in item:
                    chosen = tip_minutes if item["tips"] == "all" else \
                        {t: tip_minutes.get(t, 0) for t in item["tips"]} if isinstance(item["tips"], list) else {}
                    total += sum(m for m in chosen.values() if isinstance(m, int))
                elif isinstance(item, dict) and isinstance(item.get("minutes"), int):
                    total += item["minutes"]
            length = int(RE_SESSION_KEY.match(key).group(1))
            findings += notes_match(page, key, length, value, tip_minutes)
            if total and total != length:
                findings.append(Finding(page.path, line, 1, "session-plan",
                                        f"{key}: the plan adds up to {total} minutes, not {length} (the tips' "
                                        "`minutes:` count too)", "shorten an activity, or choose the tips it reads",
                                        "warning"))

        def add(message: str, hint: str) -> None:
            findings.append(Finding(page.path, line, 1, "session-plan", f"{key}: {message}", hint))

        if not isinstance(value, list):
            add("give a list of activities", "one `- name: …` with `minutes: …`, or `- tips: all`, a line each")
            continue
        for n, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                add(f"activity {n} is not `name:` and `minutes:`", "write `- name: Welcome` and `  minutes: 5`")
            elif "tips" in item:
                tips = item["tips"]
                if tips != "all" and not (isinstance(tips, list) and all(isinstance(t, str) for t in tips)):
                    add(f"activity {n}: tips must be `all` or a list of tip file names", "for example `tips: [be-curious]`")
                elif isinstance(tips, list):
                    for name in tips:
                        if name not in tip_names:
                            add(f"activity {n}: there is no tip '{name}'", "use the tip's file name without .md")
            else:
                minutes = item.get("minutes")
                points = item.get("slide")
                if points is not None and not (isinstance(points, list) and all(isinstance(p, str) for p in points)):
                    add(f"activity {n}: slide must be a list of short lines", "one `- …` line for each point on its slide")
                if not item.get("name") or not isinstance(item.get("name"), str):
                    add(f"activity {n} has no name", "write `name: …` for what the group does")
                if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
                    add(f"activity {n}: minutes must be a whole number above 0, not {minutes!r}", "for example `minutes: 5`")
    return findings


def check_paper_directives(site, page: Page) -> list[Finding]:
    """`<!-- paper NAME -->` names one of the paper documents, spelled so, and one this site
    builds (the evaluation form needs a page with `<!-- evaluation -->`; the knowledge check,
    practice questions); code, where a page shows it as an example, is left alone."""
    from ..model.code import without_code
    from ..model.settings import PAPER_DOCS, RE_PAPER_DIRECTIVE, RE_PAPER_LIKE

    if "<!--" not in page.text or not RE_PAPER_LIKE.search(page.text):
        return []
    text = without_code("\n".join(page.lines))
    hint = "write one of: " + ", ".join(f"`<!-- paper {name} -->`" for name in PAPER_DOCS) + ", each on a line of its own"
    findings, built = [], None
    for number, line in enumerate(text.split("\n"), 1):
        for m in RE_PAPER_LIKE.finditer(line):
            exact = RE_PAPER_DIRECTIVE.fullmatch(m.group(0))
            at = (page.path, number, m.start() + 1, "directive")
            if exact is None or exact.group(1) not in PAPER_DOCS:
                findings.append(Finding(*at, f"`{m.group(0)}` names no paper document we build", hint))
                continue
            if built is None:
                built = set(PAPER_DOCS)
                if not any("<!-- evaluation -->" in without_code(site.page(rel).text) for rel in site.markdown_files()):
                    built.discard("evaluation")
                if not site.knowledge_blocks():
                    built -= {"knowledge-check", "knowledge-check-key"}
            if exact.group(1) not in built:
                why = ("no page has the line `<!-- evaluation -->`" if exact.group(1) == "evaluation"
                       else "no tip has a practice question")
                findings.append(Finding(*at, f"`{m.group(0)}` lists a document this site does not build: {why}",
                                        "add what it is made from, or take the line out"))
    return findings


def notes_match(page: Page, key: str, length: int, activities: list, tip_minutes: dict[str, int]) -> list[Finding]:
    """The notes under a plan (each `###` section after `<!-- session-plan N -->`, up to the next
    `##`) go with its activities in order, a tip one activity: the slides' presenter notes take
    them so (rapport.outputs.slides). A plan with notes whose count differs is a warning."""
    marker = f"<!-- session-plan {length} -->"
    at = next((n for n, text in enumerate(page.lines, 1) if text.strip() == marker), None)
    if at is None:
        return []
    end = next((line for line, level, _ in page.headings if level <= 2 and line > at), len(page.lines) + 1)
    notes = sum(1 for line, level, _ in page.headings if level == 3 and at < line < end)
    count = 0
    for item in activities:
        if isinstance(item, dict) and "tips" in item:
            count += len(tip_minutes) if item["tips"] == "all" else len(item["tips"]) if isinstance(item["tips"], list) else 0
        elif isinstance(item, dict):
            count += 1
    if notes and notes != count:
        return [Finding(page.path, at, 1, "session-plan",
                        f"{key} has {count} activities but {notes} notes (### sections) under its plan",
                        "write one ### section for each activity, in order, a tip counting as one: the "
                        "slides' presenter notes take them so", "warning")]
    return []


def check_translation(site, page: Page) -> list[Finding]:
    """`translation: pending` on a page of a translated edition: one warning, the page's only
    finding (its text is still to come). Anything else said of `translation:` is an error."""
    if "translation" not in page.meta:
        return []
    value = page.meta.get("translation")
    line = page.line_of("translation")
    if value != "pending":
        shown = str(value).lower() if isinstance(value, bool) or value is None else value
        return [Finding(page.path, line, 1, "translation", f"`translation: {shown}` is not known",
                        "write `translation: pending` while the page is not translated; remove the line once it is")]
    if not site.translated:
        return [Finding(page.path, line, 1, "translation", "`translation: pending` is read in a translated edition "
                        "only; this page is of the main edition", "remove the line")]
    main = site.main_docs_dir()
    if main is not None and not (main / page.rel).is_file():
        return [Finding(page.path, line, 1, "translation", f"translation pending, but the main edition has no page "
                        f"{page.rel} to link", "remove this page and its line in this edition's nav, or write it here")]
    return [Finding(page.path, line, 1, "translation", "translation pending: this edition shows a page that says so "
                    "and links the main edition's page, and leaves it out of its card, final check and LMS package",
                    "translate the page, then remove `translation: pending`", "warning")]


def check_pending_units(site) -> list[Finding]:
    """A translated edition, or one of its modules, whose every tip is still to translate would
    publish an empty card, final check and LMS package: one error, at the edition's nav."""
    if not site.translated:
        return []
    units = [(m.title, [r for r in site.tip_paths() if m.holds(r)]) for m in site.modules] or [("", site.tip_paths())]
    findings = []
    for name, rels in units:
        present = [r for r in rels if (site.docs_dir / r).is_file()]
        if present and all(site.is_pending(r) for r in present):
            what = f"the module '{name}'" if name else "this edition"
            findings.append(Finding(site.settings.file_of("nav"), site.settings.line("nav"), 1, "translation",
                                    f"every tip of {what} is still to translate (`translation: pending`): its pocket "
                                    "card, final check and LMS package would be empty",
                                    "translate at least one tip first, or leave it out of this edition's nav"))
    return findings


def check_certificate_fits(site) -> list[Finding]:
    """The certificate prints what the course teaches (every tip's objectives) on one landscape
    page; too much text would spill onto a second page that no one sees on screen. One error per
    unit that prints a certificate (the course, each module), at its longest tip's objectives."""
    from ..model.site import CERT_ROWS, CERTIFICATE, certificate_layout, certificate_rows, entry_length

    units = []  # what each certificate page covers: its module, or every tip (rapport.markdown.teaching.scope)
    for rel in site.markdown_files():
        page = site.page(rel)
        if any(CERTIFICATE in line for n, line in enumerate(page.lines, 1) if n not in page.structure.code_lines):
            unit = site.module_of(rel) or "all"
            if unit not in units:
                units.append(unit)
    findings = []
    for unit in units:
        objectives = site.objectives(unit)
        if objectives and certificate_layout(objectives) is None:
            longest = max(objectives, key=entry_length)
            what = "the course" if unit == "all" else f"the module '{unit.title}'"
            share = round(100 * certificate_rows(objectives, "dense") / CERT_ROWS["dense"])
            findings.append(Finding(longest["page"].path, longest["page"].line_of("objectives"), 1, "objectives",
                                    f"the certificate of {what} lists every tip's objectives ({len(objectives)} tips, "
                                    f"{sum(map(entry_length, objectives))} characters): {share}% of what one landscape "
                                    "page holds, even in its smaller type",
                                    f"shorten the objectives; this tip's are the longest, {entry_length(longest)} characters"))
    return findings
