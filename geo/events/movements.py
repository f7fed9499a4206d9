"""Movements: where a convoy, reinforcement, massing or retreat came from and went to.

In: a folded sentence, the spans of its place names and the movement trigger. Out: the
movement's destination (and origin, and the places passed through), as the location
dicts of :mod:`geo.events.locate`.

* "رتل ... من مصراتة باتجاه سرت", "moved from Misrata toward Sirte": origin and destination.
* "مرور الآليات بمنطقة البريقة باتجاه سرت", "passing through Brega toward Sirte": with no
  origin named, the first place passed through starts the route (the origin of the line).
* "تعزيزات وصلت إلى محاور القتال في جنوب طرابلس، قادمة من الزاوية": filler words (front
  nouns, directions) may stand between the destination cue and the name, and the origin
  may follow the destination.
* "تحشيد القوات قرب منطقة المطرد", "a convoy was seen in Tripoli": with no destination cue,
  the place where the force massed or was seen.
* Verbs of going ("تتجه", "fled", "heading to") are movements only with a force noun in
  the sentence (``movements.json``: motion_verbs, force_nouns), and never with civilians for
  their subject ("families fleeing to Tobruk": civilian_movers); a withdrawal toward a place
  ("انسحبت القوات من ترهونة نحو بني وليد") is a movement to it as well as a loss of ground.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from gazetteer.core import haversine_km
from gazetteer.normalize import name_key
from geo.model import Event
from geo.places.geoparse import GeoparseResult
from geo.text.lexicon import WordMatcher, ends_with_word, load_data, strip_fillers

__all__ = ["MovementRules", "ends_with_cue", "folded_words", "movement_rules", "RETREAT_REACH_KM"]

# How far a flight from lost ground may go in one report (Tarhuna to Bani Walid is 90 km).
RETREAT_REACH_KM = 250.0


def folded_words(*words: str) -> tuple[str, ...]:
    """Cue words are compared with folded text, so fold them the same way (إلى -> الي)."""
    return tuple(name_key(w) for w in words)


ORIGIN_CUES = folded_words("من", "from", "out of", "left", "departed", "departing", "غادر", "غادرت")
DEST_CUES = folded_words("الى", "نحو", "باتجاه", "اتجاه", "صوب", "تجاه", "حتى", "لمدينه", "to", "toward",
                         "towards", "into", "reached", "reach", "arrived in", "arrived at", "heading to", "headed to",
                         "in the direction of", "بلغت", "بلغ", "وصلت", "وصل")
VIA_CUES = folded_words("عبر", "مرورا ب", "via", "through", "passing through")
# "مرور الآليات بمنطقة البريقة", "عبور الرتل ببلدة X": a verb of passing, its subject, then ب + the place
_PASSING_AR = re.compile(r"(?:^|\s)[وفل]?(?:مرور|مرورا|عبور|عبورها|مروره|مرورها)(?:\s+\S+){0,3}\s+ب(?:\S+\s+)?\Z")
ORIGIN_AFTER_CUES = folded_words("قادمه من", "قادما من", "قادمين من", "قادم من", "انطلاقا من", "coming from",
                                  "arriving from", "setting off from", "after leaving")
# "arrived in Sirte from Jufra": a bare from after the destination; not a distance ("450 km from")
_FROM = folded_words("من", "from")
_DISTANCE = re.compile(r"\d|\b(?:km|kilomet\w*|miles?)\b|(?<!\S)(?:كم|كلم|كيلومتر\w*)(?!\S)")
_QUOTES = re.compile(r"[\"'“”«»‘’()\[\]]")
_WINDOW = 70  # folded characters before a name in which its cue is looked for


def ends_with_cue(window: str, cues: Sequence[str]) -> bool:
    """``window`` (folded, up to a name) ends with one of ``cues``, after any place noun ("من مدينة")."""
    window = strip_fillers(window)
    if not window.endswith(cues if isinstance(cues, tuple) else tuple(cues)):
        return False  # most windows: no cue at all (one test in C instead of one per cue)
    return any(ends_with_word(window, cue, "وف") for cue in cues)


class MovementRules:
    """The movement lexicon of ``geo/data/movements.json``, compiled once."""

    def __init__(self) -> None:
        data = load_data("movements.json")
        self.motion_verbs: tuple[list[str], list[str]] = (data["motion_verbs"]["ar"], data["motion_verbs"]["en"])
        self._force = WordMatcher({"force": (data["force_nouns"]["ar"], data["force_nouns"]["en"])})
        self._retreat = WordMatcher({"retreat": (data["retreat_words"]["ar"], data["retreat_words"]["en"])})
        self._fillers = frozenset(name_key(w) for w in data["destination_fillers"] if " " not in w)
        self._max_fillers = int(data["max_filler_words"])
        self._locative = folded_words(*data["locative_cues"])
        civilians = data["civilian_movers"]
        self._civilians = WordMatcher({"civilians": (civilians["ar"], civilians["en"])})
        self._civilian_reach = int(data["civilian_reach"])

    def has_force(self, folded: str) -> bool:
        """True when the sentence names a force that can move (troops, a convoy, vehicles)."""
        return bool(self._force.find(folded))

    def civilians_go(self, folded: str, start: int, end: int) -> bool:
        """True when the verb of going at ``folded[start:end]`` has civilians for its subject
        ("civilians fled toward Benghazi", "families fleeing to Tobruk", "فرت العائلات"): no movement."""
        before = " ".join(folded[:start].split()[-self._civilian_reach:])
        after = " ".join(folded[end:].split()[:2]) if not folded[start:end].isascii() else ""
        return bool(self._civilians.find(f"{before} | {after}"))

    def is_retreat(self, folded_trigger: str) -> bool:
        """True when a territory trigger's words are a withdrawal ("انسحبت", "withdrew")."""
        return bool(self._retreat.find(folded_trigger))

    def ends_with_cue(self, window: str, cues: Sequence[str]) -> bool:
        """Like :func:`ends_with_cue`, also past quotes and a few filler words after the cue
        ("إلى محاور القتال في جنوب" + name)."""
        window = _QUOTES.sub(" ", window)
        if ends_with_cue(window, cues):
            return True
        words = strip_fillers(window).split()
        for _ in range(self._max_fillers):
            if not words or words[-1] not in self._fillers:
                return False
            words.pop()
            if ends_with_cue(" ".join(words), cues):
                return True
        return False

    def locate(self, folded: str, spots: Sequence[tuple[int, int, int]], trig_pos: int,
               parsed: GeoparseResult, clause_end: int) -> list[dict[str, object]]:
        """The movement of the trigger at ``trig_pos``: [] when it has no destination."""
        res = parsed.resolved
        origin = dest = None
        late = 0  # origins named after the destination
        via: list[int] = []
        for s, _e, k in spots:
            window = folded[max(0, s - _WINDOW):s]
            if dest is None and origin is None and ends_with_cue(_QUOTES.sub(" ", window[-25:]), ORIGIN_CUES):
                origin = k
            elif dest is None and (origin is not None or s > trig_pos) and self.ends_with_cue(window, DEST_CUES):
                dest = k
            elif dest is None and (origin is not None or s > trig_pos) and (
                    ends_with_cue(window[-25:], VIA_CUES) or _PASSING_AR.search(window)):
                via.append(k)
            elif dest is not None and k != dest and (late or origin is None) and late < 2 and (
                    self.ends_with_cue(window, ORIGIN_AFTER_CUES) or (late and folded[s - 2:s] in (" و", "، "))
                    or (not late and ends_with_cue(window[-25:], _FROM) and not _DISTANCE.search(window[-25:]))):
                # "وصلت أرتال إلى الجفرة قادمة من بنغازي"; two origins ("من الزاوية ومصراتة"): none is the origin
                late += 1
                origin = k if late == 1 else None
        if dest is None:
            dest = self._massed_at(folded, spots, trig_pos, clause_end)
            if dest is None:
                return []
        if origin is None and via:
            origin = via.pop(0)  # "seen passing through Brega toward Sirte": the route starts where it was seen
        d = res[dest].place
        assert d is not None
        coords = []
        o = res[origin].place if origin is not None else None
        if o is not None and o.id != d.id:
            coords.append((o.lon, o.lat))
        coords += [(p.lon, p.lat) for v in via if (p := res[v].place) is not None]
        coords.append((d.lon, d.lat))
        same = o is None or o.id == d.id
        return [{"coords": coords, "name": d.name, "id": d.id, "precision": 3 if d.is_area else 1,
                 "origin_name": None if same else o.name,  # type: ignore[union-attr]
                 "origin_id": None if same else o.id, "district": d.district}]  # type: ignore[union-attr]

    def start_retreats_at_lost_ground(self, events: Sequence[Event]) -> None:
        """Give a withdrawal or flight with a destination and no origin ("فروا نحو بني وليد",
        "fled toward Bani Walid") the place where the article last reported ground changing
        hands before it ("دخلت القوات ترهونة"): the losers left from there. ``events`` in text order."""
        lost: Event | None = None
        for e in events:
            if e.category == "territory" and e.place_id:
                lost = e
            elif (e.category == "movement" and lost is not None and e.origin_id is None and len(e.coords) == 1
                  and lost.place_id != e.place_id and self._retreat.find(name_key(e.evidence))):
                (lon, lat), (to_lon, to_lat) = lost.coords[0], e.coords[0]
                if haversine_km(lat, lon, to_lat, to_lon) <= RETREAT_REACH_KM:
                    e.coords = [(lon, lat), (to_lon, to_lat)]
                    e.origin_name, e.origin_id = lost.place_name, lost.place_id

    def _massed_at(self, folded: str, spots: Sequence[tuple[int, int, int]], trig_pos: int,
                   clause_end: int) -> int | None:
        """The place right after a locative cue, in the trigger's clause ("حشد قواته قرب X")."""
        for s, _e, k in spots:
            window = _QUOTES.sub(" ", folded[max(0, s - 25):s])
            if trig_pos < s < clause_end and ends_with_cue(window, self._locative) and not any(
                    f" {cue} " in f" {folded[trig_pos:s]}" for cue in ORIGIN_CUES):
                return k  # not "رتل من معسكر في تاجوراء بطرابلس": a place of the origin's phrase
        return None


@lru_cache(maxsize=1)
def movement_rules() -> MovementRules:
    """The movement rules, built once per process."""
    return MovementRules()
