"""The article -> place mentions -> events pipeline (filled in by the geoparser and extractor)."""

from __future__ import annotations

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


def process_article(article: Article) -> ArticleResult:
    """Geoparse one article and extract its events (within-article de-duplication only)."""
    from geo.events.extract import default_extractor

    extractor = default_extractor()
    parsed = extractor.geoparser.parse(article.text, article.language)
    return ArticleResult(article, parsed.mentions, extractor.extract(article, parsed))


def extract_events(articles: Iterable[Article]) -> list[Event]:
    """Events of many articles, merged across articles into one event per real-world event."""
    from geo.events.dedupe import merge_across_articles
    from geo.events.extract import default_extractor

    events = (e for a in articles for e in process_article(a).events)
    return merge_across_articles(events, default_extractor().priority)
