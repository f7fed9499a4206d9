"""Deaths that are no conflict event: drownings, floods and storms, road accidents.

"Libyan authorities collected the bodies of migrants who drowned off Zuwara", "قتل 150 في
درنة جراء إعصار دانيال" count the dead of a shipwreck or a flood; a violence-against-civilians
trigger that only counts them makes no event. What enters is a folded sentence and the
triggers found in it; what leaves is the triggers without those. A violent act named in the
same sentence (shot, abducted, اختطاف) keeps its trigger. The words are data
(``non_conflict_deaths``, ``violent_acts`` in ``geo/data/event_triggers.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, TypeVar

from geo.text.lexicon import Hit, WordMatcher, load_data

__all__ = ["without_disaster_deaths"]


class _HasHit(Protocol):
    category: str
    hit: Hit


T = TypeVar("T", bound=_HasHit)


@lru_cache(maxsize=1)
def _matchers() -> tuple[WordMatcher, WordMatcher]:
    data = load_data("event_triggers.json")

    def matcher(key: str) -> WordMatcher:
        spec = data[key]
        return WordMatcher({key: (spec["ar"], [e.lower() for e in spec["en"]])})
    return matcher("non_conflict_deaths"), matcher("violent_acts")


def without_disaster_deaths(folded: str, triggers: Sequence[T]) -> list[T]:
    """``triggers`` of a folded sentence without the violence-against-civilians ones that only
    count the dead of a shipwreck, a flood or an accident.

    Examples
    --------
    >>> from datetime import date
    >>> from geo.events.extract import extract_article_events
    >>> from geo.model import Article
    >>> def cats(text):
    ...     return [e.category for e in extract_article_events(Article("t", text, date(2015, 8, 28)))]
    >>> cats("Authorities collected the bodies of migrants who drowned off Zuwara on Friday.")
    []
    >>> cats("Authorities found the bodies of migrants in Zuwara on Friday.")
    ['civilian_attack']
    >>> cats("Gunmen shot dead two migrants near the boat that capsized off Zuwara on Friday.")
    ['civilian_attack']
    """
    if not any(t.category == "civilian_attack" for t in triggers):
        return list(triggers)
    disaster, violent = _matchers()
    if not disaster.may_match(folded) or not disaster.find(folded) or violent.find(folded):
        return list(triggers)
    return [t for t in triggers if t.category != "civilian_attack"]
