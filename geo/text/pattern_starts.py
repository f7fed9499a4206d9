"""The literal beginnings of regular expressions: a cheap test that a pattern cannot match.

A word list's English entries that begin with an alternation ("(?:nato|raf) strikes",
"t(?:ook|aken) back") are tried by one regular expression at every position of every
sentence. Every match of such an entry starts with one of a few literal strings ("nato ",
"raf ", "took back", "taken back"); one Aho-Corasick pass over the text for those strings
says whether the expression can match at all, and most sentences contain none of them.

:func:`literal_starts` reads the pattern with the parser of :mod:`re` itself and gives
up (None) wherever a match could begin otherwise: a class such as ``\\w``, a repeated
first element, a flag.

Examples
--------
>>> sorted(literal_starts(r"(?:nato|raf) (?:forces )?strike"))
['nato forces strike', 'nato strike', 'raf forces strike', 'raf strike']
>>> sorted(literal_starts(r"t(?:ook|aken) back"))
['taken back', 'took back']
>>> sorted(literal_starts(r"s?vbied\\b"))
['svbied', 'vbied']
>>> literal_starts(r"(?:\\w+ )?killed") is None
True
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from typing import Any

import ahocorasick

_sre: Any
try:  # the parser re compiles with (a private module: without it, no pattern is analysed)
    _sre = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover
    _sre = None

__all__ = ["StartScanner", "literal_starts", "scan_starts"]

_MAX_STARTS = 256  # beyond this many beginnings, stop lengthening them (a union of branches may hold more)
# A beginning shorter than this (the "n" of "n ?djamena") occurs everywhere: trying the
# pattern at each occurrence would cost more than re's own scan.
_MIN_START = 3


def literal_starts(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Non-empty literal strings one of which every match of ``pattern`` (compiled with
    ``flags``) begins with, or None when that cannot be said (a match may begin with any
    character, or may be empty, or case is ignored)."""
    if _sre is None:
        return None
    try:
        parsed = _sre.parse(pattern, flags)
    except Exception:  # noqa: BLE001  any pattern re rejects is simply not analysed
        return None
    if parsed.state.flags & _sre.SRE_FLAG_IGNORECASE:
        return None
    found = _sequence(list(parsed))
    if found is None or "" in found[0]:
        return None
    return frozenset(found[0])


def scan_starts(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The :func:`literal_starts` of a compiled pattern worth looking for: None when it has none
    or one is very short (then scanning with the pattern itself costs less).

    >>> sorted(scan_starts(re.compile(r"(?:nato|raf) strikes")))
    ['nato strikes', 'raf strikes']
    >>> scan_starts(re.compile(r"(?:n|nato)\\w+")) is None  # "n" occurs everywhere
    True
    """
    starts = literal_starts(pattern.pattern, pattern.flags)
    return starts if starts and min(map(len, starts)) >= _MIN_START else None


class StartScanner:
    """``pattern.finditer(text)``, with the pattern tried only where one of its literal
    beginnings (:func:`literal_starts`) occurs: the same matches, left to right and not
    overlapping, since a match can begin nowhere else and is never empty. A pattern
    without such beginnings is scanned as usual.

    >>> import re
    >>> scan = StartScanner(re.compile(r"(?<!\\S)(?:took|seized) (?:the )?"))
    >>> [m.group() for m in scan.finditer("they took the town and seized roads; mistook ")]
    ['took the ', 'seized ']
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        starts = scan_starts(pattern)
        #: An automaton of the literal beginnings (value: length), None when there are none.
        self.literal_starts: ahocorasick.Automaton | None = None
        if starts is not None:
            self.literal_starts = ahocorasick.Automaton()
            for start in starts:
                self.literal_starts.add_word(start, len(start))
            self.literal_starts.make_automaton()

    def starts(self, text: str) -> list[int] | None:
        """Sorted positions of ``text`` where a literal beginning occurs (every match of the
        pattern in a slice of ``text`` starts at one); None when the pattern has none (or
        only very short ones)."""
        if self.literal_starts is None:
            return None
        return sorted({end - length + 1 for end, length in self.literal_starts.iter(text)})

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.literal_starts is None:
            yield from self.pattern.finditer(text)
            return
        done = 0
        for at in self.starts(text) or ():
            if at >= done and (m := self.pattern.match(text, at)) is not None:
                done = m.end()
                yield m


def _sequence(items: Iterable[tuple[Any, Any]]) -> tuple[set[str], bool] | None:
    """(beginnings, complete) of a sequence of parsed items: ``complete`` when each beginning is
    a whole match of the sequence, so that what follows may lengthen it."""
    out = {""}
    for op, av in items:
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # \b, look-ahead and look-behind take no character
        part = _item(op, av)
        if part is None:
            return out, False
        starts, complete = part
        longer = {a + b for a in out for b in starts}
        if len(longer) > _MAX_STARTS and out != {""}:
            return out, False  # the product grows too fast: keep the shorter beginnings
        out = longer
        if not complete:
            return out, False
    return out, True


def _item(op: Any, av: Any) -> tuple[set[str], bool] | None:
    if op is _sre.LITERAL:
        return {chr(av)}, True
    if op is _sre.IN:
        if all(o is _sre.LITERAL for o, _ in av):
            return {chr(v) for _, v in av}, True
        return None
    if op is _sre.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags else _sequence(sub)
    if op is _sre.BRANCH:
        parts = [_sequence(branch) for branch in av[1]]
        if any(p is None for p in parts):
            return None
        return set().union(*(p[0] for p in parts if p)), all(p[1] for p in parts if p)
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
        low, high, sub = av
        first = _sequence(sub)
        if first is None or low > 1 or high == 0:
            return None
        if low == 0:  # "s?" is "s" or nothing: what follows begins the match then
            return (first[0] | {""}, first[1]) if high == 1 else None
        return first[0], first[1] and high == 1
    return None
