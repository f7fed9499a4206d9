"""Placing a trigger: the places of its own clause -> coordinates, name and precision.

In: one trigger's category and position, its clause, the sentence's place mentions
(``spots``: start, end, place index in the folded sentence) and the geoparse result.
Out: a list of location dicts ``{coords, name, id, precision, district, ...}``; coords are
GeoJSON (lon, lat) pairs. The target of a strike, the origin and destination of a movement
(:mod:`geo.events.movements`), the places a front line lies between or runs through, the
place of a meeting, and every member of a coordinated list of places.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from gazetteer.model import Place
from geo.events.lists import coordinated, is_one_list, list_ending_at, object_across_gap
from geo.events.movements import ends_with_cue, folded_words, movement_rules
from geo.events.triggers import anaphora_words
from geo.places.capital import is_capital_phrase
from geo.places.geoparse import GeoparseResult
from geo.places.relative import RelativeLocation, destination_point
from geo.text.lexicon import WordMatcher, load_data

__all__ = ["NO_SENTENCE_FALLBACK", "locate", "one_place"]

_TOWARD_CUES = folded_words("باتجاه", "اتجاه", "نحو", "صوب", "تجاه", "toward", "towards", "heading to", "headed to",
                            "in the direction of")
_LOCATIVE = folded_words("في", "ب", "in", "at")
# Categories whose place must come from their own clause: a movement's ends, a front line's
# places, and political events (often about a place named elsewhere in the sentence).
NO_SENTENCE_FALLBACK = frozenset({"movement", "front_line", "political"})


def one_place(spots: Sequence[tuple[int, int, int]], parsed: GeoparseResult) -> bool:
    """True when the sentence's usable place mentions all name one and the same place."""
    ids = {place.id if (place := parsed.resolved[k].place) is not None else None for _, _, k in spots}
    return len(ids) == 1 and None not in ids


#: How many words may stand between a town and a takeover whose object refers back to it ("Brega,
#: and now are in control of ... the city"); further away, "the town" is another clause's.
_BACK_REACH_WORDS = 8


@lru_cache(maxsize=1)
def _line_statement() -> WordMatcher:
    """Words that state where a front line runs ("the front line runs through X")."""
    trig = load_data("event_triggers.json")
    return WordMatcher({"line": (trig["front_line_statement"]["ar"], trig["front_line_statement"]["en"])})


def locate(category: str, trig_pos: int, clause: tuple[int, int], folded: str,
           spots: list[tuple[int, int, int]], parsed: GeoparseResult,
           relative_at: dict[int, RelativeLocation], stop: int | None = None) -> list[dict[str, object]]:
    """Locations of one trigger: a list of {coords, name, id, precision, ...}.

    ``spots`` are (start, end, place index) in the folded sentence; ``stop`` is where the
    next trigger starts (a list or an object across a short insertion ends there)."""
    res = parsed.resolved
    lo, hi = clause
    inside = [s for s in spots if lo <= s[0] < hi]
    after = [s for s in inside if s[0] >= trig_pos]
    before = [s for s in inside if s[0] < trig_pos]
    if category == "movement":
        return movement_rules().locate(folded, spots, trig_pos, parsed, hi)
    if category == "front_line":
        return _front_line(spots, trig_pos, parsed, relative_at,
                           bool(_line_statement().find(folded[clause[0]:clause[1]])))
    if category == "political":
        return _meeting_place(folded, after, parsed)
    if category == "territory" and not after and before:
        # Arabic names the ground taken after the verb (سيطرت على X); English may put
        # it first in the passive ("Gharyan fell to", "X was captured").
        between = folded[before[-1][1]:trig_pos].split()
        passive = {"was", "were", "been", "fell", "is", "are", "has", "had", "have", "reportedly", "finally"}
        # "Gharyan fell to", "Sirte was retaken", "consider Sirte in their control"
        post = folded.startswith(("fell", "fall", "in ", "under "), trig_pos)
        # "Rebels push closer to Brega and now are in control of a small edge of the city": the
        # object refers back to the town just named
        tail = folded[trig_pos:hi]
        back = len(between) <= _BACK_REACH_WORDS and anaphora_words().may_match(tail) and bool(anaphora_words().find(tail))
        if not back and not (set(between) <= passive and (set(between) & passive or post)):
            before = []
        elif back:
            before = before[-1:]
    if not after and not before and folded[lo:trig_pos].lstrip().startswith(("where ", "حيث ")):
        # "..., in Abu Salim, where rockets slammed into houses": the place the clause refers back to
        before = [sp for sp in spots if sp[1] <= lo][-1:]
    if not after and not before and stop is not None:
        # "المدفعية استهدفت، خلال يوم أمس، تمركزات في سوق الأحد": the object after an insertion
        across = object_across_gap(folded, hi, stop, spots)
        after = [across] if across is not None else []
    if not after and len(before) > 1 and res[before[-1][2]].place.is_area:  # type: ignore[union-attr]
        # "الثوار في ككلة الواقعة بالجبل الغربي أنهم شنوا": the region only says where the town lies
        before = [sp for sp in before if not res[sp[2]].place.is_area][-1:] or before  # type: ignore[union-attr]
    # "عين زارة والخلة ووادي الربيع شهدت اشتباكات": a list named before the trigger, every member
    chosen = after or (list_ending_at(folded, before[-1], [sp for sp in spots if sp[0] < trig_pos]) if before else [])
    # "fell on Tajoura, Souq al-Juma and Arada": every member of the list is a place of the event
    chosen = coordinated(folded, chosen, [s for s in spots if stop is None or s[0] < stop])
    if category == "territory":
        # "انسحبت قوات حفتر من ترهونة باتجاه بني وليد": the ground changed hands at Tarhuna; the
        # place the losers went toward is not taken.
        taken = [c for c in chosen if not ends_with_cue(folded[max(0, c[0] - 24):c[0]], _TOWARD_CUES)]
        chosen = taken or chosen
    chosen = _contained_towns(chosen, spots, relative_at)
    out: list[dict[str, object]] = []
    skip: set[int] = set()
    listed = is_one_list(folded, chosen)  # "Tajoura, Souq al-Juma and Arada": one toll for them all
    for at, _, k in chosen:
        if k in skip:
            continue
        rel = relative_at.get(k)
        place = res[k].place
        assert place is not None
        if rel is not None and rel.kind == "between":
            a, b = (res[i].place for i in rel.anchors)
            skip.update(rel.anchors)
            out.append({"coords": [(rel.lon, rel.lat)], "name": f"between {a.name} and {b.name}",  # type: ignore[union-attr]
                        "id": None, "precision": 2, "district": place.district})
        elif rel is not None and rel.kind == "container":
            continue  # "عين زارة جنوبي طرابلس": the event is at the first name
        elif rel is not None and rel.kind == "direction" and rel.distance_km:
            out.append({"coords": [(rel.lon, rel.lat)], "name": f"{rel.distance_km:g} km {rel.relation} {place.name}",
                        "id": None, "precision": 2, "district": place.district})
        else:
            precision = 3 if place.is_area or is_capital_phrase(res[k].match) else 2 if rel is not None else 1
            out.append({"coords": [(place.lon, place.lat)], "name": place.name, "id": place.id,
                        "precision": precision, "district": place.district, "at": at,
                        "listed": listed})
    # A district or region beside a specific place adds nothing.
    specific = [o for o in out if o["precision"] != 3]
    return specific or out[:1]


def _contained_towns(chosen: list[tuple[int, int, int]], spots: Sequence[tuple[int, int, int]],
                     relative_at: dict[int, RelativeLocation]) -> list[tuple[int, int, int]]:
    """``chosen`` with a container in place of the town it contains: "قتل ثلاثة من مدينة امسلاتة
    الواقعة شرق مدينة ترهونة خلال قصف" is at Msallata, though Tarhuna is the name nearest the trigger."""
    taken = {k for _, _, k in chosen}
    out = []
    for spot in chosen:
        rel = relative_at.get(spot[2])
        town = next((s for s in spots if rel is not None and s[2] == rel.subject), None) \
            if rel is not None and rel.kind == "container" and rel.subject is not None else None
        if town is not None and town[2] not in taken:
            out.append(town)
            taken.add(town[2])
        else:
            out.append(spot)
    return out


def _meeting_place(folded: str, after: list[tuple[int, int, int]],
                   parsed: GeoparseResult) -> list[dict[str, object]]:
    """Where a meeting or agreement happened: a place right after "في" / "in" / "at"."""
    for s, _e, k in after:
        if ends_with_cue(folded[max(0, s - 12):s], _LOCATIVE):
            p = parsed.resolved[k].place
            assert p is not None
            return [{"coords": [(p.lon, p.lat)], "name": p.name, "id": p.id, "precision": 1,
                     "district": p.district}]
    return []


def _front_line(spots: list[tuple[int, int, int]], trig_pos: int, parsed: GeoparseResult,
                relative_at: dict[int, RelativeLocation], statement: bool) -> list[dict[str, object]]:
    """A front line: across the axis of "between X and Y", or through the places a statement names."""
    res = parsed.resolved
    for _, _, k in spots:
        rel = relative_at.get(k)
        if rel is not None and rel.kind == "between":
            a, b = (res[i].place for i in rel.anchors)
            assert a is not None and b is not None
            return [{"coords": _line_between(a.lat, a.lon, b.lat, b.lon), "name": f"between {a.name} and {b.name}",
                     "id": None, "precision": 2, "approximate": True, "district": a.district}]
    if not statement:
        return []  # "withdrawing from the front lines": the line is named, not placed
    places: list[Place] = []
    for _, _, k in spots:
        p = res[k].place
        if p is not None and all(p.id != q.id for q in places):
            places.append(p)
    if len(places) >= 2:
        return [{"coords": [(p.lon, p.lat) for p in places[:4]], "name": " - ".join(p.name for p in places[:4]),
                 "id": None, "precision": 2, "approximate": True, "district": places[0].district}]
    if len(places) == 1:
        p = places[0]
        return [{"coords": [destination_point(p.lat, p.lon, 270, 5)[::-1], destination_point(p.lat, p.lon, 90, 5)[::-1]],
                 "name": p.name, "id": p.id, "precision": 2, "approximate": True, "district": p.district}]
    return []


def _line_between(lat1: float, lon1: float, lat2: float, lon2: float) -> list[tuple[float, float]]:
    """A front line "between X and Y": a segment across the X-Y axis at its midpoint.

    Returns (lon, lat) pairs; its half-length is a quarter of the X-Y distance,
    since the text says only that the line lies somewhere between them.
    """
    mid_lat, mid_lon = (lat1 + lat2) / 2, (lon1 + lon2) / 2
    dy = lat2 - lat1
    dx = (lon2 - lon1) * math.cos(math.radians(mid_lat))
    length = math.hypot(dx, dy) or 1e-9
    bearing = (math.degrees(math.atan2(dx, dy)) + 90) % 360  # across the axis
    km = 111.0 * length / 4
    a = destination_point(mid_lat, mid_lon, bearing, km)
    b = destination_point(mid_lat, mid_lon, (bearing + 180) % 360, km)
    return [(a[1], a[0]), (b[1], b[0])]  # destination_point gives (lat, lon); GeoJSON wants (lon, lat)
