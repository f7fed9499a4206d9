"""Places named only as a group's home or a hospital's town: not where an event happened.

A report says "the Zintan militia", "Misrata's forces", "aircraft from Misrata struck Sirte",
"القوات المتمركزة في ترهونة", "نقل الجرحى إلى مستشفى مصراتة": those names say who fought or
where the wounded went, not where the strike or the clash was. What enters is a folded
sentence and a place mention's span in it; what leaves is whether the name only plays
such a role; :func:`where_it_happened` drops such names from the candidates of an event (an attack on
people keeps its only name: "a militia from Zintan detained a diplomat" is placed at Zintan,
as ACLED places it). Territory, movements and protests
are left alone: "withdrew from X" and "returned to
X" are where the ground changed hands or where the convoy went. The cue words are data
(``geo/data/place_cues.json``).
"""

from __future__ import annotations

from functools import lru_cache

from gazetteer.normalize import name_key
from geo.events.movements import ends_with_cue
from geo.places.recognize import cue_lexicon

__all__ = ["names_a_group", "where_it_happened"]

_KEEPS_ORIGIN = frozenset({"territory", "movement", "front_line", "political", "protest"})
# An attack on people is where the group that did it is when the note names nothing else
# ("a militia from Zintan detained a diplomat"); a strike or a clash is not.
_PLACED_BY_ITS_PEOPLE = frozenset({"civilian_attack"})
_WINDOW = 32  # folded characters looked at on each side of a name


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """(cues before the name, cues after it) of each role, longest first."""
    lex = cue_lexicon()

    def folded(*lists: list[str]) -> tuple[str, ...]:
        return tuple(sorted({name_key(c) for words in lists for c in words}, key=len, reverse=True))
    return {
        "origin": (folded(lex["origin_place_before_ar"], lex["origin_place_before_en"]),
                   folded(lex["origin_place_after_en"])),
        "group": (folded(lex["group_name_before_ar"]), folded(lex["group_name_after_en"])),
    }


def names_a_group(folded: str, start: int, end: int, category: str) -> str | None:
    """The role the name at ``folded[start:end]`` plays, if it is not where the event was.

    ``"origin"`` when it says where a group comes from or where the wounded were taken,
    ``"group"`` when it is part of a group's name; None otherwise.

    Examples
    --------
    >>> from gazetteer.normalize import name_key
    >>> s = name_key("Aircraft from Misrata struck positions held by the Zintan militia near Sirte")
    >>> at = lambda name: (s.index(name), s.index(name) + len(name))
    >>> [names_a_group(s, *at(n), "airstrike") for n in ("misrata", "zintan", "sirte")]
    ['origin', 'group', None]
    >>> s = name_key("The rebels withdrew from Brega")
    >>> names_a_group(s, s.index("brega"), s.index("brega") + 5, "territory") is None
    True
    """
    if category in _KEEPS_ORIGIN:
        return None
    head = folded[max(0, start - _WINDOW):start]
    tail = folded[end:end + _WINDOW].lstrip(" -")
    for role, (before, after) in _cues().items():
        if ends_with_cue(head, before) or tail.startswith(after) and any(
                tail.startswith(c) and (len(tail) == len(c) or not tail[len(c)].isalnum()) for c in after):
            return role
    return None


def where_it_happened(folded: str, spots: list[tuple[int, int, int]], category: str) -> list[tuple[int, int, int]]:
    """``spots`` (start, end, place index in the folded sentence) without the names that only
    say where a group is from. A name in a group's name stays when nothing else is left, and
    for an attack on people any name does.

    >>> from gazetteer.normalize import name_key
    >>> s = name_key("Fighters from Zintan clashed with the Nawasi in Tripoli")
    >>> spot = lambda name, k: (s.index(name), s.index(name) + len(name), k)
    >>> where_it_happened(s, [spot("zintan", 0), spot("tripoli", 1)], "clash") == [spot("tripoli", 1)]
    True
    >>> s = name_key("A militia from Zintan detained the diplomat")
    >>> len(where_it_happened(s, [spot("zintan", 0)], "civilian_attack"))
    1
    >>> s = name_key("Drones from Misrata struck the column")
    >>> where_it_happened(s, [spot("misrata", 0)], "airstrike")
    []
    >>> s = name_key("اشتباكات مع مقاتلي مجلس شورى ثوار بنغازي")
    >>> len(where_it_happened(s, [spot("بنغازي", 0)], "clash"))
    1
    """
    roles = [names_a_group(folded, sp[0], sp[1], category) for sp in spots]
    kept = [sp for sp, role in zip(spots, roles, strict=True) if role is None]
    if kept or category in _PLACED_BY_ITS_PEOPLE:
        return kept or spots
    # "clashes with the Benghazi Shura Council in the city": a group often fights at home.
    return [sp for sp, role in zip(spots, roles, strict=True) if role == "group"]
