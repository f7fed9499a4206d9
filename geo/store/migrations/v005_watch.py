"""Version 5: the state of ``python -m geo watch`` (feeds and article pages followed on a schedule).

``watch_sources`` holds one row per followed source: its conditional-request cursor
(ETag, Last-Modified, the newest entry date taken), the outcome of the last poll,
the failure count that drives the exponential backoff, the next time it is due and
running totals; sources an analyst adds in the app live here too (``origin = 'app'``,
their settings as JSON in ``config``). ``watch_items`` holds every article URL met:
which source, the article id it became, the fingerprint of the feed entry (so a
changed entry is fetched again), where its date came from (``feed``, ``page`` or
``fetch_day``), and its status. With both in the store, a killed watch resumes where
it stopped and a team sharing a PostGIS store shares the state. Times are ISO 8601
UTC strings in both backends.
"""

from __future__ import annotations

from geo.store.migrations.v001_initial import _register

VERSION = 5
NAME = "watch"

_TABLES: list[str] = [
    "CREATE TABLE watch_sources ("
    " name TEXT PRIMARY KEY, origin TEXT NOT NULL DEFAULT 'file', config TEXT,"
    " etag TEXT, last_modified TEXT, cursor TEXT,"
    " last_fetch TEXT, last_status TEXT, last_error TEXT, failures INTEGER NOT NULL DEFAULT 0,"
    " next_due TEXT, polls INTEGER NOT NULL DEFAULT 0, new_articles INTEGER NOT NULL DEFAULT 0,"
    " events_made INTEGER NOT NULL DEFAULT 0)",
    "CREATE TABLE watch_items ("
    " url TEXT PRIMARY KEY, source TEXT NOT NULL, article_id TEXT, fingerprint TEXT,"
    " date_origin TEXT, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, error TEXT,"
    " events INTEGER NOT NULL DEFAULT 0, first_seen TEXT NOT NULL, last_fetch TEXT)",
    "CREATE INDEX watch_items_source ON watch_items (source)",
]

GPKG: list[str] = [
    *_TABLES,
    _register("watch_sources", "attributes", "Sources followed by python -m geo watch"),
    _register("watch_items", "attributes", "Article URLs met by python -m geo watch"),
]

POSTGIS: list[str] = list(_TABLES)
