"""Find date expressions in Arabic and English news sentences and resolve them.

Every date is resolved against the article's publication date:

* relative days and periods (اليوم, أمس, أول أمس, غدا, ليلة أمس, today, yesterday,
  last night, last week, الشهر الماضي, قبل يومين, three days ago) -> kind ``"relative"``;
* weekdays (الجمعة, يوم الجمعة, مساء الأربعاء, ليلة الجمعة, أمس الأحد, on Friday,
  Friday night, last Tuesday) -> kind ``"weekday"``: the most recent such day on or
  before publication (the publication day itself when it is that weekday);
* dates and months (4 أبريل/نيسان 2019, 27 نوفمبر الماضي, الخامس من الشهر ذاته,
  ٤ أبريل ٢٠١٩, April 4, 2019, 2019-04-04, في نوفمبر الماضي, عام 2019) -> ``"absolute"``;
* parts of months and day ranges (أواخر أبريل, early April, 4-6 April) -> ``"period"``.

Precision codes: 1 day, 2 week, 3 month, 4 year. A mention with month precision is
dated to the first day of the month, one with year precision to 1 January.

Conventions (see ``geo/data/dates_ar_en.json`` for the word lists):

* "last night" / "ليلة أمس" / "overnight" = publication day - 1; "tonight" /
  "الليلة" / "فجر اليوم" = the publication day.
* "ليلة الجمعة" is the traditional eve of Friday, Thursday night: Thursday's date;
  "ليل الجمعة" / "مساء الجمعة" / "Friday night" are Friday; "ليلة الجمعة/السبت"
  (an explicit pair) is Friday.
* "أمس الأحد" is yesterday, named; when the weekday disagrees with yesterday the
  weekday wins.
* "last Tuesday" / "الثلاثاء الماضي" is strictly before publication (a week back
  when published on a Tuesday); "next Tuesday" / "الثلاثاء المقبل" strictly after.
* A day and month without a year take the publication year, or the previous year
  when that would put them more than 30 days after publication. Within 30 days
  after publication they stay in the future (an announced date), and
  :func:`event_date` skips them.
* "27 نوفمبر الماضي" is the most recent November strictly before the publication
  month; "4 يوليو الجاري" is in the publication year; "المقبل" is the next one.
* Numeric dates are read day first (04/05/2019 is 4 May), as in Libya and the
  British press; month first only when day first is impossible (12/25/2019).
* "منذ يومين" is read as "two days ago" (not as background); "منذ أيام" without
  a number is "for days", a duration, and is background; "منذ" + a date
  ("منذ 4 أبريل") marks a background date.
* Background dates (``background=True``) are governed by منذ / since (within six
  words, in the same clause), by a relative clause such as "الذي بدأ في" /
  "that began on", by "starting on", or (only for dates more than 30 days old)
  by a main-clause "began on" / "انطلقت في".

Examples
--------
>>> from datetime import date
>>> pub = date(2019, 4, 12)  # a Friday
>>> [(m.surface, m.date.isoformat(), m.kind) for m in resolve_dates("قصفت الطائرات المطار فجر أمس", pub)]
[('فجر أمس', '2019-04-11', 'relative')]
>>> event_date("تشن منذ 4 أبريل/نيسان 2019 حملة، وقتل ثلاثة يوم الأربعاء", pub)
(datetime.date(2019, 4, 10), 1)
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

__all__ = [
    "DAY",
    "WEEK",
    "MONTH",
    "YEAR",
    "DateMention",
    "event_date",
    "find_date_spans",
    "fold_for_matching",
    "resolve_dates",
]

DAY, WEEK, MONTH, YEAR = 1, 2, 3, 4
#: How far after publication a yearless date may fall before it is moved to the previous year.
FUTURE_SLACK_DAYS = 30

_DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text; ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    date: date
    precision: int
    kind: str
    background: bool = False


# --------------------------------------------------------------------------- folding

# Harakat, tanwin, shadda, sukun, dagger alef, Quranic marks, tatweel: they only
# decorate the letter before them, so a matched span is extended over them.
_MARKS = frozenset([*range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)])
# Invisible format characters: dropped too, but never part of a span's tail.
_INVISIBLE = frozenset([*range(0x200B, 0x2010), 0x061C, 0xFEFF, 0x00AD, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_FOLD_TABLE: dict[int, int | str | None] = {c: None for c in _MARKS | _INVISIBLE}
_FOLD_TABLE.update({ord(a): b for a, b in {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك", "ؤ": "و", "ئ": "ي",
    "،": ",", "؛": ";", "؟": "?", "٬": ",", "٫": ".", "\u00a0": " ", "–": "-", "—": "-", "‐": "-", "‑": "-",
}.items()})
_FOLD_TABLE.update({0x0660 + i: str(i) for i in range(10)})  # Arabic-Indic digits
_FOLD_TABLE.update({0x06F0 + i: str(i) for i in range(10)})  # Extended (Persian) digits
_FOLD_TABLE.update({c: c + 32 for c in range(ord("A"), ord("Z") + 1)})


def fold_for_matching(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` for matching and return ``(folded, offsets)``.

    Folding is character for character (hamza forms of alef -> ا, ة -> ه, ى -> ي,
    Arabic-Indic digits -> ASCII, Arabic punctuation -> ASCII, A-Z -> a-z) except
    that diacritics, tatweel and invisible format characters are dropped.
    ``offsets`` is None when nothing was dropped (folded index == original index);
    otherwise ``offsets[i]`` is the original index of ``folded[i]`` and a final
    entry equal to ``len(text)`` is appended.

    Examples
    --------
    >>> fold_for_matching("أمس ٤ Apr")
    ('امس 4 apr', None)
    >>> fold_for_matching("غداً")
    ('غدا', [0, 1, 2, 4])
    """
    folded = text.translate(_FOLD_TABLE)
    if len(folded) == len(text):
        return folded, None
    dropped = _MARKS | _INVISIBLE
    offsets = [i for i, ch in enumerate(text) if ord(ch) not in dropped]
    offsets.append(len(text))
    return folded, offsets


_FOLDED: dict[str, tuple[str, list[int] | None]] = {}


def _fold_cached(text: str) -> tuple[str, list[int] | None]:
    """:func:`fold_for_matching` remembering the last few texts (a sentence is read for
    its date, then for its counts). The offsets are shared: never modify them."""
    hit = _FOLDED.get(text)
    if hit is None:
        hit = fold_for_matching(text)
        if len(_FOLDED) >= 64:
            _FOLDED.clear()
        _FOLDED[text] = hit
    return hit


def _to_original(text: str, offsets: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """Map a folded span back to the original text (marks after the last letter included)."""
    if offsets is None:
        return start, end
    o_start = offsets[start]
    o_end = offsets[end - 1] + 1 if end > start else o_start
    while o_end < len(text) and ord(text[o_end]) in _MARKS:
        o_end += 1
    return o_start, o_end


def _fold_form(form: str) -> str:
    """Fold a lexicon entry the way the text is folded, with single spaces."""
    return " ".join(form.translate(_FOLD_TABLE).split())


# --------------------------------------------------------------------------- lexicon


def _load(name: str) -> dict[str, Any]:
    with open(_DATA / name, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


_LEX = _load("dates_ar_en.json")
_NUM = _load("number_words.json")


def _forms(items: Iterable[str]) -> list[str]:
    return sorted({_fold_form(x) for x in items if x.strip()})


def _alt(items: Iterable[str]) -> str:
    """An efficient regex alternation (a character trie) of folded literal forms.

    Spaces inside a form match any run of white space.

    >>> _alt(["امس", "اول امس"])
    '(?:ا(?:مس|ول\\\\s+امس))'
    """
    trie: dict[str, Any] = {}
    for word in _forms(items):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends_here = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " else re.escape(ch)
            branches.append(piece + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends_here:
            return "(?:" + body + ")?"
        return body

    return "(?:" + build(trie) + ")"


_L = r"(?<![^\W\d_])"  # not preceded by a letter
_R = r"(?![^\W\d_])"  # not followed by a letter
# At a word start, or right after a word-initial clitic و / ف (which stays out of the span).
_LC = r"(?:(?<![^\W\d_])|(?<=(?<![^\W\d_])[وف]))"
_SP = r"\s+"

_MONTH_AR: dict[str, int] = {}
_MONTH_EN: dict[str, int] = {}
for _num, _names in _LEX["months"].items():
    for _f in _forms(_names["ar"]):
        _MONTH_AR[_f] = int(_num)
    for _f in _forms(_names["en"]):
        _MONTH_EN[_f] = int(_num)
_EN_NEED_CAP = frozenset(_forms(_LEX["en_months_need_capital"]))

_WD_AR: dict[str, int] = {}
_WD_EN: dict[str, int] = {}
for _num, _names in _LEX["weekdays"].items():
    for _f in _forms(_names["ar"]):
        _WD_AR[_f] = int(_num)
    for _f in _forms(_names["en"]):
        _WD_EN[_f] = int(_num)

_ORD_AR: dict[str, int] = {}
for _num, _names in _LEX["ordinal_days_ar"].items():
    for _f in _forms(_names):
        _ORD_AR[_f] = int(_num)

_CUE_KIND: dict[str, str] = {}
for _kind, _names in _LEX["weekday_cues_ar"].items():
    for _f in _forms(_names):
        _CUE_KIND[_f] = _kind

_REL: dict[str, tuple[str, int]] = {}
for _entry in _LEX["relative"]:
    for _f in _forms(_entry["forms"]):
        _REL[_f] = (_entry["unit"], int(_entry["offset"]))
_REL_COARSE = [f for f, (unit, _) in _REL.items() if unit != "day"]
_REL_NOT_BEFORE = frozenset(_forms(_LEX["relative_not_before"]))

_SAME_MONTH: dict[str, str] = {}
for _kind, _names in _LEX["same_month_ar"].items():
    for _f in _forms(_names):
        _SAME_MONTH[_f] = _kind
_MOD_AR: dict[str, str] = {}
for _kind, _names in _LEX["month_modifiers_ar"].items():
    for _f in _forms(_names):
        _MOD_AR[_f] = _kind
_MOD_EN: dict[str, str] = {}
for _kind, _names in _LEX["month_modifiers_en"].items():
    for _f in _forms(_names):
        _MOD_EN[_f] = _kind

_UNIT_AR: dict[str, tuple[str, int | None]] = {}
for _unit, _groups in _LEX["units_ar"].items():
    for _f in _forms(_groups["one"]):
        _UNIT_AR[_f] = (_unit, 1)
    for _f in _forms(_groups["two"]):
        _UNIT_AR[_f] = (_unit, 2)
    for _f in _forms(_groups["many"]):
        _UNIT_AR[_f] = (_unit, None)
_UNIT_EN: dict[str, str] = {}
for _unit, _names in _LEX["units_en"].items():
    for _f in _forms(_names):
        _UNIT_EN[_f] = _unit
_NUMWORD_AR = {_fold_form(k): v for k, v in _NUM["ar"]["units"].items() if v <= 31}
_NUMWORD_EN = {k: v for k, v in _NUM["en"]["units"].items()} | {"a": 1, "an": 1, "a few": 3, "few": 3, "several": 3}

_WD_AR_RE = _alt(_WD_AR)
_WD_EN_RE = _alt(_WD_EN)
_MON_AR_RE = _alt(_MONTH_AR)
_MON_EN_RE = _alt(_MONTH_EN)
_YEAR_RE = r"(?P<year>(?:19|20)\d\d)(?!\d)(?:\s*م" + _R + ")?"
# A second month name in another naming tradition: أبريل/نيسان, ديسمبر (كانون الأول), أبريل (April).
_MON2_AR = r"(?:\s*[/\\|(-]\s*" + _MON_AR_RE + _R + r"(?:\s*\))?|\s*\(\s*" + _MON_EN_RE + r"\s*\))?"
_AR_ARTICLE = r"(?:[بل]?ال|لل)"
_WD_PREFIX_AR = (
    r"(?P<wdpre>" + _LC + r"(?:" + _alt(["يوم"]) + _SP + r")?" + _AR_ARTICLE + r"(?P<pwd>" + _WD_AR_RE + r")" + _R
    + r"\s*,?\s*(?:" + _alt(_LEX["weekday_prefix_ar"]) + _SP + r")?)?"
)
_WD_PREFIX_EN = r"(?P<wdpre>(?P<pwd>" + _WD_EN_RE + r")" + _R + r"(?:\s*,\s*|\s+)(?:the\s+)?)?"
_AR_MOD_RE = r"(?:\s+(?P<mod>" + _alt(_MOD_AR) + r")" + _R + ")"
_AR_YEAR_TAIL = r"(?:\s*,?\s*(?:" + _alt(_LEX["year_words_ar"]) + _SP + r")?" + _YEAR_RE + r"|" + _AR_MOD_RE + r")"
_EN_YEAR_TAIL = r"(?:\s*,?\s+" + _YEAR_RE + r")"
_DAY_RE = r"(?<![\d.,/])(?P<day>0?[1-9]|[12]\d|3[01])(?![\d.,]\d)"
_DAY2_AR = r"(?:\s*(?:-|/|و|الي|حتي|and|to)\s*(?P<day2>0?[1-9]|[12]\d|3[01])(?!\d))?"
_DAY2_EN = r"(?:\s*(?:-|and|to)\s*(?P<day2>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?!\d))?"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# One regex per family of expressions; _PATTERNS below pairs each with its handler.
_P_AR_DAY_MONTH = _c(
    _WD_PREFIX_AR + _DAY_RE + r"(?!\s*(?:-|/)\s*\d{3})" + _DAY2_AR + r"\s*(?:من\s+)?(?:شهر\s+)?"
    + r"(?P<mon>" + _MON_AR_RE + r")" + _R + _MON2_AR + _AR_YEAR_TAIL + r"?"
)
_P_AR_ORD_MONTH = _c(
    _WD_PREFIX_AR + _LC + r"(?P<ord>" + _alt(_ORD_AR) + r")" + r"\s+(?:من\s+)?(?:شهر\s+)?"
    + r"(?P<mon>" + _MON_AR_RE + r")" + _R + _MON2_AR + _AR_YEAR_TAIL + r"?"
)
_P_AR_SAME_MONTH = _c(
    r"(?:" + _LC + r"(?P<ord>" + _alt(_ORD_AR) + r")|" + _DAY_RE + r")\s+من\s+(?:هذا\s+)?(?:ال)?شهر"
    + r"(?:\s+(?P<sm>" + _alt(_SAME_MONTH) + r"))?" + _R
)
_P_AR_MONTH = _c(
    r"(?:" + _LC + r"(?:(?P<part>" + _alt(_LEX["month_parts_ar"]) + r")|(?P<ctx>"
    + _alt(_LEX["month_context_ar"]) + r"))" + _SP + r")?(?P<shahr>" + _L + r"شهر" + _SP + r")?"
    + _L + r"(?P<mon>" + _MON_AR_RE + r")" + _R + _MON2_AR + _AR_YEAR_TAIL + r"?"
)
_P_AR_YEAR = _c(
    r"(?:" + _LC + r"(?P<ctx>" + _alt(_LEX["year_context_ar"]) + r")" + _SP + r")?"
    + r"(?P<yw>" + _L + _alt(_LEX["year_words_ar"]) + r"\s+)?" + r"(?<!\d)" + _YEAR_RE
)
_P_EN_DAY_MONTH = _c(
    _WD_PREFIX_EN + r"(?<![\d.,/])(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d.,]\d)" + _DAY2_EN
    + r"\s+(?:of\s+)?(?P<mon>" + _MON_EN_RE + r")" + _R + r"\.?" + _EN_YEAR_TAIL + "?"
)
_P_EN_MONTH_DAY = _c(
    _WD_PREFIX_EN + _L + r"(?P<mon>" + _MON_EN_RE + r")" + _R + r"\.?\s+(?:the\s+)?"
    + r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d.,]\d)" + _DAY2_EN + r"(?:,?\s+" + _YEAR_RE + r")?"
)
_P_EN_MONTH = _c(
    r"(?:" + _L + r"(?:(?P<part>" + _alt(_LEX["month_parts_en"]) + r")[\s-]+|(?P<ctx>"
    + _alt(_LEX["month_context_en"]) + r")\s+))?" + _L + r"(?P<mon>" + _MON_EN_RE + r")" + _R + r"\.?"
    + _EN_YEAR_TAIL + "?"
)
_P_EN_YEAR = _c(
    _L + r"(?P<ctx>" + _alt(_LEX["year_context_en"]) + r")[\s-]+(?<!\d)" + _YEAR_RE
)
_P_ISO = _c(r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>0?[1-9]|1[0-2])(?P=sep)(?P<d>0?[1-9]|[12]\d|3[01])(?![\d/.-]\d|\d)")
_P_NUMERIC = _c(
    r"(?<![\d/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>(?:19|20)\d\d|\d\d)(?!\d|[/.-]\d)"
)
_NIGHT = ("ليل", "ليله")
_CUE_RE = _alt(c for c in _CUE_KIND if c not in _NIGHT)
# "ليل الخميس الجمعة" (the night from Thursday to Friday) may name its two days with
# no separator; elsewhere two adjacent weekday names are two mentions.
_P_AR_WEEKDAY = _c(
    _LC + r"(?:(?P<night>ليل|ليله)" + _SP + r"(?:ال)?|(?P<cue>" + _CUE_RE + r")" + _SP + r"(?:ال)?|" + _AR_ARTICLE + r")"
    + r"(?P<wd>" + _WD_AR_RE + r")" + _R
    + r"(?:(?:\s*(?:/|-|الي|علي|و)\s*|(?(night)\s+|(?!)))(?:ال)?(?P<wd2>" + _WD_AR_RE + r")" + _R + r")?"
    + r"(?:\s+(?P<ln>" + _alt(_LEX["weekday_last_ar"] + _LEX["weekday_next_ar"]) + r")" + _R + r")?"
)
_P_EN_WEEKDAY = _c(
    _L + r"(?:(?P<ln>" + _alt(_LEX["weekday_last_en"] + _LEX["weekday_next_en"]) + r")\s+)?"
    + r"(?P<wd>" + _WD_EN_RE + r")" + _R + r"(?:'s)?"
    + r"(?:\s+(?P<part>" + _alt(_LEX["weekday_parts_en"]) + r")" + _R + r")?"
)


def _relative_pattern(ascii_forms: bool) -> re.Pattern[str]:
    rel = [f for f in _REL if f.isascii() == ascii_forms]
    coarse = [f for f in _REL_COARSE if f.isascii() == ascii_forms]
    parts = [p for p in _forms(_LEX["month_parts_ar"] + _LEX["month_parts_en"]) if p.isascii() == ascii_forms]
    return _c(
        _LC + r"(?:(?P<part>" + _alt(parts) + r")[\s-]+(?P<relp>" + _alt(coarse) + r")|(?P<rel>" + _alt(rel) + r"))" + _R
    )


_P_AR_RELATIVE = _relative_pattern(ascii_forms=False)
_P_EN_RELATIVE = _relative_pattern(ascii_forms=True)
_P_AR_AGO = _c(
    _LC + r"(?P<ago>" + _alt(_LEX["ago_ar"]) + r")" + _SP + r"(?:(?P<num>\d{1,3}|" + _alt(_NUMWORD_AR)
    + r")" + _SP + r")?(?P<unit>" + _alt(_UNIT_AR) + r")" + _R
)
_P_EN_AGO = _c(
    _L + r"(?:(?P<num>\d{1,3}|" + _alt(_NUMWORD_EN) + r")" + _SP + r")?(?P<unit>" + _alt(_UNIT_EN) + r")"
    + _SP + r"(?:" + _alt(_LEX["ago_en"]) + r")" + _R
)

_AR_FAMILIES = ("ar_day_month", "ar_ord_month", "ar_same_month", "ar_month", "ar_year", "ar_weekday", "ar_ago",
                "ar_relative")
_EN_FAMILIES = ("en_day_month", "en_month_day", "en_month", "en_year", "en_weekday", "en_ago", "en_relative")

# --------------------------------------------------------------------------- pre-check
# Splitting into words and looking them up in a set is far cheaper than running the
# date patterns; most sentences of a news article carry no date word at all.
_WORD = re.compile(r"[^\W\d_]+")
_CLITICS = ("", "و", "ف", "ب", "ل", "ال", "وال", "فال", "بال", "لل", "وب", "ول", "وبال", "ولل")
_STOP = frozenset(_forms(
    "في من الى على عن مع حتى قبل بعد منذ هذا هذه ال in on of the to at by from since this last next "
    "early late mid past end start beginning middle the a an until till during through throughout before "
    "after first second half".split()
))


def _flag_words() -> dict[str, frozenset[str]]:
    flags: dict[str, set[str]] = {}

    def add(words: Iterable[str], *fams: str) -> None:
        for form in words:
            for word in form.split():
                if word in _STOP:
                    continue
                for pre in _CLITICS if not word.isascii() else ("",):
                    flags.setdefault(pre + word, set()).update(fams)

    add(_MONTH_AR, "ar_day_month", "ar_ord_month", "ar_month")
    add(_MONTH_EN, "en_day_month", "en_month_day", "en_month")
    add(["شهر"], "ar_same_month")
    add(_WD_AR, "ar_weekday")
    add(_WD_EN, "en_weekday")
    add([f for f in _REL if not f.isascii()], "ar_relative")
    add([f for f in _REL if f.isascii()], "en_relative")
    add(_UNIT_AR, "ar_ago")
    add(_LEX["ago_en"], "en_ago")
    return {k: frozenset(v) for k, v in flags.items()}


_FLAGS = _flag_words()
_FLAG_WORDS = frozenset(_FLAGS)
# Families that need digits, each with a necessary condition (a year; a digit, a
# separator and a digit).
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_NUMERIC_DATE = re.compile(r"\d[-/.]\d")
_DIGIT = re.compile(r"\d")
_ASCII_DIGIT = re.compile(r"[0-9]")


class _FormSet:
    """Tells whether every word of one of the (folded) forms is a word of a text.

    A form matched in a text is there word for word: its first word may carry a
    clitic و / ف, its other words are whole words of the text. Being all there is
    thus a necessary condition for the form to match, and far cheaper to test
    than the pattern.
    """

    def __init__(self, forms: Iterable[str], clitics: bool = True) -> None:
        self._by_last: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
        for form in forms:
            words = _WORD.findall(form)
            if not words:
                continue
            first = frozenset([words[0], "و" + words[0], "ف" + words[0]] if clitics else [words[0]])
            # The last word is whole, unless it is also the first (then it may carry the clitic).
            for last in first if len(words) == 1 else (words[-1],):
                self._by_last.setdefault(last, []).append((first, frozenset(words[1:-1])))
        self._lasts = frozenset(self._by_last)

    def present(self, words: set[str]) -> bool:
        for last in words & self._lasts:
            for first, middle in self._by_last[last]:
                if middle <= words and not first.isdisjoint(words):
                    return True
        return False


_REL_AR_FORMS = _FormSet(f for f in _REL if not f.isascii())
_REL_EN_FORMS = _FormSet(f for f in _REL if f.isascii())
_AGO_AR_FORMS = _FormSet(_forms(_LEX["ago_ar"]))
_UNIT_AR_FORMS = _FormSet(_UNIT_AR)
_ORD_AR_FORMS = _FormSet(_ORD_AR)
# Month names are whole words in every pattern (no clitic): بأبريل is not a date.
_MON_AR_FORMS = _FormSet(_MONTH_AR, clitics=False)
_MON_EN_FREE = frozenset(_MONTH_EN) - _EN_NEED_CAP  # taken in any case
_MON_EN_CAP = _c(_L + r"(?:" + _alt(_EN_NEED_CAP) + r")" + _R)  # taken only when capitalised
_AR_MONTH_FAMILIES = ("ar_day_month", "ar_ord_month", "ar_month")
_EN_MONTH_FAMILIES = ("en_day_month", "en_month_day", "en_month")
# A year after a word (في 2019, in 2019, عام 2019) or before م: what ar_year / en_year need.
_YEAR_AFTER_WORD = re.compile(r"[^\W\d_][\s-]+(?:19|20)\d\d")
_YEAR_M = re.compile(r"(?:19|20)\d\d\s*م")
_ISO_LIKE = re.compile(r"(?:19|20)\d\d[-/.]\d")


def _families(folded: str, aligned: str) -> set[str]:
    """The families of patterns that may give a candidate in ``folded`` (cheap necessary conditions).

    ``aligned`` holds the original characters of ``folded`` (for the capital letters).
    """
    words = set(_WORD.findall(folded))
    fams: set[str] = set()
    for word in words & _FLAG_WORDS:
        fams |= _FLAGS[word]
    first_digit = _DIGIT.search(folded)
    digit = first_digit is not None and _ASCII_DIGIT.search(folded, first_digit.start()) is not None
    if fams:
        if "ar_relative" in fams and not _REL_AR_FORMS.present(words):
            fams.discard("ar_relative")
        if "en_relative" in fams and not _REL_EN_FORMS.present(words):
            fams.discard("en_relative")
        if "ar_ago" in fams and not (_AGO_AR_FORMS.present(words) and _UNIT_AR_FORMS.present(words)):
            fams.discard("ar_ago")
        if not digit:
            fams.difference_update(("ar_day_month", "en_day_month", "en_month_day"))
        ordinal = ("ar_ord_month" in fams or "ar_same_month" in fams) and _ORD_AR_FORMS.present(words)
        if not ordinal:
            fams.discard("ar_ord_month")
            if not digit:
                fams.discard("ar_same_month")
        if "ar_month" in fams and not _MON_AR_FORMS.present(words):
            fams.difference_update(_AR_MONTH_FAMILIES)
        if "en_month" in fams and _MON_EN_FREE.isdisjoint(words) and not any(
                aligned[m.start()].isupper() for m in _MON_EN_CAP.finditer(folded)):
            fams.difference_update(_EN_MONTH_FAMILIES)
    if digit and _YEAR_DIGITS.search(folded):
        if _YEAR_AFTER_WORD.search(folded) or _YEAR_M.search(folded):
            fams.add("ar_year")
        if _YEAR_AFTER_WORD.search(folded):
            fams.add("en_year")
        if _ISO_LIKE.search(folded):
            fams.add("iso")
    if first_digit is not None and _NUMERIC_DATE.search(folded, first_digit.start()):
        fams.add("numeric")
    return fams


# --------------------------------------------------------------------------- resolution helpers


@dataclass(slots=True)
class _State:
    """Resolution context: the publication date and the last month named."""

    published: date
    last_ym: tuple[int, int]


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
_ARTICLE_OR_DIGIT_NEXT = re.compile(r"\s+(?:\d|ال)")


def _h_ar_weekday(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    wd = _WD_AR[m.group("wd")]
    if m.group("wd") == "احد" and _ELEVEN.match(folded, m.end("wd")):
        return None  # الأحد عشر: "the eleven"
    cue = m.group("night") or m.group("cue")
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


_NOT_BEFORE_RE = re.compile(r"\s+([^\W\d_]+)")


def _h_relative(m: re.Match[str], folded: str, original: str, pub: date) -> _Cand | None:
    form = _norm(m.group("rel") or m.group("relp"))
    nxt = _NOT_BEFORE_RE.match(folded, m.end())
    if nxt and nxt.group(1) in _REL_NOT_BEFORE:
        return None  # اليوم الأول = "the first day", not today
    unit, offset = _REL[form]
    kind = "period" if m.group("part") else "relative"
    value = _relative_value(pub, unit, offset)
    return _Cand(m.start(), m.end(), kind, _fixed(value))


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

# --------------------------------------------------------------------------- background


_BG = _LEX["background"]
_FILLERS = r"(?:\s+(?:" + _alt(_BG["fillers"]) + r"))*"
_BG_CLAUSE = re.compile(_L + r"[وف]?(?:" + _alt(_BG["clause"]) + r")" + _R)
_BG_IMMEDIATE = re.compile(_L + r"[وف]?(?:" + _alt(_BG["immediate"]) + r")" + _FILLERS + r"\s*\Z")
_BG_WEAK = re.compile(_L + r"[وف]?(?:" + _alt(_BG["weak"]) + r")" + _FILLERS + r"\s*\Z")
_CLAUSE_END = re.compile(
    r"[,;:.()!?\[\]«»\"“”]|" + _L + r"[وف]?(?:" + _alt(_BG["clause_breaks"]) + r")" + _R
)
_BG_WINDOW = 80
_BG_MAX_WORDS = 6
# The first word of every cue, as a bare substring: a necessary condition for any of
# the three cue patterns to match (no look-around, so it may be searched in a slice).
_BG_ANY = re.compile(_alt(f.split()[0] for f in _forms(_BG["clause"] + _BG["immediate"] + _BG["weak"])))


def _is_background(folded: str, start: int, value: date, pub: date) -> bool:
    lo = max(0, start - _BG_WINDOW)
    if _BG_ANY.search(folded, lo, start) is None:
        return False
    prefix = folded[lo:start]
    cut = 0
    for m in _CLAUSE_END.finditer(prefix):
        cut = m.end()
    clause = prefix[cut:]
    # منذ / since governs a date a few words on ("منذ بدء الهجوم في 4 أبريل"), not
    # one at the far end of a long clause.
    for m in _BG_CLAUSE.finditer(clause):
        if len(clause[m.end():].split()) <= _BG_MAX_WORDS:
            return True
    if _BG_IMMEDIATE.search(prefix):
        return True
    stale = _shift_days(pub, -FUTURE_SLACK_DAYS)
    return bool(stale is not None and value < stale and _BG_WEAK.search(prefix))


# --------------------------------------------------------------------------- public API


# Where a text may be cut into pieces that are searched apart: after . ! ? and white
# space. No pattern takes a ! or ?, and only an English month takes a full stop
# ("April. 2019"), so no match crosses such a cut unless the word before the full
# stop is an English month; nor does any look-around see across it in a way that
# matters (it sees white space there, as it sees the start or end of the string in
# a piece). The pieces of a paragraph's context are mostly its sentences, whose
# candidates were already found when the sentences themselves were read: they are
# cached.
_CUT = re.compile(r"[.!?](\s+)(?=\S)")
_WORD_BEFORE = re.compile(r"(?<![^\W\d_])[^\W\d_]+\Z")
_MONTH_EN_FORMS = frozenset(_MONTH_EN)
_LONGEST_EN_MONTH = max(map(len, _MONTH_EN))


def _pieces(folded: str) -> list[tuple[int, int]]:
    """(start, end) of the pieces of ``folded`` that are searched apart."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _CUT.finditer(folded):
        stop = m.start()
        if folded[stop] == "." and stop and "a" <= folded[stop - 1] <= "z":  # English months are folded to a-z
            w = _WORD_BEFORE.search(folded, max(0, stop - _LONGEST_EN_MONTH - 1), stop)
            if w is not None and w.group() in _MONTH_EN_FORMS:
                continue
        out.append((start, stop + 1))
        start = m.end()
    out.append((start, len(folded)))
    return out


_CandTuple = tuple[int, int, str, Callable[[_State], "tuple[date, int] | None"], bool, bool]


def _candidates(folded: str, original: str, offsets: list[int] | None, published: date,
                language: str | None) -> list[_Cand]:
    """The date expressions of ``folded`` (non-overlapping, in text order), not yet resolved."""
    # The original characters aligned with the folded text (for the capital-letter check).
    aligned = original if offsets is None else "".join(original[o] for o in offsets[:-1])
    lang = (language or "").lower()[:2]
    out: list[_Cand] = []
    for a, b in _pieces(folded):
        for start, end, kind, resolve, background, uses_ref in _cached_candidates(folded[a:b], aligned[a:b],
                                                                                   published, lang):
            out.append(_Cand(start + a, end + a, kind, resolve, background, uses_ref))
    return out


# (piece's original characters, publication date, language) -> its candidates. The
# original characters determine the folded piece, so they make the key.
_CACHE: dict[tuple[str, date, str], tuple[_CandTuple, ...]] = {}
_CACHE_SIZE = 2048


def _cached_candidates(folded: str, aligned: str, published: date, lang: str) -> tuple[_CandTuple, ...]:
    key = (aligned, published, lang)
    found = _CACHE.get(key)
    if found is None:
        found = _piece_candidates(folded, aligned, published, lang)
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        _CACHE[key] = found
    return found


class _Scan:
    """What is known of a piece whatever the publication date and the language."""

    __slots__ = ("families", "matches", "spans")

    def __init__(self, families: set[str]) -> None:
        self.families = families
        self.matches: dict[str, tuple[re.Match[str], ...]] = {}  # family -> matches of its pattern
        self.spans: tuple[tuple[int, int], ...] | None = None  # the candidates for find_date_spans


# Original characters of a piece -> its _Scan: a sentence read for its date and
# then for its counts (find_date_spans) is searched once.
_SCANS: dict[str, _Scan] = {}
_SPANS_PUBLISHED = date(2020, 1, 1)  # find_date_spans finds, resolving nothing: any date does
# The handlers that look at the publication date to take or leave a match.
_PUBLISHED_DEPENDENT = frozenset({"ar_year", "en_year", "numeric"})


def _piece_candidates(folded: str, aligned: str, published: date, lang: str) -> tuple[_CandTuple, ...]:
    """The candidates of one piece (``folded`` and its original characters ``aligned``)."""
    scan = _SCANS.get(aligned)
    if scan is None:
        scan = _Scan(_families(folded, aligned))
        if len(_SCANS) >= _CACHE_SIZE:
            _SCANS.clear()
        _SCANS[aligned] = scan
    fams, matches = scan.families, scan.matches
    skip = _EN_FAMILIES if lang == "ar" else _AR_FAMILIES if lang == "en" else ()
    # The same candidates as find_date_spans would find (same families, same choices)?
    as_spans = scan.spans is None and fams.isdisjoint(skip) and (
        published == _SPANS_PUBLISHED or _PUBLISHED_DEPENDENT.isdisjoint(fams))
    if not fams:
        scan.spans = ()
        return ()
    found: list[_Cand] = []
    for name, pattern, handler in _PATTERNS:
        if name not in fams or name in skip:
            continue
        family_matches = matches.get(name)
        if family_matches is None:
            family_matches = matches[name] = tuple(m for m in pattern.finditer(folded) if m.end() > m.start())
        for m in family_matches:
            cand = handler(m, folded, aligned, published)
            if cand is None:
                continue
            while cand.start < cand.end and folded[cand.start].isspace():
                cand.start += 1
            while cand.end > cand.start and folded[cand.end - 1].isspace():
                cand.end -= 1
            if cand.end > cand.start:
                found.append(cand)
    # Longest first; an overlapping shorter candidate (the "أمس" in "أمس الأحد") loses.
    found.sort(key=lambda c: (c.start - c.end, c.start))
    chosen: list[_Cand] = []
    taken = bytearray(len(folded))  # characters already covered by a chosen mention
    for cand in found:
        if taken.find(1, cand.start, cand.end) < 0:
            taken[cand.start:cand.end] = b"\x01" * (cand.end - cand.start)
            chosen.append(cand)
    chosen.sort(key=lambda c: c.start)
    if as_spans:
        scan.spans = tuple((c.start, c.end) for c in chosen)
    return tuple((c.start, c.end, c.kind, c.resolve, c.background, c.uses_reference) for c in chosen)


def resolve_dates(text: str, published: date, language: str | None = None, *,
                  reference: date | None = None) -> list[DateMention]:
    """Find the date expressions of ``text`` and resolve them against ``published``.

    Parameters
    ----------
    text
        A sentence (any string is accepted).
    published
        The article's publication date: the anchor of relative dates.
    language
        ``"ar"`` or ``"en"`` to look only for that language's words (digits are
        always read); None looks for both.
    reference
        The date whose month "الشهر ذاته" / "the same month" refers to when the
        text itself names no month before it (e.g. the last date of the
        preceding sentences); default: the publication month.

    Returns
    -------
    list of DateMention
        In text order, non-overlapping; ``text[m.start:m.end] == m.surface``.

    Examples
    --------
    >>> pub = date(2019, 12, 10)
    >>> [(m.surface, str(m.date), m.precision, m.kind)
    ...  for m in resolve_dates("في 27 نوفمبر الماضي ثم في الخامس من الشهر ذاته", pub)]
    [('27 نوفمبر الماضي', '2019-11-27', 1, 'absolute'), ('الخامس من الشهر ذاته', '2019-11-05', 1, 'absolute')]
    >>> [(m.surface, str(m.date), m.background) for m in resolve_dates("fighting since April 4, 2019", pub)]
    [('April 4, 2019', '2019-04-04', True)]
    """
    if not text or not isinstance(text, str):
        return []
    folded, offsets = fold_for_matching(text)
    chosen = _candidates(folded, text, offsets, published, language)
    if not chosen:
        return []
    return _resolve(text, folded, offsets, chosen, published, reference)


def _resolve(text: str, folded: str, offsets: list[int] | None, chosen: list[_Cand], published: date,
             reference: date | None) -> list[DateMention]:
    """Resolve the chosen candidates of ``text`` (see :func:`resolve_dates`)."""
    masked = _masked(folded, chosen)
    out: list[DateMention] = []
    for cand, d, precision in _resolved(chosen, published, reference):
        start, end = _to_original(text, offsets, cand.start, cand.end)
        bg = cand.background or _is_background(masked, cand.start, d, published)
        out.append(DateMention(start, end, text[start:end], d, precision, cand.kind, bg))
    return out


def _resolved(chosen: list[_Cand], published: date, reference: date | None) -> list[tuple[_Cand, date, int]]:
    """The candidates that resolve, with their date and precision (in text order)."""
    ref = reference or published
    state = _State(published, (ref.year, ref.month))
    out = []
    for cand in chosen:
        value = cand.resolve(state)
        if value is not None:
            out.append((cand, value[0], value[1]))
    return out


def _masked(folded: str, chosen: list[_Cand]) -> str:
    """``folded`` with the chosen mentions blanked out: cue words inside another mention
    (the منذ of "منذ أيام") govern nothing else."""
    parts: list[str] = []
    prev = 0
    for cand in chosen:  # in text order, not overlapping
        parts += (folded[prev:cand.start], "#" * (cand.end - cand.start))
        prev = cand.end
    parts.append(folded[prev:])
    return "".join(parts)


def find_date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` that are date expressions (no resolution; for masking numbers).

    >>> find_date_spans("قتل 3 في 4 أبريل 2019")
    [(9, 21)]
    """
    if not text or not isinstance(text, str):
        return []
    folded, offsets = fold_for_matching(text)
    return _date_spans(text, folded, offsets)


def _date_spans(text: str, folded: str, offsets: list[int] | None) -> list[tuple[int, int]]:
    """:func:`find_date_spans` of ``text`` already folded (``fold_for_matching(text)``)."""
    aligned = text if offsets is None else "".join(text[o] for o in offsets[:-1])
    out: list[tuple[int, int]] = []
    for a, b in _pieces(folded):
        piece = aligned[a:b]
        scan = _SCANS.get(piece)
        spans = scan.spans if scan is not None else None
        if spans is None:
            spans = tuple(c[:2] for c in _cached_candidates(folded[a:b], piece, _SPANS_PUBLISHED, ""))
        out += (_to_original(text, offsets, start + a, end + a) for start, end in spans)
    return out


def event_date(sentence: str, published: date, context: str | None = None,
               language: str | None = None) -> tuple[date, int]:
    """The date of the event a sentence reports, and its precision.

    The first mention of ``sentence`` that is neither background nor after
    publication wins. Failing that, the *last* such mention of ``context`` (the
    preceding sentences of the paragraph: the nearest date is the relevant
    one). Failing that, ``(published, 2)``: news reports the events of the day
    of publication or the day or two before, so with no date stated the
    publication date is the best guess, but only to about a week.

    Parameters
    ----------
    sentence
        The sentence that reports the event.
    published
        Publication date of the article.
    context
        Text before the sentence that may set the date (optional).
    language
        ``"ar"``, ``"en"`` or None (both).

    Returns
    -------
    tuple of (date, int)
        The date and its precision (1 day, 2 week, 3 month, 4 year).

    Examples
    --------
    >>> pub = date(2020, 1, 6)  # a Monday
    >>> event_date("قصف الطيران مواقع في الوشكة مساء السبت", pub)
    (datetime.date(2020, 1, 4), 1)
    >>> event_date("Fighting resumed near the airport.", pub, context="On Friday, talks failed.")
    (datetime.date(2020, 1, 3), 1)
    >>> event_date("اشتباكات جنوب طرابلس", pub)
    (datetime.date(2020, 1, 6), 2)
    """
    # As if resolve_dates read the context (for the reference month) and then the
    # sentence, but without making DateMention objects, testing for background only
    # the mentions that could be picked, and reading the context only when needed.
    hit = None
    ctx: _Read | None = None
    reference = None
    if sentence and isinstance(sentence, str):
        folded, offsets = _fold_cached(sentence)
        chosen = _candidates(folded, sentence, offsets, published, language)
        if chosen:
            # The context matters only when the sentence gives no usable date, or for the
            # month a "الخامس من الشهر ذاته" of the sentence refers to: read it lazily.
            if context and any(c.uses_reference for c in chosen):
                ctx = _read(context, published, language)
                reference = _reference(ctx[2])
            resolved = _resolved(chosen, published, reference)
            hit = _usable(folded, chosen, resolved, published, last=False)
    if hit is None and context:
        if ctx is None:
            ctx = _read(context, published, language)
        hit = _usable(*ctx, published, last=True)
    return hit if hit is not None else (published, WEEK)


# A text read for event_date: folded, chosen candidates, resolved candidates.
_Read = tuple[str, list[_Cand], list[tuple[_Cand, date, int]]]


def _read(text: str, published: date, language: str | None) -> _Read:
    """What resolve_dates(text, published, language) finds, before making mentions of it."""
    if not text or not isinstance(text, str):
        return "", [], []
    folded, offsets = fold_for_matching(text)
    chosen = _candidates(folded, text, offsets, published, language)
    return folded, chosen, _resolved(chosen, published, None) if chosen else []


def _usable(folded: str, chosen: list[_Cand], resolved: list[tuple[_Cand, date, int]], published: date,
            last: bool) -> tuple[date, int] | None:
    """The date and precision of the first (or last) resolved mention that is neither
    background nor after publication."""
    masked = None
    for cand, d, precision in reversed(resolved) if last else resolved:
        if d > published or cand.background:
            continue
        if masked is None:
            masked = _masked(folded, chosen)
        if not _is_background(masked, cand.start, d, published):
            return d, precision
    return None


def _reference(resolved: list[tuple[_Cand, date, int]]) -> date | None:
    """The last month-or-finer absolute date of ``resolved`` (what "the same month" refers to)."""
    for cand, d, precision in reversed(resolved):
        if cand.kind in ("absolute", "period") and precision <= MONTH:
            return d
    return None

