"""Casualty counts (killed, injured) reported in one Arabic or English sentence.

A figure counts only when it is attached to a casualty trigger: "مقتل سبعة مدنيين
وإصابة 20" gives 7 killed and 20 injured, "a column of 200 vehicles" gives nothing.
Triggers have a direction (see ``geo/data/number_words.json``): verbal nouns and
verbs such as مقتل / إصابة / killed / wounding take the number *after* them,
plural nouns such as قتلى / جرحى / dead / injuries the number *before* them. A
number attaches to the nearest trigger on either side (the left one on a tie),
searching at most 3 words to the left and 5 to the right and never across
punctuation, another number or a barrier word (في, بينهم, in, including ...).

Conventions:

* Vague figures follow ACLED: several / many / عدة / العديد -> 10, dozens / عشرات
  -> 12, scores -> 20, hundreds / مئات -> 100, thousands / آلاف -> 1000,
  a few / بضعة / a number of / عدد من / some -> 3.
* A range ("between 5 and 7", "بين 5 و7", "five or six") gives its lowest figure.
* When one sentence gives several figures for the same field, the first one in
  the text is kept (the lead figure of the report).
* Dual nouns carry their own number (مقتل شخصين -> 2, سقوط قتيلين -> 2); a singular
  victim noun right after a trigger is one (مقتل مدني, killing a child).
* Years (2019), figures inside a date (4 أبريل), ages, distances, times and
  shares (7 سنوات, 20 km, 5 pm, 30%) are never counts.
* ``killed=0`` / ``injured=0`` only when the sentence says so ("no casualties",
  "لا إصابات", "دون وقوع ضحايا"); otherwise an unknown figure is None.

Examples
--------
>>> extract_counts("أسفر القصف عن مقتل سبعة مدنيين وإصابة 20 آخرين")
Counts(killed=7, injured=20, killed_surface='مقتل سبعة', injured_surface='إصابة 20')
>>> extract_counts("20 people were injured and 3 killed").killed
3
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from geo.text.dates import _date_spans, _fold_cached, fold_for_matching

__all__ = ["Counts", "extract_counts"]

_DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True, slots=True)
class Counts:
    """Casualty figures of one sentence; None where the sentence gives none."""

    killed: int | None = None
    injured: int | None = None
    killed_surface: str | None = None
    injured_surface: str | None = None


# --------------------------------------------------------------------------- lexicon


def _fold(form: str) -> str:
    return " ".join(fold_for_matching(form)[0].split())


def _load() -> dict[str, Any]:
    with open(_DATA / "number_words.json", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


_LEX = _load()
_AR, _EN = _LEX["ar"], _LEX["en"]


def _fmap(mapping: dict[str, int]) -> dict[str, int]:
    return {_fold(k): int(v) for k, v in mapping.items()}


def _fset(items: list[str]) -> frozenset[str]:
    return frozenset(_fold(x) for x in items)


def _phrases(items: list[str]) -> list[tuple[str, ...]]:
    """Multi-word phrases as token tuples, longest first."""
    return sorted({tuple(_fold(x).split()) for x in items if x.strip()}, key=len, reverse=True)


_UNITS = _fmap(_AR["units"]) | _fmap(_EN["units"])
_TEEN_FIRST = _fmap(_AR["teen_first"])
_TEEN_TEN = _fset(_AR["teen_ten"])
_TENS = _fmap(_AR["tens"]) | _fmap(_EN["tens"])
_HUNDREDS = _fmap(_AR["hundreds"])
_MULT = _fmap(_AR["multipliers"]) | _fmap(_EN["multipliers"])
_THOUSANDS_ALONE = _fmap(_AR["thousands_alone"])
_VAGUE: dict[tuple[str, ...], int] = {}
for _k, _v in (_AR["vague"] | _EN["vague"]).items():
    _VAGUE[tuple(_fold(_k).split())] = int(_v)
_VAGUE_PHRASES = sorted(_VAGUE, key=len, reverse=True)
_APPROX = _phrases(_AR["approximators"] + _EN["approximators"])
_RANGE_OPEN = _phrases(_AR["range_openers"] + _EN["range_openers"])


def _index(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases by first token (longest first), so a look-up costs one dict access."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for ph in sorted(phrases, key=len, reverse=True):
        out.setdefault(ph[0], []).append(ph)
    return out


_VAGUE_INDEX = _index(_VAGUE_PHRASES)
_APPROX_INDEX = _index(_APPROX)
_RANGE_INDEX = _index(_RANGE_OPEN)
_RANGE_JOIN = _fset(_AR["range_joiners"] + _EN["range_joiners"])
_DUAL = _fset(_AR["dual_nouns"])
_SINGULAR_AR = _fset(_AR["singular_nouns"])
_SINGULAR_EN = _fset(_EN["singular_nouns"])
_SINGULAR_ART = _fset(_EN["singular_articles"])
_NON_COUNT = _fset(_AR["non_count_units"] + _EN["non_count_units"])
_NON_COUNT_PHRASES = [p for p in _phrases(_AR["non_count_units"] + _EN["non_count_units"]) if len(p) > 1]
_BARRIERS = _fset(_AR["barriers"] + _EN["barriers"])
_DUAL_TRIGGER = {_fold(w): kind for kind, words in _AR["dual_trigger_nouns"].items() for w in words}
_SINGLE_TRIGGER = {_fold(w): kind for kind, words in _AR["singular_trigger_nouns"].items() for w in words}
_SINGLE_AFTER = _fset(_AR["singular_trigger_after"])
_POSSESSIVE_DEATH = _fmap(_AR["possessive_death"])

# first token -> [(phrase tokens, kind, direction)], longest phrase first
_TRIGGERS: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
for _kind, _dirs in _LEX["triggers"].items():
    for _dir, _words in _dirs.items():
        for _ph in _phrases(_words):
            _TRIGGERS.setdefault(_ph[0], []).append((_ph, _kind, _dir))
for _lst in _TRIGGERS.values():
    _lst.sort(key=lambda t: len(t[0]), reverse=True)


def _with_clitics(words: Iterable[str]) -> frozenset[str]:
    """``words`` and their forms with a clitic و / ف: every token whose bare form is one of them."""
    base = frozenset(words)
    return base | {c + w for w in base for c in "وف" if len(w) > 1}


# Pre-checks on the folded tokens of a sentence (exact: without these words there
# is no trigger and no lone count).
_LONE_WORDS = _with_clitics(_DUAL_TRIGGER) | frozenset(_POSSESSIVE_DEATH) | frozenset(_SINGLE_TRIGGER)


def _by_last_token(phrases: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[frozenset[str], frozenset[str]]]]:
    """Phrases by their last token: (forms of the first token, the tokens between)."""
    out: dict[str, list[tuple[frozenset[str], frozenset[str]]]] = {}
    for ph in phrases:
        first = _with_clitics([ph[0]])
        for last in first if len(ph) == 1 else (ph[-1],):
            out.setdefault(last, []).append((first, frozenset(ph[1:-1])))
    return out


_TRIGGER_ENDS = _by_last_token(ph for lst in _TRIGGERS.values() for ph, _, _ in lst)
_TRIGGER_LAST = frozenset(_TRIGGER_ENDS)


def _trigger_possible(words: set[str]) -> bool:
    """False when no trigger phrase has all its tokens among ``words`` (so none matches)."""
    for last in words & _TRIGGER_LAST:
        for first, middle in _TRIGGER_ENDS[last]:
            if middle <= words and not first.isdisjoint(words):
                return True
    return False


# Words that may start a figure phrase (see _parse_number); digits may too.
_NUM_START = frozenset(
    [*_DUAL, *_VAGUE_INDEX, *_APPROX_INDEX, *_RANGE_INDEX, "a", "one", *_TEEN_FIRST, *_UNITS, *_TENS, *_HUNDREDS,
     "hundred", *_THOUSANDS_ALONE, *_MULT]
)


def _fold_pattern(pattern: str) -> str:
    """Fold the Arabic letters of a regular expression (ASCII, i.e. the syntax, is kept)."""
    return "".join(ch if ch.isascii() else fold_for_matching(ch)[0] for ch in pattern)


_ZERO = {kind: [re.compile(_fold_pattern(p)) for p in pats] for kind, pats in _LEX["zero_patterns"].items()}


def _any_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """One regex that matches where any of ``patterns`` matches (they must not refer to groups)."""
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns) or "(?!)")


def _leading_literals(pattern: str) -> list[str] | None:
    """Texts one of which every match of ``pattern`` starts with (None when unknown).

    ``\\bno (?:one|body) was`` gives ``["no "]``, ``(?:دون|بلا) وقوع`` gives
    ``["دون", "بلا"]``; a pattern that may start otherwise (a class, a repeat,
    a look-around) gives None.
    """
    try:
        tree = _parser.parse(pattern)
    except re.error:
        return None
    if tree.state.flags & re.IGNORECASE:
        return None

    def lead(items: Any) -> list[str] | None:
        run: list[str] = []
        for op, av in getattr(items, "data", items):
            if op is _sre.LITERAL:
                run.append(chr(av))
                continue
            if run:
                break
            if op is _sre.AT:
                continue  # \\b and the like take no text
            if op is _sre.SUBPATTERN and not av[1] & re.IGNORECASE:
                return lead(av[-1])
            if op is _sre.BRANCH:
                out: list[str] = []
                for alternative in av[1]:
                    sub = lead(alternative)
                    if sub is None:
                        return None
                    out += sub
                return out
            return None
        return ["".join(run)] if run else None

    return lead(tree)


def _cue_texts(patterns: list[re.Pattern[str]]) -> list[str] | None:
    """The texts every match of one of ``patterns`` starts with (None when unknown), longest first."""
    texts: set[str] = set()
    for p in patterns:
        lits = _leading_literals(p.pattern)
        if lits is None:
            return None
        texts.update(lits)
    return sorted(texts, key=len, reverse=True)


_ZERO_KIND = {kind: _any_of(pats) for kind, pats in _ZERO.items()}
_ZERO_TEXTS = _cue_texts([p for pats in _ZERO.values() for p in pats])
# The first place where one of those texts starts, and every such place (overlaps too).
_ZERO_CUE = re.compile("|".join(map(re.escape, _ZERO_TEXTS)) or "(?!)") if _ZERO_TEXTS is not None else None
_ZERO_AT = re.compile("(?=" + _ZERO_CUE.pattern + ")") if _ZERO_CUE is not None else None

_LEFT_WINDOW, _RIGHT_WINDOW = 3, 5

# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:\.\d+)?|[^\W\d_]+(?:'[^\W\d_]+)?|\S")
# The word tokens of _TOKEN alone (no other kind of token takes a letter).
_WORD_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


class _Tok:
    """A token of the folded sentence; ``text == folded[start:end]``."""

    __slots__ = ("text", "start", "end", "is_num", "is_word", "bare", "in_date")

    def __init__(self, text: str, start: int, end: int, is_num: bool, is_word: bool, bare: str) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.is_num = is_num  # str.isdigit() of the first character
        self.is_word = is_word  # str.isalpha() of the first character
        self.bare = bare  # the text without a leading clitic و / ف (and, so), see _tokenize
        self.in_date = False  # inside a date expression


def _tokenize(folded: str) -> list[_Tok]:
    out: list[_Tok] = []
    append, find = out.append, folded.find
    end = 0
    # Between two tokens there is only white space: each token is found where the
    # previous one ends (str.find is cheaper than the match objects of finditer).
    for t in _TOKEN.findall(folded):
        start = find(t, end)
        end = start + len(t)
        c = t[0]
        # bare: a leading و / ف (and, so) dropped from an Arabic word of three letters or more
        append(_Tok(t, start, end, c.isdigit(), c.isalpha(), t[1:] if len(t) > 2 and c in "وف" else t))
    return out


def _match_phrase(toks: list[_Tok], i: int, phrase: tuple[str, ...], first: str | None = None) -> int:
    """End index when ``phrase`` matches at ``i`` (first token given pre-normalised)."""
    if i + len(phrase) > len(toks):
        return -1
    if (first if first is not None else toks[i].text) != phrase[0]:
        return -1
    for k in range(1, len(phrase)):
        if toks[i + k].text != phrase[k]:
            return -1
    return i + len(phrase)


def _phrase_at(toks: list[_Tok], i: int, index: dict[str, list[tuple[str, ...]]],
               ) -> tuple[tuple[str, ...], int] | None:
    """The longest indexed phrase at ``i`` (its first word may carry a clitic و / ف)."""
    tok = toks[i]
    raw = tok.text
    for ph in index.get(raw, ()):
        j = _match_phrase(toks, i, ph, raw)
        if j > 0:
            return ph, j
    bare = tok.bare
    if bare != raw:
        for ph in index.get(bare, ()):
            j = _match_phrase(toks, i, ph, bare)
            if j > 0:
                return ph, j
    return None


def _skip_phrases(toks: list[_Tok], i: int, index: dict[str, list[tuple[str, ...]]]) -> int:
    """Skip any run of the indexed phrases starting at ``i``."""
    while i < len(toks):
        hit = _phrase_at(toks, i, index)
        if hit is None:
            break
        i = hit[1]
    return i


# --------------------------------------------------------------------------- numbers


@dataclass(slots=True)
class _Num:
    start: int  # token index
    end: int  # exclusive
    value: int
    singular: bool = False  # a bare singular noun ("مقتل مدني") : only attaches right after a trigger


def _int_token(tok: _Tok) -> int | None:
    if not tok.is_num or "." in tok.text:
        return None
    digits = tok.text.replace(",", "")
    # "²" or "①" pass str.isdigit (is_num) but are no decimal digits: int() refuses them.
    return int(digits) if digits.isdecimal() else None


# Which kind of number word may follow which (Arabic: خمسة وعشرين, مائة وخمسون,
# ثلاثة آلاف; English: twenty-five, two hundred and fifty). Key None = first word.
_NEXT: dict[str | None, frozenset[str]] = {
    None: frozenset({"unit", "teen", "tens", "hundreds", "thousand"}),
    "unit": frozenset({"tens_joined", "hundred", "mult"}),
    "teen": frozenset({"hundred", "mult"}),
    "tens": frozenset({"unit", "mult"}),
    "hundreds": frozenset({"unit", "teen", "tens", "mult"}),
    "hundred": frozenset({"unit", "teen", "tens", "mult"}),
    "mult": frozenset({"unit", "teen", "tens", "hundreds"}),
    "thousand": frozenset({"unit", "teen", "tens", "hundreds"}),
}


def _classify(toks: list[_Tok], j: int, w: str) -> tuple[str, int, int] | None:
    """Kind, value and width (tokens used) of the number word ``w`` at ``j``."""
    if w in _TEEN_FIRST and j + 1 < len(toks) and toks[j + 1].text in _TEEN_TEN:
        return "teen", _TEEN_FIRST[w] + 10, 2
    if w in _UNITS:
        value = _UNITS[w]
        if value < 10 and j + 1 < len(toks) and toks[j + 1].text in _TEEN_TEN:
            return "teen", value + 10, 2  # ثلاثة عشر
        return ("teen" if value > 10 else "unit"), value, 1
    if w in _TENS:
        return "tens", _TENS[w], 1
    if w in _HUNDREDS:
        return "hundreds", _HUNDREDS[w], 1
    if w == "hundred":
        return "hundred", 100, 1
    if w in _THOUSANDS_ALONE:
        return "thousand", _THOUSANDS_ALONE[w], 1
    if w in _MULT:
        return "mult", _MULT[w], 1
    return None


def _word_sequence(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """Parse number words (خمسة وعشرين, twenty-five, two hundred and fifty) at ``i``."""
    total, current, j = 0, 0, i
    last: str | None = None
    while j < len(toks):
        tok = toks[j]
        raw, bare = tok.text, tok.bare
        skip, joined, w = 0, False, raw
        if last is not None and raw in ("-", "and", "و") and j + 1 < len(toks):
            skip, joined, w = 1, True, toks[j + 1].bare
        elif last is not None and bare != raw:
            joined, w = True, bare
        info = _classify(toks, j + skip, w)
        if info is None and last is None and bare != raw:
            info = _classify(toks, j, bare)  # وثلاثة: "and three"
        if info is None:
            break
        kind, value, width = info
        allowed = _NEXT[last]
        # خمسة وعشرين: a unit takes tens only through و
        step = "tens_joined" if kind == "tens" and last == "unit" and joined else kind
        if step not in allowed:
            break
        if kind == "hundred":
            current = max(current, 1) * 100
        elif kind == "mult":
            total += max(current, 1) * value
            current = 0
        else:
            current += value
        last = kind
        j += skip + width
    if last is None:
        return None
    return total + current, j


def _basic_number(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """A single figure at ``i``: digits (with a multiplier), number words or a vague word."""
    if i >= len(toks):
        return None
    tok = toks[i]
    if tok.is_num:
        value = _int_token(tok)
        if value is None:
            return None
        j = i + 1
        if j < len(toks) and toks[j].text in _MULT:
            value *= _MULT[toks[j].text]
            j += 1
        return value, j
    if not tok.is_word:
        return None
    # "a hundred", "a dozen", "عدد من": vague phrases and article + hundred
    if tok.text in ("a", "one") and i + 1 < len(toks) and toks[i + 1].text in ("hundred", "thousand"):
        return _MULT[toks[i + 1].text], i + 2
    vague = _phrase_at(toks, i, _VAGUE_INDEX)
    if vague is not None:
        ph, j = vague
        if ph == ("some",) and j < len(toks) and toks[j].is_num:
            return None  # "some 20": an approximator
        if j < len(toks) and toks[j].text in ("of", "من"):
            j += 1
        return _VAGUE[ph], j
    return _word_sequence(toks, i)


def _parse_number(toks: list[_Tok], i: int) -> _Num | None:
    """A figure phrase at ``i``: approximators, ranges (lowest figure), dual nouns."""
    if toks[i].bare in _DUAL:
        return _Num(i, i + 1, 2)
    start = i
    # "between 5 and 7" / "بين 5 و7" / "from five to seven"
    opener = _phrase_at(toks, i, _RANGE_INDEX)
    if opener is not None:
        lo = _basic_number(toks, opener[1])
        if lo and lo[1] < len(toks):
            k = lo[1]
            joiner = toks[k].text
            hi = None
            if joiner in _RANGE_JOIN:  # بين 5 و 7, between five and seven
                hi = _basic_number(toks, k + 1)
            elif toks[k].bare != joiner:  # بين خمسة وسبعة: the و is a clitic
                hi = _basic_number(toks, k)
            if hi:
                return _Num(start, hi[1], min(lo[0], hi[0]))
    j = _skip_phrases(toks, i, _APPROX_INDEX)
    first = _basic_number(toks, j)
    if first is None:
        return None
    value, k = first
    # "5 to 7", "five or six", "5-7", "5 إلى 7"
    if k + 1 < len(toks) and toks[k].text in _RANGE_JOIN and toks[k].text not in ("and", "و"):
        second = _basic_number(toks, k + 1)
        if second is not None:
            value, k = min(value, second[0]), second[1]
    # "7 على الأقل", "at least": trailing approximators are part of the phrase
    if k + 1 < len(toks) and toks[k].text == "علي" and toks[k + 1].text == "الاقل":
        k += 2
    return _Num(start, k, value)


def _is_measure(toks: list[_Tok], num: _Num) -> bool:
    """True when the figure is an age, a distance, a time, a share ... (not a count)."""
    k = num.end
    if k < len(toks) and toks[k].text == "-":
        k += 1
    if k < len(toks):
        if toks[k].bare in _NON_COUNT or toks[k].text in _NON_COUNT:
            return True
        if toks[k].text == ":" and k + 1 < len(toks) and toks[k + 1].is_num:
            return True  # a time, 10:30
        for ph in _NON_COUNT_PHRASES:
            if _match_phrase(toks, k, ph) > 0:
                return True
    if num.start > 0 and toks[num.start - 1].text in ("الساعه", "ساعه", "رقم", "no", "number"):
        return True
    return False


def _is_year(toks: list[_Tok], num: _Num) -> bool:
    tok = toks[num.start]
    return (num.end - num.start == 1 and tok.is_num and len(tok.text) == 4
            and 1900 <= int(tok.text) <= 2100)


# --------------------------------------------------------------------------- attachment


@dataclass(slots=True)
class _Trig:
    start: int
    end: int
    kind: str
    direction: str
    lead: int = 0  # characters of a clitic و / ف before the trigger word


def _find_triggers(toks: list[_Tok]) -> tuple[dict[int, _Trig], dict[int, _Trig]]:
    """Triggers indexed by their first and by their last token."""
    by_start: dict[int, _Trig] = {}
    by_end: dict[int, _Trig] = {}
    i = 0
    while i < len(toks):
        tok = toks[i]
        hit = None
        if tok.is_word and (tok.text in _TRIGGERS or tok.bare in _TRIGGERS):
            for first in (tok.text,) if tok.bare == tok.text else (tok.text, tok.bare):
                for ph, kind, direction in _TRIGGERS.get(first, ()):
                    j = _match_phrase(toks, i, ph, first)
                    if j > 0 and (hit is None or j > hit.end):
                        hit = _Trig(i, j, kind, direction, len(tok.text) - len(first))
        if hit is None:
            i += 1
            continue
        by_start[hit.start] = hit
        by_end[hit.end - 1] = hit
        i = hit.end
    return by_start, by_end


def _stops(tok: _Tok) -> bool:
    return tok.is_num or not tok.is_word or tok.text in _BARRIERS or tok.bare in _BARRIERS


def _attach(toks: list[_Tok], num: _Num, by_start: dict[int, _Trig], by_end: dict[int, _Trig],
            ) -> _Trig | None:
    left: tuple[int, _Trig] | None = None
    p = num.start - 1
    while p >= 0 and num.start - p <= _LEFT_WINDOW:
        trig = by_end.get(p)
        if trig is not None:
            if trig.direction in ("left", "both"):
                left = (num.start - p, trig)
            break
        if _stops(toks[p]):
            break
        p -= 1
    right: tuple[int, _Trig] | None = None
    p = num.end
    while p < len(toks) and p - num.end < _RIGHT_WINDOW:
        trig = by_start.get(p)
        if trig is not None:
            if trig.direction in ("right", "both"):
                right = (p - num.end + 1, trig)
            break
        if _stops(toks[p]):
            break
        p += 1
    if num.singular:
        # مقتل مدني / لقي مدني حتفه: a bare noun only counts right next to its trigger
        left = left if left and left[0] == 1 else None
        right = right if right and right[0] == 1 else None
    if left and (not right or left[0] <= right[0]):
        return left[1]
    return right[1] if right else None


def _numbers(toks: list[_Tok], by_start: dict[int, _Trig]) -> list[_Num]:
    """Every figure phrase of the sentence, left to right, none inside a trigger or a date."""
    nums: list[_Num] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.in_date:
            i += 1
            continue
        trig = by_start.get(i)
        if trig is not None:
            i = trig.end
            continue
        num = _parse_number(toks, i) if tok.is_num or tok.text in _NUM_START or tok.bare in _NUM_START else None
        if num is not None and not any(t.in_date for t in toks[num.start:num.end]):
            nums.append(num)
            i = num.end
            continue
        if tok.bare in _SINGULAR_AR:
            nums.append(_Num(i, i + 1, 1, singular=True))
        elif tok.text in _SINGULAR_ART and i + 1 < len(toks) and toks[i + 1].text in _SINGULAR_EN:
            nums.append(_Num(i, i + 2, 1))
            i += 2
            continue
        i += 1
    return nums


def extract_counts(text: str) -> Counts:
    """Killed and injured figures of one sentence.

    Parameters
    ----------
    text
        One sentence, Arabic or English (any string is accepted).

    Returns
    -------
    Counts
        ``killed`` / ``injured`` as non-negative ints or None, and the surface
        (trigger and figure, a slice of ``text``) each was read from.

    Examples
    --------
    >>> extract_counts("تحييد سبعة عناصر من المرتزقة").killed
    7
    >>> c = extract_counts("The strike killed seven civilians and wounded 20.")
    >>> c.killed, c.injured, c.killed_surface
    (7, 20, 'killed seven')
    >>> extract_counts("Clashes killed between 5 and 7 fighters").killed
    5
    >>> extract_counts("a column of 200 vehicles entered Sirte")
    Counts(killed=None, injured=None, killed_surface=None, injured_surface=None)
    >>> extract_counts("سقطت قذيفة دون وقوع ضحايا")
    Counts(killed=0, injured=0, killed_surface=None, injured_surface=None)
    """
    if not text or not isinstance(text, str):
        return Counts()
    folded, offsets = _fold_cached(text)
    words = set(_WORD_TOKEN.findall(folded))
    if not words:
        return Counts()  # no trigger and no "no casualties" without a word
    found: dict[str, tuple[int, str]] = {}
    # Most sentences name no casualty at all: then only a "no casualties" remains possible.
    lone = not _LONE_WORDS.isdisjoint(words)
    if lone or _trigger_possible(words):
        _read_counts(text, folded, offsets, lone, found)
    killed = found.get("killed")
    injured = found.get("injured")
    k_val: int | None = killed[0] if killed else None
    i_val: int | None = injured[0] if injured else None
    if k_val is None or i_val is None:
        zero = _zeros(folded)
        if k_val is None and ("both" in zero or "killed" in zero):
            k_val = 0
        if i_val is None and ("both" in zero or "injured" in zero):
            i_val = 0
    return Counts(k_val, i_val, killed[1] if killed else None, injured[1] if injured else None)


def _read_counts(text: str, folded: str, offsets: list[int] | None, lone: bool,
                 found: dict[str, tuple[int, str]]) -> None:
    """Fill ``found`` (kind -> figure, surface) from the triggers of the sentence.

    ``lone`` says whether the sentence has a word that is a count by itself
    (حتفه, قتيلين, قتيل ...); when it is False that last pass is skipped.
    """
    toks = _tokenize(folded)
    by_start, by_end = _find_triggers(toks)
    if by_start:
        spans = _date_spans(text, folded, offsets) if any(t.is_num for t in toks) else []
        if spans:
            k = 0  # spans and tokens are both in text order: one sweep
            for tok in toks:
                o = tok.start if offsets is None else offsets[tok.start]
                while k < len(spans) and spans[k][1] <= o:
                    k += 1
                tok.in_date = k < len(spans) and spans[k][0] <= o
        for num in _numbers(toks, by_start):
            if _is_measure(toks, num):
                continue
            trig = _attach(toks, num, by_start, by_end)
            if trig is None or trig.kind in found:
                continue
            if _is_year(toks, num) and not (trig.start == num.end and trig.direction != "left"):
                continue  # 2019 is a year unless a noun such as قتيل follows it directly
            lo, hi = min(num.start, trig.start), max(num.end, trig.end)
            first = toks[lo].start + (trig.lead if lo == trig.start else _lead(toks[lo]))
            found[trig.kind] = (num.value, _surface(text, offsets, first, toks[hi - 1].end))
    if not lone:
        return
    for i, tok in enumerate(toks):
        if "killed" not in found and tok.text in _POSSESSIVE_DEATH:
            # لقي حتفه / لقيا مصرعهما: the pronoun says how many died
            found["killed"] = (_POSSESSIVE_DEATH[tok.text], _surface(text, offsets, tok.start, tok.end))
            continue
        kind = _DUAL_TRIGGER.get(tok.bare)
        if kind is None and tok.text in _SINGLE_TRIGGER and i > 0 and toks[i - 1].text in _SINGLE_AFTER:
            kind = _SINGLE_TRIGGER[tok.text]
            if kind not in found:
                found[kind] = (1, _surface(text, offsets, toks[i - 1].start, tok.end))
            continue
        if kind is not None and kind not in found:
            found[kind] = (2, _surface(text, offsets, tok.start, tok.end))


_PLAIN_WORDS = frozenset(
    [*_UNITS, *_TENS, *_HUNDREDS, *_MULT, *_THOUSANDS_ALONE, *_DUAL, *_SINGULAR_AR]
    + [ph[0] for ph in [*_VAGUE_PHRASES, *_APPROX, *_RANGE_OPEN]]
)


def _lead(tok: _Tok) -> int:
    """1 when ``tok`` is a number word read without its clitic و / ف (وثلاثة)."""
    return int(tok.is_word and tok.text not in _PLAIN_WORDS and tok.bare != tok.text)


def _surface(text: str, offsets: list[int] | None, start: int, end: int) -> str:
    if offsets is None:
        return text[start:end]
    return text[offsets[start]:offsets[end - 1] + 1]


def _zeros(folded: str) -> set[str]:
    """The kinds of the "no casualties" statements of ``folded``."""
    if _ZERO_CUE is None or _ZERO_AT is None:
        return {kind for kind, pat in _ZERO_KIND.items() if pat.search(folded)}
    first = _ZERO_CUE.search(folded)
    if first is None:
        return set()
    # A match starts where one of the cue texts does: try the patterns there only.
    starts = [m.start() for m in _ZERO_AT.finditer(folded, first.start())]
    return {kind for kind, pats in _ZERO.items() if any(p.match(folded, i) for i in starts for p in pats)}
