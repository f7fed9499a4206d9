"""Coordinated lists of places: one trigger, one event per place of its list.

In: the folded sentence, the spans of its usable place names and the places a trigger
already chose. Out: those places plus the names coordinated with the last of them
("fell on Tajoura, Souq al-Juma and Arada", "سيطرت على زلطن والجميل ورقدالين",
"في عدة أحياء، منها عين زارة ووادي الربيع"), and for a clause with no place its object
across a short inserted phrase ("استهدفت، خلال يوم أمس، تمركزات في X").

Two names are members of one list when the text between them is made only of
connectors (و, commas, بما في ذلك, منها, including, areas like, and ...) and filler
words (place nouns, "the", "surrounding neighbourhoods of"); the lexicon is
``geo/data/place_lists.json``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from gazetteer.normalize import name_key
from geo.text.lexicon import load_data

__all__ = ["coordinated", "is_one_list", "list_ending_at", "object_across_gap"]

Spot = tuple[int, int, int]  # (start, end, place index) in folded sentence coordinates


@lru_cache(maxsize=1)
def _lexicon() -> tuple[re.Pattern[str], int, int, int]:
    data = load_data("place_lists.json")
    words = {name_key(w) for w in data["connectors_ar"] + data["fillers_ar"]} | {
        w.lower() for w in data["connectors_en"] + data["fillers_en"]}
    words.discard("")
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # The whole gap: connector and filler words, commas and spaces; a one-letter و / ف
    # written onto the next name is left outside the match (the name's span starts after it).
    gap = re.compile(rf"(?:\s|[،,]|(?<![^\s،,])(?:{alternatives})(?![^\s،,]))*")
    return gap, int(data["gap_chars"]), int(data["gap_commas"]), int(data["max_places"])


@lru_cache(maxsize=1)
def _gap_breaks() -> frozenset[str]:
    return frozenset(name_key(w) for w in load_data("place_lists.json")["gap_breaks"])


def _joined(between: str) -> bool:
    """True when ``between`` (the text between two names) only coordinates them."""
    gap = _lexicon()[0]
    if not between.strip():
        return False  # two names side by side are one name or a container ("عين زارة طرابلس")
    text = between.strip()
    if text.endswith((" و", " ف")) or text in ("و", "ف"):
        text = text[:-1]
    return gap.fullmatch(text.strip()) is not None


def coordinated(folded: str, chosen: Sequence[Spot], spots: Sequence[Spot]) -> list[Spot]:
    """``chosen`` plus the names that continue the list of its last member.

    >>> s = "fell on tajoura, souq al juma and arada, officials said in tripoli"
    >>> spots = [(8, 15, 0), (17, 29, 1), (34, 39, 2), (61, 68, 3)]
    >>> [k for _, _, k in coordinated(s, spots[:1], spots)]
    [0, 1, 2]
    """
    if not chosen:
        return list(chosen)
    out = list(chosen)
    limit = _lexicon()[3]
    last = out[-1]
    taken = {k for _, _, k in out}
    for spot in sorted(spots):
        if spot[0] < last[1] or spot[2] in taken:
            continue
        if not _joined(folded[last[1]:spot[0]]):
            break
        out.append(spot)
        taken.add(spot[2])
        last = spot
        if len(out) >= limit:
            break
    return out


def list_ending_at(folded: str, last: Spot, spots: Sequence[Spot]) -> list[Spot]:
    """The list whose last member is ``last``, in text order: "Ain Zara, Khallat al-Furjan and
    Wadi al-Rabi saw heavy clashes" names its places before the trigger.

    >>> s = "in tripoli, ain zara and wadi rabi saw clashes"
    >>> [k for _, _, k in list_ending_at(s, (24, 33, 2), [(3, 10, 0), (12, 20, 1), (24, 33, 2)])]
    [0, 1, 2]
    """
    out = [last]
    taken = {last[2]}
    for spot in sorted(spots, reverse=True):
        if spot[1] > out[0][0] or spot[2] in taken:
            continue
        if not _joined(folded[spot[1]:out[0][0]]) or len(out) >= _lexicon()[3]:
            break
        out.insert(0, spot)
        taken.add(spot[2])
    return out


def is_one_list(folded: str, spots: Sequence[Spot]) -> bool:
    """True when the names of ``spots`` (in text order) are the members of one coordinated list.

    >>> s = "fell on tajoura, souq al juma and arada, officials said in tripoli"
    >>> is_one_list(s, [(8, 15, 0), (17, 29, 1), (34, 39, 2)]), is_one_list(s, [(8, 15, 0), (61, 68, 3)])
    (True, False)
    """
    ordered = sorted(spots)
    return len(ordered) > 1 and all(_joined(folded[a[1]:b[0]]) for a, b in pairwise(ordered))


def object_across_gap(folded: str, trigger_end: int, stop: int, spots: Sequence[Spot]) -> Spot | None:
    """The first name after a trigger whose clause ended before any name, when only a short
    inserted phrase lies between ("استهدفت، خلال يوم أمس، تمركزات في سوق الأحد")."""
    _, max_chars, max_commas, _ = _lexicon()
    later = [s for s in spots if trigger_end <= s[0] < stop]
    if not later:
        return None
    first = min(later)
    between = folded[trigger_end:first[0]]
    if len(between) > max_chars or any(c in between for c in ".;؛:!?؟"):
        return None
    if between.count("،") + between.count(",") > max_commas:
        return None
    if not _gap_breaks().isdisjoint(between.replace("،", " ").replace(",", " ").split()):
        return None  # "، مشيرا إلى تحويل الرحلات إلى مطار X": the name belongs to another statement
    return first
