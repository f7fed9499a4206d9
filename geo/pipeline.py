"""The article -> place mentions -> events pipeline (filled in by the geoparser and extractor)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from geo.model import Article, Event, PlaceMention

__all__ = ["ArticleResult", "process_article", "extract_events"]


@dataclass(slots=True)
class ArticleResult:
    """What the pipeline makes of one article."""

    article: Article
    mentions: list[PlaceMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def process_article(article: Article, *, budget_seconds: float | None = None) -> ArticleResult:
    """Geoparse one article and extract its events (within-article de-duplication only).

    ``budget_seconds`` (default :data:`geo.sources.records.MAX_ARTICLE_SECONDS`) bounds
    the time spent: sentences not reached by then give no events, and the result says so
    in ``warnings``. The length limit is the input contract's (:mod:`geo.sources.records`).
    """
    from geo.events.extract import default_extractor
    from geo.sources.records import MAX_ARTICLE_SECONDS

    extractor = default_extractor()  # built once per process: its loading is not the article's time
    budget = MAX_ARTICLE_SECONDS if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    parsed = extractor.geoparser.parse(article.text, article.language)
    events = extractor.extract(article, parsed, deadline=deadline)
    late = time.monotonic() - deadline
    warnings = [f"over the time budget of {budget:g} s per article: the rest of the text gave no events"] \
        if late > 0 else []
    return ArticleResult(article, parsed.mentions, events, warnings)


def extract_events(articles: Iterable[Article]) -> list[Event]:
    """Events of many articles, merged across articles into one event per real-world event."""
    from geo.events.dedupe import merge_across_articles
    from geo.events.extract import default_extractor

    events = (e for a in articles for e in process_article(a).events)
    return merge_across_articles(events, default_extractor().priority)
