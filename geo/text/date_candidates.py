"""Where a text's date expressions are: the pieces it is cut into, and the candidates of each.

In: a folded text (:func:`geo.text.folding.fold_for_matching`), its original characters, the
publication date and the language. Out: the date expressions found (non-overlapping, in text
order), not yet resolved (:class:`geo.text.date_rules._Cand`; :mod:`geo.text.dates` resolves
them), and their spans alone for masking numbers. A piece's candidates are cached: a
paragraph's context is mostly sentences already read. The conventions are stated in
:mod:`geo.text.dates`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from geo.text.date_patterns import (
    _AR_FAMILIES,
    _EN_FAMILIES,
    _MONTH_EN,
    _families,
)
from geo.text.date_rules import (
    _PATTERNS,
    _Cand,
    _State,
)
from geo.text.folding import _to_original

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
