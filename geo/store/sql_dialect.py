"""The plumbing every SQL backend shares: transactions, parameters, geometry encoding, fetching.

In: SQL written with ``?`` placeholders and ``{geom}``. Out: the driver's syntax, with
values always sent as parameters. :class:`SQLDialect` is the base of the SQL stores;
the GeoPackage and PostGIS classes override its hooks.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date
from typing import Any

import numpy as np
from shapely.geometry.base import BaseGeometry

from geo.store.base import (
    BBox,
    EventStore,
    Row,
)
from geo.store.identity import (
    event_geometry,
)

#: Values per ``IN (...)`` list of :meth:`SQLDialect._fetch_in`: one query reads this many ids, far
#: below SQLite's 32,766 and PostgreSQL's 65,535 parameters of one statement.
IN_CHUNK = 500


class SQLDialect(EventStore):
    """The store logic over a DB-API connection; subclasses supply the dialect.

    SQL is written with ``?`` placeholders and ``{geom}`` where a geometry
    parameter goes; :meth:`_sql` turns that into the driver's syntax. Values
    always travel as parameters.
    """

    #: Spelling of the geometry parameter (``{geom}`` in the SQL).
    GEOM_PARAM = "?"
    #: Expression reading column ``geom`` of table alias ``{t}`` as :meth:`_decode_geom` takes it.
    GEOM_SELECT = "{t}geom"

    # -- dialect hooks ------------------------------------------------------------------

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Any]:
        """A write transaction; yields a cursor. Commits on success, rolls back on error."""

    @abstractmethod
    def _snapshot(self) -> AbstractContextManager[Any]:
        """A read-only transaction with one consistent snapshot; yields a cursor."""

    @abstractmethod
    def _encode_geom(self, geom: BaseGeometry | None) -> Any:
        """Geometry as the driver parameter of ``{geom}``."""

    def _encode_pairs(self, pairs: Sequence[tuple[float, float]] | None) -> Any:
        """Point/LineString given as ``(lon, lat)`` pairs, as the parameter of ``{geom}``."""
        return self._encode_geom(event_geometry(pairs)) if pairs else None

    @abstractmethod
    def _decode_geom(self, value: Any) -> BaseGeometry | None:
        """Geometry from a ``GEOM_SELECT`` value."""

    @abstractmethod
    def _bbox_clause(self, bbox: BBox) -> tuple[str, str, list[Any]]:
        """``(join, condition, params)`` keeping events (alias ``e``) whose envelope meets ``bbox``."""

    def _geom(self, alias: str) -> str:
        return self.GEOM_SELECT.format(t=alias)

    def _sql(self, sql: str) -> str:
        return sql.replace("{geom}", self.GEOM_PARAM)

    def _date_param(self, value: date | None) -> Any:
        return value.isoformat() if value is not None else None

    def _after_write(self, cur: Any, tables: Sequence[str]) -> None:
        """Run inside each write transaction: counts it in ``store_revision`` (subclasses add to it)."""
        self._exec(cur, "UPDATE store_revision SET revision = revision + 1 WHERE id = 1")

    # -- plain SQL for the tables beside the events (the watch's) --------------------------
    # Events, articles and corrections are written through the store's own methods (identity, revision,
    # corrections); these serve tables that are not part of that model, in the store's own transactions.

    def read_rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """The rows of one query (``?`` placeholders, values sent as parameters) as dicts, read in
        one consistent snapshot."""
        with self._snapshot() as cur:
            return self._fetch(cur, sql, params)

    def read_rows_in(self, sql: str, values: Sequence[Any]) -> list[Row]:
        """The rows of ``sql`` for many values, in one snapshot: each ``{in}`` of ``sql`` stands for a
        chunk's ``(?, ?, ...)`` (see :meth:`_fetch_in`), so any number of values is read in a few queries."""
        with self._snapshot() as cur:
            return self._fetch_in(cur, sql, values)

    def write_row(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one writing statement in a transaction of its own: committed when it returns, rolled
        back (the store still usable) when it raises. The store's revision is not counted: what
        changes is not an event."""
        with self._transaction() as cur:
            self._exec(cur, sql, params)

    # -- helpers --------------------------------------------------------------------------

    def _fetch(self, cur: Any, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur.execute(self._sql(sql), list(params))
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def _fetch_columns(self, cur: Any, sql: str, params: Sequence[Any] = ()) -> dict[str, Sequence[Any]]:
        """The result as ``{column: values}``: no dict per row (reads of 100,000 events)."""
        cur.execute(self._sql(sql), list(params))
        names = [d[0] for d in cur.description]
        rows = cur.fetchall()
        values: list[Sequence[Any]] = list(zip(*rows, strict=True)) if rows else [() for _ in names]
        return dict(zip(names, values, strict=True))

    def _decode_geoms(self, values: Sequence[Any]) -> np.ndarray:
        """:meth:`_decode_geom` of each value, as an object array (stores may vectorise it)."""
        out = np.empty(len(values), dtype=object)
        out[:] = [self._decode_geom(v) for v in values]
        return out

    def _one(self, cur: Any, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self._fetch(cur, sql, params)
        return rows[0] if rows else None

    def _exec(self, cur: Any, sql: str, params: Sequence[Any] = ()) -> None:
        cur.execute(self._sql(sql), list(params))

    def _many(self, cur: Any, sql: str, rows: list[list[Any]]) -> None:
        if rows:
            cur.executemany(self._sql(sql), rows)

    @staticmethod
    def _in(values: Sequence[Any]) -> str:
        return "(" + ",".join("?" * len(values)) + ")"

    def _fetch_in(self, cur: Any, sql: str, values: Sequence[Any]) -> list[Row]:
        """The rows of ``sql`` for many values, one query per :data:`IN_CHUNK` of them: each
        ``{in}`` of ``sql`` stands for the chunk's ``(?, ?, ...)`` and takes the chunk's values as
        parameters: a few queries for a batch, not one per value."""
        rows: list[Row] = []
        uses = sql.count("{in}")
        for at in range(0, len(values), IN_CHUNK):
            chunk = list(values[at:at + IN_CHUNK])
            rows += self._fetch(cur, sql.replace("{in}", self._in(chunk)), chunk * uses)
        return rows
