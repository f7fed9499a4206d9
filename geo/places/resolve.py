"""Resolve recognised names to one gazetteer entry each (toponym resolution).

Each candidate gets a score from independent pieces of evidence:

* a prior: prominence, plus a Libya prior (this is Libyan news), a bonus for the
  project's curated entries and a malus for OpenStreetMap's villages;
* containment: "الكلية الجوية بمصراتة", "Ain Zara, south of Tripoli": a candidate
  that lies in (or has as parent) the place named right after it;
* coherence: places in one report lie near each other, so an ambiguous name is
  pulled towards the unambiguous Libyan places of the same document;
* focus: in a report about another country (:mod:`geo.places.focus`) the Libya prior
  goes to that country instead, and a name found only in Libya is kept only where a
  sentence around it names Libya ("جبل الزاوية" in an Idlib story is not Zawiya).

A mention whose best candidate scores too low is left unresolved (abstention)
rather than guessed.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from gazetteer import Gazetteer
from gazetteer.core import haversine_km
from gazetteer.model import Place
from gazetteer.normalize import name_key
from geo.places.focus import ArticleFocus
from geo.places.recognize import RawMatch

__all__ = ["Resolved", "resolve_toponyms", "prior"]

LIBYA_PRIOR = 0.35
#: How a Libyan entry's source moves its prior: curated rows are authoritative, OpenStreetMap rows
#: (villages, hamlets) rank below GeoNames and below a foreign city of 100,000 (prominence ~35), so
#: they win a namesake only with the document's other places near them (coherence) or a container.
SOURCE_BONUS = {"curated": 0.1, "osm": -0.1}
CONTAINMENT_BONUS = 0.6
COHERENCE_BONUS = 0.3
COHERENCE_KM = 300.0
# In a foreign story, entries of the focus country get this instead of the Libya prior:
# enough for Tripoli (Lebanon) to beat the far more prominent Tripoli (Libya).
FOCUS_BONUS = 0.8
ABSTAIN_BELOW = 0.2
# A namesake must beat the runner-up by this much, or the evidence is too weak.
MARGIN = 0.02

_CONTAINER_GAP = 25  # characters between a name and the place it is "in"


@dataclass(slots=True)
class Resolved:
    """A recognised name and the entry chosen for it (None when abstaining)."""

    match: RawMatch
    place: Place | None
    score: float
    runner_up: float


def prior(place: Place) -> float:
    """Score of an entry before any context: prominence, the Libya prior, the source's rank."""
    score = place.prominence / 100.0
    if place.country_code == "LY" and place.feature_type != "country":
        score += LIBYA_PRIOR + SOURCE_BONUS.get(place.source, 0.0)
    return score


def _focused_prior(place: Place, focus: ArticleFocus | None) -> float:
    """:func:`prior`, with the Libya prior moved to the focus country of a foreign story."""
    if focus is None or not focus.foreign:
        return prior(place)
    score = place.prominence / 100.0
    if place.country_code == focus.country and place.feature_type != "country":
        score += FOCUS_BONUS
    return score


def _container_of(m: RawMatch, matches: Sequence[RawMatch], text: str,
                  starts: Sequence[int] | None = None) -> RawMatch | None:
    """The name right after ``m`` that it is said to lie in ("X بـY", "X in Y", "X جنوب Y").

    ``matches`` are in text order; ``starts`` (their start offsets) lets the next one be found by bisection.
    """
    starts = starts if starts is not None else [o.start for o in matches]
    i = bisect_left(starts, m.end)
    if i == len(matches):
        return None
    other = matches[i]
    gap = text[m.end:other.start]
    if len(gap) > _CONTAINER_GAP:
        return None
    words = name_key(gap).split()
    return other if len(words) <= 3 and "," not in gap[1:] and "." not in gap else None


def resolve_toponyms(matches: Sequence[RawMatch], text: str, gazetteer: Gazetteer,
                     focus: ArticleFocus | None = None) -> list[Resolved]:
    """Choose one entry per recognised name, or abstain.

    ``focus`` is the article's country (None: Libya, the prior).

    Examples
    --------
    >>> from geo.places.recognize import Recognizer
    >>> gaz = Gazetteer.default()
    >>> text = "Clashes in Tripoli and Misrata"
    >>> [r.place.name for r in resolve_toponyms(Recognizer(gaz).find(text), text, gaz)]
    ['Tripoli', 'Misrata']
    """
    places = gazetteer.places
    scores: list[dict[int, float]] = [{i: _focused_prior(places[i], focus) for i in m.candidates}
                                      for m in matches]
    foreign = focus is not None and focus.foreign

    # Containment: the entry of the container is fixed by its own prior first.
    starts = [m.start for m in matches]
    for k, m in enumerate(matches):
        container = _container_of(m, matches, text, starts)
        if container is None or not container.candidates:
            continue
        c_idx = max(container.candidates, key=lambda i: prior(places[i]))
        cont = places[c_idx]
        if cont.feature_type == "country":
            continue
        for i in scores[k]:
            p = places[i]
            if p.parent_id == cont.id or p.district == cont.id or (
                    p.id != cont.id and haversine_km(p.lat, p.lon, cont.lat, cont.lon) <= 40):
                scores[k][i] += CONTAINMENT_BONUS

    # Coherence: anchors are the Libyan names that have one clear reading (none in a foreign story).
    anchors_by_id: dict[str, Place] = {}  # one per place: a name repeated 1,000 times is one anchor
    for k in range(len(matches) if not foreign else 0):
        ranked = sorted(scores[k].items(), key=lambda t: t[1], reverse=True)
        if not ranked:
            continue
        top = places[ranked[0][0]]
        clear = len(ranked) == 1 or ranked[0][1] - ranked[1][1] > 0.3
        if clear and top.is_libyan and not top.is_area:
            anchors_by_id.setdefault(top.id, top)
    anchors = list(anchors_by_id.values())
    if anchors:
        bonus: dict[int, float] = {}  # per gazetteer entry: the same candidate recurs across matches
        for k in range(len(matches)):
            if len(scores[k]) < 2:
                continue
            for i in scores[k]:
                p = places[i]
                if p.feature_type == "country":
                    continue
                if i not in bonus:
                    d = min((haversine_km(p.lat, p.lon, a.lat, a.lon) for a in anchors if a.id != p.id),
                            default=COHERENCE_KM)
                    bonus[i] = COHERENCE_BONUS * max(0.0, 1.0 - d / COHERENCE_KM)
                scores[k][i] += bonus[i]

    out: list[Resolved] = []
    for k, m in enumerate(matches):
        ranked = sorted(scores[k].items(), key=lambda t: (t[1], places[t[0]].prominence), reverse=True)
        if not ranked:
            out.append(Resolved(m, None, 0.0, 0.0))
            continue
        best_i, best = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        place: Place | None = places[best_i]
        if best < ABSTAIN_BELOW:
            place = None
        elif focus is not None and focus.foreign and place is not None and place.is_libyan \
                and place.feature_type != "country" and not focus.names_libya_near(m.start):
            place = None  # a Libyan-looking name in a foreign story, with no word of Libya near it
        elif len(ranked) > 1 and best - second < MARGIN:
            other = places[ranked[1][0]]
            # Two namesakes equally likely and far apart: don't guess.
            if place is not None and haversine_km(place.lat, place.lon, other.lat, other.lon) > 50:
                place = None
        out.append(Resolved(m, place, best, second))
    return out
