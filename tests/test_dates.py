"""Tests of geo.text.dates (sentences written for these tests)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.text.dates import (
    DAY,
    MONTH,
    WEEK,
    YEAR,
    DateMention,
    event_date,
    find_date_spans,
    lead_date,
    page_date,
    resolve_dates,
)

FRI = date(2019, 12, 6)  # a Friday
SAT = date(2019, 12, 7)
MON = date(2019, 12, 9)
WED = date(2019, 12, 11)


ARABIC_WEEKDAYS = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")  # Monday first
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.mark.parametrize("pub", [date(2019, 12, 2) + timedelta(days=k) for k in range(7)], ids=str)
def test_every_weekday_from_every_publication_day(pub: date) -> None:
    """A named weekday is the latest such day on or before publication (datetime is the oracle)."""
    for wd, (arabic, english) in enumerate(zip(ARABIC_WEEKDAYS, ENGLISH_WEEKDAYS, strict=True)):
        expected = pub - timedelta(days=(pub.weekday() - wd) % 7)
        assert one(f"قصفت المدفعية المطار يوم {arabic}", pub).date == expected, (arabic, pub)
        assert one(f"The airport was shelled on {english}", pub).date == expected, (english, pub)


def one(text: str, pub: date = FRI, **kw: object) -> DateMention:
    found = resolve_dates(text, pub, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    assert text[found[0].start:found[0].end] == found[0].surface
    return found[0]


def dates_of(text: str, pub: date = FRI) -> list[tuple[str, date, int, str]]:
    return [(m.surface, m.date, m.precision, m.kind) for m in resolve_dates(text, pub)]


# --------------------------------------------------------------------------- relative days

@pytest.mark.parametrize("text,surface,offset", [
    ("أعلنت الوزارة اليوم عن هدنة", "اليوم", 0),
    ("وقعت الاشتباكات أمس في الضواحي", "أمس", -1),
    ("تجددت المعارك بالأمس قرب الجسر", "بالأمس", -1),
    ("قصفت المدفعية الحي أول أمس", "أول أمس", -2),
    ("انسحبت الوحدات أمس الأول من البلدة", "أمس الأول", -2),
    ("سيعقد الاجتماع غداً في جنيف", "غداً", 1),
    ("استهدفت غارة الموقع فجر اليوم", "فجر اليوم", 0),
    ("هدأت الجبهة صباح اليوم", "صباح اليوم", 0),
    ("يلتقي الطرفان مساء اليوم", "مساء اليوم", 0),
    ("سمعت انفجارات ليلة أمس في المدينة", "ليلة أمس", -1),
    ("سقطت قذائف مساء أمس على الحي", "مساء أمس", -1),
    ("هاجمت طائرة مسيرة الرتل فجر أمس", "فجر أمس", -1),
    ("سمع دوي الانفجار الليلة في وسط المدينة", "الليلة", 0),
    ("The ministry said today that talks resumed", "today", 0),
    ("Shelling hit the port yesterday", "yesterday", -1),
    ("A drone struck the base the day before yesterday", "the day before yesterday", -2),
    ("Explosions were heard last night near the airport", "last night", -1),
    ("Clashes erupted this morning in the south", "this morning", 0),
    ("Overnight shelling damaged two houses", "Overnight", -1),
    ("The talks will resume tomorrow", "tomorrow", 1),
])
def test_relative_days(text: str, surface: str, offset: int) -> None:
    m = one(text)
    assert m.surface == surface
    assert (m.date - FRI).days == offset
    assert (m.precision, m.kind, m.background) == (DAY, "relative", False)


def test_clitic_waw_is_not_part_of_the_surface() -> None:
    assert one("ثم هدأت المعارك وأمس عادت").surface == "أمس"


def test_today_as_the_first_day_of_something_is_not_a_date() -> None:
    assert resolve_dates("في اليوم الأول من الهجوم سقطت المواقع", FRI) == []
    assert resolve_dates("وفي الليلة نفسها انسحبت القوات", FRI) == []


def test_relative_periods() -> None:
    assert dates_of("قتل ثلاثة الأسبوع الماضي") == [("الأسبوع الماضي", date(2019, 11, 29), WEEK, "relative")]
    assert dates_of("the attack last week") == [("last week", date(2019, 11, 29), WEEK, "relative")]
    assert dates_of("the attack last month") == [("last month", date(2019, 11, 1), MONTH, "relative")]
    assert dates_of("خلال الشهر الماضي") == [("الشهر الماضي", date(2019, 11, 1), MONTH, "relative")]
    assert dates_of("منذ العام الماضي") [0][1:3] == (date(2018, 1, 1), YEAR)
    assert dates_of("مطلع الشهر الجاري") == [("مطلع الشهر الجاري", date(2019, 12, 1), MONTH, "period")]


def test_future_words() -> None:
    for text, expected in [("الأسبوع المقبل", date(2019, 12, 13)), ("next week", date(2019, 12, 13)),
                           ("غدا", date(2019, 12, 7)), ("tomorrow", date(2019, 12, 7))]:
        m = one(f"تبدأ المفاوضات {text}")
        assert m.kind == "relative"
        assert m.date == expected > FRI


def test_ago() -> None:
    assert dates_of("قتل قبل يومين") == [("قبل يومين", date(2019, 12, 4), DAY, "relative")]
    assert dates_of("قتل قبل ثلاثة أيام") == [("قبل ثلاثة أيام", date(2019, 12, 3), DAY, "relative")]
    assert dates_of("فر منذ أيام") == [("منذ أيام", date(2019, 12, 3), WEEK, "relative")]
    assert dates_of("killed two days ago") == [("two days ago", date(2019, 12, 4), DAY, "relative")]
    assert dates_of("arrived a week ago") == [("a week ago", date(2019, 11, 29), WEEK, "relative")]


def test_since_friday_is_not_a_day_ago() -> None:
    m = one("القتال مستمر منذ يوم الجمعة")
    assert (m.surface, m.kind, m.background) == ("يوم الجمعة", "weekday", True)


# --------------------------------------------------------------------------- weekdays

@pytest.mark.parametrize("text,surface,expected", [
    ("قصفت الطائرات المعسكر الجمعة", "الجمعة", date(2019, 12, 6)),
    ("قصفت الطائرات المعسكر يوم الجمعة", "يوم الجمعة", date(2019, 12, 6)),
    ("اندلعت المعارك ليل الجمعة", "ليل الجمعة", date(2019, 12, 6)),
    ("اندلعت المعارك ليلة الجمعة", "ليلة الجمعة", date(2019, 12, 5)),
    ("هاجمت القوات مساء الأربعاء", "مساء الأربعاء", date(2019, 12, 4)),
    ("تقدمت الوحدات صباح السبت", "صباح السبت", date(2019, 11, 30)),
    ("سقطت قذيفة فجر الأحد", "فجر الأحد", date(2019, 12, 1)),
    ("اجتمع المجلس الخميس الماضي", "الخميس الماضي", date(2019, 12, 5)),
    ("اجتمع المجلس الجمعة الماضية", "الجمعة الماضية", date(2019, 11, 29)),
    ("عاد الهدوء والجمعة تجددت الاشتباكات", "الجمعة", date(2019, 12, 6)),
    ("خرج المصلون بعد صلاة الجمعة", "الجمعة", date(2019, 12, 6)),
    ("The airport was shelled on Friday", "Friday", date(2019, 12, 6)),
    ("Drones struck the convoy Thursday night", "Thursday night", date(2019, 12, 5)),
    ("The envoy met both sides last Tuesday", "last Tuesday", date(2019, 12, 3)),
    ("The envoy met both sides last Friday", "last Friday", date(2019, 11, 29)),
])
def test_weekdays(text: str, surface: str, expected: date) -> None:
    m = one(text)
    assert (m.surface, m.date, m.kind, m.precision) == (surface, expected, "weekday", DAY)


def test_weekday_resolves_on_or_before_publication() -> None:
    assert one("قصف المطار يوم السبت", SAT).date == SAT
    assert one("قصف المطار يوم الجمعة", SAT).date == FRI
    assert one("قصف المطار يوم الأحد", SAT).date == date(2019, 12, 1)


def test_eve_of_friday_is_thursday_night() -> None:
    assert one("ليلة الجمعة", SAT).date == date(2019, 12, 5)
    assert one("ليلة الجمعة", date(2019, 12, 5)).date == date(2019, 12, 5)  # published on Thursday
    # an explicit pair names the night from Friday to Saturday
    assert one("ليلة الجمعة/السبت", SAT).date == FRI
    assert one("ليل الخميس الجمعة", SAT).date == date(2019, 12, 5)


def test_yesterday_with_weekday() -> None:
    m = one("قتل ثلاثة أمس الأحد", MON)
    assert (m.surface, m.date, m.kind) == ("أمس الأحد", date(2019, 12, 8), "weekday")
    # the weekday disagrees with "yesterday": trust the weekday
    assert one("قتل ثلاثة أمس الأحد", WED).date == date(2019, 12, 8)
    assert one("أعلن اليوم الجمعة", FRI).date == FRI


def test_association_is_not_friday() -> None:
    assert resolve_dates("عقدت الجمعية العمومية اجتماعها", FRI) == []
    assert resolve_dates("The Assembly met", FRI) == []


def test_bare_weekday_names_need_a_cue() -> None:
    # جمعة and خميس are also first names; اثنين is "two"
    assert resolve_dates("قال جمعة القماطي إن اثنين من الحراس أصيبا", FRI) == []
    assert one("وصل الوفد يوم جمعة", FRI).date == FRI


def test_eleven_is_not_sunday() -> None:
    assert resolve_dates("قتل الأحد عشر جنديا", FRI) == []


# --------------------------------------------------------------------------- absolute dates

@pytest.mark.parametrize("text,surface,expected,precision", [
    ("بدأ الهجوم في 4 أبريل 2019", "4 أبريل 2019", date(2019, 4, 4), DAY),
    ("بدأ الهجوم في 4 أبريل/نيسان 2019", "4 أبريل/نيسان 2019", date(2019, 4, 4), DAY),
    ("سيصل الوفد في 5 ديسمبر/كانون أول الجاري", "5 ديسمبر/كانون أول الجاري", date(2019, 12, 5), DAY),
    ("وقع الانفجار في 4 يوليو الجاري", "4 يوليو الجاري", date(2019, 7, 4), DAY),
    ("وقعت الغارة في 27 نوفمبر الماضي", "27 نوفمبر الماضي", date(2019, 11, 27), DAY),
    ("انطلقت العملية في الثامن من ديسمبر", "الثامن من ديسمبر", date(2019, 12, 8), DAY),
    ("وقعت الحادثة في أول أبريل", "أول أبريل", date(2019, 4, 1), DAY),
    ("سقطت البلدة في ٤ أبريل ٢٠١٩", "٤ أبريل ٢٠١٩", date(2019, 4, 4), DAY),
    ("وقعت الحادثة في 3 جانفي", "3 جانفي", date(2019, 1, 3), DAY),
    ("وقعت الحادثة في 7 أوت", "7 أوت", date(2019, 8, 7), DAY),
    ("وقعت الحادثة في 2 أفريل", "2 أفريل", date(2019, 4, 2), DAY),
    ("وقعت الحادثة في 9 جويلية", "9 جويلية", date(2019, 7, 9), DAY),
    ("وقعت الحادثة في 14 شباط 2019", "14 شباط 2019", date(2019, 2, 14), DAY),
    ("وقعت الحادثة في 1 كانون الثاني 2020", "1 كانون الثاني 2020", date(2020, 1, 1), DAY),
    ("وقعت الحادثة في 10 تشرين أول", "10 تشرين أول", date(2019, 10, 10), DAY),
    ("وقعت الحادثة في 10 يونيه", "10 يونيه", date(2019, 6, 10), DAY),
    ("وقعت الحادثة في 10 إبريل", "10 إبريل", date(2019, 4, 10), DAY),
    ("وقعت الحادثة في الحادي والعشرين من نوفمبر الماضي", "الحادي والعشرين من نوفمبر الماضي",
     date(2019, 11, 21), DAY),
    ("وقعت الحادثة في نوفمبر/تشرين الثاني الماضي", "نوفمبر/تشرين الثاني الماضي", date(2019, 11, 1), MONTH),
    ("وقعت الحادثة في شهر أبريل", "شهر أبريل", date(2019, 4, 1), MONTH),
    ("وقعت الحادثة في عام 2018", "عام 2018", date(2018, 1, 1), YEAR),
    ("وقعت الحادثة في 2018م", "2018م", date(2018, 1, 1), YEAR),
    ("The siege began on 4 April 2019", "4 April 2019", date(2019, 4, 4), DAY),
    ("The siege began on April 4, 2019", "April 4, 2019", date(2019, 4, 4), DAY),
    ("The convoy arrived on 4 April", "4 April", date(2019, 4, 4), DAY),
    ("The convoy arrived on April 4", "April 4", date(2019, 4, 4), DAY),
    ("The convoy arrived on Friday, April 5, 2019", "Friday, April 5, 2019", date(2019, 4, 5), DAY),
    # a two-digit day before a comma or a full stop is the whole number, not its first digit
    ("On Monday, November 25, the convoy arrived", "Monday, November 25", date(2019, 11, 25), DAY),
    ("On November 26, rebels clashed with the army", "November 26", date(2019, 11, 26), DAY),
    ("The convoy arrived on November 28.", "November 28", date(2019, 11, 28), DAY),
    ("The convoy arrived on 2019-04-04", "2019-04-04", date(2019, 4, 4), DAY),
    ("The convoy arrived in May 2019", "May 2019", date(2019, 5, 1), MONTH),
    ("The convoy arrived in 2018", "2018", date(2018, 1, 1), YEAR),
])
def test_absolute(text: str, surface: str, expected: date, precision: int) -> None:
    m = one(text)
    assert (m.surface, m.date, m.precision, m.kind) == (surface, expected, precision, "absolute")


def test_weekday_before_a_date_is_one_mention() -> None:
    m = one("الخميس 4 أبريل 2019 بدأ الهجوم")
    assert (m.surface, m.date, m.kind) == ("الخميس 4 أبريل 2019", date(2019, 4, 4), "absolute")


def test_parts_of_months_are_periods() -> None:
    assert dates_of("early April") == [("early April", date(2019, 4, 1), MONTH, "period")]
    assert dates_of("في أواخر أبريل") == [("أواخر أبريل", date(2019, 4, 1), MONTH, "period")]
    assert dates_of("بين 4 و6 أبريل") == [("4 و6 أبريل", date(2019, 4, 4), WEEK, "period")]


def test_same_month() -> None:
    got = dates_of("في 27 نوفمبر الماضي، ثم في الخامس من الشهر ذاته", date(2019, 12, 10))
    assert got[1] == ("الخامس من الشهر ذاته", date(2019, 11, 5), DAY, "absolute")
    # no month named before: the publication month
    assert one("في الخامس من الشهر نفسه", date(2019, 12, 10)).date == date(2019, 12, 5)
    assert one("في الخامس من الشهر الجاري", date(2019, 12, 10)).date == date(2019, 12, 5)
    # or the reference passed in (e.g. from the preceding sentences)
    m = one("في الخامس من الشهر ذاته", date(2019, 12, 10), reference=date(2019, 10, 20))
    assert m.date == date(2019, 10, 5)


def test_month_modifiers() -> None:
    jan = date(2020, 1, 15)
    assert one("في 27 نوفمبر الماضي", jan).date == date(2019, 11, 27)
    assert one("في نوفمبر الماضي", date(2019, 11, 20)).date == date(2018, 11, 1)
    assert one("في 4 يناير الجاري", jan).date == date(2020, 1, 4)
    assert one("في مارس من العام الماضي", jan).date == date(2019, 3, 1)
    assert one("in March last year".replace("March last year", "last March"), jan).date == date(2019, 3, 1)


def test_yearless_date_goes_to_previous_year_when_far_in_the_future() -> None:
    jan = date(2020, 1, 10)
    assert one("في 28 ديسمبر", jan).date == date(2019, 12, 28)
    assert one("في 20 يناير", jan).date == date(2020, 1, 20)  # within 30 days: an announced date
    assert one("في 20 مارس", jan).date == date(2019, 3, 20)


def test_numeric_dates() -> None:
    assert one("on 04/05/2019").date == date(2019, 5, 4)  # day first
    assert one("on 12/25/2019").date == date(2019, 12, 25)  # month first when day-first is impossible
    assert one("بتاريخ 2019/04/04").date == date(2019, 4, 4)


def test_month_names_that_are_words() -> None:
    assert resolve_dates("He may return and march on the city", FRI) == []
    assert resolve_dates("مارس الضغوط على الحكومة", FRI) == []
    assert resolve_dates("قتل أب وابنه في القصف", FRI) == []
    assert one("in May 2019").date == date(2019, 5, 1)


def test_capital_check_survives_diacritics_before_the_month() -> None:
    m = one("قُتِلَ ثلاثة في May 2019")
    assert (m.surface, m.date) == ("May 2019", date(2019, 5, 1))


def test_invalid_day_is_dropped() -> None:
    assert resolve_dates("في 30 فبراير 2019", FRI) == []


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


# --------------------------------------------------------------------------- properties

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
       st.dates())
def test_property_any_text(text: str, pub: date) -> None:
    for m in resolve_dates(text, pub):
        assert text[m.start:m.end] == m.surface
        assert isinstance(m.date, date)
        assert m.precision in (DAY, WEEK, MONTH, YEAR)
        assert m.kind in ("relative", "weekday", "absolute", "period")
    d, p = event_date(text, pub, context=text)
    assert isinstance(d, date) and p in (DAY, WEEK, MONTH, YEAR)


_WORDS = ["أمس", "اليوم", "الجمعة", "ليلة", "ليل", "مساء", "يوم", "4", "٤", "27", "2019", "أبريل", "/", "نيسان",
          "الماضي", "الجاري", "الخامس", "من", "الشهر", "ذاته", "منذ", "قبل", "يومين", "أيام", "و", "ف", "ال",
          "Friday", "last", "night", "April", "May", "2019-04-04", "12/25/2019", "ago", "two", "days", " ", "\u064b",
          "\u0640", "\u200f", "\n", "،", ".", "-"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30),
       st.dates())
def test_property_date_like_text(words: list[str], pub: date) -> None:
    text = " ".join(words)
    prev = 0
    for m in resolve_dates(text, pub):
        assert text[m.start:m.end] == m.surface
        assert m.start >= prev
        prev = m.end
    event_date(text, pub)


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
