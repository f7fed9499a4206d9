"""Reading real-news structures (issue 11, classes 1-6) on sentences written for these tests:
lists of places, reports without an action verb, movements, territory, shootdowns, tolls."""

from __future__ import annotations

from datetime import date

import pytest

from geo.events.extract import extract_article_events
from geo.model import Article, Event

PUB = date(2020, 5, 18)  # a Monday


def events(text: str, published: date = PUB) -> list[Event]:
    return [e for e in extract_article_events(Article("t", text, published)) if e.category != "political"]


def places(text: str) -> set[tuple[str, str | None]]:
    return {(e.category, e.place_name) for e in events(text)}


# ---------------------------------------------------------------- 6. death tolls

@pytest.mark.parametrize("text, killed", [
    ("قصفت قوات حفتر حي أبو سليم، وارتفع عدد قتلى القصف على الحي إلى تسعة مدنيين وإصابة 30 آخرين.", 9),
    ("Shelling hit Abu Salim on Sunday. Five people were killed, and the toll from the attack later rose to 12.", 12),
    ("سقطت قذائف على مطار معيتيقة ما أسفر عن مقتل حارس أمن.", 1),
    ("A rocket hit Mitiga airport and a security guard was killed.", 1),
])
def test_latest_toll_and_singular_victim(text: str, killed: int) -> None:
    found = events(text)
    assert [e.fatalities for e in found] == [killed]


@pytest.mark.parametrize("text", [
    "قصفت قوات حفتر حي أبو سليم ما أسفر عن مقتل عدد من المدنيين.",
    "LNA forces shelled Abu Salim, killing several civilians.",
])
def test_vague_toll_is_approximate_not_a_number(text: str) -> None:
    (e,) = events(text)
    assert e.fatalities is None and e.extra.get("fatalities_approximate") is True


@pytest.mark.parametrize("text, killed", [
    ("Clashes in Ain Zara near Bridge 27 killed two fighters.", 2),
    ("Clashes in Ain Zara on Road 7 killed three fighters.", 3),
])
def test_numbers_that_name_places_are_not_counts(text: str, killed: int) -> None:
    assert [e.fatalities for e in events(text)] == [killed]
