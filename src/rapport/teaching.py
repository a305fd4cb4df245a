"""What the tips teach, for readers and trainers, built from the tips' front matter.

- At the top of each tip: "After this tip you can:" and its objectives.
- `<!-- frameworks -->`: each published principle with the tips that serve it, and the
  citations (data/frameworks.yml).
- `<!-- knowledge-check -->`: the first question of each tip (or those marked
  `final: true`), rendered again from their source, never copied.
- `<!-- session-plan 60 -->`: a timed agenda whose times come from the tips' `minutes` and
  the activities' lengths, with the totals computed.
"""

from __future__ import annotations

import posixpath
import re

from .model import Site
from .model.frameworks import frameworks

RE_H1 = re.compile(r"(?m)^# .*\n")
FRAMEWORKS = "<!-- frameworks -->"
KNOWLEDGE_CHECK = "<!-- knowledge-check -->"
FINAL_CHECK = "<!-- final-check -->"
RE_SESSION = re.compile(r"<!-- session-plan (\d+) -->")


def link(site: Site, from_rel: str, rel: str) -> str:
    return posixpath.relpath(rel, posixpath.dirname(from_rel) or ".")


def with_objectives(markdown: str, objectives) -> str:
    """The tip's Markdown with its objectives right after the title."""
    if not isinstance(objectives, list) or not objectives:
        return markdown
    block = ('\n<div class="rp-objectives" markdown>\n**After this tip you can:**\n\n'
             + "".join(f"- {o}\n" for o in objectives) + "</div>\n\n")
    m = RE_H1.search(markdown)
    return markdown[:m.end()] + block + markdown[m.end():] if m else block + markdown


def frameworks_table(site: Site, from_rel: str) -> str:
    tips = site.tips()
    out = []
    for framework in frameworks():
        out += [f"## {framework.name}", "", "| Principle | Tips |", "| --- | --- |"]
        for principle in framework.principles:
            serving = [f"[{p.meta.get('title')}]({link(site, from_rel, p.rel)})" for p in tips
                       if principle.tag in (p.meta.get("frameworks") or [])]
            out.append(f"| {principle.name} (`{principle.tag}`) | {', '.join(serving) or '—'} |")
        out += ["", f"Source: {framework.citation}", ""]
    return "\n".join(out)


def check_questions(site: Site) -> list[tuple[str, list[str]]]:
    """(tip rel, source lines) of the knowledge check: the questions marked `final: true`, else
    the first multiple-choice question of each tip."""
    out = []
    for page in site.tips():
        questions = [b for b in page.questions if b.name == "question"]
        marked = [b for b in questions if b.options.get("final") is True]
        for block in marked or questions[:1]:
            out.append((page.rel, block.source))
    return out


def knowledge_check(site: Site) -> str:
    return "\n\n".join("\n".join(source) for _, source in check_questions(site))


def session_plan(site: Site, from_rel: str, length: int, activities: list[dict]) -> str:
    """A timed agenda: the activities of a session of `length` minutes, with tips in nav order."""
    rows, clock = [], 0
    for item in activities:
        if item.get("tips"):
            wanted = item["tips"]
            chosen = [p for p in site.tips() if wanted == "all" or posixpath.basename(p.rel)[:-3] in wanted]
            for page in chosen:
                minutes = int(page.meta.get("minutes") or 0)
                reflect = next((c.text for c in page.callouts if c.kind == "reflect"), "")
                prompt = f" Discuss: *{reflect}*" if reflect else ""
                rows.append((clock, minutes, f"Read [{page.meta.get('title')}]({link(site, from_rel, page.rel)}) "
                                              f"together.{prompt}"))
                clock += minutes
        else:
            rows.append((clock, int(item["minutes"]), str(item["name"])))
            clock += int(item["minutes"])
    lines = ["| Starts at | Minutes | Activity |", "| --- | --- | --- |"]
    lines += [f"| {start // 60}:{start % 60:02d} | {minutes} | {what} |" for start, minutes, what in rows]
    lines.append(f"| | **{clock}** | **Total** |")
    return "\n".join(lines)


def final_check(site: Site) -> str:
    """The final check: the knowledge check's questions, scored against the pass mark with
    JavaScript; without it, practice only (its keys are one click away)."""
    mark = site.settings.final_check.pass_mark if site.settings.final_check else 80
    return (f'<div class="rq-final" data-pass="{mark}" markdown>\n\n'
            f'<p class="rq-final-nojs"><strong>Practice only.</strong> The final check needs JavaScript to '
            f"score your answers. You can still try the questions and open their answer keys.</p>\n\n"
            f"{knowledge_check(site)}\n\n"
            f'<div class="rq-final-actions" hidden><button type="button" class="md-button md-button--primary rq-final-score">'
            f'Score my check</button> <button type="button" class="md-button rq-final-retake" hidden>Retake the check</button></div>\n'
            f'<div class="rq-final-result" role="status" aria-live="polite"></div>\n\n</div>')
