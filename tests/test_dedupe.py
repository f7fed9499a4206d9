"""Bilingual duplicates: an Arabic and an English report of one strike are one event.

Sentences written for the tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.model import Article, Event
from geo.pipeline import extract_events

PUB = date(2019, 7, 3)  # a Wednesday

# The eve convention dates "ليلة الثلاثاء" to Monday; "Tuesday night" is Tuesday.
AR_STRIKE = "قتل 40 مهاجرا ليلة الثلاثاء في غارة جوية على مركز إيواء في تاجوراء شرق طرابلس"
EN_STRIKE = "An air strike killed 40 migrants at a shelter in Tajoura, east of Tripoli, on Tuesday night"


def strikes(*texts: tuple[str, str, str]) -> list[Event]:
    articles = [Article(aid, text, PUB, language=lang, source=f"outlet {aid}", url=f"https://example.org/{aid}")
                for aid, text, lang in texts]
    return [e for e in extract_events(articles) if e.category == "airstrike"]


def test_an_arabic_and_an_english_report_of_one_strike_are_one_event() -> None:
    found = strikes(("ar1", AR_STRIKE, "ar"), ("en1", EN_STRIKE, "en"))
    assert len(found) == 1
    e = found[0]
    assert e.corroboration == 2 and sorted(e.article_ids) == ["ar1", "en1"]
    assert e.fatalities == 40  # counted once, not 40 + 40
    assert {(r["article_id"], r["source"], r["language"]) for r in e.extra["sources"]} == {
        ("ar1", "outlet ar1", "ar"), ("en1", "outlet en1", "en")}


def test_a_feature_carries_the_count_and_the_sources() -> None:
    props = strikes(("ar1", AR_STRIKE, "ar"), ("en1", EN_STRIKE, "en"))[0].to_feature()["properties"]
    assert props["corroboration"] == 2
    assert [r["url"] for r in props["sources"]] == ["https://example.org/ar1", "https://example.org/en1"]


def test_two_strikes_on_consecutive_nights_with_different_tolls_stay_two() -> None:
    en_other = "An air strike killed 7 people at a shelter in Tajoura, east of Tripoli, on Tuesday night"
    assert len(strikes(("ar1", AR_STRIKE, "ar"), ("en2", en_other, "en"))) == 2


def test_two_strikes_without_a_toll_on_consecutive_days_stay_two() -> None:
    ar = "شنت طائرات غارة جوية على مطار معيتيقة يوم الاثنين"
    en = "Warplanes carried out an air strike on Mitiga airport on Tuesday"
    assert len(strikes(("ar2", ar, "ar"), ("en3", en, "en"))) == 2


def test_one_toll_at_two_places_is_two_strikes() -> None:
    en_elsewhere = "An air strike killed 40 people in Gharyan on Tuesday night"
    assert len(strikes(("ar1", AR_STRIKE, "ar"), ("en4", en_elsewhere, "en"))) == 2


def test_two_reports_in_one_language_a_day_apart_stay_two() -> None:
    ar_next = "قتل 40 مهاجرا مساء الثلاثاء في غارة جوية على مركز إيواء في تاجوراء شرق طرابلس"
    assert len(strikes(("ar1", AR_STRIKE, "ar"), ("ar3", ar_next, "ar"))) == 2


# ---------------------------------------------------------------- category compatibility within an article

def article_events(text: str, published: date = PUB) -> list[Event]:
    return [e for e in extract_events([Article("t", text, published)]) if e.category != "political"]


@pytest.mark.parametrize("text", [
    "اندلعت اشتباكات عنيفة في غريان يوم الثلاثاء. وسيطرت قوات الوفاق على غريان يوم الثلاثاء.",
    "Heavy clashes broke out in Gharyan on Tuesday. GNA forces took control of Gharyan on Tuesday.",
])
def test_a_clash_and_the_takeover_it_won_are_two_events(text: str) -> None:
    found = article_events(text)
    assert sorted((e.category, e.place_name, e.event_date) for e in found) == [
        ("clash", "Gharyan", date(2019, 7, 2)), ("territory", "Gharyan", date(2019, 7, 2))]


@pytest.mark.parametrize("text", [
    "اندلعت اشتباكات عنيفة في غريان مساء الاثنين.\n\nوقالت مصادر إن قوات الوفاق سيطرت على غريان.",
    "Heavy clashes broke out in Gharyan on Monday evening.\n\nSources said GNA forces then took control of Gharyan.",
])
def test_an_undated_takeover_takes_the_day_of_the_fight_at_that_place(text: str) -> None:
    found = {e.category: e.event_date for e in article_events(text)}
    assert found == {"clash": date(2019, 7, 1), "territory": date(2019, 7, 1)}


@pytest.mark.parametrize("text", [
    "أسقطت الدفاعات الجوية طائرة مسيرة فوق ترهونة صباح الاثنين. وأسقطت الدفاعات الجوية طائرة مسيرة فوق ترهونة "
    "مساء الاثنين.",
    "Air defences downed a drone over Tarhuna on Monday morning. Air defences downed a drone over Tarhuna on "
    "Monday evening.",
])
def test_two_aircraft_downed_at_one_place_at_two_times_of_day_are_two(text: str) -> None:
    assert [e.category for e in article_events(text)] == ["shootdown", "shootdown"]


@pytest.mark.parametrize("text", [
    # one downing told twice: same part of the day, or the second names none
    "أسقطت الدفاعات الجوية طائرة مسيرة فوق ترهونة مساء الاثنين. وأسقطت الدفاعات الجوية الطائرة فوق ترهونة "
    "ليل الاثنين بعد إقلاعها.",
    "Air defences downed a drone over Tarhuna on Monday evening. The drone was shot down over Tarhuna after it "
    "took off.",
])
def test_one_downing_told_twice_is_one(text: str) -> None:
    assert [e.category for e in article_events(text) if e.category == "shootdown"] == ["shootdown"]
