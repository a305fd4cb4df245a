"""The front matter every tip page carries: title, summary, card line, review date."""

from __future__ import annotations

import datetime as _dt

from ..model import Finding, Page

TIP_FIELDS = {
    "title": "title: Be curious",
    "summary": "summary: One plain sentence that says what the tip is about.",
    "card": "card: The line the pocket card carries (at most 110 characters).",
    "reviewed": "reviewed: 2026-11-27",
}
CARD_MAX = 110


def check_review_date(page: Page, today: _dt.date | None = None) -> list[Finding]:
    """A review date in the future would tell readers the page was checked when it was not."""
    reviewed = page.meta.get("reviewed")
    latest = (today or _dt.datetime.now(_dt.timezone.utc).date()) + _dt.timedelta(days=1)
    if isinstance(reviewed, _dt.date) and reviewed > latest:
        return [Finding(page.path, page.line_of("reviewed"), 1, "front-matter",
                        f"'reviewed: {reviewed.isoformat()}' is in the future",
                        "write the date the page was last checked, today at the latest")]
    return []


def check_tip_meta(page: Page) -> list[Finding]:
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
    if isinstance(card, str) and len(card.strip()) > CARD_MAX:
        add("card", f"the card line is {len(card.strip())} characters, {len(card.strip()) - CARD_MAX} over the limit of {CARD_MAX}",
            "shorten it: the pocket card has room for one short line per tip")
    for key in ("title", "summary", "card"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            add(key, f"'{key}' must be text", "put the text in quotes")
    reviewed = meta.get("reviewed")
    if reviewed is not None and not isinstance(reviewed, _dt.date):
        add("reviewed", f"'reviewed' must be a date, not '{reviewed}'", "write it as YYYY-MM-DD, for example 2026-11-27")
    findings += check_review_date(page)
    if "risk" in meta and not isinstance(meta["risk"], bool):
        add("risk", "'risk' must be true or false", "write `risk: true` on pages that touch on risk or crisis")
    return findings
