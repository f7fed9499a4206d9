"""One poll of one source, and the article pages it leads to, into the store.

In: a :class:`~geo.watch.sources.Source`, a :class:`~geo.watch.http.Fetcher`, the store.
Out: new and changed articles stored with their events (through the same validation
as ``python -m geo ingest`` and :func:`geo.pipeline.process_article`), the watch state
updated, and a :class:`SourceReport` naming every problem.

Rules
-----
* An article's id is ``web-`` + 16 hex digits of the SHA-256 of its canonical URL
  (the page's ``<link rel=canonical>`` on the same host, else the fetched URL, both
  normalised: lower-case host, no fragment, no tracking parameters): re-fetching, or
  meeting the article under a second URL, never makes a second article.
* A feed entry already stored is fetched again only when the entry changed (its id,
  dates, title or summary); the store then replaces the article's events if its text
  changed, and the analysts' corrections move to the matching new events
  (:mod:`~geo.store.carry`).
* The publication date is the feed entry's, else the page's metadata, else the day
  of the fetch; the last case is flagged (``date_origin = 'fetch_day'`` in
  ``watch_items`` and a warning in the report).
* A failing article URL is retried on later polls, up to
  :data:`~geo.watch.state.MAX_ATTEMPTS` times.
"""

from __future__ import annotations

import calendar
import hashlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser
import lxml.html
from courlan import normalize_url

from geo.model import Article
from geo.pipeline import ArticleResult, process_article
from geo.sources.html import html_to_article_fields
from geo.sources.ingest import InlineExecutor
from geo.sources.records import InputProblem, Options, article_from_fields, decode_text, parse_published
from geo.store import EventStore
from geo.store.carry import apply_carry, corrections_to_carry
from geo.watch.http import Fetcher, FetchError, Page, http_date
from geo.watch.sources import Settings, Source
from geo.watch.state import MAX_ATTEMPTS, WatchState

__all__ = ["Entry", "Fetched", "SourceReport", "article_id", "canonical_url", "fetch_article", "ingest_url",
           "poll_source", "store_article"]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass(slots=True)
class Entry:
    """One article link found in a feed or an index page."""

    url: str
    published: date | None = None
    fingerprint: str | None = None


@dataclass(slots=True)
class SourceReport:
    """What one poll of one source did."""

    source: str
    status: str = "ok"  # ok | not modified | error | skipped
    error: str | None = None
    entries: int = 0
    new_articles: int = 0
    updated_articles: int = 0
    unchanged: int = 0
    events: int = 0
    item_errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One human line."""
        if self.status == "error":
            return f"{self.source}: ERROR {self.error}"
        head = f"{self.source}: {self.status}"
        if self.error:
            head += f" ({self.error})"
        return (f"{head}; {self.entries} entries, {self.new_articles} new, {self.updated_articles} updated, "
                f"{self.unchanged} unchanged articles, {self.events} events, {len(self.item_errors)} item errors")


def canonical_url(url: str) -> str:
    """``url`` normalised for identity: lower-case host, sorted query, no tracking parameters, no fragment.

    >>> canonical_url("HTTPS://Wire.Example/a/7?utm_source=rss&b=2&a=1#top")
    'https://wire.example/a/7?a=1&b=2'
    """
    try:
        url = normalize_url(url)
    except (ValueError, AttributeError):  # courlan rejects some odd ports and hosts: keep ours
        pass
    return urldefrag(url)[0]


def article_id(url: str) -> str:
    """The id of the article at ``url`` (its canonical form, hashed).

    >>> article_id("https://wire.example/a/7#top") == article_id("https://WIRE.example/a/7?utm_medium=feed")
    True
    """
    return "web-" + hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def _entry_date(entry: Any) -> date | None:
    present = entry.keys()  # not entry.get("updated..."): feedparser maps a missing one to "published", warning
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry[key] if key in present else None
        if value:
            try:
                # feedparser gives UTC struct_time; the calendar day in UTC is close enough for a news date
                return parse_published(datetime.fromtimestamp(calendar.timegm(value), UTC).date())
            except (InputProblem, OverflowError, ValueError):
                continue
    return None


def _fingerprint(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:16]


def feed_entries(page: Page, source: Source) -> tuple[list[Entry], str | None]:
    """Entries of a feed and a warning (broken XML that still gave entries).

    Raises
    ------
    FetchError
        The answer is an HTML page or holds no readable feed.
    """
    parsed = feedparser.parse(page.body, response_headers={"content-location": page.url,
                                                           "content-type": page.headers.get("content-type", "")})
    out = []
    for e in parsed.entries:
        link = e.get("link")
        if not link or urlsplit(link).scheme not in ("http", "https") or not source.matches(link):
            continue
        present = e.keys()
        out.append(Entry(link, _entry_date(e), _fingerprint(
            *(e[k] if k in present else None for k in ("id", "published", "updated", "title", "summary")))))
    if parsed.bozo and not out:
        if page.content_type in ("text/html", "application/xhtml+xml") or page.body.lstrip()[:15].lower().startswith(
                (b"<!doctype html", b"<html")):
            raise FetchError("an HTML page, not a feed (an error page?)")
        raise FetchError(f"broken feed XML, no usable entry ({parsed.get('bozo_exception')})")
    # feedparser is lenient: what it could read of a damaged feed is taken, and the damage reported
    warning = f"broken feed XML ({parsed.get('bozo_exception')}); {len(out)} entries read" if parsed.bozo else None
    return out, warning


def index_entries(page: Page, source: Source) -> list[Entry]:
    """Article links of an index page: those matching the source's ``article_pattern``, in page order."""
    try:
        tree = lxml.html.fromstring(page.body)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise FetchError(f"index page unreadable: {exc}") from None
    seen: set[str] = set()
    out = []
    for href in tree.xpath("//a/@href"):
        url = urldefrag(urljoin(page.url, str(href).strip()))[0]
        if urlsplit(url).scheme in ("http", "https") and source.matches(url) and url not in seen:
            seen.add(url)
            out.append(Entry(url))
    return out


def _page_text(page: Page) -> str:
    if page.charset:
        try:
            return page.body.decode(page.charset, errors="replace")
        except LookupError:
            pass
    try:
        return decode_text(page.body)[0]
    except InputProblem:
        return page.body.decode("utf-8", errors="replace")


def _same_site(a: str, b: str) -> bool:
    host_a, host_b = urlsplit(a).hostname or "", urlsplit(b).hostname or ""
    return host_a.removeprefix("www.") == host_b.removeprefix("www.")


@dataclass(slots=True)
class Ingested:
    """What became of one article URL."""

    article_id: str
    outcome: str  # inserted | replaced | unchanged
    events: int
    date_origin: str
    warnings: list[str]


@dataclass(slots=True)
class Fetched:
    """An article page read and checked, before the pipeline."""

    article: Article
    stored: Article | None  # what the store holds under that id, if anything
    date_origin: str
    warnings: list[str]


def fetch_article(url: str, source: Source, fetcher: Fetcher, store: EventStore, *,
                  feed_date: date | None = None, today: date | None = None) -> Fetched:
    """Fetch one article page and read it into a checked :class:`~geo.model.Article`.

    Raises
    ------
    FetchError
        The page could not be fetched or is not an HTML page.
    InputProblem
        The page is not a usable article (no text, unsupported language...).
    """
    page = fetcher.get(url)
    if page.content_type not in _HTML_TYPES:
        raise FetchError(f"not an HTML page (content-type {page.content_type})")
    fields = html_to_article_fields(_page_text(page), url=page.url)
    page_canonical = fields.get("url")
    canonical = canonical_url(page_canonical if page_canonical and _same_site(page_canonical, page.url) else page.url)
    aid = article_id(canonical)
    # Met again (another feed, a mirror URL, a later poll): the first source and a fetch-day
    # date stay, so only a change of the text itself replaces the article's events.
    stored = store.get_article(aid)
    warnings: list[str] = []
    day = today or datetime.now(UTC).date()
    if feed_date is not None:
        published, origin = feed_date, "feed"
    else:
        try:
            published, origin = parse_published(fields.get("published")), "page"
        except InputProblem:
            published, origin = (stored.published if stored and stored.published else day), "fetch_day"
            warnings.append(f"{url}: no publication date in the feed or the page; dated by the fetch day {published}")
    fields.update(id=aid, url=canonical, source=stored.source if stored and stored.source else source.name,
                  published=published.isoformat())
    article = article_from_fields(fields, Options(None, source.language), derive_id=False, warn=warnings.append)
    return Fetched(article, stored, origin, warnings)


def store_article(url: str, fetched: Fetched, result: ArticleResult, store: EventStore) -> Ingested:
    """Write one pipeline result; an edited text's corrections move to its new events."""
    carries = ([] if fetched.stored is None
               else corrections_to_carry(store, [result], {result.article.id: fetched.stored}))
    stats = store.add_results([result], batch_size=1)
    outcome = "inserted" if stats.inserted else "replaced" if stats.replaced else "unchanged"
    carried = apply_carry(store, carries)
    warnings = list(fetched.warnings)
    if carried:
        warnings.append(f"{url}: the text changed; corrections of {carried} event(s) carried over to the new events")
    return Ingested(fetched.article.id, outcome, stats.events, fetched.date_origin, warnings)


def ingest_url(url: str, source: Source, fetcher: Fetcher, store: EventStore, *,
               feed_date: date | None = None, today: date | None = None) -> Ingested:
    """Fetch one article page, read it, run the pipeline and store the result (errors as :func:`fetch_article`)."""
    fetched = fetch_article(url, source, fetcher, store, feed_date=feed_date, today=today)
    return store_article(url, fetched, process_article(fetched.article), store)


def poll_source(source: Source, fetcher: Fetcher, state: WatchState, store: EventStore, settings: Settings, *,
                now: Callable[[], datetime] = lambda: datetime.now(UTC), executor: Any = None,
                in_flight: int = 1) -> SourceReport:
    """Poll one source once: list its entries, ingest the new and changed ones, record the outcome.

    ``executor`` runs the pipeline (a process pool, see :func:`geo.watch.run.watch_once`;
    default: in this process), with at most ``in_flight`` pages waiting for it.
    """
    report = SourceReport(source.name)
    state.register(source)
    row = state.source_row(source.name) or {}
    entries: list[Entry] = []
    etag = last_modified = None
    try:
        if source.feed:
            page = fetcher.get(source.feed, etag=row.get("etag"), last_modified=row.get("last_modified"))
            if page.not_modified:
                report.status = "not modified"
            else:
                found, warning = feed_entries(page, source)
                entries += found
                if warning:
                    report.warnings.append(warning)
                    report.error = warning
                etag, last_modified = page.headers.get("etag"), http_date(page.headers.get("last-modified"))
        if source.index:
            entries += index_entries(fetcher.get(source.index), source)
    except FetchError as exc:
        report.status, report.error = "error", str(exc)
        state.record_poll(source, now=now(), ok=False, status="error", error=report.error)
        return report
    # newest first when the feed dates them; one URL once
    unique: dict[str, Entry] = {}
    for entry in entries:
        unique.setdefault(canonical_url(entry.url), entry)
    ordered = sorted(unique.items(), key=lambda kv: kv[1].published or date.min, reverse=True)
    ordered = ordered[: settings.max_items_per_poll]
    report.entries = len(ordered)
    known = state.items([key for key, _ in ordered])
    newest: list[date] = []
    today = now().date()

    def failed(key: str, entry: Entry, exc: Exception) -> None:
        why = str(exc) if isinstance(exc, FetchError | InputProblem) else f"{type(exc).__name__}: {exc}"
        report.item_errors.append(f"{entry.url}: {why}")
        state.record_item(key, source.name, now=now(), status="failed", fingerprint=entry.fingerprint, error=why)

    def finish(key: str, entry: Entry, fetched: Fetched, future: Any) -> None:
        try:
            done = store_article(entry.url, fetched, future.result(), store)
        except Exception as exc:  # the pipeline or the store failed on this one page: the others go on
            failed(key, entry, exc)
            return
        report.warnings += done.warnings
        report.events += done.events if done.outcome != "unchanged" else 0
        if done.outcome == "inserted":
            report.new_articles += 1
        elif done.outcome == "replaced":
            report.updated_articles += 1
        else:
            report.unchanged += 1
        state.record_item(key, source.name, now=now(), status="stored", article_id=done.article_id,
                          fingerprint=entry.fingerprint, date_origin=done.date_origin, events=done.events)
        if entry.published:
            newest.append(entry.published)

    # Pages are fetched here, one at a time (politeness), while the pipeline runs on the ones
    # fetched before in the executor's processes; results are stored in feed order.
    pool = executor or InlineExecutor()
    pending: deque[tuple[str, Entry, Fetched, Any]] = deque()
    for key, entry in ordered:
        seen = known.get(key)
        if seen is not None and ((seen.status == "stored" and seen.fingerprint == entry.fingerprint)
                                 or (seen.status == "failed" and seen.attempts >= MAX_ATTEMPTS)):
            continue
        try:
            fetched = fetch_article(entry.url, source, fetcher, store, feed_date=entry.published, today=today)
            pending.append((key, entry, fetched, pool.submit(process_article, fetched.article)))
        except Exception as exc:  # unreachable page, not an article, or a broken worker pool
            failed(key, entry, exc)
        while len(pending) >= max(1, in_flight):
            finish(*pending.popleft())
    while pending:
        finish(*pending.popleft())
    error = report.error
    if report.item_errors:
        report.status = "ok, with item errors" if report.status == "ok" else report.status
        pages = f"{len(report.item_errors)} article page(s) failed, first {report.item_errors[0]}"
        error = f"{error}; {pages}" if error else pages
    state.record_poll(source, now=now(), ok=True, status=report.status, error=error, etag=etag,
                      last_modified=last_modified, cursor=max(newest).isoformat() if newest else None,
                      new_articles=report.new_articles, events=report.events)
    return report

