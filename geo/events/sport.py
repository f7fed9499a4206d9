"""Sport reports: contests that are no fighting.

"Al-Madina clashes with Al-Zahra in Tripoli", "Al-Ittihad took the lead in the derby",
"معركة حسم لقب الدوري": a report on sport speaks of clashes, battles and takeovers that are
matches. What enters is an article's folded text (:func:`is_sport_report`: it names at least
``sport_report_min`` distinct sport words) and, for such an article, a folded sentence with its
triggers (:func:`without_contests`); what leaves is the triggers without the clash and territory
ones, unless the sentence names a weapon or the dead ("gunmen opened fire at the stadium"). The
words are data (``sport_words``, ``sport_violence`` in ``geo/data/event_triggers.json``); words that
are also military (goal / هدف, فريق, نقاط) are not among them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from geo.events.triggers import Trigger
from geo.text.lexicon import WordMatcher, load_data

__all__ = ["is_sport_report", "without_contests"]

_CONTESTS = frozenset({"clash", "territory"})


@lru_cache(maxsize=1)
def _lexicon() -> tuple[WordMatcher, WordMatcher, int]:
    data = load_data("event_triggers.json")

    def matcher(key: str) -> WordMatcher:
        return WordMatcher({key: (data[key]["ar"], data[key]["en"])})
    return matcher("sport_words"), matcher("sport_violence"), int(data["sport_report_min"])


def is_sport_report(folded: str) -> bool:
    """True when the folded article names enough distinct sport words to be a report on sport.

    >>> from gazetteer.normalize import name_key
    >>> is_sport_report(name_key("Al-Madina meets Al-Zahra at the stadium; the derby ended in a draw."))
    True
    >>> is_sport_report(name_key("Clashes broke out near the stadium in Tripoli."))
    False
    """
    words, _, least = _lexicon()
    return len({folded[h.start:h.end] for h in words.find(folded)}) >= least


def without_contests(folded: str, triggers: Sequence[Trigger]) -> list[Trigger]:
    """``triggers`` of a sentence of a sport report without its clashes and takeovers, unless the
    sentence names a weapon or the dead."""
    if not any(t.category in _CONTESTS for t in triggers) or _lexicon()[1].find(folded):
        return list(triggers)
    return [t for t in triggers if t.category not in _CONTESTS]
