"""The word lists and regular expressions that find date expressions (see :mod:`geo.text.dates`).

In: ``geo/data/dates_ar_en.json`` and ``number_words.json``. Out: one compiled pattern per
family of expressions and a cheap pre-check (:func:`_families`) that tells which families
a piece of text can match at all. The conventions are stated in :mod:`geo.text.dates`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geo.text.folding import (
    _fold_form,
)

# --------------------------------------------------------------------------- lexicon

DAY, WEEK, MONTH, YEAR = 1, 2, 3, 4
#: How far after publication a yearless date may fall before it is moved to the previous year.
FUTURE_SLACK_DAYS = 30

_DATA = Path(__file__).resolve().parents[1] / "data"



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
_REL_COARSE = [f for f, (unit, _) in _REL.items() if unit not in ("day", "reference_day")]
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
_DAY_RE = r"(?<![\d.,/])(?P<day>0?[1-9]|[12]\d|3[01])(?!\d|[.,]\d)"
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
    _WD_PREFIX_EN + r"(?<![\d.,/])(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?!\d|[.,]\d)" + _DAY2_EN
    + r"\s+(?:of\s+)?(?P<mon>" + _MON_EN_RE + r")" + _R + r"\.?" + _EN_YEAR_TAIL + "?"
)
_P_EN_MONTH_DAY = _c(
    _WD_PREFIX_EN + _L + r"(?P<mon>" + _MON_EN_RE + r")" + _R + r"\.?\s+(?:the\s+)?"
    + r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?!\d|[.,]\d)" + _DAY2_EN + r"(?:,?\s+" + _YEAR_RE + r")?"
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
