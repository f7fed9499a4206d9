"""The SQL event store: reads on top of :mod:`geo.store.writes` and :mod:`geo.store.sql_dialect`.

In: a DB-API connection (GeoPackage's sqlite3 or PostGIS's psycopg). Out: events as a
GeoDataFrame filtered by bounding box, dates, categories and more; front lines on a day;
counts, the store revision and consistency checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from geo.model import Article
from geo.store.base import (
    EVENT_COLUMNS,
    BBox,
    StoreError,
)
from geo.store.frames import (
    _store_frame,
)
from geo.store.identity import (
    _as_date,
)
from geo.store.writes import (
    SQLWrites,
)

_ARTICLE_FIELDS = "a.id, a.text, a.published, a.language, a.title, a.url, a.source"


class SQLEventStore(SQLWrites):
    """The store logic over a DB-API connection; subclasses supply the dialect (see :class:`SQLDialect`)."""

    # -- reading ------------------------------------------------------------------------

    def _event_select(self) -> str:
        return ", ".join(f"e.{c}" for c in EVENT_COLUMNS) + f", {self._geom('e.')} AS geom"

    def query_events(
        self,
        *,
        bbox: BBox | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        categories: Iterable[str] | None = None,
        actors: Iterable[str] | None = None,
        districts: Iterable[str] | None = None,
        sources: Iterable[str] | None = None,
        min_precision: int | None = None,
        include_rejected: bool = False,
    ) -> gpd.GeoDataFrame:
        where: list[str] = []
        params: list[Any] = []
        if not include_rejected:
            where.append("e.rejected = ?")
            params.append(False)
        box = None
        join = ""
        if bbox is not None:
            minx, miny, maxx, maxy = (float(v) for v in bbox)
            if minx > maxx or miny > maxy:
                raise ValueError(f"bbox must be (minlon, minlat, maxlon, maxlat), got {bbox!r}")
            join, clause, p = self._bbox_clause((minx, miny, maxx, maxy))
            where.append(clause)
            params += p
            box = shapely.box(minx, miny, maxx, maxy)
        if date_from is not None:
            where.append("e.event_date >= ?")
            params.append(self._date_param(_as_date(date_from)))
        if date_to is not None:
            where.append("e.event_date <= ?")
            params.append(self._date_param(_as_date(date_to)))
        for col, values in (("category", categories), ("district", districts), ("source", sources)):
            if values is not None:
                vals = list(values)
                where.append(f"e.{col} IN {self._in(vals)}" if vals else "1 = 0")
                params += vals
        if actors is not None:
            vals = list(actors)
            if vals:
                where.append(f"(e.actor1 IN {self._in(vals)} OR e.actor2 IN {self._in(vals)}"
                             f" OR e.claimed_by IN {self._in(vals)})")
                params += vals * 3
            else:
                where.append("1 = 0")
        if min_precision is not None:
            where.append("e.geo_precision <= ?")
            params.append(int(min_precision))
        sql = f"SELECT {self._event_select()} FROM events e {join}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY e.event_date, e.event_id"
        with self._snapshot() as cur:
            columns = self._fetch_columns(cur, sql, params)
        geoms = self._decode_geoms(columns.pop("geom"))
        if box is not None and len(geoms):
            # The index matched envelopes; a line's envelope can meet a box the line misses.
            keep = np.flatnonzero(shapely.intersects(geoms, box)).tolist()
            columns = {k: [v[i] for i in keep] for k, v in columns.items()}
            geoms = geoms[keep]
        return _store_frame(columns, geoms)

    def front_lines_on(self, day: date) -> gpd.GeoDataFrame:
        return self.front_lines_between(day, day)

    def front_lines_between(self, start: date, end: date) -> gpd.GeoDataFrame:
        """Front lines valid on at least one day from ``start`` to ``end`` (inclusive), with their
        ``valid_from`` and effective ``valid_to`` (see :meth:`front_lines_on`): what a map that steps
        through those days in the browser needs to draw the lines valid on each day."""
        s, e = self._date_param(_as_date(start)), self._date_param(_as_date(end))
        cols = ", ".join(f"f.{c}" for c in EVENT_COLUMNS if c != "valid_to")
        sql = (f"SELECT {cols}, f.valid_from, f.valid_to, f.stated_valid_to,"
               f" {self._geom('f.')} AS geom FROM front_lines f"
               " WHERE f.valid_from <= ? AND (f.valid_to IS NULL OR f.valid_to >= ?)"
               " ORDER BY f.valid_from, f.event_id")
        with self._snapshot() as cur:
            columns = self._fetch_columns(cur, sql, [e, s])
        geoms = self._decode_geoms(columns.pop("geom"))
        return _store_frame(columns, geoms, extra_cols=("valid_from", "valid_to", "stated_valid_to", "line_key"))

    def revision(self) -> tuple[str, int]:
        with self._snapshot() as cur:
            row = self._one(cur, "SELECT store_id, revision FROM store_revision WHERE id = 1")
        if row is None:
            raise StoreError("the store has no store_revision row")
        return str(row["store_id"]), int(row["revision"])

    def article_count(self) -> int:
        with self._snapshot() as cur:
            return int(self._fetch(cur, "SELECT COUNT(*) AS n FROM articles")[0]["n"])

    def event_count(self, *, include_rejected: bool = True) -> int:
        sql = "SELECT COUNT(*) AS n FROM events" + ("" if include_rejected else " WHERE rejected = ?")
        with self._snapshot() as cur:
            return int(self._fetch(cur, sql, [] if include_rejected else [False])[0]["n"])

    def mention_count(self) -> int:
        with self._snapshot() as cur:
            return int(self._fetch(cur, "SELECT COUNT(*) AS n FROM place_mentions")[0]["n"])

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, Article]:
        ids = list(dict.fromkeys(article_ids))
        # An id stored itself wins over the same id as an alias (the store keeps them apart anyway).
        sql = (f"SELECT a.id AS asked, {_ARTICLE_FIELDS} FROM articles a WHERE a.id IN {{in}}"
               f" UNION ALL SELECT l.alias_id AS asked, {_ARTICLE_FIELDS} FROM articles a"
               " JOIN article_aliases l ON l.article_id = a.id WHERE l.alias_id IN {in}")
        with self._snapshot() as cur:
            rows = self._fetch_in(cur, sql, ids)
        found: dict[str, Article] = {}
        for row in rows:
            found.setdefault(row["asked"], Article(
                id=row["id"], text=row["text"], published=_as_date(row["published"]), language=row["language"],
                title=row["title"], url=row["url"], source=row["source"]))
        return {aid: found[aid] for aid in ids if aid in found}

    def consistency_problems(self) -> list[str]:
        checks = {
            "events without an article link":
                "SELECT COUNT(*) AS n FROM events e WHERE NOT EXISTS"
                " (SELECT 1 FROM event_articles l WHERE l.event_id = e.event_id)",
            "event links to missing articles":
                "SELECT COUNT(*) AS n FROM event_articles l WHERE NOT EXISTS"
                " (SELECT 1 FROM articles a WHERE a.id = l.article_id)",
            "event links to missing events":
                "SELECT COUNT(*) AS n FROM event_articles l WHERE NOT EXISTS"
                " (SELECT 1 FROM events e WHERE e.event_id = l.event_id)",
            "mentions of missing articles":
                "SELECT COUNT(*) AS n FROM place_mentions m WHERE NOT EXISTS"
                " (SELECT 1 FROM articles a WHERE a.id = m.article_id)",
            "aliases of missing articles":
                "SELECT COUNT(*) AS n FROM article_aliases l WHERE NOT EXISTS"
                " (SELECT 1 FROM articles a WHERE a.id = l.article_id)",
            "aliases that are also article ids":
                "SELECT COUNT(*) AS n FROM article_aliases l JOIN articles a ON a.id = l.alias_id",
        }
        problems: list[str] = []
        with self._snapshot() as cur:
            for label, sql in checks.items():
                n = int(self._fetch(cur, sql)[0]["n"])
                if n:
                    problems.append(f"{n} {label}")
        return problems
