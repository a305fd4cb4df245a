"""Item writing: patterns a reader could answer from without reading the tip (warnings).

- A right option at least 1.5 times as long as the mean of the wrong ones: the longest
  answer is a known giveaway.
- Among a page's `shuffle: false` questions (shown as written), one position holding more
  than half of the right answers.
- Feedback that names an option's action with another verb than the option's own (data/item-verbs.yml).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

from ..model import Finding, Page
from ..model.frontmatter import FAST_LOADER

LONG = 1.5


def check_items(page: Page) -> list[Finding]:
    findings = []
    fixed: Counter = Counter()
    fixed_right = 0
    for block in page.questions:
        if block.name != "question":
            continue
        options = [c for c in block.children if c.name == "option"]
        wrong = [len(o.title) for o in options if o.options.get("correct") is not True]
        for option in options:
            if option.options.get("correct") is True and wrong and len(option.title) >= LONG * sum(wrong) / len(wrong):
                findings.append(Finding(page.path, option.line, option.col + 1, "item-length",
                                        f"the right answer is {len(option.title) / (sum(wrong) / len(wrong)):.1f} times "
                                        "as long as the wrong ones, which gives it away",
                                        "shorten it, or give the wrong options the same detail", "warning"))
        if block.options.get("shuffle", True) is False:
            for n, option in enumerate(options, 1):
                if option.options.get("correct") is True:
                    fixed[n] += 1
                    fixed_right += 1
    if fixed_right >= 2:
        position, count = fixed.most_common(1)[0]
        if count * 2 > fixed_right:
            findings.append(Finding(page.path, page.body_start, 1, "item-position",
                                    f"{count} of the {fixed_right} right answers in questions with `shuffle: false` "
                                    f"are option {position}", "move some right answers to other places", "warning"))
    return findings


@lru_cache(maxsize=None)
def item_verbs(lang: str) -> tuple[dict[str, str], re.Pattern | None, frozenset[str]]:
    """Each form of the choice verbs of a language (data/item-verbs.yml) -> its verb, the
    pattern of the forms that name an action, and the words after which such a form still
    opens what the feedback says of the option."""
    data = yaml.load((Path(__file__).parent.parent / "data" / "item-verbs.yml").read_text(encoding="utf-8"),
                     Loader=FAST_LOADER).get(lang) or {}
    forms = {form: verb for verb, forms in (data.get("verbs") or {}).items() for form in forms}
    return (forms, re.compile(data["naming"]) if data.get("naming") else None,
            frozenset(str(w).lower() for w in data.get("after") or ()))


RE_WORD = re.compile(r"[^\W\d_]+|[.!?:;]")


def verbs_in(text: str, lang: str) -> list[tuple[str, str]]:
    """(form, verb) of each choice verb in `text`, in order."""
    forms = item_verbs(lang)[0]
    return [(w, forms[w.lower()]) for w in re.findall(r"[^\W\d_]+", text) if w.lower() in forms]


def naming_verbs(text: str, lang: str) -> list[tuple[str, str]]:
    """(form, verb) of each choice verb that names the option's action in the feedback's first
    sentence (where it says what the option does; later ones tell what to do instead): a naming
    form that opens it, or follows one of the language's `after` words ("…, but choosing for him …")."""
    forms, names, after = item_verbs(lang)
    out, previous = [], "."
    tokens = RE_WORD.findall(text)
    ends = [n for n, t in enumerate(tokens) if t in ".!?"] + [len(tokens)]
    start = ends[0] + 1 if ends[0] <= 1 else 0  # "No. Deciding for her …": the sentence after a one-word one
    end = next((n for n in ends if n > start), len(tokens))
    for token in tokens[start:end]:
        word = token.lower()
        if (word in forms and names is not None and names.search(word)
                and (previous in ".!?:;" or previous in after)):
            out.append((token, forms[word]))
        previous = word
    return out


def check_item_verbs(page: Page, lang: str = "en") -> list[Finding]:
    """A wrong option that says what the practitioner does ("Suggest …") and feedback that names
    it with another such verb ("…, but choosing for him …"): the feedback argues with an option
    nobody chose."""
    findings = []
    for block in page.questions:
        for option in (c for c in block.children if c.name == "option" and c.options.get("correct") is not True):
            own = verbs_in(option.title, lang)
            named = naming_verbs(option.text, lang)
            if own and named and named[0][1] not in {verb for _, verb in own}:
                word = named[0][0]
                line = next((ln for ln in option.body if re.search(rf"\b{re.escape(word)}\b", ln.text)), None)
                findings.append(Finding(page.path, line.number if line else option.line, (line.col if line else option.col) + 1,
                                        "item-verb", f"the feedback says '{word}' where the option says '{own[0][0]}': "
                                        "it answers another option than this one", "use the option's own verb", "warning"))
    return findings


FINAL_MARKER = "<!-- final-check -->"


def check_final_blocks(page: Page, tip: bool) -> list[Finding]:
    """What a final item (`final: true`) needs: a tip page, an id, an objective of that tip;
    and the quality every question needs to measure anything: a multiple-answer question with
    at least two wrong options (with one, choosing all but the odd one out is a safe guess)."""
    findings = []
    listed = isinstance(page.meta.get("objectives"), list)  # not a list: the front-matter check says so, once
    objectives = page.meta.get("objectives") if listed else []
    for block in page.questions:
        if block.name != "question":
            continue
        at = (page.path, block.line, block.col + 1)
        n = block.options.get("objective")
        if "final" in block.options and not isinstance(block.options["final"], bool):
            continue  # `final:` is not true or false: the block check says so, and nothing follows from it
        if block.final and block.container:
            findings.append(Finding(*at, "final-item", f"a final item cannot sit inside a {block.container.split()[0]}: "
                                    "the tip page leaves it out, and would keep an empty box",
                                    "move it out, to the start of a line under Check yourself"))
        if block.final and not tip:
            findings.append(Finding(*at, "final-item", "`final: true` is read on tip pages only (docs/tips/)",
                                    "move the question to the tip it assesses"))
        elif block.final and not block.options.get("id"):
            findings.append(Finding(*at, "final-item", "a final item needs an `id:`: the learning system records "
                                    "each answer by it, and a retake draws by it", "add `id: <tip>-final-1a`"))
        if n is not None and not block.final:
            findings.append(Finding(*at, "final-item", "`objective:` is read on final items only",
                                    "add `final: true`, or remove `objective:`"))
        elif block.final and tip and listed and isinstance(n, int) and not isinstance(n, bool) and n > len(objectives):
            findings.append(Finding(*at, "final-item", f"`objective: {n}`, but this tip has {len(objectives)} "
                                    "objective(s) in its front matter", "number the objective from 1, in the order of `objectives:`"))
        elif block.final and tip and listed and n is None and len(objectives) > 1:
            findings.append(Finding(*at, "final-item", "this final item does not say which objective it assesses",
                                    "add `objective: N`, the objective's place in `objectives:` (from 1)"))
        options = [c for c in block.children if c.name == "option"]
        wrong = [o for o in options if o.options.get("correct") is not True]
        if block.options.get("type") == "multiple" and options and len(wrong) < 2:
            findings.append(Finding(*at, "item-wrong-options",
                                    f"a multiple-answer question with {len(wrong)} wrong option(s): choosing all but "
                                    "the odd one out is a safe guess", "add a plausible wrong option", "warning"))
    return findings


def _objective_lines(page: Page) -> list[int]:
    """The line of each item of `objectives:` (block style), else the key's line for each."""
    start = page.line_of("objectives")
    out = []
    for n in range(start, min(len(page.lines), page.body_start)):
        text = page.lines[n]  # the line after `start` (lines are numbered from 1)
        if text.lstrip().startswith("- "):
            out.append(n + 1)
        elif text.strip() and not text.startswith((" ", "\t")):
            break
    return out


def check_final_coverage(site) -> list[Finding]:
    """Over the site (one edition): every objective of every tip has a final item, when the site
    has a final check; and the right option is the longest in no more single-answer questions
    than chance would give (the sum of 1/options), else each such question is named."""
    findings = []
    pages = [site.page(rel) for rel in site.markdown_files()]
    has_final = any(FINAL_MARKER in line for p in pages
                    for n, line in enumerate(p.lines, 1) if n not in p.structure.code_lines)
    longest, chance = [], 0.0
    final_ids: dict[str, tuple] = {}
    for page in pages:
        for block in page.questions:
            if block.final and isinstance(block.options.get("id"), str):
                qid = block.options["id"]
                if qid in final_ids:
                    path, line = final_ids[qid]
                    findings.append(Finding(page.path, block.line, block.col + 1, "final-item",
                                            f"the id '{qid}' is already a final item's, in {path} at line {line}: "
                                            "the final check shows both, and the learning system mixes their answers",
                                            "give each final item of the site its own `id:`"))
                else:
                    final_ids[qid] = (page.path, block.line)
            options = [c for c in block.children if c.name == "option"] if block.name == "question" else []
            right = [o for o in options if o.options.get("correct") is True]
            if block.options.get("type", "single") != "single" or len(right) != 1 or len(options) < 2:
                continue
            chance += 1 / len(options)
            wrong = [len(o.title) for o in options if o is not right[0]]
            if all(len(right[0].title) > w for w in wrong) and len(right[0].title) < LONG * sum(wrong) / len(wrong):
                longest.append((page, right[0]))  # (1.5 times as long or more: check_items says so, once)
            elif all(len(right[0].title) > w for w in wrong):
                longest.append((None, right[0]))  # counted, said by check_items
    if len(longest) > chance:
        for page, option in longest:
            if page is None:
                continue
            findings.append(Finding(page.path, option.line, option.col + 1, "item-length",
                                    f"the right option is the longest here; on this site that happens in {len(longest)} "
                                    f"questions, where chance gives {chance:.1f}, so length gives answers away",
                                    "shorten it, or give a wrong option the same detail", "warning"))
    if not has_final:
        return findings
    for page in site.tips():
        objectives = page.meta.get("objectives") if isinstance(page.meta.get("objectives"), list) else []
        assessed = {b.options.get("objective") if len(objectives) > 1 else 1 for b in page.questions
                    if b.final and isinstance(b.options.get("objective", 1), int)}
        lines = _objective_lines(page)
        for n, objective in enumerate(objectives, 1):
            if n not in assessed:
                findings.append(Finding(page.path, lines[n - 1] if n <= len(lines) else page.line_of("objectives"), 1,
                                        "final-item", f"objective {n} ('{objective}') has no final item: the "
                                        "final check does not assess it",
                                        f"write a question with `final: true` and `objective: {n}` in this tip", "warning"))
    return findings
