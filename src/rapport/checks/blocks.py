"""What a question or scenario must contain to render as intended, against the grammar
in `rapport.model.grammar` (the same grammar the Markdown extension renders from)."""

from __future__ import annotations

from ..model import BLOCKS, Block, Finding, Page

QUESTION_MIN_OPTIONS = 2


def _layout(question: Block, options: list[Block]) -> list[int]:
    """Lines of text written between two options: the renderer has no place for them."""
    if len(options) < 2:
        return []
    first, last = options[0].line, options[-1].line
    return [line.number for line in question.body if line.text.strip() and first < line.number < last]


def check_blocks(page: Page) -> list[Finding]:
    findings: list[Finding] = []
    seen: dict[str, int] = {}

    def add(block: Block, rule: str, message: str, hint: str, line: int | None = None) -> None:
        findings.append(Finding(page.path, line or block.line, block.col + 1, rule, message, hint))

    for block, parent in page.walk():
        spec = BLOCKS.get(block.name)
        if spec is None:
            continue
        if "quote" in block.container.split():
            if parent is not None and "quote" in parent.container.split():
                continue  # the outermost block in the quote says it for all inside
            add(block, "block-nesting", f"a {block.name} cannot sit inside a quote (lines starting with >)",
                "take away the > at the start of its lines")
            continue
        if spec.parent and (parent is None or parent.name != spec.parent):
            add(block, "block-nesting", f"an {block.name} must sit inside a {spec.parent}",
                f"move it inside a /// {spec.parent} … /// block and give it one more slash than the {spec.parent}")
            continue
        if not spec.parent and parent is not None and parent.name in BLOCKS:
            add(block, "block-nesting", f"a {block.name} cannot sit inside a {parent.name}", f"close the {parent.name} first")
        if spec.needs_title and not block.title:
            add(block, "option-empty" if block.name == "option" else "question-empty",
                f"{'an' if block.name[0] in 'aeiou' else 'a'} {block.name} needs {spec.title_hint} after the bar",
                f"write it as `{'/' * block.fence} {block.name} | …`")
        for name, value in block.options.items():
            option = spec.options.get(name)
            problem = option.problem(name, value) if option else None
            if problem:
                add(block, "question-id" if name == "id" else "question-options", problem,
                    f"for example `{option.example}`")
        if block.line in page.anchors:
            anchor = page.anchors[block.line]
            if anchor in seen:
                given = "its id" if block.options.get("id") else f"the automatic id '{anchor}'"
                add(block, "question-id", f"{given} is already used by the question on line {seen[anchor]}, "
                    "so their answers would mix", "give each question on the page its own `id:`")
            else:
                seen[anchor] = block.line
        if block.name == "question":
            findings += _question(page, block)
        if block.name == "scenario":
            answers = [c for c in block.children if c.name == "answer"]
            if not answers:
                add(block, "scenario-answer", "a scenario needs a model answer",
                    "add a `//// answer` … `////` block inside the scenario")
            elif not any(a.text for a in answers):
                add(answers[0], "scenario-answer", "the model answer is empty", "write the model answer inside it")
    return findings


def _question(page: Page, block: Block) -> list[Finding]:
    findings = []

    def add(at: Block, rule: str, message: str, hint: str, line: int | None = None) -> None:
        findings.append(Finding(page.path, line or at.line, at.col + 1, rule, message, hint))

    options = [c for c in block.children if c.name == "option"]
    if len(options) < QUESTION_MIN_OPTIONS:
        add(block, "question-options", f"a question needs at least {QUESTION_MIN_OPTIONS} options, this one has {len(options)}",
            "add `//// option | …` blocks inside the question")
    for line in _layout(block, options)[:1]:
        add(block, "question-layout", "text between two options is not shown to the reader", "move it above the first "
            "option (it then introduces the question) or below the last (it then explains the answer)", line)
    for opt in options:
        if opt.title and not opt.text:
            add(opt, "option-feedback", "this option has no feedback",
                "under the option line, say why this answer works or does not")
    correct = [o for o in options if o.options.get("correct") is True]
    if options and not correct:
        add(block, "question-answer", "no option is marked correct",
            "add `correct: true`, indented 4 spaces, under the right option's line")
    if block.options.get("type", "single") == "single" and len(correct) > 1:
        lines = ", ".join(str(o.line) for o in correct)
        add(block, "question-answer", f"{len(correct)} options are marked correct (lines {lines}) on a single-answer question",
            "keep one `correct: true`, or set `type: multiple`")
    return findings
