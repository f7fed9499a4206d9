"""Event precision on real-news structures, on sentences written for these tests: what must stay
a non-event (a group's home town, background, court cases, accidents, sport) and what must stay
an event beside it."""

from __future__ import annotations

import pytest

from tests.test_events_periods import places

# ---------------------------------------------------------------- a group's home town

@pytest.mark.parametrize("text", [
    "Three car bombs struck Misrata's forces on Thursday, killing 12 fighters.",
    "Heavy clashes with the Zintan militia erupted on Sunday.",
    "هاجمت سيارات مفخخة تجمعا لقوات مصراتة أمس ما أسفر عن مقتل خمسة عناصر.",
    "اشتبكت قوات الجيش أمس مع كتائب الزنتان.",
])
def test_a_town_that_only_names_a_group_places_no_event(text: str) -> None:
    # Zintan's militias fought in Tripoli, Misrata's brigades in Sirte: their town is not the place.
    assert places(text) == set()


@pytest.mark.parametrize("text, expected", [
    ("Heavy clashes with the Zintan militia erupted in Warshefana on Sunday.", {("clash", "Wershefana")}),
    ("اندلعت اشتباكات عنيفة مع ثوار بنغازي أمس.", {("clash", "Benghazi")}),
    ("Clashes with the Benghazi revolutionaries continued on Sunday.", {("clash", "Benghazi")}),
    ("قصفت القوات مصراتة بالمدفعية أمس.", {("shelling", "Misrata")}),
])
def test_other_places_and_a_towns_own_fighters_still_place_the_event(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected
