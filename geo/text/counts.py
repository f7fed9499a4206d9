"""Casualty counts (killed, injured) reported in one Arabic or English sentence.

A figure counts only when it is attached to a casualty trigger: "مقتل سبعة مدنيين
وإصابة 20" gives 7 killed and 20 injured, "a column of 200 vehicles" gives nothing.
Triggers have a direction (see ``geo/data/number_words.json``): verbal nouns and
verbs such as مقتل / إصابة / killed / wounding take the number *after* them,
plural nouns such as قتلى / جرحى / dead / injuries the number *before* them. A
number attaches to the nearest trigger on either side (the left one on a tie),
searching at most 3 words to the left and 5 to the right and never across
punctuation, another number or a barrier word (في, بينهم, in, including ...).
A partitive after the figure (of, من) widens the right search by the group it
names, unit number included: "Three members of the 166 Battalion were killed" is 3.
Coordinated groups add up: "Three members of the 166 Battalion and 20 civilians were
killed" is 23, "مقتل خمسة جنود ومدنيين اثنين" is 7; a part of the whole ("including
two children", "بينهم طفلان", "three of them") stays out of the sum.

Conventions:

* Vague figures (several, dozens, عدد من, عشرات) are approximate: they give no
  number but the ``killed_approximate`` / ``injured_approximate`` flag, and ACLED's
  coding estimate (several / many / عدة -> 10, dozens / عشرات -> 12, scores -> 20,
  hundreds / مئات -> 100, a few / بضعة / عدد من / some -> 3) as ``killed_estimate``.
  A precise figure of the same field wins over a vague one.
* A running toll ("ارتفع عدد القتلى إلى ستة", "the toll rose to 43") is the latest
  figure of the event: it wins over any other killed figure of the sentence.
* A range ("between 5 and 7", "بين 5 و7", "five or six") gives its lowest figure.
* When one sentence gives several figures for the same field, the first one in
  the text is kept (the lead figure of the report).
* Dual nouns carry their own number (مقتل شخصين -> 2, سقوط قتيلين -> 2); a singular
  victim noun right after a trigger is one (مقتل مدني, killing a child).
* Years (2019), figures inside a date (4 أبريل), ages, distances, times and
  shares (7 سنوات, 20 km, 5 pm, 30%) are never counts, nor numbers that name
  things (الكتيبة 166, Brigade 301, Road 7, 444 Brigade).
* ``killed=0`` / ``injured=0`` only when the sentence says so ("no casualties",
  "لا إصابات", "دون وقوع ضحايا"); otherwise an unknown figure is None.

Examples
--------
>>> extract_counts("أسفر القصف عن مقتل سبعة مدنيين وإصابة 20 آخرين")
Counts(killed=7, injured=20, killed_surface='مقتل سبعة', injured_surface='إصابة 20', killed_approximate=False, injured_approximate=False, killed_estimate=None, injured_estimate=None)
>>> extract_counts("20 people were injured and 3 killed").killed
3
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.text.count_numbers import _is_measure, _is_name, _is_year, _Num, _parse_number
from geo.text.count_words import (
    _APPROX,
    _BARRIERS,
    _CUMULATIVE_INDEX,
    _DIED_LATER_BRIDGES,
    _DUAL,
    _DUAL_TRIGGER,
    _HUNDREDS,
    _LEFT_WINDOW,
    _LONE_WORDS,
    _MULT,
    _NUM_START,
    _PARTITIVE,
    _PARTITIVE_EXTRA,
    _POSSESSIVE_DEATH,
    _RANGE_OPEN,
    _RIGHT_WINDOW,
    _SINGLE_AFTER,
    _SINGLE_TRIGGER,
    _SINGULAR_AR,
    _SINGULAR_ART,
    _SINGULAR_EN,
    _TENS,
    _THOUSANDS_ALONE,
    _TOLL_FIRST,
    _TOLL_INDEX,
    _TOLL_RISE_INDEX,
    _TRIGGERS,
    _UNITS,
    _VAGUE_PHRASES,
    _WORD_TOKEN,
    _ZERO,
    _ZERO_AT,
    _ZERO_CUE,
    _ZERO_KIND,
    _is_person,
    _match_phrase,
    _phrase_at,
    _Tok,
    _tokenize,
    _trigger_possible,
)
from geo.text.dates import _date_spans
from geo.text.folding import _fold_cached

__all__ = ["Counts", "extract_counts"]



@dataclass(frozen=True, slots=True)
class Counts:
    """Casualty figures of one sentence; None where the sentence gives none."""

    killed: int | None = None
    injured: int | None = None
    killed_surface: str | None = None
    injured_surface: str | None = None
    killed_approximate: bool = False
    injured_approximate: bool = False
    killed_estimate: int | None = None  # ACLED's figure for a vague count ("several" -> 10)
    injured_estimate: int | None = None


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
    window = _RIGHT_WINDOW
    partitive = False
    while p < len(toks) and p - num.end < window:
        trig = by_start.get(p)
        if trig is not None:
            if trig.direction in ("right", "both"):
                right = (p - num.end + 1, trig)
            break
        if toks[p].text == "علي" and p + 1 < len(toks) and toks[p + 1].text == "الاقل":
            # "قتل 17 شخصا على الأقل" and "17 شخصا على الأقل قتلوا": "at least" is no gap
            p, window = p + 2, window + 2
            continue
        if p - num.end <= 1 and not partitive and (toks[p].text in _PARTITIVE or toks[p].bare in _PARTITIVE):
            # "Three members of the 166 Battalion were killed": the group named after "of" is no gap
            window, partitive = window + _PARTITIVE_EXTRA, True
        elif _stops(toks[p]) and not (partitive and _is_name(toks, _Num(p, p + 1, 0))):
            break
        p += 1
    if num.singular:
        # مقتل مدني / لقي مدني حتفه: a bare noun only counts right next to its trigger
        left = left if left and left[0] == 1 else None
        right = right if right and right[0] == 1 else None
    if left and (not right or left[0] <= right[0]):
        return left[1]
    return _died_later(toks, right[1], by_start) if right else None


def _died_later(toks: list[_Tok], trig: _Trig, by_start: dict[int, _Trig]) -> _Trig:
    """"three injured later died", "ثلاثة من الجرحى توفوا لاحقا": the figure of an injured noun
    that a death verb follows is of the dead (kind ``killed_later``)."""
    if trig.kind != "injured":
        return trig
    p = trig.end
    while p < len(toks) and p - trig.end < 2 and (toks[p].text in _DIED_LATER_BRIDGES or toks[p].bare in _DIED_LATER_BRIDGES):
        p += 1
    death = by_start.get(p)
    if death is None or death.kind != "killed" or death.direction not in ("right", "both"):
        return trig
    return _Trig(death.start, death.end, "killed_later", death.direction, death.lead)


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
        elif tok.text in _SINGULAR_ART and i + 1 < len(toks):
            # "a guard", "a security guard": the article, at most one qualifier, the noun
            width = 2 if toks[i + 1].text in _SINGULAR_EN else 3 if (
                i + 2 < len(toks) and toks[i + 1].is_word and toks[i + 2].text in _SINGULAR_EN) else 0
            if width:
                nums.append(_Num(i, i + width, 1))
                i += width
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
    >>> extract_counts("a column of 200 vehicles entered Sirte") == Counts()
    True
    >>> extract_counts("سقطت قذيفة دون وقوع ضحايا").killed
    0
    >>> c = extract_counts("several fighters were killed")
    >>> c.killed, c.killed_approximate, c.killed_estimate
    (None, True, 10)
    >>> extract_counts("ارتفع عدد قتلى القصف على الحي إلى ستة وإصابة 27").killed
    6
    """
    if not text or not isinstance(text, str):
        return Counts()
    folded, offsets = _fold_cached(text)
    words = set(_WORD_TOKEN.findall(folded))
    if not words:
        return Counts()  # no trigger and no "no casualties" without a word
    found: dict[str, tuple[int, str]] = {}
    vague: dict[str, tuple[int, str]] = {}
    # Most sentences name no casualty at all: then only a "no casualties" remains possible.
    lone = not _LONE_WORDS.isdisjoint(words)
    if lone or _trigger_possible(words):
        _read_counts(text, folded, offsets, lone, found, vague)
    killed = found.get("killed")
    injured = found.get("injured")
    k_val: int | None = killed[0] if killed else None
    i_val: int | None = injured[0] if injured else None
    k_vague = vague.get("killed") if killed is None else None
    i_vague = vague.get("injured") if injured is None else None
    if (k_val is None and k_vague is None) or (i_val is None and i_vague is None):
        zero = _zeros(folded)
        if k_val is None and k_vague is None and ("both" in zero or "killed" in zero):
            k_val = 0
        if i_val is None and i_vague is None and ("both" in zero or "injured" in zero):
            i_val = 0
    return Counts(k_val, i_val, (killed or k_vague or (0, None))[1], (injured or i_vague or (0, None))[1],
                  killed_approximate=k_vague is not None, injured_approximate=i_vague is not None,
                  killed_estimate=k_vague[0] if k_vague else None, injured_estimate=i_vague[0] if i_vague else None)


def _read_counts(text: str, folded: str, offsets: list[int] | None, lone: bool,
                 found: dict[str, tuple[int, str]], vague: dict[str, tuple[int, str]]) -> None:
    """Fill ``found`` (kind -> figure, surface) from the triggers of the sentence, and
    ``vague`` with the estimates of vague figures ("several", "عدد من").

    ``lone`` says whether the sentence has a word that is a count by itself
    (حتفه, قتيلين, قتيل ...); when it is False that last pass is skipped.
    """
    toks = _tokenize(folded)
    by_start, by_end = _find_triggers(toks)
    toll = _toll(toks) if not _TOLL_FIRST.isdisjoint(t.bare for t in toks) else None
    if by_start:
        spans = _date_spans(text, folded, offsets) if any(t.is_num for t in toks) else []
        if spans:
            k = 0  # spans and tokens are both in text order: one sweep
            for tok in toks:
                o = tok.start if offsets is None else offsets[tok.start]
                while k < len(spans) and spans[k][1] <= o:
                    k += 1
                tok.in_date = k < len(spans) and spans[k][0] <= o
        attached: list[tuple[_Num, _Trig | None]] = []
        for num in _numbers(toks, by_start):
            if _is_measure(toks, num) or (toll is not None and num.start < toll[1].end and toll[1].start < num.end):
                continue
            trig = _attach(toks, num, by_start, by_end)
            if trig is not None and _is_year(toks, num) and not (trig.start == num.end and trig.direction != "left"):
                continue  # 2019 is a year unless a noun such as قتيل follows it directly
            attached.append((num, trig))
        for group in _coordinated(toks, attached, by_start, by_end):
            num, trig = group[0][0], next((t for _, t in group if t is not None), None)
            if trig is None or trig.kind in found or (num.vague and trig.kind in vague):
                continue
            # "Three members of the 166 Battalion and 20 civilians were killed": the groups add up
            value = sum(n.value for n, _ in group)
            lo, hi = min(num.start, trig.start), max(group[-1][0].end, trig.end)
            if _sums_a_campaign(toks, lo, hi):
                continue
            first = toks[lo].start + (trig.lead if lo == trig.start else _lead(toks[lo]))
            (vague if num.vague else found)[trig.kind] = (value, _surface(text, offsets, first, toks[hi - 1].end))
    later = found.pop("killed_later", None)
    if later is not None:  # the injured who later died join the dead
        found["killed"] = (found["killed"][0] + later[0], found["killed"][1]) if "killed" in found else later
    if "killed_later" in vague:
        vague.setdefault("killed", vague.pop("killed_later"))
    if toll is not None and not _sums_a_campaign(toks, toll[0], toll[1].end):
        lo, figure = toll
        found["killed"] = (figure.value, _surface(text, offsets, toks[lo].start, toks[figure.end - 1].end))
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


def _sums_a_campaign(toks: list[_Tok], lo: int, hi: int) -> bool:
    """True when a campaign phrase ("in weeks of fighting", "منذ بدء المعارك") stands within 10
    tokens after the figure and its trigger (``toks[lo:hi]``) or 6 before them."""
    for i in range(max(0, lo - 6), min(len(toks), hi + 10)):
        if lo <= i < hi:
            continue
        if _phrase_at(toks, i, _CUMULATIVE_INDEX) is not None:
            return True
    return False


_COORDINATORS = frozenset({"and", "و", ",", "،"})
_GROUP_WORDS = 8  # words a counted group may take between two coordinated figures


def _coordinated(toks: list[_Tok], attached: list[tuple[_Num, _Trig | None]], by_start: dict[int, _Trig],
                 by_end: dict[int, _Trig]) -> list[list[tuple[_Num, _Trig | None]]]:
    """The figures in groups: a figure joins the one before it when only that group's words (a
    unit's number among them) and a coordinator stand between, no trigger, no other barrier:
    "Three members of the 166 Battalion and 20 civilians", "خمسة جنود ومدنيين اثنين". A group's
    figures count one field together; a figure another trigger claims starts a group of its own."""
    groups: list[list[tuple[_Num, _Trig | None]]] = []
    for num, trig in attached:
        last = groups[-1] if groups else []
        if last and not num.vague and not last[0][0].vague and _joins(toks, last[-1][0], num, by_start, by_end):
            kinds = {t.kind for _, t in last if t is not None} | ({trig.kind} if trig else set())
            # A figure no trigger claims counts people only beside a noun of people
            # ("killed 3 people and destroyed 2 vehicles" is 3).
            if len(kinds) <= 1 and all(t is not None or _of_people(toks, n) for n, t in (last[-1], (num, trig))):
                groups[-1].append((num, trig))
                continue
        groups.append([(num, trig)])
    return groups


def _of_people(toks: list[_Tok], num: _Num) -> bool:
    """True when the noun after the figure (or, Arabic, before it: "مدنيين اثنين") names people."""
    if num.singular:
        return True
    return any(0 <= k < len(toks) and toks[k].is_word and _is_person(toks[k].bare)
               for k in (*range(num.start, num.end + 1), num.start - 1))  # "a child": the noun is in the figure


def _joins(toks: list[_Tok], a: _Num, b: _Num, by_start: dict[int, _Trig], by_end: dict[int, _Trig]) -> bool:
    """True when figure ``b`` is coordinated with figure ``a`` (see :func:`_coordinated`)."""
    between = toks[a.end:b.start]
    if not between or len(between) > _GROUP_WORDS:
        return False
    coordinated = toks[b.start].text != toks[b.start].bare and toks[b.start].text.startswith("و")
    for k, tok in enumerate(between, start=a.end):
        if k in by_start or k in by_end:
            return False
        if tok.text in _COORDINATORS:
            coordinated = True
        elif tok.is_word and tok.text.startswith("و") and tok.bare != tok.text:
            coordinated = True  # "ومدنيين اثنين": the coordinator on the noun before its figure
        elif tok.is_num and not _is_name(toks, _Num(k, k + 1, 0)):
            return False
        elif not tok.is_num and (not tok.is_word or tok.text in _BARRIERS or tok.bare in _BARRIERS):
            return False
    return coordinated


_TOLL_WINDOW = 14  # words between a toll noun and its figure ("عدد قتلى القصف على الحي ... إلى ستة")


def _toll(toks: list[_Tok]) -> tuple[int, _Num] | None:
    """The last running toll of the sentence: (first token of the toll noun, its figure)."""
    out = None
    i = 0
    while i < len(toks):
        noun = _phrase_at(toks, i, _TOLL_INDEX)
        if noun is None:
            i += 1
            continue
        j = noun[1]
        while j < len(toks) and j - noun[1] <= _TOLL_WINDOW and toks[j].text not in ".;؛!?؟":
            rise = _phrase_at(toks, j, _TOLL_RISE_INDEX)
            if rise is not None and rise[1] < len(toks):
                num = _parse_number(toks, rise[1])
                if num is not None and not num.vague and not _is_measure(toks, num) and not _is_year(toks, num):
                    out = (i, num)
                    break
            j += 1
        i = j if j > i else i + 1
    return out


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
