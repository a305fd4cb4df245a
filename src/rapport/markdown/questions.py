"""Self-check questions as Markdown blocks (pymdown-extensions Blocks API).

Register with `markdown_extensions: [rapport.questions]`. The HTML works with JavaScript
off: real radio/checkbox inputs in a fieldset, and the answer key with every option's
feedback in a <details> the reader opens. `questions.js` adds "Check answer", the live
feedback and saving on the device.

Each block's argument, options, defaults, allowed values, parent and automatic id come
from `rapport.model.grammar`, which the line-tracking scanner and the checks read too.
Mistakes are reported with file and line by `rapport.checks` before the page is rendered;
the `on_validate` guards here only keep a broken block from rendering as something it is not.
"""

from __future__ import annotations

import copy
import hashlib
import xml.etree.ElementTree as etree

from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block, type_boolean, type_html_identifier, type_ranged_integer, type_string_in

from ..model import strings
from ..model.grammar import BLOCKS
from ..model.order import default_order

SRC_OPTION = "rq-option-src"
SRC_ANSWER = "rq-answer-src"
CLASS_OF = {"question": "rq-question", "scenario": "rq-scenario"}  # the HTML class of a parent block

VALIDATORS = {
    "choice": lambda option: type_string_in(list(option.choices)),
    "identifier": lambda option: type_html_identifier,
    "boolean": lambda option: type_boolean,
    "count": lambda option: type_ranged_integer(1, None),
}


def meaning_key(prefix: str, given: str, text: str) -> str:
    """What a saved answer is kept under: the author's id, else a hash of the words themselves —
    so reordering, inserting or removing questions and options never moves an answer elsewhere."""
    if given:
        return f"{prefix}:{given}"
    words = " ".join(str(text or "").split()).casefold()
    return f"{prefix}#{hashlib.sha256(words.encode('utf-8')).hexdigest()[:10]}"


def option_keys(options: list[etree.Element]) -> list[str]:
    """Each option's key, in the author's order; two options with the same words stay apart."""
    keys: list[str] = []
    for option in options:
        key = meaning_key("o", option.get("data-id") or "", option.get("data-title") or "")
        keys.append(key if key not in keys else f"{key}~{keys.count(key) + 1}")
    return keys


def _has_class(el: etree.Element, name: str) -> bool:
    return name in (el.get("class") or "").split()


class GrammarBlock(Block):
    """A block whose argument, options and parent are declared in `rapport.model.grammar`."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        spec = BLOCKS[cls.NAME]
        cls.ARGUMENT = True if spec.needs_title else False
        cls.OPTIONS = {name: (o.default, VALIDATORS[o.kind](o)) for name, o in spec.options.items()}

    def on_validate(self, parent: etree.Element) -> bool:
        want = BLOCKS[self.NAME].parent
        return want is None or _has_class(parent, CLASS_OF[want])

    @property
    def ui(self) -> dict:
        """Our interface text in the page's language (data/strings.yml)."""
        return strings.ui(self.config.get("lang"))

    def unique_key(self, prefix: str) -> str:
        """This block's meaning key, kept apart from an earlier block of the page with the same words."""
        key = meaning_key(prefix, self.options.get("id") or "", self.argument)
        seen = self.tracker.setdefault("keys", [])
        seen.append(key)
        return key if seen.count(key) == 1 else f"{key}~{seen.count(key)}"

    def anchor(self) -> str:
        """The n-th block of this kind on the page gets `<prefix>-<n>` unless it has an id; a
        final item (never on its tip's page) is not counted (rapport.model.Page.anchors)."""
        if self.options.get("final") is True and self.options.get("id"):
            return self.options["id"]
        self.tracker["count"] = self.tracker.get("count", 0) + 1
        return BLOCKS[self.NAME].anchor(self.tracker["count"], self.options.get("id", ""))


class Question(GrammarBlock):
    """A question with options, answered by choosing one (or several) of them.

    Argument (required): the question.
    Options: `type` (`single`, the default, or `multiple`); `id` (a stable anchor);
    `shuffle` (true by default: options are shown in an order fixed at build time; false
    keeps the author's order, for "all of the above").
    Content: optional scenario text, two or more `option` blocks, then an optional
    explanation shown with the answer key.
    """

    NAME = "question"

    def on_create(self, parent: etree.Element) -> etree.Element:
        qid = self.anchor()
        return etree.SubElement(parent, "div", {"class": "rq rq-question", "id": qid, "data-type": self.options["type"],
                                                "data-shuffle": "true" if self.options["shuffle"] else "false",
                                                "data-key": self.unique_key("q")})

    def on_end(self, block: etree.Element) -> None:
        qid = block.get("id")
        multiple = block.get("data-type") == "multiple"
        children = list(block)
        for child in children:
            block.remove(child)
        options = [c for c in children if _has_class(c, SRC_OPTION)]
        first = children.index(options[0]) if options else len(children)
        last = children.index(options[-1]) if options else len(children) - 1
        prompt, explanation = children[:first], children[last + 1:]
        # Shown order: the site's balanced order (given by the build), else one drawn from the id.
        # Each option keeps the author's number as its input's id and value.
        order = self._orders().get(qid)
        if sorted(order or []) != list(range(1, len(options) + 1)):
            order = default_order(qid, len(options), block.get("data-shuffle") != "false")
        shown = [(number, options[number - 1]) for number in order]

        # The question itself: a fieldset whose legend is the question.
        fieldset = etree.SubElement(block, "fieldset", {"class": "rq-fieldset"})
        legend = etree.SubElement(fieldset, "legend", {"class": "rq-legend"})
        legend.text = self.argument
        if multiple:
            hint = etree.SubElement(fieldset, "p", {"class": "rq-hint"})
            hint.text = self.ui["choose_all"]
        if prompt:
            etree.SubElement(fieldset, "div", {"class": "rq-prompt"}).extend(prompt)
        choices = etree.SubElement(fieldset, "div", {"class": "rq-choices"})
        keys = option_keys(options)
        for number, option in shown:
            choice = etree.SubElement(choices, "div", {"class": "rq-choice"})
            etree.SubElement(choice, "input", {
                "type": "checkbox" if multiple else "radio", "class": "rq-input",
                "name": qid, "id": f"{qid}-{number}", "value": str(number), "data-key": keys[number - 1]})
            label = etree.SubElement(choice, "label", {"for": f"{qid}-{number}"})
            label.text = option.get("data-title")

        # Controls for JavaScript (hidden until the script shows them) and the live region.
        actions = etree.SubElement(block, "div", {"class": "rq-actions", "hidden": "hidden"})
        check = etree.SubElement(actions, "button", {"type": "button", "class": "md-button rq-check"})
        check.text = self.ui["check_answer"]
        retry = etree.SubElement(actions, "button", {"type": "button", "class": "md-button rq-retry", "hidden": "hidden"})
        retry.text = self.ui["try_again"]
        etree.SubElement(block, "div", {"class": "rq-feedback", "role": "status", "aria-live": "polite"})

        # The answer key: every option with its feedback, readable with JavaScript off.
        key = etree.SubElement(block, "details", {"class": "rq-key"})
        summary = etree.SubElement(key, "summary")
        summary.text = self.ui["answer_key"]
        items = etree.SubElement(key, "ol", {"class": "rq-key-list"})
        for number, option in shown:
            right = option.get("data-correct") == "true"
            item = etree.SubElement(items, "li", {
                "class": "rq-key-item " + ("rq-right" if right else "rq-wrong"), "data-option": str(number)})
            verdict = etree.SubElement(item, "p", {"class": "rq-verdict"})
            mark = etree.SubElement(verdict, "span", {"class": "rq-mark", "aria-hidden": "true"})
            mark.text = "✓" if right else "✗"
            word = etree.SubElement(verdict, "strong")
            word.text = self.ui["good_choice"] if right else self.ui["not_best"]
            word.tail = " " + (option.get("data-title") or "")
            text = etree.SubElement(item, "div", {"class": "rq-feedback-text"})
            text.extend(list(option))
        if explanation:
            etree.SubElement(key, "div", {"class": "rq-explanation"}).extend(explanation)


    def _orders(self) -> dict:
        """This page's shown orders: from the site's (by the page the directives extension
        named), else those given for a single page."""
        page = getattr(self.md, "rapport_page", None)
        site_orders = self.config.get("site_orders")
        if page is not None and site_orders:
            return site_orders.get(page) or {}
        return self.config.get("orders") or {}


class Option(GrammarBlock):
    """One option of a question.

    Argument (required): the option as the reader sees it.
    Options: `correct` (true or false, default false).
    Content: feedback saying why this option works or does not.
    """

    NAME = "option"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {
            "class": SRC_OPTION, "data-title": self.argument, "data-id": self.options.get("id") or "",
            "data-correct": "true" if self.options["correct"] else "false"})


class Scenario(GrammarBlock):
    """An open practice prompt with a model answer revealed on request.

    Argument (required): the situation.
    Options: `id` (a stable anchor).
    Content: the prompt, then one `answer` block.
    """

    NAME = "scenario"

    def on_create(self, parent: etree.Element) -> etree.Element:
        sid = self.anchor()
        return etree.SubElement(parent, "div", {"class": "rq rq-scenario", "id": sid,
                                                "data-key": self.unique_key("s")})

    def on_end(self, block: etree.Element) -> None:
        sid = block.get("id")
        children = list(block)
        for child in children:
            block.remove(child)
        answers = [c for c in children if _has_class(c, SRC_ANSWER)]
        prompt = [c for c in children if c not in answers]

        title = etree.SubElement(block, "p", {"class": "rq-scenario-title"})
        label = etree.SubElement(title, "strong")
        label.text = self.ui["practice"]
        label.tail = " " + self.argument
        if prompt:
            etree.SubElement(block, "div", {"class": "rq-prompt"}).extend(prompt)
        draft = etree.SubElement(block, "div", {"class": "rq-draft"})
        draft_label = etree.SubElement(draft, "label", {"for": f"{sid}-draft"})
        draft_label.text = self.ui["draft_label"]
        etree.SubElement(draft, "textarea", {"id": f"{sid}-draft", "class": "rq-draft-text", "rows": "3"}).text = ""
        key = etree.SubElement(block, "details", {"class": "rq-key"})
        summary = etree.SubElement(key, "summary")
        summary.text = self.ui["model_answer"]
        for answer in answers:
            etree.SubElement(key, "div", {"class": "rq-model-answer"}).extend(list(answer))


class Answer(GrammarBlock):
    """The model answer of a scenario. No argument, no options; content: the answer."""

    NAME = "answer"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return etree.SubElement(parent, "div", {"class": SRC_ANSWER})


class PrintKeyTreeprocessor(Treeprocessor):
    """Gathers every answer key into one print-only section at the end of the page.

    On paper the keys under the questions would give the answers away and take room; the
    handout prints the questions, then "Answers" (left out by "Print without answers").
    The copies carry no ids, so the page keeps each id once.
    """

    def __init__(self, md, lang: str = "en"):
        super().__init__(md)
        self.lang = lang

    def run(self, root: etree.Element) -> None:
        for box in (el for el in root.iter() if _has_class(el, "rq-final")):
            for key in box.iter("details"):  # a final check's keys and feedback: never in the search index
                key.set("data-search-exclude", "")
        scored = {id(el) for box in root.iter() if _has_class(box, "rq-final") for el in box.iter("div")}
        blocks = [el for el in root.iter("div") if (_has_class(el, "rq-question") or _has_class(el, "rq-scenario"))
                  and id(el) not in scored]  # a final check's keys are never printed with it
        if not blocks:
            return
        # Printed only, and a copy of each question's key: left out of the search index.
        section = etree.SubElement(root, "section", {"class": "rq-print-key", "data-search-exclude": ""})
        title = etree.SubElement(section, "h2", {"class": "rq-print-title"})
        title.text = strings.text(self.lang, "answers")
        entries = etree.SubElement(section, "ol", {"class": "rq-print-list"})
        for block in blocks:
            entry = etree.SubElement(entries, "li")
            heading = block.find(".//legend")
            if heading is None:
                heading = block.find("./p[@class='rq-scenario-title']")
            head = etree.SubElement(entry, "p", {"class": "rq-print-question"})
            head.text = "".join(heading.itertext()).strip() if heading is not None else ""
            key = block.find("./details")
            for part in list(key)[1:] if key is not None else []:  # all but the summary
                clone = copy.deepcopy(part)
                for el in clone.iter():
                    el.attrib.pop("id", None)
                entry.append(clone)


class QuestionsExtension(BlocksExtension):
    """Registers the question, option, scenario and answer blocks."""

    def __init__(self, *args, **kwargs):
        self.config = {"orders": [{}, "{question id: [option numbers in the order shown]}, for one page"],
                       "site_orders": [{}, "{page: {question id: [option numbers]}}, the site's balanced orders"],
                       "lang": ["en", "the language of the interface text (data/strings.yml)"]}
        super().__init__(*args, **kwargs)

    def extendMarkdownBlocks(self, md, block_mgr):
        # After the blocks are built and after the table of contents (priority 5): not in the toc.
        lang = self.getConfig("lang")
        md.treeprocessors.register(PrintKeyTreeprocessor(md, lang), "rapport_print_key", 4)
        block_mgr.register(Question, {"orders": self.getConfig("orders"), "site_orders": self.getConfig("site_orders"),
                                      "lang": lang})
        block_mgr.register(Scenario, {"lang": lang})
        for block in (Option, Answer):
            block_mgr.register(block, {})


def makeExtension(*args, **kwargs):
    return QuestionsExtension(*args, **kwargs)
