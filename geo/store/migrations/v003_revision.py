"""Version 3: ``store_revision``, a counter every write transaction increments.

Readers that keep a copy of the events (the dashboard's in-memory index and its
on-disk frame snapshot) compare ``(store_id, revision)`` with the copy's to
know whether it is still current, including after writes by other processes
(``python -m geo ingest`` while the app runs). ``store_id`` is random per
store, so a store deleted and rebuilt never matches a snapshot of the old one.
A single-row table updated inside each write transaction: concurrent writers
serialise on it, which they already do on the events table.
"""

from __future__ import annotations

VERSION = 3
NAME = "revision"

GPKG: list[str] = [
    "CREATE TABLE store_revision (id INTEGER PRIMARY KEY CHECK (id = 1), store_id TEXT NOT NULL,"
    " revision INTEGER NOT NULL)",
    "INSERT INTO store_revision (id, store_id, revision) VALUES (1, lower(hex(randomblob(16))), 0)",
]

POSTGIS: list[str] = [
    "CREATE TABLE store_revision (id INTEGER PRIMARY KEY CHECK (id = 1), store_id TEXT NOT NULL,"
    " revision BIGINT NOT NULL)",
    "INSERT INTO store_revision (id, store_id, revision)"
    " VALUES (1, md5(random()::text || clock_timestamp()::text), 0)",
]
