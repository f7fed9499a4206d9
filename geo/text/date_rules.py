"""How each matched date expression becomes a date (see :mod:`geo.text.dates`).

In: a regex match of :mod:`geo.text.date_patterns` and the publication date. Out: a
candidate whose resolver gives a date and a precision, once the reference date is known
(whether a date is background is :mod:`geo.text.date_background`). The conventions are
stated in :mod:`geo.text.dates`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from geo.text.date_patterns import (
    _CUE_KIND,
    _EN_NEED_CAP,
    _L,
    _LEX,
    _MOD_AR,
    _MOD_EN,
    _MONTH_AR,
    _MONTH_EN,
    _NUMWORD_AR,
    _NUMWORD_EN,
    _ORD_AR,
    _P_AR_AGO,
    _P_AR_DAY_MONTH,
    _P_AR_MONTH,
    _P_AR_ORD_MONTH,
    _P_AR_RELATIVE,
    _P_AR_SAME_MONTH,
    _P_AR_WEEKDAY,
    _P_AR_YEAR,
    _P_EN_AGO,
    _P_EN_DAY_MONTH,
    _P_EN_MONTH,
    _P_EN_MONTH_DAY,
    _P_EN_RELATIVE,
    _P_EN_WEEKDAY,
    _P_EN_YEAR,
    _P_ISO,
    _P_NUMERIC,
    _REL,
    _REL_NOT_BEFORE,
    _SAME_MONTH,
    _UNIT_AR,
    _UNIT_EN,
    _WD_AR,
    _WD_EN,
    DAY,
    FUTURE_SLACK_DAYS,
    MONTH,
    WEEK,
    YEAR,
    _alt,
    _forms,
)

# --------------------------------------------------------------------------- resolution helpers


@dataclass(slots=True)
class _State:
    """Resolution context: the publication date and the last month named."""

    published: date
    last_ym: tuple[int, int]
    last_day: date | None = None  # the last day named before: what "the day before" counts from


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    kind: str
    resolve: Callable[[_State], tuple[date, int] | None]
    background: bool = False  # known from the expression itself (منذ أيام: "for days")
    uses_reference: bool = False  # resolved against the month named before it (الخامس من الشهر ذاته)


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _add_months(d: date, n: int) -> date:
    idx = d.year * 12 + d.month - 1 + n
    return date(max(1, min(9999, idx // 12)), idx % 12 + 1, 1)


def _shift_days(d: date, n: int) -> date | None:
    try:
        return d + timedelta(days=n)
    except OverflowError:
        return None


def _on_or_before(pub: date, weekday: int) -> date | None:
    return _shift_days(pub, -((pub.weekday() - weekday) % 7))


def _strictly_before(pub: date, weekday: int) -> date | None:
    return _shift_days(pub, -((pub.weekday() - weekday - 1) % 7 + 1))


def _strictly_after(pub: date, weekday: int) -> date | None:
    return _shift_days(pub, (weekday - pub.weekday() - 1) % 7 + 1)


def _year_for(month: int, day: int, pub: date, mod: str | None) -> int:
    """The year of a day-month (or month, ``day=1``) given without a year."""
    if mod in ("current", "current_year"):
        return pub.year
    if mod == "previous_year":
        return pub.year - 1
    if mod == "next_year":
        return pub.year + 1
    if mod == "previous":
        return pub.year if month < pub.month else pub.year - 1
    if mod == "next":
        return pub.year if month > pub.month else pub.year + 1
    guess = _safe_date(pub.year, month, min(day, calendar.monthrange(pub.year, month)[1]))
    slack = _shift_days(pub, FUTURE_SLACK_DAYS)
    if guess is not None and slack is not None and guess > slack:
        return pub.year - 1
    return pub.year


def _norm(s: str | None) -> str:
    return " ".join(s.split()) if s else ""


def _modifier(m: re.Match[str], mod_map: dict[str, str]) -> str | None:
    mod = m.groupdict().get("mod")
    return mod_map.get(_norm(mod)) if mod else None


def _year_of(m: re.Match[str]) -> int | None:
    y = m.groupdict().get("year")
    return int(y) if y else None


def _day_month_resolver(day: int, month: int, year: int | None, mod: str | None, day2: int | None,
                        ) -> Callable[[_State], tuple[date, int] | None]:
    def resolve(st: _State) -> tuple[date, int] | None:
        y = year if year is not None else _year_for(month, day, st.published, mod)
        d = _safe_date(y, month, day)
        if d is None:
            return None
        st.last_ym = (y, month)
        if day2 is not None and day2 > day:
            return d, WEEK if day2 - day <= 7 else MONTH
        return d, DAY

    return resolve


def _month_resolver(month: int, year: int | None, mod: str | None, precision: int = MONTH,
                    ) -> Callable[[_State], tuple[date, int] | None]:
    def resolve(st: _State) -> tuple[date, int] | None:
        y = year if year is not None else _year_for(month, 1, st.published, mod)
        d = _safe_date(y, month, 1)
        if d is None:
            return None
        st.last_ym = (y, month)
        return d, precision

    return resolve


def _fixed(value: tuple[date, int] | None) -> Callable[[_State], tuple[date, int] | None]:
    return lambda st: value


# --------------------------------------------------------------------------- family handlers
# Each handler turns one regex match into a candidate (or None to reject it). It gets
# the match on the folded text, the folded text, the original characters aligned
# with it (same length) and the publication date.

Handler = Callable[[re.Match[str], str, str, date], "_Cand | None"]


def _span(m: re.Match[str], *groups: str) -> tuple[int, int]:
    """Start at the first listed group that matched (else the match), end at the match end."""
    for g in groups:
        if m.groupdict().get(g) is not None:
            return m.start(g), m.end()
    return m.start(), m.end()


def _h_ar_day_month(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    month = _MONTH_AR[_norm(m.group("mon"))]
    day = int(m.group("day")) if m.groupdict().get("day") else _ORD_AR[_norm(m.group("ord"))]
    day2 = int(m.group("day2")) if m.groupdict().get("day2") else None
    start, end = _span(m, "wdpre", "day", "ord")
    kind = "period" if day2 is not None and day2 > day else "absolute"
    return _Cand(start, end, kind, _day_month_resolver(day, month, _year_of(m), _modifier(m, _MOD_AR), day2))


def _h_ar_same_month(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    day = int(m.group("day")) if m.group("day") else _ORD_AR[_norm(m.group("ord"))]
    which = _SAME_MONTH.get(_norm(m.group("sm")), "same")

    def resolve(st: _State) -> tuple[date, int] | None:
        if which == "same":
            y, mo = st.last_ym
        else:
            shift = {"current": 0, "previous": -1, "next": 1}[which]
            first = _add_months(st.published, shift)
            y, mo = first.year, first.month
        d = _safe_date(y, mo, day)
        if d is None:
            return None
        st.last_ym = (y, mo)
        return d, DAY

    return _Cand(m.start(), m.end(), "absolute", resolve, uses_reference=which == "same")


def _h_month(mod_map: dict[str, str], mon_map: dict[str, int], english: bool) -> Handler:
    def handler(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
        gd = m.groupdict()
        mon = _norm(gd["mon"])
        if english and mon in _EN_NEED_CAP and not original[m.start("mon")].isupper():
            return None
        part, ctx, year = gd.get("part"), gd.get("ctx"), _year_of(m)
        mod = _modifier(m, mod_map)
        if english and ctx and _norm(ctx) in mod_map:
            mod = mod_map[_norm(ctx)]
        # A bare month name is too often an ordinary word (مارس, May): it needs a cue.
        if not (part or ctx or gd.get("shahr") or year or mod):
            return None
        month = mon_map[mon]
        if part:
            start, end = m.start("part"), m.end()
            return _Cand(start, end, "period", _month_resolver(month, year, mod))
        start, end = _span(m, "shahr", "mon")
        if english and mod and ctx:
            start = m.start("ctx")  # "last April"
        return _Cand(start, end, "absolute", _month_resolver(month, year, mod))

    return handler


_PARTS = frozenset(_forms(_LEX["month_parts_ar"] + _LEX["month_parts_en"]))


def _h_year(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    gd = m.groupdict()
    year = int(gd["year"])
    ctx = _norm(gd.get("ctx"))
    has_m = folded[m.start("year"):m.end()].rstrip().endswith("م")
    if not (ctx or gd.get("yw") or has_m):
        return None
    if year > pub.year + 5:
        return None
    if ctx in _PARTS:
        return _Cand(m.start("ctx"), m.end(), "period", _fixed((date(year, 1, 1), YEAR)))
    start, end = _span(m, "yw", "year")
    return _Cand(start, end, "absolute", _fixed((date(year, 1, 1), YEAR)))


def _h_en_day_month(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    mon = _norm(m.group("mon"))
    if mon in _EN_NEED_CAP and not original[m.start("mon")].isupper():
        return None
    day = int(m.group("day"))
    day2 = int(m.group("day2")) if m.group("day2") else None
    kind = "period" if day2 is not None and day2 > day else "absolute"
    start, end = _span(m, "wdpre", "mon", "day")
    if m.group("wdpre") is None:
        start = min(m.start("day"), m.start("mon"))
    return _Cand(start, end, kind, _day_month_resolver(day, _MONTH_EN[mon], _year_of(m), None, day2))


def _h_iso(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    d = _safe_date(int(m.group("year")), int(m.group("m")), int(m.group("d")))
    if d is None:
        return None
    return _Cand(m.start(), m.end(), "absolute", _set_month(d))


def _set_month(d: date) -> Callable[[_State], tuple[date, int] | None]:
    def resolve(st: _State) -> tuple[date, int] | None:
        st.last_ym = (d.year, d.month)
        return d, DAY

    return resolve


def _h_numeric(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    a, b, y = int(m.group("d")), int(m.group("m")), m.group("y")
    year = int(y) if len(y) == 4 else 2000 + int(y)
    d = _safe_date(year, b, a) or _safe_date(year, a, b)  # day first, month first if that fails
    if d is None or year > pub.year + 5:
        return None
    return _Cand(m.start(), m.end(), "absolute", _set_month(d))


def _weekday_resolver(target: int, direction: str) -> Callable[[_State], tuple[date, int] | None]:
    def resolve(st: _State) -> tuple[date, int] | None:
        pub = st.published
        fn = {"last": _strictly_before, "next": _strictly_after}.get(direction, _on_or_before)
        d = fn(pub, target)
        return (d, DAY) if d is not None else None

    return resolve


_LAST_AR = frozenset(_forms(_LEX["weekday_last_ar"]))
_LAST_EN = frozenset(_forms(_LEX["weekday_last_en"]))


_ELEVEN = re.compile(r"\s+عشر")
_MARKET_BEFORE = re.compile(_L + r"[وفبل]{0,2}(?:" + _alt(_LEX["weekday_not_after_ar"]) + r")\s+\Z")
_ARTICLE_OR_DIGIT_NEXT = re.compile(r"\s+(?:\d|ال)")


def _h_ar_weekday(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    wd = _WD_AR[m.group("wd")]
    if m.group("wd") == "احد" and _ELEVEN.match(folded, m.end("wd")):
        return None  # الأحد عشر: "the eleven"
    cue = m.group("night") or m.group("cue")
    if not cue and _MARKET_BEFORE.search(folded, max(0, m.start() - 8), m.start()):
        return None  # سوق الثلاثاء: a market town, not Tuesday
    cue_kind = _CUE_KIND.get(_norm(cue), "") if cue else ""
    target = wd
    if cue_kind == "eve" and m.group("wd2") is None:
        target = (wd - 1) % 7  # ليلة الجمعة: Thursday night
    ln = m.group("ln")
    direction = "" if not ln else ("last" if _norm(ln) in _LAST_AR else "next")
    return _Cand(m.start(), m.end(), "weekday", _weekday_resolver(target, direction))


def _h_en_weekday(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    ln = m.group("ln")
    direction = "" if not ln else ("last" if _norm(ln) in _LAST_EN else "next")
    return _Cand(m.start(), m.end(), "weekday", _weekday_resolver(_WD_EN[m.group("wd")], direction))


def _relative_value(pub: date, unit: str, n: int, precision: int | None = None) -> tuple[date, int] | None:
    if unit == "day":
        d = _shift_days(pub, n)
        return (d, precision or DAY) if d else None
    if unit == "week":
        d = _shift_days(pub, 7 * n)
        return (d, precision or WEEK) if d else None
    if unit == "month":
        return _add_months(pub, n), precision or MONTH
    year = pub.year + n
    return (date(year, 1, 1), precision or YEAR) if 1 <= year <= 9999 else None


#: How far before a date its cue words are looked for, and how many words may stand between.
_BG_WINDOW = 80
_BG_MAX_WORDS = 6
_NOT_BEFORE_RE = re.compile(r"\s+([^\W\d_]+)")


def _h_relative(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    form = _norm(m.group("rel") or m.group("relp"))
    nxt = _NOT_BEFORE_RE.match(folded, m.end())
    if nxt and nxt.group(1) in _REL_NOT_BEFORE:
        return None  # اليوم الأول = "the first day", not today
    unit, offset = _REL[form]
    if unit == "reference_day":
        words = folded[max(0, m.start() - _BG_WINDOW):m.start()].split()[-_BG_MAX_WORDS:]
        after = any(w in _REFERENCE_AFTER or w[1:] in _REFERENCE_AFTER for w in words)
        return _Cand(m.start(), m.end(), "relative", _from_reference(offset), background=after, uses_reference=True)
    kind = "period" if m.group("part") else "relative"
    value = _relative_value(pub, unit, offset)
    return _Cand(m.start(), m.end(), kind, _fixed(value))


_REFERENCE_AFTER = frozenset(_forms(_LEX["background"]["reference_day_after"]))


def _from_reference(offset: int) -> Callable[[_State], tuple[date, int] | None]:
    """"The day before" / "اليوم السابق": a day from the last day named before it, else from the
    publication date (then only backwards: "the next day" of nothing is no date)."""
    def resolve(st: _State) -> tuple[date, int] | None:
        if st.last_day is None and offset > 0:
            return None
        d = _shift_days(st.last_day or st.published, offset)
        return (d, DAY) if d else None

    return resolve


def _h_ar_ago(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    unit, implied = _UNIT_AR[_norm(m.group("unit"))]
    num = m.group("num")
    if num:
        if implied == 2:
            return None  # "قبل ثلاثة يومين" is not Arabic
        n = int(num) if num.isdigit() else _NUMWORD_AR.get(_norm(num), 0)
    else:
        n = implied or 3
        if implied == 1 and _ARTICLE_OR_DIGIT_NEXT.match(folded, m.end()):
            return None  # منذ يوم الجمعة / قبل عام 2011: "since Friday", not "a day ago"
    if not 0 < n <= 400:
        return None
    # Without a number (قبل أيام) the span is vague: one step coarser.
    precision = None
    if implied is None and not num:
        precision = {"day": WEEK, "week": MONTH, "month": MONTH, "year": YEAR}[unit]
    value = _relative_value(pub, unit, -n, precision)
    # منذ أسابيع is "for weeks": a duration, not the day of an event.
    duration = _norm(m.group("ago")) == "منذ" and implied is None and not num
    return _Cand(m.start(), m.end(), "relative", _fixed(value), background=duration)


def _h_en_ago(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    unit = _UNIT_EN[m.group("unit")]
    num = m.group("num")
    plural = m.group("unit").endswith("s")
    if num:
        n = int(num) if num.isdigit() else _NUMWORD_EN.get(_norm(num), 0)
    else:
        n = 3 if plural else 1
    if not 0 < n <= 400 or (num is None and not plural):
        return None
    precision = None
    vague = num is None or _norm(num) in ("a few", "few", "several")
    if vague and plural:
        precision = {"day": WEEK, "week": MONTH, "month": MONTH, "year": YEAR}[unit]
    value = _relative_value(pub, unit, -n, precision)
    return _Cand(m.start(), m.end(), "relative", _fixed(value))


_PATTERNS: list[tuple[str, re.Pattern[str], Handler]] = [
    ("ar_day_month", _P_AR_DAY_MONTH, _h_ar_day_month),
    ("ar_ord_month", _P_AR_ORD_MONTH, _h_ar_day_month),
    ("ar_same_month", _P_AR_SAME_MONTH, _h_ar_same_month),
    ("ar_month", _P_AR_MONTH, _h_month(_MOD_AR, _MONTH_AR, english=False)),
    ("ar_year", _P_AR_YEAR, _h_year),
    ("en_day_month", _P_EN_DAY_MONTH, _h_en_day_month),
    ("en_month_day", _P_EN_MONTH_DAY, _h_en_day_month),
    ("en_month", _P_EN_MONTH, _h_month(_MOD_EN, _MONTH_EN, english=True)),
    ("en_year", _P_EN_YEAR, _h_year),
    ("iso", _P_ISO, _h_iso),
    ("numeric", _P_NUMERIC, _h_numeric),
    ("ar_weekday", _P_AR_WEEKDAY, _h_ar_weekday),
    ("en_weekday", _P_EN_WEEKDAY, _h_en_weekday),
    ("ar_relative", _P_AR_RELATIVE, _h_relative),
    ("en_relative", _P_EN_RELATIVE, _h_relative),
    ("ar_ago", _P_AR_AGO, _h_ar_ago),
    ("en_ago", _P_EN_AGO, _h_en_ago),
]
