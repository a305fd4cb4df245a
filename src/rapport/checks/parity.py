"""Parity between editions: every tip of the main edition has a page at the same path in each
other edition, with the same questions (ids, number of options, right answers), the same
callout types and the same `##` sections in the same order. A translation may reword
everything; it may not change what a learner is asked, what counts as right, or the shape
of the lesson. Each finding names the translated file and line (the main edition's when the
page is missing)."""

from __future__ import annotations

import re

from ..model import Finding, Page, Site


def _sections(page: Page) -> list[tuple[int, str, list[str]]]:
    """(line, title, what it holds: callout types and question ids, in order) of each `##` section."""
    out: list[tuple[int, str, list[str]]] = []
    anchors = page.anchors
    items = [(c.line, f"callout {c.kind}") for c in page.callouts]
    items += [(b.line, f"question {anchors[b.line]}") for b in page.questions]
    heads = [(line, text) for line, level, text in page.headings if level == 2]
    for n, (line, text) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else 10**9
        out.append((line, text, [what for at, what in sorted(items) if line < at < end]))
    return out


RE_RISK_HEADING = re.compile(r"^#{1,6}\s.*\{[^}]*\.risk\b[^}]*\}\s*$")


def risk_headings(page: Page) -> list[int]:
    """The lines of the headings marked `{ .risk }` (where the crisis note goes), outside code."""
    code = page.structure.code_lines
    return [n for n in range(page.body_start, len(page.lines) + 1)
            if n not in code and RE_RISK_HEADING.match(page.lines[n - 1])]


def check_safety_parity(main: Page, other: Page) -> list[Finding]:
    """A translation keeps what keeps a reader safe: `risk: true` (the crisis note on the page)
    and the `{ .risk }` section it follows."""
    findings = []
    ours, theirs = main.meta.get("risk") is True, other.meta.get("risk") is True
    if ours != theirs:
        findings.append(Finding(other.path, other.line_of("risk") if "risk" in other.meta else 1, 1, "parity",
                                f"`risk: true` of {main.path} is missing here" if ours
                                else f"`risk: true` is here but not in {main.path}",
                                "the crisis note must show on both pages: keep `risk:` as the main edition has it"))
    mine, yours = risk_headings(main), risk_headings(other)
    if len(mine) != len(yours):
        at = yours[0] if yours else other.body_start
        findings.append(Finding(other.path, at, 1, "parity",
                                f"{len(yours)} heading(s) marked {{ .risk }}; {main.path} has {len(mine)}",
                                "mark the same section `{ .risk }`: the crisis note follows it"))
    return findings


def check_page_parity(main: Page, other: Page) -> list[Finding]:
    findings = check_safety_parity(main, other)
    kinds = {other.anchors[b.line]: b for b in other.questions if b.name == "question"}
    for block in (b for b in main.questions if b.name == "question"):
        twin = kinds.get(main.anchors[block.line])
        if twin is None:
            continue
        for key, default in (("type", "single"), ("shuffle", True), ("final", False), ("objective", None)):
            if block.options.get(key, default) != twin.options.get(key, default):
                findings.append(Finding(other.path, twin.line, 1, "parity",
                                        f"question '{main.anchors[block.line]}' has {key}: "
                                        f"{str(twin.options.get(key, default)).lower()}; {main.path} has "
                                        f"{str(block.options.get(key, default)).lower()}",
                                        f"keep `{key}:` as the main edition has it: it changes what counts as right"
                                        if key == "type" else f"keep `{key}:` as the main edition has it"
                                        if key != "final" else "keep `final:` as the main edition has it: a final item "
                                        "is asked in the final check, not on the tip's page"))
    theirs = {a: (n, right) for a, n, right, _ in other.question_specs()}
    lines = {other.anchors[b.line]: b.line for b in other.questions if b.name == "question"}
    for anchor, count, right, _ in main.question_specs():
        if anchor not in theirs:
            findings.append(Finding(other.path, other.body_start, 1, "parity",
                                    f"question '{anchor}' of {main.path} is missing here",
                                    f"translate it, with `id: {anchor}`"))
            continue
        n, their_right = theirs[anchor]
        if n != count:
            findings.append(Finding(other.path, lines[anchor], 1, "parity",
                                    f"question '{anchor}' has {n} options; {main.path} has {count}",
                                    "translate every option, no more"))
        elif their_right != right:
            findings.append(Finding(other.path, lines[anchor], 1, "parity",
                                    f"question '{anchor}' marks options {their_right} right; {main.path} marks {right}",
                                    "keep `correct: true` on the same options, in the same order"))
    mine = {a for a, *_ in main.question_specs()}
    for anchor, line in lines.items():
        if anchor not in mine:
            findings.append(Finding(other.path, line, 1, "parity", f"question '{anchor}' is not in {main.path}",
                                    "a translation asks the same questions"))
    main_kinds = [c.kind for c in main.callouts]
    other_kinds = [c.kind for c in other.callouts]
    if main_kinds != other_kinds:
        at = next((c.line for c, k in zip(other.callouts, main_kinds) if c.kind != k),
                  other.callouts[-1].line if other.callouts else other.body_start)
        findings.append(Finding(other.path, at, 1, "parity",
                                f"callouts {other_kinds} differ from {main.path}: {main_kinds}",
                                "keep the same callout types in the same order"))
    main_sections, other_sections = _sections(main), _sections(other)
    if len(main_sections) != len(other_sections):
        at = other_sections[-1][0] if other_sections else other.body_start
        findings.append(Finding(other.path, at, 1, "parity",
                                f"{len(other_sections)} `##` sections; {main.path} has {len(main_sections)}",
                                "keep one translated section for each"))
    else:
        for (_, title, holds), (line, their_title, their_holds) in zip(main_sections, other_sections):
            if holds != their_holds:
                findings.append(Finding(other.path, line, 1, "parity",
                                        f"section '{their_title}' holds {their_holds or 'no callout or question'}; "
                                        f"'{title}' in {main.path} holds {holds or 'none'}",
                                        "keep the sections in the same order, each with the same callouts and questions"))
    return findings


def check_parity(main: Site, other: Site) -> list[Finding]:
    """Every tip of `main` against its page in `other`. One root cause gives one finding: a nav
    entry for a missing file is the nav check's (in each edition), and a tip missing from one
    edition does not also put the others "in another order"."""
    findings = []
    have = set(other.markdown_files())
    tips = [rel for rel in main.tip_paths() if (main.docs_dir / rel).is_file()]  # the nav check names the others
    nav_file = other.settings.file_of("nav")
    for rel in tips:
        if rel not in have:
            if rel not in other.tip_paths():  # listed there but missing: the nav check of that edition says so
                findings.append(Finding(main.page(rel).path, 1, 1, "parity",
                                        f"no {other.lang} page for this tip: {other.shown(other.docs_dir / rel)} is missing",
                                        f"translate it (keep the file name), and list it in the nav of {nav_file}; until then, a page "
                                        "there with `translation: pending` in its front matter links this one"))
            continue
        if "translation" in other.page(rel).meta:
            continue  # one finding, of its edition's checks: the translation is pending (or its line mistyped)
        findings += check_page_parity(main.page(rel), other.page(rel))
    if (main.settings.crisis.get("line") or "").strip() and not (other.settings.crisis.get("line") or "").strip():
        findings.append(Finding(other.settings.file_of("extra", "crisis"), other.settings.line("extra", "crisis"), 1,
                                "parity", f"this edition has no crisis line (extra.crisis.line); {main.settings.file} has one",
                                "translate extra.crisis: without it, risk pages show no crisis note"))
    # A translated tip left out of its edition's nav: that edition's own check says so (tip-order), once.
    theirs = [r for r in other.tip_paths() if r in tips]
    ours = [r for r in tips if r in theirs]
    if theirs != ours:
        at = other.nav_line(next(t for t, o in zip(theirs, ours) if t != o))
        findings.append(Finding(nav_file, at, 1, "parity", f"the tips are in another order than in {main.settings.file}",
                                "list them in the same order (the cards and checks follow it)"))
    return findings
