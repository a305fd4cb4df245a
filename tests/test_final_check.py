"""The final check's own items: authored with the tip (`final: true`, `objective: N`), left out
of the tip's page, drawn one per objective for each attempt (another on a retake), options in a
fresh order balanced over the form; keys hidden while it counts and after a fail, which names
the objectives to review; a pass shows the answers with feedback. And the checks that keep the
items measuring something (every objective assessed, no length cue, enough wrong options)."""

from __future__ import annotations

import json
import re

import pytest

from conftest import build_fails, take_final_check
from rapport.app import build_site
from rapport.checks import check_site
from rapport.model import load_site, strings


def final_item(qid: str, objective: int, question: str, right: str, wrong: list[str]) -> str:
    options = f"//// option | {right}\n    correct: true\nYes. This is the one.\n////\n\n"
    options += "".join(f"//// option | {w}\nNot this one.\n////\n\n" for w in wrong)
    return f"/// question | {question}\n    id: {qid}\n    final: true\n    objective: {objective}\n\n{options}///\n\n"


ITEMS = (final_item("listen-final-1a", 1, "Kai pauses mid-story. What now?", "Wait for him.",
                    ["Ask your next question.", "Fill the gap with a tip.", "Sum up for him."])
         + final_item("listen-final-1b", 1, "Ros stops to think. What now?", "Give her time.",
                      ["Suggest a word for her.", "Move to the next form.", "Tell her your view."])
         + final_item("listen-final-2a", 2, "Lee says he misses his dog. You say:", "You miss him a lot.",
                      ["Dogs are great company.", "Let us talk about your plan.", "I had a dog too."])
         + final_item("listen-final-2b", 2, "Mo says the bus takes two hours. You say:", "It is a long trip.",
                      ["Have you tried a taxi?", "Buses are often late.", "We can meet online now."]))


def assessed(project):
    """The tiny project with two final items per objective and a final-check page."""
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(tip.read_text().replace("## Learn more", ITEMS + "## Learn more"))
    (project / "docs" / "final-check.md").write_text(
        "---\ntitle: Final check\n---\n\n# Final check\n\n<!-- final-check -->\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - Pocket card: pocket-card.md",
                                                 "  - Pocket card: pocket-card.md\n  - Final check: final-check.md"))
    return project


@pytest.fixture
def final_site(project):
    assessed(project)
    build_site(project / "mkdocs.yml", project / "site")
    return project / "site"


def test_final_items_are_asked_in_the_final_check_only(final_site):
    tip = (final_site / "tips" / "first-tip.html").read_text(encoding="utf-8")
    final = (final_site / "final-check.html").read_text(encoding="utf-8")
    for qid, words in (("listen-final-1a", "Kai pauses"), ("listen-final-2b", "the bus takes two hours")):
        assert qid not in tip and words not in tip, "a final item is not on its tip's page"
        assert f'id="{qid}"' in final
    assert 'id="listen-1"' in tip and 'id="listen-2"' in tip, "the practice questions stay"
    index = (final_site / "search" / "search_index.json").read_text(encoding="utf-8")
    tip_entries = [d for d in json.loads(index)["docs"] if d["location"].startswith("tips/")]
    assert tip_entries and not any("Kai pauses" in d["text"] for d in tip_entries), "not found by searching the tip"
    holders = re.findall(r'<div class="rq-final-item" data-objective="([^"]+)" hidden="hidden">', final)
    assert holders == ["first-tip-1", "first-tip-1", "first-tip-2", "first-tip-2"]
    review = final[final.index('class="rq-final-review"'):]
    assert '<li data-objective="first-tip-1"><a href="tips/first-tip.html">Listen first</a>: ' \
           "Wait for a person to finish before you speak.</li>" in review


def test_the_final_items_checks_name_their_line(project):
    assessed(project)
    tip = project / "docs" / "tips" / "first-tip.md"
    text = tip.read_text()
    lines = text.splitlines()
    # Objective 2 with no final item: a warning at its line in the front matter.
    without_2 = re.sub(r"/// question \| (Lee|Mo) .*?\n///\n", "", text, flags=re.S)
    tip.write_text(without_2)
    found = [str(f) for f in check_site(load_site(project / "mkdocs.yml"))]
    at = lines.index("  - Say back one thing they told you.") + 1
    assert any(f.startswith(f"docs/tips/first-tip.md:{at}:1: final-item (warning): objective 2") for f in found), found
    # An objective the tip does not have; a final item with no id; `objective:` on a practice question.
    tip.write_text(text.replace("    objective: 2\n", "    objective: 3\n", 1)
                   .replace("    id: listen-final-1b\n", "")
                   .replace("    id: listen-2\n", "    id: listen-2\n    objective: 1\n"))
    message = build_fails(project)
    assert "`objective: 3`, but this tip has 2 objective(s)" in message
    assert "a final item needs an `id:`" in message
    assert "`objective:` is read on final items only" in message
    assert "Traceback" not in message


def test_item_quality_warnings_name_each_line(project):
    tip = project / "docs" / "tips" / "first-tip.md"
    # Both right options longest: 2 questions where chance (1/2 + 1/2) gives 1.
    tip.write_text(tip.read_text().replace("Wait and let her go on.", "Wait a moment and then let her go on.")
                   .replace("\"You want to find work close to home.\"", "\"You want to find work near your home.\"")
                   .replace("    id: listen-2\n", "    id: listen-2\n    type: multiple\n"))
    found = [str(f) for f in check_site(load_site(project / "mkdocs.yml"))]
    lines = tip.read_text().splitlines()
    first = lines.index("//// option | Wait a moment and then let her go on.") + 1
    assert any(f.startswith(f"docs/tips/first-tip.md:{first}:1: item-length (warning): the right option is the longest here")
               for f in found), found
    question = lines.index("/// question | Which reply shows you heard him?") + 1
    assert f"docs/tips/first-tip.md:{question}:1: item-wrong-options (warning): a multiple-answer question with " \
           "1 wrong option(s)" in "\n".join(found)
    # One right option longest of two single-answer questions is within chance: no such warning.
    tip.write_text(tip.read_text().replace("    type: multiple\n", ""))
    tip.write_text(tip.read_text().replace("Wait a moment and then let her go on.", "Wait."))
    assert not any("the right option is the longest here" in str(f) for f in check_site(load_site(project / "mkdocs.yml")))


def test_feedback_that_renames_the_options_action_is_a_warning_at_its_line(project):
    """'Suggest …' answered by 'choosing for him takes the wheel' argues with another option:
    warned at the feedback's line, in English and in Spanish; feedback that speaks of the
    person ("let him choose") or of what to do instead ("Ask …") is not."""
    from rapport.checks.items import check_item_verbs
    from rapport.model import parse_page

    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(tip.read_text().replace("//// option | Move on to the next form.\nThat tells her the form matters more.",
                                           "//// option | Suggest a group she could join.\nChoosing for her takes the wheel."))
    found = [str(f) for f in check_site(load_site(project / "mkdocs.yml"))]
    at = tip.read_text().splitlines().index("Choosing for her takes the wheel.") + 1
    assert f"docs/tips/first-tip.md:{at}:1: item-verb (warning): the feedback says 'Choosing' where the option " \
           "says 'Suggest'" in "\n".join(found), found
    tip.write_text(tip.read_text().replace("Choosing for her takes the wheel.",
                                           "Suggesting a group first puts your plan ahead. Ask, and let her choose."))
    assert not any("item-verb" in f for f in map(str, check_site(load_site(project / "mkdocs.yml"))))
    # A right option's feedback, a noun that looks like a verb, the person's own choice: no warning.
    tip.write_text(tip.read_text().replace("Yes. A pause gives her room.", "Yes. Choosing to wait gives her room.")
                   .replace("Suggesting a group first puts your plan ahead. Ask, and let her choose.",
                            "Warning signs matter, but she may choose a group later. Asking comes first."))
    assert not any("item-verb" in f for f in map(str, check_site(load_site(project / "mkdocs.yml"))))
    es = ("---\ntitle: T\n---\n\n# T\n\n/// question | ¿Qué hace?\n\n//// option | Sugerirle un grupo.\n"
                  "Elegir por ella le quita el volante.\n////\n\n//// option | Preguntarle qué quiere.\n    correct: true\n"
                  "Sí. Ella decide.\n////\n\n//// option | Decirle qué grupo le conviene.\nEs mejor preguntar. Así ella puede decidir.\n////\n///\n")
    found = [str(f) for f in check_item_verbs(parse_page(es, "es.md"), "es")]
    for odd in ("No.", ".", "", "No. ¿Elegir?"):  # feedback of a word, a stop, nothing: no traceback
        check_item_verbs(parse_page(es.replace("Elegir por ella le quita el volante.", odd), "es.md"), "es")
    assert len(found) == 1 and ":10:1: item-verb (warning): the feedback says 'Elegir' where the option says 'Sugerirle'" in found[0]


# --------------------------------------------------------------------------- in the browser

def visible_ids(page) -> list[str]:
    return page.locator(".rq-final-item:not([hidden]) .rq-question").evaluate_all("els => els.map(e => e.id)")


def right_positions(page) -> list[int]:
    """Where the right option sits in each asked item, from the shown order."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.rq-final-item:not([hidden]) .rq-question')).map(q => {
        const right = Array.from(q.querySelectorAll('.rq-key-item.rq-right')).map(li => li.dataset.option);
        const shown = Array.from(q.querySelectorAll('.rq-choices input')).map(i => i.value);
        return shown.indexOf(right[0]); })""")


@pytest.mark.browser
def test_each_attempt_draws_one_item_per_objective_and_a_retake_draws_the_others(context, final_site):
    page = context.new_page()
    page.goto((final_site / "final-check.html").as_uri())
    first = visible_ids(page)
    assert len(first) == 2 and {i[:-1] for i in first} == {"listen-final-1", "listen-final-2"}
    assert page.locator(".rq-final .rq-key:visible").count() == 0
    # A fail: no key and no feedback; the objective missed is named, with a link to its tip.
    said = take_final_check(page, wrong=1)
    assert "Not passed yet." in said and "You got 1 of 2 right (50%)" in said
    assert page.locator(".rq-final .rq-key:visible").count() == 0
    assert page.locator(".rq-final .rq-feedback").all_inner_texts() == [""] * 4
    review = page.locator(".rq-final-review")
    assert review.is_visible() and review.locator("li:visible").count() == 1
    missed = page.locator(f"#{first[0]}").evaluate("q => q.closest('.rq-final-item').dataset.objective")
    assert review.locator("li:visible").get_attribute("data-objective") == missed
    assert review.locator("li:visible a").get_attribute("href") == "tips/first-tip.html"
    # The form is scored: its answers cannot be changed and scored again.
    assert page.locator(f"#{first[0]} input").first.is_disabled()
    assert page.get_by_role("button", name="Score my check").count() == 0
    # A retake: the other item of each objective, nothing checked, the review gone.
    page.get_by_role("button", name="Retake the check").click()
    second = visible_ids(page)
    assert len(second) == 2 and not set(second) & set(first), (first, second)
    assert not review.is_visible() and not page.locator(".rq-final input:checked").count()
    # A pass: the answers with their feedback, and the keys.
    assert "Passed." in take_final_check(page)
    assert "Your answers are shown below with their feedback." in page.locator(".rq-final-result").inner_text()
    for qid in second:
        assert "Correct." in page.locator(f"#{qid} .rq-feedback").inner_text()
        assert page.locator(f"#{qid} .rq-key").is_visible()
    # The next retake draws the first form again (the one not asked last).
    page.get_by_role("button", name="Retake the check").click()
    assert sorted(visible_ids(page)) == sorted(first)


@pytest.mark.browser
def test_option_order_is_drawn_afresh_and_balanced_over_each_form(context, final_site):
    page = context.new_page()
    page.goto((final_site / "final-check.html").as_uri())
    orders = {}
    for _ in range(12):
        positions = right_positions(page)
        assert len(set(positions)) == 2, f"the two right answers share a place: {positions}"
        for qid in visible_ids(page):
            shown = page.locator(f"#{qid} .rq-choices input").evaluate_all("els => els.map(e => e.value).join('')")
            keyed = page.locator(f"#{qid} .rq-key-item").evaluate_all("els => els.map(e => e.dataset.option).join('')")
            assert shown == keyed, "the key lists the options in the order shown"
            orders.setdefault(qid, set()).add(shown)
        take_final_check(page)
        page.get_by_role("button", name="Retake the check").click()
    assert all(len(seen) > 1 for seen in orders.values()), orders


def test_the_final_check_prints_no_answer_key(final_site):
    final = (final_site / "final-check.html").read_text(encoding="utf-8")
    assert "rq-print-key" not in final and "rq-print-list" not in final


def test_the_final_check_is_never_in_the_search_index(final_site):
    """Its keys are in the page for scoring: searching must not show them (nor its items)."""
    index = json.loads((final_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    final = [d for d in index["docs"] if d["location"].startswith("final-check.html")]
    assert final, "the page itself can still be found by its title"
    text = " ".join(d["text"] + d["title"] for d in index["docs"])
    for words in ("Kai pauses", "Yes. This is the one.", "Not this one."):
        assert words not in text, words
    assert not any("Good choice" in d["text"] for d in final), "no answer key of the final check"


@pytest.mark.parametrize("change, words", [
    (lambda t: t.replace("    objective: 2\n", "    objective: [1, 2]\n", 1), "`objective: [1, 2]` is not a whole number from 1"),
    (lambda t: t.replace("    objective: 2\n", '    objective: "2"\n', 1), '`objective: "2"` is text in quotes; write it without quotes'),
    (lambda t: t.replace("/// question | Lee says", "!!! note \"Extra\"\n\n    /// question | Lee says", 1),
     "a final item cannot sit inside a callout"),
])
def test_a_final_item_mistake_is_one_clear_error(project, change, words):
    assessed(project)
    tip = project / "docs" / "tips" / "first-tip.md"
    text = tip.read_text()
    if "callout" in words:  # the whole block indented under the callout
        start = text.index("/// question | Lee says")
        end = text.index("///\n\n", start) + 4
        block = "".join("    " + line if line.strip() else line for line in text[start:end].splitlines(keepends=True))
        text = text[:start] + '!!! note "Extra"\n\n' + block + text[end:]
    else:
        text = change(text)
    tip.write_text(text)
    message = build_fails(project)
    assert words in message, message
    assert "Traceback" not in message and "TypeError" not in message
    if "objective" in words:
        assert message.count("final-item") == 0, "no follow-on finding from the same mistake"


def test_a_tip_whose_only_questions_are_final_items_is_told_so(project):
    tip = project / "docs" / "tips" / "first-tip.md"
    tip.write_text(tip.read_text().replace("    id: listen-1\n", "    id: listen-1\n    final: true\n    objective: 1\n")
                   .replace("    id: listen-2\n", "    id: listen-2\n    final: true\n    objective: 2\n"))
    assert "the tip page has no multiple-choice question" in build_fails(project)


def test_two_final_items_with_one_id_in_two_tips_is_an_error_at_the_second(project):
    from conftest import add_tip

    assessed(project)
    first = (project / "docs" / "tips" / "first-tip.md").read_text()
    copy = first.replace("title: Listen first", "title: Listen again").replace("# Listen first", "# Listen again") \
        .replace("card: Listen first.", "card: Listen again.").replace("id: listen-1", "id: again-1").replace("id: listen-2", "id: again-2") \
        .replace("id: listen-3", "id: again-3")
    add_tip(project, "listen-again", copy)
    message = build_fails(project)
    line = copy.splitlines().index("    id: listen-final-1a")  # the line before it is the question's
    assert f"docs/tips/listen-again.md:{line}:1: final-item: the id 'listen-final-1a' is already a final item's, " \
           "in docs/tips/first-tip.md" in message, message


@pytest.mark.browser
def test_a_reload_keeps_the_form_being_answered_and_a_scored_form_is_not_asked_again(context, final_site):
    page = context.new_page()
    page.goto((final_site / "final-check.html").as_uri())
    first = visible_ids(page)
    orders = [page.locator(f"#{q} .rq-choices input").evaluate_all("els => els.map(e => e.value).join('')") for q in first]
    page.reload()  # not scored yet: the same items, in the same order
    assert visible_ids(page) == first
    assert [page.locator(f"#{q} .rq-choices input").evaluate_all("els => els.map(e => e.value).join('')")
            for q in first] == orders
    assert "Not passed yet." in take_final_check(page, wrong=2)
    page.reload()  # scored and failed: a reload asks the other items, never the same form again
    second = visible_ids(page)
    assert not set(second) & set(first)
    page.reload()
    assert visible_ids(page) == second
    # A pass, then coming back: the page says so, and the pass stays whatever comes next.
    take_final_check(page)
    page.reload()
    said = page.locator(".rq-final-result").inner_text()
    assert "You passed this check on" in said and "with 2 of 2 right" in said


def test_the_search_index_leaves_out_the_printed_answers_and_the_final_checks_keys(built_site, root):
    """Search finds each tip's practice feedback once on its page, never a final item's feedback
    (the final check's keys) nor the copy of every key printed at the end of a tip."""
    site = load_site(root / "mkdocs.yml")
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    flat = lambda s: " ".join(s.split())  # noqa: E731
    every = " ".join(flat(f"{d['title']} {d['text']}") for d in index["docs"])
    usable = lambda o: not any(c in o.text for c in "*`\"'")  # noqa: E731 - text the index keeps as written
    practised = {flat(o.text) for rel in site.tip_paths() for b in site.page(rel).questions if not b.final
                 for o in b.children if o.name == "option"}
    finals = [flat(o.text) for rel in site.tip_paths() for b in site.page(rel).questions if b.final
              for o in b.children if o.name == "option" and usable(o) and flat(o.text) not in practised]
    assert len(finals) >= 60 and [f for f in finals if f in every] == []
    for rel in site.tip_paths():
        on_page = " ".join(flat(d["text"]) for d in index["docs"] if d["location"].startswith(rel[:-3] + ".html"))
        practice = [flat(o.text) for b in site.page(rel).questions if b.name == "question" and not b.final
                    for o in b.children if o.name == "option" and usable(o)]
        assert practice and all(on_page.count(p) == 1 for p in practice), (rel, "practice feedback: searchable, once")
    answers = strings.text("en", "answers")
    assert not [d["location"] for d in index["docs"] if d["title"] == answers], "no 'Answers' section in search"
