"""The order options are shown in: fixed at build time, never the author's order by habit.

Authors tend to write the right answer first or second; readers learn the pattern, not the
tip. Each question gets a few candidate orders drawn from its id alone (so two builds, and
a translated page with the same ids, show the same order). Across the site, in nav order,
each question takes the candidate that puts its right answers where right answers have
been least so far — on its page (counted twice) and on the site — so positions are balanced, not
left to a random draw that can cluster. `shuffle: false` keeps the author's order.

Inputs keep the author's option numbers; only the shown order changes.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter

CANDIDATES = 12


def candidates(qid: str, n: int) -> list[list[int]]:
    """Orders of options 1..n drawn from the id alone; the first is the default."""
    rng = random.Random(int.from_bytes(hashlib.sha256(qid.encode("utf-8")).digest()[:8], "big"))
    out = []
    for _ in range(CANDIDATES):
        order = list(range(1, n + 1))
        rng.shuffle(order)
        out.append(order)
    return out


def default_order(qid: str, n: int, shuffle: bool = True) -> list[int]:
    """The order when nothing else is known (a page rendered on its own)."""
    return candidates(qid, n)[0] if shuffle else list(range(1, n + 1))


class Balancer:
    """Chooses each question's order so right answers spread over the positions."""

    def __init__(self):
        self.site: Counter = Counter()  # (number of options, position) -> right answers there

    def orders(self, questions) -> dict[str, list[int]]:
        """{anchor: order} for one page's questions: (anchor, number of options, right option numbers, shuffle)."""
        page: Counter = Counter()
        out = {}
        for anchor, n, right, shuffle in questions:
            if not shuffle or n < 2:
                out[anchor] = list(range(1, n + 1))
            else:
                def cost(order: list[int]) -> tuple:
                    spots = [(n, order.index(r)) for r in right]
                    return (sum(2 * page[s] + self.site[s] for s in spots), sum(page[s] for s in spots))
                out[anchor] = min(candidates(anchor, n), key=cost)  # min keeps the first of equal ones
            for r in right:
                spot = (n, out[anchor].index(r))
                page[spot] += 1
                self.site[spot] += 1
        return out
