"""What the tips teach, for readers and trainers, built from the tips' front matter.

- At the top of each tip: "After this tip you can:" and its objectives.
- `<!-- frameworks -->`: each published principle with the tips that serve it, and the
  citations (data/frameworks.yml).
- `<!-- knowledge-check -->`: the first practice question of each tip, rendered again from
  its source, never copied (for a session's before/after check).
- `<!-- final-check -->`: the tips' final items (`final: true`, left out of the tip pages),
  grouped by the objective each assesses; questions.js draws one per objective per attempt.
- `<!-- certificate -->`: the certificate of completion (course title, hours from the tips'
  `minutes`, objectives, content version); questions.js shows it only after a pass and fills
  in the learner's name, date and score from this device.
- `<!-- paper handbook -->` (or handout, knowledge-check, knowledge-check-key, evaluation): a
  download link to that paper document in each size the settings ask for (`extra.paper.size`);
- `<!-- session-plan 60 -->`: a timed agenda whose times come from the tips' `minutes` and
  the activities' lengths, with the totals computed.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from ..model import Page, Site, strings
from ..model.frameworks import frameworks
from ..model.settings import PAPER_DOCS, RE_PAPER_DIRECTIVE
from ..model.site import CERTIFICATE, book_name, certificate_layout
from ..model.site import KNOWLEDGE_CHECK  # noqa: F401 - this module's marker too (directives), known to the model
from ..model.code import mask_code

RE_H1 = re.compile(r"(?m)^# .*\n")
FRAMEWORKS = "<!-- frameworks -->"
FINAL_CHECK = "<!-- final-check -->"
CERTIFICATE_CHECK = "<!-- certificate-check -->"
RE_SESSION = re.compile(r"<!-- session-plan (\d+) -->")
EVALUATION = "<!-- evaluation -->"
SLIDES = "<!-- slides -->"


def link(site: Site, from_rel: str, rel: str) -> str:
    return posixpath.relpath(rel, posixpath.dirname(from_rel) or ".")


def with_objectives(markdown: str, objectives, site: Site) -> str:
    """The tip's Markdown with its objectives right after the title."""
    from .templates import render

    if not isinstance(objectives, list) or not objectives:
        return markdown
    block = render(site, "directives/objectives.md.j2", objectives=[str(o) for o in objectives]) + "\n\n"
    m = RE_H1.search(markdown)
    return markdown[:m.end()] + block + markdown[m.end():] if m else block + markdown


def frameworks_table(site: Site, from_rel: str) -> str:
    from .templates import render

    tips = site.tips()
    shown = [{"name": framework.name, "citation": framework.citation,
              "principles": [{"name": principle.name, "tag": principle.tag,
                              "tips": [f"[{p.meta.get('title')}]({link(site, from_rel, p.rel)})" for p in tips
                                       if principle.tag in (p.meta.get("frameworks") or [])]}
                             for principle in framework.principles]}
             for framework in frameworks(site.lang)]
    return render(site, "directives/frameworks.md.j2", frameworks=shown, cited_lang="en" if site.lang != "en" else "")


@dataclass(frozen=True)
class FinalItem:
    """One item of the final check's pool: the tip it comes from, the objective it assesses
    (its id as the LMS records it, and its words) and its source lines."""

    rel: str
    objective: str
    objective_text: str
    source: str


def tip_objectives(page) -> list[str]:
    return [str(o) for o in (page.meta.get("objectives") or []) if isinstance(o, str)] \
        if isinstance(page.meta.get("objectives"), list) else []


def final_items(site: Site, module="all") -> list[FinalItem]:
    """The final check's pool (of every tip, or of a module's): each tip's `final: true` items,
    which its own page leaves out. A tip with none lends its first practice question, so a new
    site still has a final check (the checks warn that its objectives have no final item)."""
    out = []
    for page in site.tips(module):
        questions = [b for b in page.questions if b.name == "question"]
        objectives = tip_objectives(page)
        final = [b for b in questions if b.final]
        for block in final or [b for b in questions if not b.final][:1]:
            n = block.options.get("objective")
            n = n if isinstance(n, int) and not isinstance(n, bool) and 0 < n <= len(objectives) else \
                (1 if len(objectives) == 1 else 0)
            text = objectives[n - 1] if n else str(page.meta.get("title") or page.rel)
            out.append(FinalItem(page.rel, objective_id(page.rel, n), text, "\n".join(block.source)))
    return out


def knowledge_items(site: Site, module="all") -> list[tuple[str, list[str]]]:
    """(tip rel, source lines) of the knowledge check for a session: the first practice question
    of each tip — never a final item, whose key would then be one click away."""
    return [(page.rel, block.source) for page, block in site.knowledge_blocks(module)]


def knowledge_check(site: Site, module="all") -> str:
    """The knowledge check for a session: its items, with the before and after rounds that
    questions.js keeps apart (kept on the device under `rapport:prepost`)."""
    from .templates import render

    return render(site, "directives/knowledge-check.md.j2", key="rapport:prepost",
                  items=["\n".join(source) for _, source in knowledge_items(site, module)])


def whole_minutes(value) -> int:
    """Minutes as a whole number; anything else (a TODO left by the scaffold) counts 0 — the
    front-matter check reports it at its line."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


@dataclass(frozen=True)
class PlanRow:
    """One activity of a session plan: when it starts, how long it takes, what to do (Markdown),
    and for a tip's row its page."""

    start: int
    minutes: int
    what: str
    tip: Page | None = None
    slide: tuple[str, ...] = ()  # the author's points for its slide (`slide:`), if any


def plan_rows(site: Site, from_rel: str, activities: list[dict]) -> list[PlanRow]:
    """The activities of a session, tips in nav order, each tip timed by its own `minutes`."""
    rows, clock = [], 0
    for item in activities if isinstance(activities, list) else []:
        if not isinstance(item, dict):
            continue
        if item.get("tips"):
            wanted = item["tips"] if item["tips"] == "all" or isinstance(item["tips"], list) else []  # else a finding
            chosen = [p for p in site.tips() if wanted == "all" or posixpath.basename(p.rel)[:-3] in wanted]
            for page in chosen:
                minutes = whole_minutes(page.meta.get("minutes"))  # a TODO is a finding of the checks, 0 here
                reflect = reflect_of(page)
                read = strings.text(site.lang, "plan_read", tip=f"[{page.meta.get('title')}]({link(site, from_rel, page.rel)})")
                prompt = f" {strings.text(site.lang, 'plan_discuss')} *{reflect}*" if reflect else ""
                rows.append(PlanRow(clock, minutes, read + prompt, page))
                clock += minutes
        else:
            points = item.get("slide") if isinstance(item.get("slide"), list) else []
            rows.append(PlanRow(clock, whole_minutes(item.get("minutes")), str(item.get("name") or ""),
                                slide=tuple(str(p) for p in points if isinstance(p, str))))
            clock += whole_minutes(item.get("minutes"))
    return rows


def reflect_of(page: Page) -> str:
    """A tip's Reflect question: the text of its `reflect` callout."""
    return next((c.text for c in page.callouts if c.kind == "reflect"), "")


def session_plan(site: Site, from_rel: str, length: int, activities: list[dict]) -> str:
    """A timed agenda: the activities of a session of `length` minutes, with tips in nav order."""
    from .templates import render

    rows = plan_rows(site, from_rel, activities)
    return render(site, "directives/session-plan.md.j2", total=sum(r.minutes for r in rows),
                  rows=[{"start": r.start, "minutes": r.minutes, "what": r.what} for r in rows])


def evaluation_items(page: Page | None) -> tuple[list[dict], list[dict]]:
    """The reaction form's statements (rated on the catalogue's five-point scale) and open
    questions, from the front matter's `evaluation:` (`statements:`, `questions:`), each with
    its id as the LMS records it (s1, s2 … q1 …). A value that is not text is a finding of the
    checks (rapport.checks.frontmatter), left out here."""
    spec = page.meta.get("evaluation") if page is not None else None
    spec = spec if isinstance(spec, dict) else {}
    pick = lambda key: [str(v).strip() for v in spec.get(key) or [] if isinstance(v, str) and v.strip()]  # noqa: E731
    return ([{"id": f"s{n}", "text": t} for n, t in enumerate(pick("statements"), 1)],
            [{"id": f"q{n}", "text": t} for n, t in enumerate(pick("questions"), 1)])


def evaluation(site: Site, rel: str) -> str:
    """The reaction form of the page `rel` (rapport.markdown.directives)."""
    from .templates import render

    statements, questions = evaluation_items(site.page(rel))
    course = site.settings.card.title or site.name or ""
    return render(site, "directives/evaluation.html.j2", statements=statements, questions=questions, course=course)


def slides_list(site: Site, rel: str) -> str:
    """`<!-- slides -->`: a link to each session plan's slides (web page and PDF) and presenter
    notes, with its type and size, for every plan of the edition (rapport.outputs.slides)."""
    from .templates import render

    decks = [{"minutes": length, "html": link(site, rel, f"slides-{length}.html"), "pdf": link(site, rel, f"slides-{length}.pdf"),
              "notes": link(site, rel, f"slides-{length}-notes.pdf")}
             for length in sorted({length for _, length, _ in site.session_plans()})]
    return render(site, "directives/slides.md.j2", decks=decks)


def paper_links(site: Site, rel: str, name: str) -> str:
    """`<!-- paper NAME -->`: a link to the paper document NAME (rapport.model.settings.PAPER_DOCS)
    in each size built, labelled from the catalogue, with its type and size filled in by the build."""
    from .templates import render

    words = strings.ui(site.lang)
    units: list = [None]
    if name in ("handbook", "handout"):  # a library: a book per module; a module's page lists its own
        here = site.module_of(rel)
        units = [here] if here is not None else site.book_units()
    items = [{"href": link(site, rel, book_name(name, unit, size)),
              "label": strings.text(site.lang, "dl_paper", paper=words[f"paper_name_{size}"], doc=words[f"dl_paper_{name}"]
                                    if unit is None else strings.text(site.lang, "book_of", doc=words[f"dl_paper_{name}"],
                                                                      module=unit.title))}
             for unit in units for size in site.settings.paper_sizes]
    return render(site, "directives/paper.md.j2", items=items).strip("\n")  # one list with the lines around it


def paper_sizes_text(site: Site) -> str:
    """The paper sizes built, in words: "US Letter", "US Letter and A4"."""
    words = strings.ui(site.lang)
    names = [words[f"paper_name_{size}"] for size in site.settings.paper_sizes]
    return names[0] if len(names) == 1 else strings.text(site.lang, "paper_both", a=names[0], b=names[1])


def paper_directives(text: str, site: Site, rel: str) -> str:
    """Every `<!-- paper NAME -->` of a page's Markdown (code masked) filled in; an unknown NAME is
    the checks' finding (rapport.checks.frontmatter) and stays as written."""
    return RE_PAPER_DIRECTIVE.sub(lambda m: paper_links(site, rel, m.group(1)) if m.group(1) in PAPER_DOCS else m.group(0),
                                  text)


def pass_mark(site: Site) -> int:
    return (site.settings.final_check.pass_mark if site.settings.final_check else None) or 80


def page_with(site: Site, marker: str, near: str = "") -> str | None:
    """The first page (in nav order) whose Markdown holds `marker` — in a library, in the same
    module as the page `near`."""
    module = site.module_of(near) if near else None
    for rel in dict.fromkeys(site.nav_paths()):
        if site.modules and site.module_of(rel) is not module:
            continue
        path = site.docs_dir / rel
        if path.is_file() and marker in mask_code(path.read_text(encoding="utf-8", errors="replace"))[0]:
            return rel  # a marker shown as an example, in code, does not count
    return None


def scope(site: Site, rel: str):
    """What a final check or certificate on page `rel` covers: its module, or every tip."""
    return site.module_of(rel) or "all"


def final_key(site: Site, rel: str) -> str:
    """Where the device keeps the final check's result: one per module in a library."""
    module = site.module_of(rel)
    return f"rapport:final:{module.slug}" if module else "rapport:final"


def final_check(site: Site, from_rel: str = "final-check.md") -> str:
    """The final check: the knowledge check's questions, scored against the pass mark with
    JavaScript; without it, practice only (its keys are one click away)."""
    from .templates import render

    cert = page_with(site, CERTIFICATE, from_rel)
    key = final_key(site, from_rel)
    items = final_items(site, scope(site, from_rel))
    titles = {p.rel: str(p.meta.get("title") or p.rel) for p in site.tips(scope(site, from_rel))}
    objectives = [{"id": item.objective, "text": item.objective_text, "tip": titles[item.rel],
                   "link": f"{link(site, from_rel, item.rel)[:-3]}.html"}
                  for item in {i.objective: i for i in items}.values()]
    return render(site, "directives/final-check.md.j2", mark=pass_mark(site), key=key,
                  certificate=f"{link(site, from_rel, cert)[:-3]}.html" if cert else "",
                  items=[{"objective": i.objective, "source": i.source} for i in items], objectives=objectives)


def objective_id(rel: str, n: int = 0) -> str:
    """A learning objective as the LMS records it (cmi.objectives.n.id): the tip's file name,
    and the objective's number in its list (`be-curious-2`)."""
    name = re.sub(r"[^A-Za-z0-9_-]", "-", posixpath.basename(rel)[:-3])[:60]
    return f"{name}-{n}" if n else name


def course_minutes(site: Site, module="all") -> int:
    return sum(int(p.meta.get("minutes") or 0) for p in site.tips(module)
               if isinstance(p.meta.get("minutes"), int) and not isinstance(p.meta.get("minutes"), bool))


def hours_text(minutes: int, lang: str = "en") -> str:
    """Clock hours to the nearest quarter hour, as a continuing-education record shows them."""
    return strings.hours_text(lang, minutes)


def certificate(site: Site, from_rel: str) -> str:
    """The certificate of completion: built here from the content; questions.js shows it only
    after a pass and fills in the name, date and score kept on this device."""
    from .templates import render

    covers = scope(site, from_rel)
    final = page_with(site, FINAL_CHECK, from_rel)
    objectives = site.objectives(covers)
    checker = page_with(site, CERTIFICATE_CHECK)
    given = site.settings.certificate or {}
    return render(site, "directives/certificate.html.j2", final_key=final_key(site, from_rel),
                  provider=(given.get("provider") or "").strip(), approval=(given.get("approval") or "").strip(),
                  approved_by=(given.get("approved_by") or "").strip(),
                  check_title=str(site.page(checker).meta.get("title") or "") if checker else "",
                  final_link=f"{link(site, from_rel, final)[:-3]}.html" if final else "",
                  course=site.name if covers == "all" else f"{site.name}: {covers.title}", mark=pass_mark(site),
                  dense=certificate_layout(objectives) != "normal",  # long objectives: the smaller type fits one page
                  hours=hours_text(course_minutes(site, covers), site.lang), version=site.date.strftime("%Y-%m-%d"),
                  objectives=objectives)


def certificate_check(site: Site, from_rel: str) -> str:
    """A form a supervisor fills from a printed certificate: questions.js works out the code from
    the course, version, name, date and score, as the certificate did, and says if it matches.
    Offline: nothing is sent anywhere."""
    from .templates import render

    from ..model import load_site

    editions = [load_site(site.root / lang.config) for lang in site.languages] or [site]
    courses = list(dict.fromkeys([site.name] + [e.name for e in editions]  # a certificate of any edition
                                 + [f"{e.name}: {module.title}" for e in editions for module in e.modules]))
    return render(site, "directives/certificate-check.html.j2", courses=courses,
                  version=site.date.strftime("%Y-%m-%d"))
