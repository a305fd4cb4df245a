"""Accessibility checks shared by the test suite and `make a11y`.

axe-core (npm, installed by `make`) runs in Debian's Chromium on every built page, in the
light and the dark scheme, before and after answering the self-check questions.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SCHEMES = ["light", "dark"]


@dataclass
class Result:
    page: str
    scheme: str
    state: str  # "loaded", "answered"
    violations: list[dict] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = []
        for v in self.violations:
            for node in v["nodes"]:
                out.append(f"{self.page} [{self.scheme}, {self.state}] {v['id']} ({v['impact']}): "
                           f"{' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1].strip()}")
        return out


def run_axe(page) -> list[dict]:
    # Colours are measured once they have settled: a button just clicked (still under the
    # pointer) is mid-way through the theme's 125 ms colour transition, between two states.
    page.wait_for_function("document.getAnimations().every(a => !(a instanceof CSSTransition) || a.playState !== 'running')")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS)
    return result["violations"]


def answer_everything(page) -> None:
    """Answer each question once wrong, then right, and open every answer key (the final
    check: answer it and score it)."""
    def right_answers(questions) -> None:
        for q in questions.all():
            for item in q.locator(".rq-key-item.rq-right").all():
                q.locator(f"input.rq-input[value='{item.get_attribute('data-option')}']").check()

    if page.locator(".rq-final-score").count():
        right_answers(page.locator(".rq-final-item:not([hidden]) .rq-question"))
        page.locator(".rq-final-score").click()
        page.locator(".rq-final-result .rq-result").wait_for()  # in the page's language
        return
    if page.locator(".rq-prepost-score").count():  # the knowledge check: before, then after with its feedback
        for round_ in ("before", "after"):
            page.locator(f".rq-prepost-round[data-round={round_}]").click()
            if page.locator(".rq-prepost-again:visible").count():  # answered on an earlier pass: again
                page.locator(".rq-prepost-again").click()
            right_answers(page.locator(".rq-prepost .rq-question"))
            page.locator(".rq-prepost-score").click()
            page.locator(".rq-prepost-again:visible").wait_for()
        page.locator(".rq-prepost .rq-feedback.rq-is-right").first.wait_for()
        return
    for q in page.locator(".rq-question").all():
        wrong = q.locator(".rq-key-item.rq-wrong").first.get_attribute("data-option")
        q.locator(f"input.rq-input[value='{wrong}']").check()
        q.locator(".rq-check").click()
        q.locator(".rq-feedback.rq-is-wrong").wait_for()
        q.locator(".rq-retry").click()
        for item in q.locator(".rq-key-item.rq-right").all():
            q.locator(f"input.rq-input[value='{item.get_attribute('data-option')}']").check()
        q.locator(".rq-check").click()
        q.locator(".rq-feedback.rq-is-right").wait_for()
    for s in page.locator(".rq-scenario").all():
        s.locator("textarea").fill("My answer")
    for summary in page.locator("details.rq-key > summary").all():
        summary.click()


def audit(browser, site: Path, pages: list[str]) -> list[Result]:
    results = []
    for scheme in SCHEMES:
        context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()
        for rel in pages:
            page.goto((site / rel).as_uri())
            results.append(Result(rel, scheme, "loaded", run_axe(page)))
            if page.locator(".rq").count():
                answer_everything(page)
                results.append(Result(rel, scheme, "answered", run_axe(page)))
        context.close()
    return results


def table(results: list[Result]) -> str:
    rows = ["| page | scheme | state | violations |", "| --- | --- | --- | --- |"]
    for r in results:
        rows.append(f"| {r.page} | {r.scheme} | {r.state} | {sum(len(v['nodes']) for v in r.violations)} |")
    details = [line for r in results for line in r.lines()]
    return "\n".join(rows + ([""] + details if details else []))


def main() -> int:
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import CHROMIUM, CHROMIUM_ARGS, site_pages
    from playwright.sync_api import sync_playwright

    from rapport.app import build_site

    site = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as tmp:
        if site is None:
            site = Path(tmp) / "site"
            build_site(ROOT / "mkdocs.yml", site)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            results = audit(browser, site, site_pages(site))
            browser.close()
    print(table(results))
    return 1 if any(r.violations for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
