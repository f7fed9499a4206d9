"""The numbers a casualty count is read from (see :mod:`geo.text.counts`).

In: a sentence as the tokens of :mod:`geo.text.count_words` and its number words. Out:
the numbers written in it (digits, Arabic and English number words, duals, ranges, vague
quantities), and the rules that say a number is a measure, a name ("Brigade 166") or a
year, not a count.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.text.count_words import (
    _APPROX_INDEX,
    _DUAL,
    _HUNDREDS,
    _MULT,
    _NAME_AFTER,
    _NAME_BEFORE,
    _NON_COUNT,
    _NON_COUNT_PHRASES,
    _RANGE_INDEX,
    _RANGE_JOIN,
    _TEEN_FIRST,
    _TEEN_TEN,
    _TENS,
    _THOUSANDS_ALONE,
    _UNITS,
    _VAGUE,
    _VAGUE_INDEX,
    _match_phrase,
    _phrase_at,
    _skip_phrases,
    _Tok,
)


@dataclass(slots=True)
class _Num:
    start: int  # token index
    end: int  # exclusive
    value: int
    singular: bool = False  # a bare singular noun ("مقتل مدني") : only attaches right after a trigger
    vague: bool = False  # "several", "عدد من": an estimate, not a figure


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
    vague = j < len(toks) and not toks[j].is_num and _phrase_at(toks, j, _VAGUE_INDEX) is not None
    # "5 to 7", "five or six", "5-7", "5 إلى 7"
    if k + 1 < len(toks) and toks[k].text in _RANGE_JOIN and toks[k].text not in ("and", "و"):
        second = _basic_number(toks, k + 1)
        if second is not None:
            value, k = min(value, second[0]), second[1]
    # "7 على الأقل", "at least": trailing approximators are part of the phrase
    if k + 1 < len(toks) and toks[k].text == "علي" and toks[k + 1].text == "الاقل":
        k += 2
    return _Num(start, k, value, vague=vague)


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
    return _is_name(toks, num)


def _is_name(toks: list[_Tok], num: _Num) -> bool:
    """True when the figure names a unit, road, bridge or camp ("الكتيبة 166", "Road 7", "444 Brigade")."""
    if not toks[num.start].is_num:
        return False
    if num.start > 0 and (toks[num.start - 1].text in _NAME_BEFORE or toks[num.start - 1].bare in _NAME_BEFORE):
        return True
    return num.end < len(toks) and toks[num.end].text in _NAME_AFTER


def _is_year(toks: list[_Tok], num: _Num) -> bool:
    tok = toks[num.start]
    return (num.end - num.start == 1 and tok.is_num and len(tok.text) == 4
            and 1900 <= int(tok.text) <= 2100)
