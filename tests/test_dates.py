"""Tests of geo.text.dates: finding and resolving date expressions (sentences written for these
tests). Which date an event gets (background, context, the lead, statements, page stamps) is
tested in tests/test_event_dates.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.text import dates
from geo.text.dates import (
    DAY,
    MONTH,
    WEEK,
    YEAR,
    DateMention,
    event_date,
    resolve_dates,
    without_spans,
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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab سوق\n", max_size=40), st.data())
def test_without_spans_blanks_exactly_the_spans(text: str, data: st.DataObject) -> None:
    """Place names blanked for the date reader: offsets kept, every character of a span (spans
    overlapping or out of order) a space, every other one as it was."""
    bounds = st.integers(0, len(text))
    spans = data.draw(st.lists(st.tuples(bounds, bounds).map(sorted), max_size=5))
    out = without_spans(text, spans)
    assert len(out) == len(text)
    for i, ch in enumerate(out):
        assert ch == (" " if any(s <= i < e for s, e in spans) else text[i])


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789١٢٠ x-", max_size=30))
def test_years_are_the_four_digit_runs_the_look_behind_pattern_finds(text: str) -> None:
    """is_history's year scan (a pattern without its look-behind, then a filter) finds what the
    pattern with the look-behind finds, in runs of digits of every length and Arabic-Indic digits."""
    assert dates._years(text) == [int(y) for y in dates._YEAR.findall(text)]
