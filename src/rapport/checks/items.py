"""Item writing: patterns a reader could answer from without reading the tip (warnings).

- A right option at least 1.5 times as long as the mean of the wrong ones: the longest
  answer is a known giveaway.
- Among a page's `shuffle: false` questions (shown as written), one position holding more
  than half of the right answers.
"""

from __future__ import annotations

from collections import Counter

from ..model import Finding, Page

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
