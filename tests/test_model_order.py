"""rapport.model.order: shown orders come from the id alone and spread right answers."""

from __future__ import annotations

from collections import Counter

from rapport.model.order import Balancer, candidates, default_order


def test_the_candidates_come_from_the_id_alone():
    assert candidates("curious-1", 3) == candidates("curious-1", 3)
    assert candidates("curious-1", 4) != candidates("curious-2", 4)
    assert all(sorted(order) == [1, 2, 3] for order in candidates("x", 3))
    assert default_order("x", 3, shuffle=False) == [1, 2, 3]


def test_right_answers_written_first_are_spread_over_the_positions():
    balancer = Balancer()
    shown = Counter()
    for page in range(6):  # six pages of two questions, each written with the right answer first
        orders = balancer.orders([(f"p{page}-q{n}", 3, [1], True) for n in range(2)])
        for order in orders.values():
            shown[order.index(1) + 1] += 1
        assert len({order.index(1) for order in orders.values()}) == 2, "two questions of a page never share a spot"
    assert max(shown.values()) <= 5 and set(shown) == {1, 2, 3}, shown


def test_shuffle_false_keeps_the_authors_order_and_still_counts():
    balancer = Balancer()
    fixed = balancer.orders([("all-of-the-above", 4, [4], False)])
    assert fixed == {"all-of-the-above": [1, 2, 3, 4]}
    again = Balancer().orders([("all-of-the-above", 4, [4], False)])
    assert again == fixed
