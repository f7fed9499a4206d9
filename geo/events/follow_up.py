"""Tolls given by the sentence after an event: "Rebels retook Qawalish. Five rebels dead and
15 wounded.", "Libyan shelling closed the Wazen crossing. Gaddafi forces shelled the route,
killing seven rebels."

What enters is the events of the last sentence that gave no toll and the next sentence; the
toll that sentence gives goes to them, when it names no place of its own and either names
no event or goes on with the same kind of event (a second sentence about the shelling).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from geo.model import Event
from geo.text.counts import extract_counts

__all__ = ["give_following_toll"]


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
