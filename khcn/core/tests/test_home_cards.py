"""The home-page cards machinery: collection across apps, order, permissions, days in words."""

from datetime import date

import pytest
from django.utils import translation

from khcn.core import home_cards
from khcn.core.home_cards import CardData, HomeCard, cards_for, due_text

pytestmark = pytest.mark.django_db


def test_every_app_declares_its_cards_in_its_home_module_in_page_order():
    cards = home_cards.home_cards()
    keys = [c.key for c in cards]
    assert {"reports_to_fill", "unit_items_overdue", "proposals_to_screen", "seats_to_score"} <= set(keys)
    assert [c.position for c in cards] == sorted(c.position for c in cards)
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(
    ("due", "text", "tone"),
    [
        (date(2026, 12, 20), "Còn 17 ngày", ""),
        (date(2026, 12, 5), "Còn 2 ngày", "soon"),
        (date(2026, 12, 3), "Hạn chót hôm nay", "soon"),
        (date(2026, 11, 30), "Quá hạn 3 ngày", "late"),
        (None, "", ""),
    ],
)
def test_deadline_is_said_in_days_left_or_days_overdue(due, text, tone):
    with translation.override("vi"):
        assert due_text(due, date(2026, 12, 3)) == (text, tone)


def test_cards_without_permission_or_data_are_left_out(monkeypatch, officer_a):
    shown = HomeCard("shown", "Shown", lambda u, s, t: CardData(count=2), 2)
    skipped = HomeCard("skipped", "Skipped", lambda u, s, t: None, 1)
    forbidden = HomeCard("forbidden", "Forbidden", lambda u, s, t: CardData(count=1), 0, perm="reporting.view_board")
    empty = HomeCard("empty", "Empty", lambda u, s, t: CardData(count=0, empty_text="Nothing"), 3)
    monkeypatch.setattr(home_cards, "home_cards", lambda: (forbidden, skipped, shown, empty))
    cards = cards_for(officer_a, None, date(2026, 12, 3))
    assert [(c["card"].key, c["done"]) for c in cards] == [("shown", False), ("empty", True)]
