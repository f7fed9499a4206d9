"""What the event-reading tests share: the events of one sentence-sized article."""

from __future__ import annotations

from datetime import date

from geo.events.extract import extract_article_events
from geo.model import Article, Event


def conflict_events(text: str, published: date) -> list[Event]:
    """The events read from ``text`` published on ``published``, without the political ones (meetings,
    statements) that most sentences of these tests also name."""
    return [e for e in extract_article_events(Article("t", text, published)) if e.category != "political"]
