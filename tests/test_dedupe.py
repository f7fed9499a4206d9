"""Bilingual duplicates: an Arabic and an English report of one strike are one event.

Sentences written for the tests.
"""

from __future__ import annotations

from datetime import date

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
