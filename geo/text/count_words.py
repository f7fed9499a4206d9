"""The words and numbers that casualty counts are read from (see :mod:`geo.text.counts`).

In: ``geo/data/number_words.json`` and a folded sentence. Out: the trigger lexicon
(verbal nouns, verbs, victim nouns, measure words) and the sentence as tokens; the
numbers written in it are read by :mod:`geo.text.count_numbers`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from re import _constants as _sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

from geo.text.folding import fold_for_matching

# --------------------------------------------------------------------------- lexicon

_DATA = Path(__file__).resolve().parents[1] / "data"


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
_NAME_BEFORE = _fset(_LEX["name_nouns"]["before"])
_NAME_AFTER = _fset(_LEX["name_nouns"]["after"])
_PARTITIVE = _fset(_LEX["partitive"]["words"])
_DIED_LATER_BRIDGES = _fset(_LEX["died_later_bridges"])
_PARTITIVE_EXTRA: int = _LEX["partitive"]["extra_words"]
_TOLL_NOUNS = _phrases(_LEX["toll"]["nouns"])
_TOLL_RISE = _phrases(_LEX["toll"]["rise_words"])
_TOLL_INDEX = _index(_TOLL_NOUNS)
_TOLL_RISE_INDEX = _index(_TOLL_RISE)
_TOLL_FIRST = frozenset(_TOLL_INDEX)
_APPROX_INDEX = _index(_APPROX)
_CUMULATIVE_INDEX = _index(_phrases(_LEX["cumulative"]))
_RANGE_INDEX = _index(_RANGE_OPEN)
_RANGE_JOIN = _fset(_AR["range_joiners"] + _EN["range_joiners"])
_DUAL = _fset(_AR["dual_nouns"])
_SINGULAR_AR = _fset(_AR["singular_nouns"])
_SINGULAR_EN = _fset(_EN["singular_nouns"])
_SINGULAR_ART = _fset(_EN["singular_articles"])
_PERSON_PLURALS = _fset(_AR["person_plurals"] + _EN["person_plurals"])


def _is_person(word: str) -> bool:
    """True when a folded word (clitic و / ف removed) names people: a singular victim noun, a listed
    plural, or a regular plural or accusative of a singular (civilians, مدنيين, مدنيا)."""
    return (word in _PERSON_PLURALS or word in _SINGULAR_AR or word in _SINGULAR_EN
            or (word.endswith("s") and word[:-1] in _SINGULAR_EN)
            or any(word.endswith(end) and word[:-len(end)] in _SINGULAR_AR for end in ("ين", "ون", "ا", "ات")))
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


# Words that may start a figure phrase (see count_numbers._parse_number); digits may too.
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
