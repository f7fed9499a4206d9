"""Tolls given by the sentence after an event: "Rebels retook Qawalish. Five rebels dead and
15 wounded.", "Libyan shelling closed the Wazen crossing. Gaddafi forces shelled the route,
killing seven rebels."

What enters is the events of the last sentence that gave no toll and the next sentence; the
toll that sentence gives goes to them, when it names no place of its own and either names
no event or goes on with the same kind of event (a second sentence about the shelling).

A toll that several places share ("shelling of Tajoura, Souq al-Juma and Arada killed nine")
is divided among them, never multiplied (:func:`split_among_places`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from geo.model import Event
from geo.text.counts import extract_counts

__all__ = ["give_following_toll", "split_among_places"]


def give_following_toll(uncounted: Sequence[Event], sentence: str, categories: Iterable[str] | None = None) -> None:
    """Give ``sentence``'s killed and injured figures to the ``uncounted`` events that lack them.

    ``categories`` are the kinds of event the sentence itself reports: only events of those
    kinds take its toll (None: the sentence reports no event, every one takes it).

    Examples
    --------
    >>> from datetime import date
    >>> e = Event(category="shelling", coords=[(10.7, 31.9)], event_date=date(2011, 5, 17), article_ids=["a"], evidence="")
    >>> give_following_toll([e], "Gaddafi forces shelled the route, killing seven rebels.", {"shelling"})
    >>> e.fatalities
    7
    >>> c = Event(category="clash", coords=[(10.7, 31.9)], event_date=date(2011, 5, 17), article_ids=["a"], evidence="")
    >>> give_following_toll([c], "NATO jets struck a depot, killing three.", {"airstrike"})
    >>> c.fatalities is None
    True
    """
    wanted = None if categories is None else set(categories)
    takers = [e for e in uncounted if wanted is None or e.category in wanted]
    if not takers:
        return
    follow = extract_counts(sentence)
    for e in takers:
        if follow.killed is not None and e.fatalities is None:
            e.fatalities = follow.killed
            e.extra.pop("fatalities_approximate", None)
        elif follow.killed_approximate and e.fatalities is None:
            e.extra["fatalities_approximate"] = True
        if follow.injured is not None and e.injured is None:
            e.injured = follow.injured
    split_among_places(takers)


def split_among_places(events: Sequence[Event]) -> None:
    """Share one toll given for events at several places among the places, never multiply it.

    ACLED's practice with a summed toll over several locations: the total is divided as evenly
    as it goes, the remainder to the places named first. Events at the same place (a shelling
    and a clash at Tajoura) share that place's part.

    Examples
    --------
    >>> from datetime import date
    >>> day = date(2020, 5, 18)
    >>> evs = [Event(category="shelling", coords=[(13.1 + i / 10, 32.8)], event_date=day, article_ids=["a"],
    ...              evidence="", fatalities=10) for i in range(3)]
    >>> split_among_places(evs)
    >>> [e.fatalities for e in evs]
    [4, 3, 3]
    """
    by_place: dict[tuple[float, float], list[Event]] = {}
    for e in events:
        by_place.setdefault(tuple(e.coords[-1]), []).append(e)  # type: ignore[arg-type]
    if len(by_place) < 2:
        return
    for field in ("fatalities", "injured"):
        groups = [g for g in by_place.values() if getattr(g[0], field)]
        totals = {getattr(e, field) for g in groups for e in g}
        if len(groups) < 2 or len(totals) != 1:
            continue  # one place alone has a toll, or the figures differ: each is its own
        total = totals.pop()
        for i, group in enumerate(groups):
            for e in group:
                setattr(e, field, total // len(groups) + (1 if i < total % len(groups) else 0))
