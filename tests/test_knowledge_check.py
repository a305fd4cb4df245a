"""The session's knowledge check in the browser: a before and an after round, kept apart, each
total and the change shown, no feedback or key until the after round is scored. (On paper:
tests/test_paper.py.)"""

from __future__ import annotations

import pytest


def answer(page, wrong: int = 0) -> None:
    """Answer every question of the page's check: the first `wrong` with a wrong option, the rest right."""
    box = page.locator(".rq-prepost")
    for n, question in enumerate(box.locator(".rq-question").all()):
        qid = question.get_attribute("id")
        for li in question.locator(".rq-key-item.rq-wrong" if n < wrong else ".rq-key-item.rq-right").all()[:1 if n < wrong else None]:
            question.locator(f"#{qid}-{li.get_attribute('data-option')}").check()


def checked(page) -> list[str]:
    return page.locator(".rq-prepost input.rq-input:checked").evaluate_all("els => els.map(e => e.id)")


@pytest.mark.browser
def test_before_and_after_are_two_records_with_totals_and_the_change(context, built_site, root):
    from rapport.markdown.teaching import knowledge_items
    from rapport.model import load_site

    n = len(knowledge_items(load_site(root / "mkdocs.yml")))  # one item per tip
    page = context.new_page()
    page.goto((built_site / "facilitators" / "knowledge-check.html").as_uri())
    box = page.locator(".rq-prepost")
    total = box.locator(".rq-question").count()
    assert total == n >= 6
    before = page.get_by_role("button", name="Before the session")
    after = page.get_by_role("button", name="After the session")
    assert before.get_attribute("aria-pressed") == "true", "a first visit starts with the before round"
    assert box.locator(".rq-key:visible").count() == 0 and box.locator(".rq-check:visible").count() == 0
    # Before: two wrong. A total, and no feedback or key (the same questions come again).
    answer(page, wrong=2)
    before_answers = checked(page)
    page.get_by_role("button", name="Score my answers").click()
    result = box.locator(".rq-prepost-result")
    result.filter(has_text=f"Before the session: {n - 2} of {n} right.").wait_for()
    assert box.locator(".rq-key:visible").count() == 0
    assert "".join(box.locator(".rq-feedback").all_inner_texts()) == ""
    assert box.locator(".rq-question input").first.is_disabled(), "a scored round is not changed by accident"
    # After: nothing of "before" is restored into it.
    after.click()
    assert after.get_attribute("aria-pressed") == "true" and before.get_attribute("aria-pressed") == "false"
    assert checked(page) == [] and not box.locator(".rq-question input").first.is_disabled()
    answer(page)
    page.get_by_role("button", name="Score my answers").click()
    result.filter(has_text="Change: +2.").wait_for()
    said = result.inner_text()
    assert f"Before the session: {n - 2} of {n} right." in said and f"After the session: {n} of {n} right." in said
    # Now the feedback and the keys, under each answer.
    assert box.locator(".rq-key:visible").count() == n
    assert all("Correct." in t for t in box.locator(".rq-feedback").all_inner_texts())
    # Back to "before": its own answers, as scored, without feedback.
    before.click()
    assert checked(page) == before_answers
    assert box.locator(".rq-key:visible").count() == 0 and "".join(box.locator(".rq-feedback").all_inner_texts()) == ""
    # Both records survive a reload, which opens on the after round.
    page.reload()
    assert page.get_by_role("button", name="After the session").get_attribute("aria-pressed") == "true"
    assert "Change: +2." in box.locator(".rq-prepost-result").inner_text()
    saved = page.evaluate("JSON.parse(localStorage.getItem('rapport:prepost'))")
    assert (saved["before"]["right"], saved["after"]["right"], saved["before"]["total"]) == (n - 2, n, n)
    # "Answer this round again" clears this round only.
    page.get_by_role("button", name="Answer this round again").click()
    saved = page.evaluate("JSON.parse(localStorage.getItem('rapport:prepost'))")
    assert "after" not in saved and saved["before"]["right"] == n - 2
    assert checked(page) == [] and "Change" not in box.locator(".rq-prepost-result").inner_text()


@pytest.mark.browser
def test_a_tampered_record_is_dropped_not_shown(context, built_site):
    page = context.new_page()
    url = (built_site / "facilitators" / "knowledge-check.html").as_uri()
    page.goto(url)
    page.evaluate("""localStorage.setItem('rapport:prepost', JSON.stringify(
        {before: {right: '<img src=x onerror=alert(1)>', total: 6, answers: {}}, after: 'nonsense'}))""")
    page.reload()
    assert page.get_by_role("button", name="Before the session").get_attribute("aria-pressed") == "true"
    assert page.locator(".rq-prepost-result").inner_text() == "" and page.locator(".rq-prepost img").count() == 0
