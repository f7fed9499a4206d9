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

A name can also only refine another: "clashes in Ain Zara near Mitiga airport",
"اشتباكات في عين زارة قرب مطار طرابلس" report one clash, in Ain Zara by a landmark;
:func:`fold_neighbours` with :data:`REFINEMENTS` keeps one of the two names for the event (the other stays
a place mention of the article), so the toll is not counted twice. Lists ("in Tajoura and
Ain Zara", :mod:`geo.events.lists`) and a movement's two ends (:mod:`geo.events.movements`)
are not refinements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from gazetteer.core import haversine_km
from gazetteer.model import Place
from gazetteer.normalize import name_key
from geo.events.movements import ends_with_cue
from geo.events.triggers import after_clause_punctuation
from geo.places.recognize import cue_lexicon
from geo.places.resolve import Resolved
from geo.text.lexicon import strip_fillers

__all__ = ["CONTAINERS", "REFINEMENTS", "Fold", "fold_neighbours", "names_a_group", "refines", "where_it_happened",
           "without_reporter_places"]

Spot = tuple[int, int, int]  # (start, end, place index) in folded sentence coordinates

_KEEPS_ORIGIN = frozenset({"territory", "movement", "front_line", "political", "protest"})
# Roles where the town only names something else, for every category: "the Tripoli-based
# government", "the tanker Misrata", "قوات مصراتة".
_NAME_PARTS = frozenset({"seat", "vessel", "group"})
# Strikes, whose target may be followed by where they were fired from ("X من Y").
_FIRED_AT = frozenset({"airstrike", "shelling"})
_FROM = frozenset({"من", "from"})
# An attack on people is where the group that did it is when the note names nothing else
# ("a militia from Zintan detained a diplomat"); a strike or a clash is not.
_PLACED_BY_ITS_PEOPLE = frozenset({"civilian_attack"})
# Categories that read their places by their own rules (geo/events/movements.py, front lines).
_OWN_PLACE_RULES = frozenset({"movement", "front_line"})
_WINDOW = 32  # folded characters looked at on each side of a name
#: How far a landmark named after a place may lie from it and still be where the event was:
#: a bridge, a camp or an airport inside or at the edge of a quarter or a town.
REFINING_REACH_KM = 15.0
# Feature types that name a point: more precise than the quarter or the town they are in.
_POINT_TYPES = frozenset({"airbase", "airport", "port", "oil_port", "oil_field", "camp", "road", "site",
                          "border_crossing"})
_LOCAL_TYPES = frozenset({"neighbourhood", "village"})


@lru_cache(maxsize=1)
def _cues() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """(cues before the name, cues after it) of each role, longest first."""
    lex = cue_lexicon()

    def folded(*lists: list[str]) -> tuple[str, ...]:
        return tuple(sorted({name_key(c) for words in lists for c in words}, key=len, reverse=True))
    return {
        "origin": (folded(lex["origin_place_before_ar"], lex["origin_place_before_en"]),
                   folded(lex["origin_place_after_en"])),
        "group_origin": (folded(lex["group_origin_before_ar"], lex["group_origin_before_en"]), ()),
        "group": (folded(lex["group_name_before_ar"]), folded(lex["group_name_after_en"])),
        "home": (folded(lex["home_group_before_ar"]), folded(lex["home_group_after_en"])),
        "seat": (folded(lex["seat_place_before_en"]), folded(lex["seat_place_after_en"])),
        "vessel": (folded(lex["vessel_name_before_en"]), ()),
    }


@lru_cache(maxsize=1)
def _any_cue() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every role's cues before a name, and after it: a name beside none of them plays no role."""
    return (tuple(c for before, _ in _cues().values() for c in before),
            tuple(c for _, after in _cues().values() for c in after))


def names_a_group(folded: str, start: int, end: int, category: str) -> str | None:
    """The role the name at ``folded[start:end]`` plays, if it is not where the event was.

    ``"seat"`` when it says where a government or parliament sits ("the Tripoli-based
    government"), ``"vessel"`` when it names a ship ("the tanker Misrata"), both for every category, ``"origin"`` when it says where a group comes from or where the wounded were taken,
    ``"group"`` when it is part of a group's name ("the Zintan militia"), ``"home"`` when it names
    a town's own revolutionaries or council ("ثوار بنغازي"); None otherwise.

    Examples
    --------
    >>> from gazetteer.normalize import name_key
    >>> s = name_key("Aircraft from Misrata struck positions held by the Zintan militia near Sirte")
    >>> at = lambda name: (s.index(name), s.index(name) + len(name))
    >>> [names_a_group(s, *at(n), "airstrike") for n in ("misrata", "zintan", "sirte")]
    ['origin', 'group', None]
    >>> s = name_key("اشتباكات مع ثوار بنغازي")
    >>> names_a_group(s, s.index("بنغازي"), len(s), "clash")
    'home'
    >>> s = name_key("The rebels withdrew from Brega")
    >>> names_a_group(s, s.index("brega"), s.index("brega") + 5, "territory") is None
    True
    """
    head = folded[max(0, start - _WINDOW):start]
    tail = folded[end:end + _WINDOW].lstrip(" -")
    any_before, any_after = _any_cue()
    if not strip_fillers(head).endswith(any_before) and not tail.startswith(any_after):
        return None  # most names: no cue of any role beside them (two tests in C, not two per role)
    for role, (before, after) in _cues().items():
        if category in _KEEPS_ORIGIN and role not in _NAME_PARTS and not (role == "group_origin" and category == "territory"):
            continue  # "withdrew from X": where the ground changed hands; a government's seat, a ship or
            # a group named after a town ("انسحاب قوات مصراتة", "سيطرت قوات مصراتة على سرت") never is
        if ends_with_cue(head, before) or tail.startswith(after) and any(
                tail.startswith(c) and (len(tail) == len(c) or not tail[len(c)].isalnum()) for c in after):
            return role
    return None


def where_it_happened(folded: str, spots: list[Spot], category: str,
                      resolved: Sequence[Resolved] = ()) -> list[Spot]:
    """``spots`` (start, end, place index in the folded sentence) without the names that only
    say where a group is from. When nothing else is left, a town's own revolutionaries or
    council ("home" cues) are taken to fight at home, other groups named after a town ("the
    Zintan militia", "Misrata's forces") are not (they fight where they are sent: the event has
    no place), and for an attack on people any name stays. With the sentence's ``resolved`` names, a name that
    only refines the one before it ("in Ain Zara near Mitiga airport") is folded into one place
    (:func:`fold_neighbours`), except for a movement's ends and a front line's places.

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
    >>> s = name_key("Fighting spread to sites held by the Zintan militia")
    >>> where_it_happened(s, [spot("zintan", 0)], "clash")
    []
    """
    if resolved and len(spots) > 1 and category not in _OWN_PLACE_RULES:
        spots = fold_neighbours(folded, spots, lambda k: resolved[k].place, REFINEMENTS)
        spots = fold_neighbours(folded, spots, lambda k: resolved[k].place, CONTAINERS)
    roles = [names_a_group(folded, sp[0], sp[1], category) for sp in spots]
    if category in _FIRED_AT and len(spots) > 1:
        # "قصفت الميليشيات منطقة العزيزية من مطار طرابلس": the strike hit the first, was fired from the second
        roles = [role or ("origin" if n and strip_fillers(folded[spots[n - 1][1]:sp[0]].strip()) in _FROM else None)
                 for n, (sp, role) in enumerate(zip(spots, roles, strict=True))]
    kept = [sp for sp, role in zip(spots, roles, strict=True) if role is None]
    if kept or category in _PLACED_BY_ITS_PEOPLE:
        return kept or spots
    # "clashes with the Benghazi revolutionaries": a town's own fighters fight at home; "the
    # Zintan militia" and "Misrata's forces" fought in Tripoli and Sirte, so they place nothing.
    return [sp for sp, role in zip(spots, roles, strict=True) if role == "home"]



@lru_cache(maxsize=1)
def _reporter_cues() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], int, tuple[str, ...]]:
    """(reporter nouns, source nouns, locatives, words that open what was said, the most words
    between noun and name, every noun for the substring gate), folded, from ``place_cues.json``."""
    lex = cue_lexicon()

    def folded(*lists: list[str]) -> frozenset[str]:
        return frozenset(name_key(w) for words in lists for w in words)
    reporters = folded(lex["reporter_nouns_ar"], lex["reporter_nouns_en"])
    sources = folded(lex["source_nouns_ar"], lex["source_nouns_en"])
    return (reporters, sources, folded(lex["reporter_locatives"]), folded(lex["reporter_clause_openers"]),
            int(lex["reporter_max_words"]),
            tuple(sorted(reporters | sources)))


def _role_of(word: str, reporters: frozenset[str], sources: frozenset[str]) -> str | None:
    """"reporter" or "source" when ``word`` is such a noun, after a proclitic و, ف or ل
    ("وقال لمراسلنا"); None otherwise."""
    for w in (word, word[1:] if word[:1] in "وفل" else word):
        if w in reporters:
            return "reporter"
        if w in sources:
            return "source"
    return None


def without_reporter_places(folded: str, spots: list[Spot], trigger_starts: Sequence[int]) -> list[Spot]:
    """``spots`` without the names that only say where a reporter or a source is ("قال مراسل
    الجزيرة في طرابلس إن ..."): the noun governs the name through a locative, with at most a few
    words, no clause mark and no trigger between. A source's place goes only when another
    place is left.

    >>> from gazetteer.normalize import name_key
    >>> s = name_key("قال مراسل الجزيرة في طرابلس إن اشتباكات اندلعت في عين زارة")
    >>> spot = lambda name, k: (s.index(name_key(name)), s.index(name_key(name)) + len(name_key(name)), k)
    >>> without_reporter_places(s, [spot("طرابلس", 0), spot("عين زارة", 1)], [s.index("اشتباكات")]) == [spot("عين زارة", 1)]
    True
    >>> s = name_key("قال مصدر إن اشتباكات اندلعت في طرابلس")
    >>> len(without_reporter_places(s, [spot("طرابلس", 0)], [s.index("اشتباكات")]))
    1
    """
    reporters, sources, locatives, openers, max_words, every = _reporter_cues()
    if not any(noun in folded for noun in every):
        return spots  # most sentences: no reporter or source named
    reporter_at: list[Spot] = []
    source_at: list[Spot] = []
    for sp in spots:
        clause = after_clause_punctuation(folded, sp[0])
        words = strip_fillers(folded[clause:sp[0]]).split()
        if not words or words[-1] not in locatives:
            continue  # no locative before the name
        words.pop()
        for word in reversed(words[-max_words:]):
            if word in openers:
                break  # "قال مصدر إن ... في X", "نقل مراسل عن الثوار في X": what was said, or another party
            role = _role_of(word, reporters, sources)
            if role is None:
                continue
            noun_at = folded.rfind(word, clause, sp[0])
            if not any(noun_at <= t < sp[0] for t in trigger_starts):  # "قال مصدر إن قذائف سقطت في X"
                (reporter_at if role == "reporter" else source_at).append(sp)
            break
    if not reporter_at and not source_at:
        return spots
    kept = [sp for sp in spots if sp not in reporter_at and sp not in source_at]
    if not kept and source_at:
        return [sp for sp in spots if sp not in reporter_at]
    return kept

@lru_cache(maxsize=1)
def _container_links() -> tuple[frozenset[str], frozenset[str]]:
    """Folded words that put a quarter in its city ("Ain Zara in Tripoli", "عين زارة بطرابلس"), and
    the place nouns and compass adjectives that may stand among them ("area in southwestern")."""
    lex = cue_lexicon()
    return (frozenset(name_key(w) for w in lex["container_links_ar"] + lex["container_links_en"]),
            frozenset(name_key(w) for w in lex["container_link_fillers"]))


def _links_container(between: str) -> bool:
    """True when the text between two names only puts the first in the second.

    >>> _links_container(" area in southwestern "), _links_container(" district of southern "), _links_container(" and ")
    (True, True, False)
    """
    links, fillers = _container_links()
    text = strip_fillers(between.strip())
    if text in links:
        return True
    return " ".join(w for w in text.split() if w not in fillers) in links


def _container_of(first: Place | None, second: Place | None) -> int | None:
    """Which of two names standing side by side is the other's city (0 the first, 1 the second),
    if either is: that one folds away, the event is in the quarter or the town."""
    if first is None or second is None:
        return None
    if first.parent_id is not None and first.parent_id == second.id:
        return 1
    if second.parent_id is not None and second.parent_id == first.id:
        return 0
    return None


@lru_cache(maxsize=1)
def _refining_cues() -> frozenset[str]:
    """Folded words that put a name beside the one before it: the "near" words of relative
    locations and the landmark words of ``refining_place_*``."""
    lex = cue_lexicon()
    words = lex["near_ar"] + lex["near_en"] + lex["refining_place_ar"] + lex["refining_place_en"]
    return frozenset(name_key(w) for w in words) - {""}


def refines(between: str) -> bool:
    """True when ``between``, the folded text between two names, makes the second say where
    in or beside the first one the event was (a comma, a proximity word and a place noun at most).

    >>> refines(" near the "), refines(" بالقرب من مطار "), refines(", close to ")
    (True, True, True)
    >>> refines(" and "), refines(" and near "), refines(" toward "), refines(" ")
    (False, False, False, False)
    """
    text = strip_fillers(between.strip().lstrip("،,").strip())
    return text in _refining_cues()


def _precision_rank(place: Place) -> int:
    """0 for a point (an airport, a camp, a road), 1 a quarter or a village, 2 a town, a city
    or a natural feature, 3 an area."""
    if place.is_area:
        return 3
    return 0 if place.feature_type in _POINT_TYPES else 1 if place.feature_type in _LOCAL_TYPES else 2


def _at_the_landmark(main: Place, landmark: Place) -> bool:
    """Whether an event "in ``main`` near ``landmark``" is placed at the landmark.

    It is when the landmark is more precise than the main place and lies in it or at its
    edge: inside an area, or within :data:`REFINING_REACH_KM` of a town or a quarter ("in Ain
    Zara near Mitiga airport": by the airport). A landmark farther away or no more precise
    only tells the reader where the main place is ("in Ain Zara near Tripoli airport", 19 km
    away; "in Gharyan near Tripoli"): the event is in the main place.
    """
    if _precision_rank(landmark) >= _precision_rank(main):
        return False
    return main.is_area or haversine_km(main.lat, main.lon, landmark.lat, landmark.lon) <= REFINING_REACH_KM


def _refined_away(main: Place | None, landmark: Place | None) -> int:
    """Which of "``main`` near ``landmark``" folds away: the main place when the event sits at the
    landmark (:func:`_at_the_landmark`), the landmark otherwise (it only says where the main place is)."""
    return 0 if main is not None and landmark is not None and _at_the_landmark(main, landmark) else 1


@dataclass(frozen=True, slots=True)
class Fold:
    """A way two names side by side can be one place.

    ``joins`` says whether the folded text between the names joins them that way; ``folds_away``
    which of their places goes (0 the first, 1 the second, None neither); ``chained``: a name is
    weighed against what the names before it were folded into ("in X near Y by Z": Z against the
    survivor of X and Y), not against its neighbour in the text.
    """

    joins: Callable[[str], bool]
    folds_away: Callable[[Place | None, Place | None], int | None]
    chained: bool


#: A city named beside one of its own quarters or towns ("fighting in Ain Zara in Tripoli",
#: "Tripoli's Ain Zara", "في حي أبو سليم بطرابلس"): the event is in the quarter, once. The names
#: are joined by nothing, a comma, a possessive or a container word (in, بـ, في;
#: ``container_links_*`` of ``place_cues.json``); a list ("Tripoli and Ain Zara") keeps both.
CONTAINERS = Fold(_links_container, _container_of,
                  chained=False)
#: A name that only refines the name before it ("in X near Y", :func:`refines`): one place, the
#: landmark when the event sits at it (:func:`_at_the_landmark`), the first name otherwise.
REFINEMENTS = Fold(refines, _refined_away, chained=True)


def fold_neighbours(folded: str, chosen: Sequence[Spot], place_of: Callable[[int], Place | None],
                    fold: Fold) -> list[Spot]:
    """``chosen`` (the spots of one trigger's places), in text order, with each pair of names
    that ``fold`` joins made one place. ``place_of`` gives the resolved place of a place index.

    >>> from gazetteer.model import Place
    >>> def place(kind: str, lat: float, pid: str = "", parent: str | None = None) -> Place:
    ...     return Place(pid or kind, kind, None, lat, 13.28, "LY", kind, None, parent, 50, 0, "", "", (kind,))
    >>> city, quarter = place("city", 32.9, "c"), place("neighbourhood", 32.8, "q", parent="c")
    >>> at = lambda s, *names: [(s.index(n), s.index(n) + len(n), k) for k, n in enumerate(names)]
    >>> s = "fighting in q in city"
    >>> [k for _, _, k in fold_neighbours(s, at(s, "city", "q"), [city, quarter].__getitem__, CONTAINERS)]
    [1]
    >>> s = "fighting in city and q"
    >>> [k for _, _, k in fold_neighbours(s, at(s, "city", "q"), [city, quarter].__getitem__, CONTAINERS)]
    [0, 1]
    >>> town, gate = place("neighbourhood", 32.80), place("camp", 32.85)
    >>> s = "clashes in town near gate"
    >>> [k for _, _, k in fold_neighbours(s, at(s, "town", "gate"), [town, gate].__getitem__, REFINEMENTS)]
    [1]
    >>> s = "clashes in town and gate"
    >>> [k for _, _, k in fold_neighbours(s, at(s, "town", "gate"), [town, gate].__getitem__, REFINEMENTS)]
    [0, 1]
    """
    out: list[Spot] = []
    previous: Spot | None = None  # the name before in the text, kept or not
    for spot in sorted(chosen):
        gone = None
        if previous is not None and previous[1] <= spot[0] and fold.joins(folded[previous[1]:spot[0]]):
            other = out[-1] if fold.chained else previous
            gone = fold.folds_away(place_of(other[2]), place_of(spot[2]))
            if gone == 0 and out[-1] == other:  # a neighbour folded away already is gone
                out.pop()
        if gone != 1:
            out.append(spot)
        previous = spot
    return out
