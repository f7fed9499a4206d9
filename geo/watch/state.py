"""The watch's memory, kept in the event store (tables of migration v005).

In: the outcome of each poll and of each article URL. Out: what is due, what was
already taken, and the per-source figures the app shows. Every write is one short
transaction of the store, so a run killed at any point leaves the last committed
state: a resumed run re-polls the source it was in and skips the URLs it had stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from geo.store import EventStore, StoreError
from geo.store.sql_dialect import SQLDialect
from geo.watch.sources import Source, SourcesError, source_from_dict

__all__ = ["ItemRecord", "WatchState", "backoff", "iso", "MAX_ATTEMPTS"]

#: An article URL that failed this many times is no longer tried (it stays listed).
MAX_ATTEMPTS = 5
#: Longest wait imposed on a failing source.
MAX_BACKOFF = timedelta(hours=24)


def iso(moment: datetime) -> str:
    """UTC time as stored: ``2024-03-05T09:15:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: str | None) -> datetime | None:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if value else None


def backoff(interval_minutes: float, failures: int) -> timedelta:
    """Wait after ``failures`` failed polls in a row: the interval (at least a minute) doubled per failure.

    >>> backoff(30, 1), backoff(30, 3), backoff(0, 2)
    (datetime.timedelta(seconds=3600), datetime.timedelta(seconds=14400), datetime.timedelta(seconds=240))
    >>> backoff(30, 40)
    datetime.timedelta(days=1)
    """
    base = timedelta(minutes=max(1.0, interval_minutes))
    return min(base * (2 ** min(failures, 20)), MAX_BACKOFF)


@dataclass(slots=True)
class ItemRecord:
    """What the store remembers of one article URL."""

    url: str
    source: str
    article_id: str | None
    fingerprint: str | None
    status: str  # stored | failed
    attempts: int


class WatchState:
    """Reads and writes the watch tables of an SQL event store."""

    def __init__(self, store: EventStore) -> None:
        if not isinstance(store, SQLDialect):
            raise StoreError(f"the watch needs an SQL store (GeoPackage or PostGIS), not {type(store).__name__}")
        self.store = store

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        return self.store.read_rows(sql, params or [])

    # -- sources ------------------------------------------------------------------------

    def register(self, source: Source) -> None:
        """Make sure the source has a row; an app source keeps its settings in it."""
        config = json.dumps(source.to_config(), ensure_ascii=False) if source.origin == "app" else None
        self.store.write_row("INSERT INTO watch_sources (name, origin, config) VALUES (?, ?, ?)"
                             " ON CONFLICT (name) DO NOTHING", [source.name, source.origin, config])

    def add_app_source(self, source: Source) -> None:
        """Store a source an analyst added; an existing source of that name is an error."""
        if self._rows("SELECT name FROM watch_sources WHERE name = ?", [source.name]):
            raise SourcesError(f"a source named {source.name!r} already exists")
        self.register(source)

    def app_sources(self) -> list[Source]:
        """Sources added in the app (their stored settings, checked again)."""
        out = []
        for row in self._rows("SELECT name, config FROM watch_sources WHERE origin = 'app' ORDER BY name"):
            out.append(source_from_dict(json.loads(row["config"] or "{}") | {"name": row["name"]}, origin="app"))
        return out

    def source_rows(self) -> list[dict[str, Any]]:
        """Every source's row (figures for the app), by name."""
        return self._rows("SELECT * FROM watch_sources ORDER BY name")

    def source_row(self, name: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM watch_sources WHERE name = ?", [name])
        return rows[0] if rows else None

    def is_due(self, name: str, now: datetime) -> bool:
        """True when the source was never polled or its next time (interval or backoff) has come."""
        row = self.source_row(name)
        due = _parse(row["next_due"]) if row else None
        return due is None or due <= now

    def next_due(self, names: list[str]) -> datetime | None:
        """The earliest time one of ``names`` is due (None: one was never polled)."""
        rows = {r["name"]: r["next_due"] for r in self.source_rows()}
        times = [_parse(rows.get(n)) for n in names]
        return None if any(t is None for t in times) else min(t for t in times if t is not None)

    def record_poll(self, source: Source, *, now: datetime, ok: bool, status: str, error: str | None,
                    etag: str | None = None, last_modified: str | None = None, cursor: str | None = None,
                    new_articles: int = 0, events: int = 0) -> None:
        """The outcome of one poll; a failure doubles the wait before the next one."""
        row = self.source_row(source.name) or {}
        failures = 0 if ok else int(row.get("failures") or 0) + 1
        wait = timedelta(minutes=source.interval_minutes) if ok else backoff(source.interval_minutes, failures)
        self.store.write_row(
            "UPDATE watch_sources SET last_fetch = ?, last_status = ?, last_error = ?, failures = ?,"
            " next_due = ?, polls = polls + 1, new_articles = new_articles + ?, events_made = events_made + ?,"
            " etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified),"
            " cursor = COALESCE(?, cursor) WHERE name = ?",
            [iso(now), status, error, failures, iso(now + wait), new_articles, events,
             etag, last_modified, cursor, source.name],
        )

    # -- article URLs -------------------------------------------------------------------

    def items(self, urls: list[str]) -> dict[str, ItemRecord]:
        """What is remembered of these URLs."""
        rows = self.store.read_rows_in("SELECT url, source, article_id, fingerprint, status, attempts"
                                       " FROM watch_items WHERE url IN {in}", urls)
        return {r["url"]: ItemRecord(r["url"], r["source"], r["article_id"], r["fingerprint"], r["status"],
                                     int(r["attempts"])) for r in rows}

    def record_item(self, url: str, source: str, *, now: datetime, status: str, article_id: str | None = None,
                    fingerprint: str | None = None, date_origin: str | None = None, error: str | None = None,
                    events: int = 0) -> None:
        """The outcome of fetching one article URL (a failure counts an attempt)."""
        self.store.write_row(
            "INSERT INTO watch_items (url, source, article_id, fingerprint, date_origin, status, attempts, error,"
            " events, first_seen, last_fetch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (url) DO UPDATE SET"
            " article_id = COALESCE(excluded.article_id, watch_items.article_id),"
            " fingerprint = excluded.fingerprint,"
            " date_origin = COALESCE(excluded.date_origin, watch_items.date_origin), status = excluded.status,"
            " attempts = CASE WHEN excluded.status = 'failed' THEN watch_items.attempts + 1 ELSE 0 END,"
            " error = excluded.error, events = excluded.events, last_fetch = excluded.last_fetch",
            [url, source, article_id, fingerprint, date_origin, status, 1 if status == "failed" else 0, error,
             events, iso(now), iso(now)],
        )

    def item_rows(self, source: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        """The latest article URLs met (of one source), newest first."""
        where, params = ("WHERE source = ?", [source]) if source else ("", [])
        return self._rows(f"SELECT * FROM watch_items {where} ORDER BY last_fetch DESC, url LIMIT ?",
                          [*params, int(limit)])
