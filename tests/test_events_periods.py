"""Event reading on structures met in 2011-2025 reports (sentences written for these tests):
appositive distances, places that only name where an actor comes from, ambient sounds,
campaign tolls, deaths that are not conflict events."""

from __future__ import annotations

from datetime import date

import pytest

from geo.events.extract import extract_article_events
from geo.model import Article, Event

PUB = date(2011, 3, 7)  # a Monday


def events(text: str, published: date = PUB) -> list[Event]:
    return [e for e in extract_article_events(Article("t", text, published)) if e.category != "political"]


def places(text: str, published: date = PUB) -> set[tuple[str, str | None]]:
    return {(e.category, e.place_name) for e in events(text, published)}


# ---------------------------------------------------------------- a distance in apposition

@pytest.mark.parametrize("text, expected", [
    ("Rebels clashed with loyalists in Zawiya, 50 km west of Tripoli, on Saturday.", {("clash", "Zawiya")}),
    ("دارت معارك طاحنة أمس في مدينة بني وليد (170 كلم جنوب شرق طرابلس) بين الثوار والكتائب.",
     {("clash", "Bani Walid")}),
    ("انفجرت سيارة مفخخة عند بوابة بلدة أبو قرين الواقعة على بعد 100 كلم جنوب مصراتة.", {("explosion", "Abu Qurayn")}),
    # the thing described is not named: no point is made up from the distance
    ("Fierce fighting raged on Saturday for control of the coastal town, some 50 km west of Tripoli.", set()),
])
def test_a_distance_in_apposition_only_says_where_the_name_lies(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected


@pytest.mark.parametrize("text", [
    "Clashes broke out 50 km west of Tripoli on Saturday.",
    "اندلعت اشتباكات على بعد 30 كلم جنوب سرت أمس.",
])
def test_a_distance_that_places_the_event_is_kept(text: str) -> None:
    (e,) = events(text)
    assert e.place_name is not None and " km " in e.place_name
