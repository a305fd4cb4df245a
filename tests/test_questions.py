"""rapport.questions: the question and scenario blocks, Markdown in, whole HTML out."""

from __future__ import annotations

import re
import textwrap

import markdown


def render(source: str, print_key: bool = False) -> str:
    """The HTML of the blocks; the print-only answers section is cut off unless asked for."""
    md = markdown.Markdown(extensions=["rapport.questions", "pymdownx.superfences"])
    html = md.convert(textwrap.dedent(source).strip())
    return html if print_key else html.split('\n<section class="rq-print-key"')[0].split('<section class="rq-print-key"')[0]


def test_single_question_renders_fieldset_inputs_and_answer_key():
    html = render('''
        /// question | Which reply shows curiosity?
            id: q-one
            shuffle: false
        A person sits down.

        //// option | "What do you enjoy?"
            correct: true
        It opens a door.
        ////

        //// option | "Taking your meds?"
        It checks up.
        ////

        Curiosity comes first.
        ///
    ''')
    assert html == textwrap.dedent('''\
        <div class="rq rq-question" data-key="q:q-one" data-shuffle="false" data-type="single" id="q-one">
        <fieldset class="rq-fieldset">
        <legend class="rq-legend">Which reply shows curiosity?</legend>
        <div class="rq-prompt">
        <p>A person sits down.</p>
        </div>
        <div class="rq-choices">
        <div class="rq-choice"><input class="rq-input" data-key="o#905462763b" id="q-one-1" name="q-one" type="radio" value="1" /><label for="q-one-1">"What do you enjoy?"</label></div>
        <div class="rq-choice"><input class="rq-input" data-key="o#62a7727018" id="q-one-2" name="q-one" type="radio" value="2" /><label for="q-one-2">"Taking your meds?"</label></div>
        </div>
        </fieldset>
        <div class="rq-actions" hidden="hidden"><button class="md-button rq-check" type="button">Check answer</button><button class="md-button rq-retry" hidden="hidden" type="button">Try again</button></div>
        <div aria-live="polite" class="rq-feedback" role="status"></div>
        <details class="rq-key">
        <summary>Answer key</summary>
        <ol class="rq-key-list">
        <li class="rq-key-item rq-right" data-option="1">
        <p class="rq-verdict"><span aria-hidden="true" class="rq-mark">✓</span><strong>Good choice:</strong> "What do you enjoy?"</p>
        <div class="rq-feedback-text">
        <p>It opens a door.</p>
        </div>
        </li>
        <li class="rq-key-item rq-wrong" data-option="2">
        <p class="rq-verdict"><span aria-hidden="true" class="rq-mark">✗</span><strong>Not the best choice:</strong> "Taking your meds?"</p>
        <div class="rq-feedback-text">
        <p>It checks up.</p>
        </div>
        </li>
        </ol>
        <div class="rq-explanation">
        <p>Curiosity comes first.</p>
        </div>
        </details>
        </div>''')


def test_multiple_question_uses_checkboxes_and_says_choose_all():
    html = render('''
        /// question | Which help?
            type: multiple
        //// option | A
            correct: true
        Yes.
        ////
        //// option | B
            correct: true
        Yes.
        ////
        //// option | C
        No.
        ////
        ///
    ''')
    assert html.count('type="checkbox"') == 3 and 'type="radio"' not in html
    assert '<p class="rq-hint">Choose all that apply.</p>' in html
    assert html.count('class="rq-key-item rq-right"') == 2
    assert 'id="question-1"' in html, "a question without id gets a stable numbered one"


def test_questions_without_id_are_numbered_in_page_order():
    block = '''
        /// question | Q{n}
        //// option | yes
            correct: true
        y
        ////
        //// option | no
        n
        ////
        ///
    '''
    html = render(block.replace("{n}", "1") + "\n" + block.replace("{n}", "2"))
    assert 'id="question-1"' in html and 'id="question-2"' in html


def test_scenario_renders_prompt_draft_box_and_model_answer():
    html = render('''
        /// scenario | Someone says: "You never listen."
            id: s-one
        What could you say?

        //// answer
        A model answer.
        ////
        ///
    ''')
    assert html == textwrap.dedent('''\
        <div class="rq rq-scenario" data-key="s:s-one" id="s-one">
        <p class="rq-scenario-title"><strong>Practice:</strong> Someone says: "You never listen."</p>
        <div class="rq-prompt">
        <p>What could you say?</p>
        </div>
        <div class="rq-draft"><label for="s-one-draft">Your answer (optional, kept only on this device)</label><textarea class="rq-draft-text" id="s-one-draft" rows="3"></textarea>
        </div>
        <details class="rq-key">
        <summary>Show a model answer</summary>
        <div class="rq-model-answer">
        <p>A model answer.</p>
        </div>
        </details>
        </div>''')


def test_option_outside_a_question_does_not_render_as_an_option():
    html = render('''
        /// option | stray
        text
        ///
    ''')
    assert "rq-option-src" not in html and "/// option | stray" in html


def test_the_extension_takes_each_block_from_the_grammar():
    from rapport.model.grammar import BLOCKS
    from rapport.markdown.questions import Answer, Option, Question, Scenario

    classes = {cls.NAME: cls for cls in (Question, Option, Scenario, Answer)}
    assert set(classes) == set(BLOCKS)
    for name, spec in BLOCKS.items():
        cls = classes[name]
        assert cls.ARGUMENT is spec.needs_title, name
        assert {k: v[0] for k, v in cls.OPTIONS.items()} == {k: o.default for k, o in spec.options.items()}, name
    # The allowed values are the grammar's: a type it does not list is refused by the renderer too.
    refused = render('''
        /// question | Q
            type: several
        //// option | yes
            correct: true
        y
        ////
        ///
    ''')
    assert "rq-question" not in refused


def test_a_question_inside_a_callout_renders_as_a_question():
    md = markdown.Markdown(extensions=["admonition", "rapport.questions"])
    html = md.convert(textwrap.dedent('''
        !!! reflect "Reflect"
            /// question | Q
                id: inside
            //// option | yes
                correct: true
            y
            ////
            //// option | no
            n
            ////
            ///
    '''))
    assert '<div class="admonition reflect">' in html and 'id="inside"' in html and html.count('type="radio"') == 2


ORDERED = '''
    /// question | Q
        id: q-order
    //// option | one
        correct: true
    1
    ////
    //// option | two
    2
    ////
    //// option | three
    3
    ////
    ///
'''


def shown(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input class="rq-input" data-key="[^"]+" id="(q-order-\d)" name="q-order" type="radio" value="(\d)" /><label for="\1">', html)


def key_order(html: str) -> list[str]:
    return re.findall(r'data-option="(\d)"', html)


def test_options_are_shown_in_the_order_the_build_gives_keeping_their_numbers():
    md = markdown.Markdown(extensions=["rapport.questions"],
                           extension_configs={"rapport.questions": {"orders": {"q-order": [3, 1, 2]}}})
    html = md.convert(textwrap.dedent(ORDERED)).split('<section class="rq-print-key"')[0]
    assert shown(html) == [("q-order-3", "3"), ("q-order-1", "1"), ("q-order-2", "2")]
    assert key_order(html) == ["3", "1", "2"], "the answer key follows the shown order"
    assert re.search(r'data-option="1">\s*<p class="rq-verdict">.*Good choice', html)


def test_without_the_build_the_order_comes_from_the_id_alone():
    from rapport.model.order import default_order

    first, again = render(ORDERED), render(ORDERED)
    assert first == again
    assert [v for _, v in shown(first)] == [str(n) for n in default_order("q-order", 3)]
    kept = render(ORDERED.replace("    id: q-order\n", "    id: q-order\n        shuffle: false\n"))
    assert [v for _, v in shown(kept)] == ["1", "2", "3"]


def test_the_answers_are_gathered_for_print_without_repeating_ids():
    html = render(textwrap.dedent(ORDERED) + "\n/// scenario | S\n    id: s-one\nWhat now?\n\n//// answer\nModel.\n////\n///\n", print_key=True)
    section = html.split('<section class="rq-print-key" data-search-exclude="">')[1]  # printed only: not searched
    assert section.startswith('<h2 class="rq-print-title">Answers</h2>')
    assert '<p class="rq-print-question">Q</p>' in section and '<p class="rq-print-question">Practice: S</p>' in section
    assert section.count('class="rq-key-item') == 3 and "Model." in section
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and 'id="' not in section


def test_two_questions_with_the_same_words_keep_their_answers_apart():
    same = """
        /// question | What would you say?

        //// option | Cheer up.
        It dismisses what they feel.
        ////

        //// option | Tell me more.
            correct: true
        Yes.
        ////
        ///
    """
    html = render(same + "\n" + same)
    keys = re.findall(r'class="rq rq-question" data-key="([^"]+)"', html)
    assert len(keys) == 2 and keys[0] != keys[1], keys


def test_the_scenario_label_comes_from_the_catalogue_in_the_pages_language():
    md = markdown.Markdown(extensions=["rapport.questions"], extension_configs={"rapport.questions": {"lang": "es"}})
    html = md.convert("/// scenario | Alguien dice algo.\n    id: s-es\n\n//// answer\nUna respuesta.\n////\n///")
    assert "<strong>Práctica:</strong>" in html and "Practice" not in html
