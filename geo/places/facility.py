"""A city's airport named through the city: "Sirte's airport", "the airport serving Sirte".

The gazetteer knows airports by their own names ("Ghardabiya", "Mitiga", "مطار سرت"); reports also
name one through the city it serves. When a resolved city or town has an airport word right after
it (its possessive allowed) or right before it, and the gazetteer has an airport or airbase whose
parent is that city, the mention becomes that airport and its span the whole phrase. A phrase that
says "international airport" ("the international airport in Tripoli") names the airport the gazetteer
calls "<city> International Airport" when there is one (the old Tripoli International Airport, not
Mitiga, Tripoli's most prominent airport today). The words are
data (``geo/data/place_cues.json``: ``airport_after_en``, ``airport_before_en``, ``airport_before_ar``).

What enters: an article's text and its resolved mentions (text order). What leaves: the same
mentions, those that name an airport through its city re-pointed at the airport.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache

from gazetteer.model import Place
from geo.places.recognize import RawMatch
from geo.places.resolve import Resolved
from geo.text.lexicon import load_data

__all__ = ["airports_by_city", "international_airports_by_city", "name_airports"]

_AIRPORT_TYPES = frozenset({"airport", "airbase"})
_CITY_TYPES = frozenset({"city", "town"})
_INTERNATIONAL_SUFFIX = " international airport"


def _alternation(phrases: Iterable[str]) -> str:
    # Longest first, spaces as any run of spaces: "air  base" is "air base".
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(set(phrases), key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(words right after a name, words right before one), from ``place_cues.json``."""
    lex = load_data("place_cues.json")
    after = re.compile(rf"(?:['’`]?s)?\s+(?:{_alternation(lex['airport_after_en'])})\b", re.IGNORECASE)
    before = re.compile(rf"(?<![\w\u0600-\u06ff])(?:the\s+)?(?:{_alternation(lex['airport_before_en'])}"
                        rf"|{_alternation(lex['airport_before_ar'])})\s+(?:ال)?$", re.IGNORECASE)
    return after, before


def airports_by_city(places: Iterable[Place]) -> dict[str, Place]:
    """City id -> its airport or airbase (the gazetteer rows whose parent is the city; the most
    prominent of several: Misrata's airport before its Air College)."""
    best: dict[str, Place] = {}
    for p in places:
        if p.feature_type in _AIRPORT_TYPES and p.parent_id and (
                p.parent_id not in best or p.prominence > best[p.parent_id].prominence):
            best[p.parent_id] = p
    return best


def international_airports_by_city(places: Iterable[Place]) -> dict[str, Place]:
    """City id -> the airport or airbase one of whose names is "<city> International Airport"
    (Tripoli -> the old Tripoli International Airport, whatever its parent)."""
    rows = list(places)
    city_ids = {p.name.casefold(): p.id for p in rows if p.feature_type in _CITY_TYPES and p.is_libyan}
    out: dict[str, Place] = {}
    for p in rows:
        if p.feature_type not in _AIRPORT_TYPES:
            continue
        for name in p.names:
            folded = name.casefold()
            if folded.endswith(_INTERNATIONAL_SUFFIX) and (
                    city := city_ids.get(folded.removesuffix(_INTERNATIONAL_SUFFIX))) is not None:
                out.setdefault(city, p)
    return out


def name_airports(text: str, resolved: Sequence[Resolved], airports: dict[str, Place],
                  international: dict[str, Place] | None = None) -> list[Resolved]:
    """``resolved`` with each city named only as the place of its airport re-pointed at the airport.

    Examples
    --------
    >>> from geo.places.geoparse import default_geoparser
    >>> [(r.match.surface, r.place.id) for r in default_geoparser().parse(
    ...     "Rebels took Sirte's airport on Friday.").resolved if r.place]
    [("Sirte's airport", 'ly-ghardabiya-airbase')]
    >>> [(r.match.surface, r.place.id) for r in default_geoparser().parse(
    ...     "Rockets hit the international airport in Tripoli.").resolved if r.place]
    [('the international airport in Tripoli', 'ly-tripoli-international-airport')]
    """
    after, before = _patterns()
    out = list(resolved)
    for k, r in enumerate(out):
        place = r.place
        if place is None or place.feature_type not in _CITY_TYPES or place.id not in airports:
            continue
        start, end = r.match.start, r.match.end
        lo = out[k - 1].match.end if k > 0 else 0  # the phrase never swallows another mention
        hi = out[k + 1].match.start if k + 1 < len(out) else len(text)
        tail = after.match(text, end, hi)
        head = None if tail else before.search(text, max(lo, start - 40), start)
        if tail is None and head is None:
            continue
        new_start, new_end = (start, tail.end()) if tail else (head.start() if head else start, end)
        surface = text[new_start:new_end]
        match = RawMatch(new_start, new_end, surface, r.match.key, r.match.candidates, r.match.arabic, r.match.weak)
        airport = airports[place.id]
        if international and place.id in international and "international" in surface.casefold():
            airport = international[place.id]  # "the international airport in Tripoli"
        out[k] = replace(r, match=match, place=airport)
    return out
