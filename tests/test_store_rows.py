"""The stores' public SQL for the tables beside the events (what the watch keeps), on GeoPackage and PostGIS."""

from __future__ import annotations

import pytest

from geo.store import open_store
from geo.store.sql_dialect import IN_CHUNK, SQLDialect
from tests.store_fixtures import postgis_url, store_url  # noqa: F401 - fixtures by name


def test_rows_written_and_read_through_the_public_api(store_url: str) -> None:  # noqa: F811
    """The watch used the stores' private transaction helpers; this is the API it uses now."""
    with open_store(store_url) as store:
        assert isinstance(store, SQLDialect)
        urls = [f"https://news.example/{i}" for i in range(IN_CHUNK + 20)]  # more than one IN chunk
        for i, url in enumerate(urls):
            store.write_row("INSERT INTO watch_items (url, source, status, first_seen) VALUES (?, ?, ?, ?)",
                            [url, "Wire" if i % 2 else "Post", "stored", "2024-03-05T09:15:00Z"])
        revision = store.revision()
        wanted = urls[::7] + ["https://news.example/never-seen"]
        got = store.read_rows_in("SELECT url, source FROM watch_items WHERE url IN {in}", wanted)
        assert sorted(r["url"] for r in got) == sorted(urls[::7])
        counts = store.read_rows("SELECT source, COUNT(*) AS n FROM watch_items WHERE status = ? GROUP BY source"
                                 " ORDER BY source", ["stored"])
        assert counts == [{"source": "Post", "n": (IN_CHUNK + 21) // 2}, {"source": "Wire", "n": (IN_CHUNK + 20) // 2}]
        # A statement that fails is rolled back and leaves the store usable (PostgreSQL refuses every
        # later statement of a transaction left open after an error).
        with pytest.raises(Exception, match="(?i)unique|duplicate"):
            store.write_row("INSERT INTO watch_items (url, source, status, first_seen) VALUES (?, ?, ?, ?)",
                            [urls[0], "Post", "stored", "2024-03-05T09:15:00Z"])
        store.write_row("UPDATE watch_items SET attempts = attempts + 1 WHERE url = ?", [urls[1]])
        assert store.read_rows("SELECT attempts FROM watch_items WHERE url = ?", [urls[1]]) == [{"attempts": 1}]
        assert store.revision() == revision  # the watch's rows are not events: no new revision
