"""Tests of geo.text.dates: which date an event gets. Background dates ("since 4 April"), the
sentence's context, the day before, the lead's day, a statement's day and page stamps
(sentences written for these tests). Finding and resolving the expressions themselves is
tested in tests/test_dates.py."""

from __future__ import annotations

from datetime import date

import pytest

from geo.text.dates import DAY, WEEK, event_date, find_date_spans, lead_date, page_date, resolve_dates
from tests.test_dates import FRI, MON, one

# --------------------------------------------------------------------------- background

@pytest.mark.parametrize("text", [
    "تشن منذ 4 أبريل/نيسان 2019 حملة عسكرية للسيطرة على العاصمة",
    "The offensive, ongoing since April 4, 2019, has displaced thousands",
    "الهجوم الذي بدأ في 4 أبريل 2019 على طرابلس",
    "الحملة التي انطلقت في 4 أبريل 2019",
    "a campaign starting on 4 April 2019",
    "the offensive that began on 4 April 2019",
    "the offensive began on 4 April 2019",
])
def test_background(text: str) -> None:
    found = resolve_dates(text, FRI)
    assert found and all(m.background for m in found)


def test_since_governs_only_a_nearby_date() -> None:
    text = "تتواصل الاشتباكات منذ أسابيع في محور عين زارة حيث قتل ثلاثة مقاتلين أمس"
    found = resolve_dates(text, FRI)
    assert [(m.surface, m.background) for m in found] == [("منذ أسابيع", True), ("أمس", False)]
    assert event_date(text, FRI) == (date(2019, 12, 5), DAY)
    assert one("منذ بدء الهجوم على العاصمة في 4 أبريل 2019").background


def test_since_inside_a_mention_governs_nothing_else() -> None:
    found = resolve_dates("فر السكان منذ أيام وعادوا أمس", FRI)
    assert [(m.surface, m.background) for m in found] == [("منذ أيام", True), ("أمس", False)]


def test_main_clause_began_on_a_recent_day_is_the_event() -> None:
    m = one("Clashes began on Friday near the bridge")
    assert m.background is False


# --------------------------------------------------------------------------- event_date

def test_event_date_first_non_background() -> None:
    text = "تشن قوات حفتر منذ 4 أبريل/نيسان 2019 هجوما، وقصفت الطائرات المطار مساء أمس"
    assert event_date(text, FRI) == (date(2019, 12, 5), DAY)


def test_event_date_skips_future() -> None:
    assert event_date("قصفت المدفعية الحي اليوم قبل اجتماع غدا", FRI) == (FRI, DAY)
    assert event_date("سيعقد الاجتماع الأسبوع المقبل", FRI) == (FRI, WEEK)


def test_event_date_from_context() -> None:
    ctx = "قصفت طائرات مسيرة مواقع في الوشكة يوم الأربعاء. وقال المتحدث إن الضربات دقيقة."
    assert event_date("وأسفرت الضربات عن مقتل ثلاثة", FRI, context=ctx) == (date(2019, 12, 4), DAY)
    ctx2 = "في 27 نوفمبر الماضي بدأت المعارك."
    assert event_date("وفي الخامس من الشهر ذاته قتل اثنان", date(2019, 12, 20), context=ctx2) == (
        date(2019, 11, 5), DAY)


def test_event_date_default_is_publication_week() -> None:
    assert event_date("اشتباكات جنوب العاصمة", FRI) == (FRI, WEEK)
    assert event_date("", FRI) == (FRI, WEEK)


def test_event_date_language_filter() -> None:
    assert event_date("Shelling yesterday", FRI, language="en") == (date(2019, 12, 5), DAY)
    assert event_date("Shelling yesterday", FRI, language="ar") == (FRI, WEEK)


def test_find_date_spans() -> None:
    text = "قتل 3 في 4 أبريل 2019"
    assert [text[s:e] for s, e in find_date_spans(text)] == ["4 أبريل 2019"]


def test_diacritics_and_tatweel() -> None:
    text = "قُصِفَ المطارُ أمسِ الأحـــد"
    m = one(text, MON)
    assert m.surface == "أمسِ الأحـــد"
    assert m.date == date(2019, 12, 8)


# ---------------------------------------------------------------- the day before, the lead's day, page stamps

JUL3 = date(2019, 7, 3)  # a Wednesday


@pytest.mark.parametrize("text, expected", [
    ("Shelling hit Abu Salim the previous night", date(2019, 7, 2)),
    ("The strike took place on the day before", date(2019, 7, 2)),
    ("قتل ثلاثة في قصف وقع في اليوم السابق", date(2019, 7, 2)),
    ("سقطت القذائف في الليلة السابقة على عين زارة", date(2019, 7, 2)),
])
def test_the_day_before_counts_from_publication_when_nothing_was_named(text: str, expected: date) -> None:
    assert event_date(text, JUL3) == (expected, DAY)


@pytest.mark.parametrize("text, context, expected", [
    ("Clashes erupted the night before in Ain Zara", "On Sunday, talks failed.", date(2019, 6, 29)),
    ("وقعت الغارة في الليلة السابقة", "اجتمع الطرفان يوم الاثنين.", date(2019, 6, 30)),
    ("The army retook the town the next day", "Fighting began on Sunday.", date(2019, 7, 1)),
    ("وفي اليوم التالي دخلت القوات البلدة", "بدأ الهجوم يوم الأحد.", date(2019, 7, 1)),
])
def test_the_day_before_counts_from_the_day_named_before_it(text: str, context: str, expected: date) -> None:
    assert event_date(text, JUL3, context=context) == (expected, DAY)


def test_the_next_day_of_nothing_is_no_date() -> None:
    assert event_date("The army retook the town the next day", JUL3) == (JUL3, WEEK)


def test_the_day_before_in_an_after_clause_dates_that_act() -> None:
    # The shelling is the news; the surrounding was the day before it.
    assert event_date("Forces shelled the town after surrounding it the previous day.", JUL3) == (JUL3, WEEK)
    assert event_date("قصفت القوات البلدة بعد أن حاصرتها في اليوم السابق", JUL3) == (JUL3, WEEK)


@pytest.mark.parametrize("text", [
    "Last updated: 1 July 2019. Clashes erupted in Tripoli.",
    "آخر تحديث: 1 يوليو 2019 - اندلعت اشتباكات في طرابلس",
    "Published on 1 July 2019 | Shells fell on Ain Zara.",
])
def test_a_page_stamp_is_not_an_event_date(text: str) -> None:
    assert event_date(text, JUL3) == (JUL3, WEEK)
    assert page_date(text) == date(2019, 7, 1)


def test_an_event_date_is_not_a_page_stamp() -> None:
    assert page_date("Clashes erupted on 1 July 2019 in Tripoli.") is None


def test_the_leads_day_dates_the_sentences_that_state_none() -> None:
    lead = ["Fighting near Tripoli", "GNA forces said yesterday they attacked the base.", "Ten fighters were captured."]
    assert lead_date(lead, JUL3) == date(2019, 7, 2)
    assert event_date("Ten fighters were captured.", JUL3, default=lead_date(lead, JUL3)) == (date(2019, 7, 2), WEEK)
    # A lead that names no day, or an old one, leaves the publication date.
    assert lead_date(["Talks resumed in Geneva.", "Both sides attended."], JUL3) is None
    assert lead_date(["The offensive began on 4 April 2019."], JUL3) is None


def test_an_event_in_a_later_paragraph_takes_the_leads_day() -> None:
    from geo.events.extract import extract_article_events
    from geo.model import Article

    text = ("قالت قوات الوفاق أمس إنها هاجمت قاعدة الوطية وأسرت عددا من المقاتلين.\n\n"
            "واندلعت اشتباكات عنيفة في محيط قاعدة الوطية.")
    found = [e for e in extract_article_events(Article("t", text, JUL3)) if e.category == "clash"]
    assert [e.event_date for e in found] == [date(2019, 7, 2)]


TUESDAY = date(2020, 5, 19)


@pytest.mark.parametrize("text, expected", [
    # the Monday is when someone spoke; the sentence dates the event to the Sunday
    ("قال مسؤول في البلدية الإثنين إن عدد قتلى قصف الأحد ارتفع إلى تسعة", date(2020, 5, 17)),
    ("وأفادت مصادر طبية الإثنين بأن غارة الأحد أصابت المستشفى", date(2020, 5, 17)),
    ("A council member said on Monday that Sunday's shelling killed nine", date(2020, 5, 17)),
    ("Medics told reporters Monday the strike on Sunday hit a clinic", date(2020, 5, 17)),
    # a date that no speech verb governs wins as before, the first of the sentence
    ("قصفت المدفعية الحي الأحد، وقال مسؤول الإثنين إن الحصيلة ارتفعت", date(2020, 5, 17)),
    ("Shells hit the district on Monday after a quiet Sunday", date(2020, 5, 18)),
])
def test_the_day_of_a_statement_is_not_the_event_day(text: str, expected: date) -> None:
    assert event_date(text, TUESDAY) == (expected, DAY)


@pytest.mark.parametrize("text", [
    "قال مسؤول في البلدية الإثنين إن قذائف سقطت على الحي",
    "The council said on Monday that shells fell on the district",
])
def test_a_statements_day_alone_bounds_the_event_to_about_a_week(text: str) -> None:
    # the statement's day is the only date: the best guess, but the event may be earlier
    assert event_date(text, TUESDAY) == (date(2020, 5, 18), WEEK)


@pytest.mark.parametrize("text", [
    "قصفت المدفعية الحي يوم الإثنين وقال مسؤول إن قذائف سقطت على الحي",
    "Shells fell on the district on Monday, the council said",
])
def test_a_date_no_speech_verb_governs_stays_a_day(text: str) -> None:
    assert event_date(text, TUESDAY) == (date(2020, 5, 18), DAY)


@pytest.mark.parametrize("text, expected", [
    ("اشتباكات قرب سوق الثلاثاء", []),  # a market named after its day, not Tuesday
    ("سقطت قذيفة وبسوق الخميس جرحى", []),
    ("سقطت قذيفة على سوق الخميس يوم الجمعة", [date(2020, 5, 15)]),  # the real weekday beside it stays
    ("سقطت قذيفة على سوق الخميس الأحد", [date(2020, 5, 17)]),
])
def test_a_market_day_is_a_place_not_a_weekday(text: str, expected: list[date]) -> None:
    assert [m.date for m in resolve_dates(text, date(2020, 5, 18))] == expected
