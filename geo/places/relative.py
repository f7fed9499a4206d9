"""Relative locations: "جنوب طرابلس", "20 km south of Sirte", "بين مدينتي زوارة والجميل".

Each relative location points at a coordinate with an ACLED-style precision code 2
("near, between or part of a place"):

* a direction with a distance is a point computed with geopy (great-circle
  destination) from the anchor;
* a direction or "near" without a distance stays at the anchor, as ACLED codes it;
* "between X and Y" is the midpoint of X and Y.

When a direction follows another name ("عين زارة جنوبي طرابلس", "Ain Zara, south of
Tripoli") it only says where that name lies: the location is the first name, and
the relation is recorded as ``container``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from geopy.distance import distance as geodesic_distance

from gazetteer.normalize import FoldedText, name_key
from geo.places.recognize import cue_lexicon
from geo.places.resolve import Resolved
from geo.text.lexicon import ends_with_word, strip_fillers

__all__ = ["RelativeLocation", "find_relative_locations", "destination_point"]

_WINDOW = 70  # characters before a name searched for a relative phrase
_DIGITS = re.compile(r"(\d+(?:[.,]\d+)?)\s*$")
_AR_UNITS = ("كم", "كلم", "كيلومتر", "كيلومترا", "كيلومترات", "كيلو متر", "كيلو مترا")
_EN_UNITS = ("km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile")


@dataclass(slots=True)
class RelativeLocation:
    """A located phrase built on one or two resolved names.

    ``anchors`` index the resolved names it is built on; ``subject`` is the index of
    the name the phrase qualifies when it is a container ("X south of Y").
    Coordinates are WGS84 ``lat``/``lon``.
    """

    start: int
    end: int
    kind: str  # "direction" | "near" | "between" | "container"
    anchors: tuple[int, ...]
    lat: float
    lon: float
    precision: int = 2
    bearing: float | None = None
    distance_km: float | None = None
    subject: int | None = None
    relation: str | None = None  # "south_of", "near", "between" ...


def destination_point(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` from ``(lat, lon)`` along ``bearing`` degrees; returns ``(lat, lon)``.

    geopy takes and returns (lat, lon), not the GeoJSON (lon, lat) order.

    >>> lat, lon = destination_point(31.2089, 16.5887, 180, 20)
    >>> round(lat, 2), round(lon, 2)
    (31.03, 16.59)
    """
    # The distance as Distance(kilometers=km) holds it (km + 0.0), with one shared instance: a
    # new one built its ellipsoid's Geodesic again on every call.
    p = _GEODESIC.destination((lat, lon), bearing, distance=km + 0.0)
    return p.latitude, p.longitude


_GEODESIC = geodesic_distance()


@lru_cache(maxsize=1)
def _phrases() -> tuple[list[tuple[str, str, float]], list[str], list[str]]:
    lex = cue_lexicon()
    directions: list[tuple[str, str, float]] = []
    for rel, spec in lex["directions"].items():
        for w in spec["ar"] + spec["en"]:
            directions.append((name_key(w), rel, float(spec["bearing"])))
    directions.sort(key=lambda t: -len(t[0]))  # "جنوب شرق" before "جنوب"
    near = sorted({name_key(w) for w in lex["near_ar"] + lex["near_en"]}, key=len, reverse=True)
    between = [name_key(w) for w in lex["between_ar"] + lex["between_en"]]
    return directions, near, between


@lru_cache(maxsize=1)
def _by_last_word() -> dict[str, list[tuple[str, str, float]]]:
    """Direction and "near" phrases indexed by their last word, longest phrase first.

    A phrase can only end the window if its last word is the window's last word, so
    each name is checked against a handful of phrases instead of all of them.
    """
    directions, near, _ = _phrases()
    index: dict[str, list[tuple[str, str, float]]] = {}
    for phrase, rel, bearing in directions:
        index.setdefault(phrase.split()[-1], []).append((phrase, rel, bearing))
    for phrase in near:
        index.setdefault(phrase.split()[-1], []).append((phrase, "near", -1.0))
    for phrases in index.values():
        phrases.sort(key=lambda t: -len(t[0]))
    return index


def _candidate_phrases(window: str) -> list[tuple[str, str, float]]:
    last = window.rsplit(" ", 1)[-1].lstrip(_OPENING_MARKS)
    found = list(_by_last_word().get(last, []))
    if last[:1] in "وبل":  # a clitic glued to the phrase: وجنوب، بالقرب
        found += _by_last_word().get(last[1:], [])
    return found


# Marks that may open a relative phrase: "هراوة (شرقي سرت)", "الواقعة بين «طرابلس وبنغازي»".
_OPENING_MARKS = "(«\"“'"


def _ends_with_word(window: str, phrase: str) -> bool:
    return ends_with_word(window, phrase, "وبل" + _OPENING_MARKS)


@lru_cache(maxsize=1)
def _appositive_words() -> tuple[frozenset[str], frozenset[str]]:
    """Filler words, and relative words that by themselves make a distance descriptive."""
    lex = cue_lexicon()
    markers = frozenset(name_key(w) for w in lex["appositive_distance_markers"])
    return frozenset(name_key(w) for w in lex["appositive_distance_fillers"]) | markers, markers


_UNIT_TAIL = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:" + "|".join(
    re.escape(name_key(u)) for u in sorted((*_AR_UNITS, *_EN_UNITS), key=len, reverse=True)) + r")\s*$")


def _appositive_start(before: str) -> int | None:
    """Where the clause a distance is in apposition to ends, or None when it is not one.

    ``before`` is the folded text before the direction phrase and ends with the distance:
    "the coastal town, 50 km", "بني وليد (على بعد 170 كلم" and "أبو قرين الواقعة على بعد 100 كلم"
    are appositions (a comma, an opening parenthesis or a relative word such as الواقعة / located,
    then only filler words, then the distance); "clashes broke out 50 km" is not. Returns the
    offset in ``before`` where the apposition starts.
    """
    m = _UNIT_TAIL.search(before)
    if m is None:
        return None
    head = before[:m.start()].rstrip()
    fillers, markers = _appositive_words()
    marked = False
    while head.strip():
        word = head.rsplit(None, 1)[-1]
        if word not in fillers:
            break
        marked = marked or word in markers
        head = head[: len(head) - len(word)].rstrip()
    if head.endswith((",", "(", "،", "-", "\u2013")):
        return len(head) - 1
    return len(head) if marked else None


def _right_after(gap: str) -> bool:
    """True when only filler words ("some", "about", "نحو") stand between a name and a distance."""
    fillers, _ = _appositive_words()
    return all(w in fillers for w in name_key(gap).split())


def _distance_before(window: str) -> float | None:
    """A distance written right before a direction: "20 كم", "20 km", "على بعد 20 كيلومترا"."""
    for unit in (*_AR_UNITS, *_EN_UNITS):
        u = name_key(unit)
        if window.endswith(" " + u) or window.endswith(u) and window[: -len(u)][-1:].isdigit():
            m = _DIGITS.search(window[: -len(u)].rstrip())
            if m:
                value = float(m.group(1).replace(",", "."))
                return value * 1.609344 if u.startswith("mile") else value
    return None


def _described_by_between(text: str, before: str, prev: Resolved | None, origin: Callable[[int], int]) -> int | None:
    """0 when "between X and Y" is in apposition to the name right before it through a relative
    word ("سرت الواقعة بين طرابلس وبنغازي", "Sirte, which lies between ..."): X and Y describe it.
    ``before`` is the folded window up to the word "between"; None when it is no such phrase."""
    words = before.split()
    _, markers = _appositive_words()
    if not words or words[-1] not in markers or prev is None or prev.place is None:
        return None
    gap = text[prev.match.end:origin(len(before) - len(words[-1]))]
    return 0 if not name_key(gap).strip(" ,،") else None


def find_relative_locations(text: str, resolved: Sequence[Resolved],
                            folded_text: FoldedText | None = None) -> list[RelativeLocation]:
    """Relative locations built on the resolved names of ``text``.

    Examples
    --------
    >>> from gazetteer import Gazetteer
    >>> from geo.places.geoparse import Geoparser
    >>> gp = Geoparser(Gazetteer.default())
    >>> text = "A drone was downed between Zuwara and Al-Jumayl."
    >>> [r.kind for r in find_relative_locations(text, gp.resolve(text))]
    ['between']
    """
    _, _, between_words = _phrases()
    ft = folded_text or FoldedText(text)
    out: list[RelativeLocation] = []
    for k, r in enumerate(resolved):
        if r.place is None or r.place.feature_type == "country":
            continue
        m = r.match
        w_start = ft.index(max(0, m.start - _WINDOW))
        window = strip_fillers(ft.folded[w_start:ft.index(m.start)].rstrip().rstrip(_OPENING_MARKS).rstrip())

        def origin(window_index: int, w_start: int = w_start) -> int:
            """Offset in ``text`` of a character of the folded window."""
            return ft.original(w_start + max(0, window_index))
        prev = resolved[k - 1] if k > 0 else None
        prev_gap = text[prev.match.end:m.start] if prev is not None else ""

        # "between X and Y": X is this name, Y the next one, joined by "و" / "and".
        nxt = resolved[k + 1] if k + 1 < len(resolved) else None
        word = next((b for b in between_words if _ends_with_word(window, b)), None)
        if nxt is not None and nxt.place is not None and word is not None:
            gap = name_key(text[m.end:nxt.match.start])
            if gap in ("", "و", "and", ",") or gap in ("and the", "و مدينه", "and the town of"):
                lat = (r.place.lat + nxt.place.lat) / 2
                lon = (r.place.lon + nxt.place.lon) / 2
                start = origin(window.rfind(" ") + 1)
                # "سرت الواقعة بين طرابلس وبنغازي": the two names only say where Sirte lies
                subject = _described_by_between(text, window[:len(window) - len(word)].rstrip(), prev, origin)
                out.append(RelativeLocation(start if subject is None else prev.match.start,  # type: ignore[union-attr]
                                            nxt.match.end, "between" if subject is None else "container",
                                            (k, k + 1), lat, lon, relation="between",
                                            subject=None if subject is None else k - 1))
                continue

        candidates = _candidate_phrases(window)
        for phrase, rel, bearing in candidates:
            if rel == "near" or not _ends_with_word(window, phrase):
                continue
            before = window[: len(window) - len(phrase)].rstrip()
            km = _distance_before(before.removesuffix("على بعد").rstrip())
            subject = None
            if prev is not None and prev.place is not None and len(prev_gap) <= 25 and km is None \
                    and len(name_key(prev_gap).split()) <= 3:
                subject = k - 1
            lat, lon = r.place.lat, r.place.lon
            if km is not None:
                lat, lon = destination_point(r.place.lat, r.place.lon, bearing, km)
            start = origin(len(window) - len(phrase))
            # "Zawiya, 50 km west of Tripoli", "the coastal town, 50 km west of Tripoli",
            # "بني وليد (170 كلم جنوب شرق طرابلس)": the distance says where the thing before it
            # lies; that thing, a name or not, is what happened somewhere, not the point.
            describes = km is not None and _appositive_start(before) is not None
            if describes and prev is not None and prev.place is not None and not name_key(
                    text[prev.match.end:origin(_appositive_start(before) or 0)]).strip():
                subject = k - 1
            elif km is not None and prev is not None and prev.place is not None and (
                    tail := _UNIT_TAIL.search(before)) is not None and _right_after(
                    text[prev.match.end:origin(tail.start())]):
                subject, describes = k - 1, True  # "the town of Bin Jawad some 525 km east of Tripoli"
            out.append(RelativeLocation(
                start if subject is None else resolved[subject].match.start, m.end,
                "container" if subject is not None or describes else "direction", (k,), lat, lon,
                bearing=bearing, distance_km=km, subject=subject, relation=f"{rel}_of"))
            break
        else:
            word = next((p for p, rel, _ in candidates if rel == "near" and _ends_with_word(window, p)), None)
            if word is not None:
                out.append(RelativeLocation(origin(len(window) - len(word)), m.end, "near", (k,),
                                            r.place.lat, r.place.lon,
                                            relation="near"))
    return out
