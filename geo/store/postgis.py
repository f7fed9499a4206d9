"""PostGIS backend (psycopg 3): the same store in a PostgreSQL schema.

URL: ``postgresql://user@host:port/db[?schema=NAME&<libpq options>]``.
``schema`` (default ``public``) is this module's own parameter: the tables go
there and it is put first on the connection's ``search_path`` (the rest of the
path is kept, so PostGIS functions installed elsewhere are still found).

Every value travels as a query parameter; identifiers (the schema name) are
composed with :mod:`psycopg.sql`. Writes take a transaction-scoped advisory
lock, so two ingestions into one schema serialise instead of racing on the same
article. Reads run in ``REPEATABLE READ READ ONLY`` transactions: one snapshot.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.store import redact_url
from geo.store.base import BBox, StoreError
from geo.store.identity import wkb_from_pairs
from geo.store.migrations import apply_migrations
from geo.store.sql import SQLEventStore

__all__ = ["PostGISStore", "split_url"]

_SCHEMA_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
# Advisory lock key for schema creation and migrations across all stores of a database.
_MIGRATION_LOCK = 0x4C434D00


def split_url(url: str) -> tuple[str, str]:
    """``(libpq URL, schema)``: the ``schema`` query parameter taken out of a store URL."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = "public"
    rest = []
    for key, value in query:
        if key == "schema":
            schema = value
        else:
            rest.append((key, value))
    if not _SCHEMA_RE.match(schema):
        raise StoreError(f"invalid schema name {schema!r} in the store URL")
    return urlunsplit(parts._replace(query=urlencode(rest))), schema


class PostGISStore(SQLEventStore):
    """The event store in PostgreSQL + PostGIS."""

    GEOM_PARAM = "ST_SetSRID(ST_GeomFromWKB(%s), 4326)"
    GEOM_SELECT = "ST_AsBinary({t}geom)"

    def __init__(self, url: str) -> None:
        try:
            import psycopg
            from psycopg import sql
        except ImportError as exc:  # pragma: no cover - psycopg is a dependency
            raise StoreError("the PostGIS store needs psycopg 3 (pip install 'psycopg[binary]')") from exc
        self._psycopg = psycopg
        self._sqlmod = sql
        conninfo, self.schema = split_url(url)
        self.url = url
        self._lock = threading.RLock()
        try:
            self._conn: Any = psycopg.connect(conninfo, autocommit=True)
        except psycopg.Error as exc:
            # The message names the address without its password; psycopg's own error text
            # does not repeat the password, but it is masked there too in case a libpq version does.
            secret = urlsplit(conninfo).password
            detail = " ".join(str(exc).split())  # libpq's several lines as one
            detail = detail.replace(secret, "***") if secret else detail
            raise StoreError(f"cannot connect to {redact_url(conninfo)}: {detail}") from None
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    def _sql(self, sql: str) -> str:
        # '?' first: the geometry parameter itself is spelled with %s.
        return sql.replace("?", "%s").replace("{geom}", self.GEOM_PARAM)

    def _date_param(self, value: date | None) -> Any:
        return value

    def _migrate(self) -> None:
        sql = self._sqlmod
        with self._lock, self._conn.transaction(), self._conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_MIGRATION_LOCK])
            cur.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'")
            if cur.fetchone() is None:
                try:
                    cur.execute("CREATE EXTENSION IF NOT EXISTS postgis")
                except self._psycopg.Error as exc:
                    raise StoreError(f"PostGIS is not installed in this database and could not be: {exc}") from exc
            cur.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema)))
            self._set_search_path(cur, local=True)
            apply_migrations(cur.execute, lambda: (r[0] for r in cur.execute("SELECT version FROM schema_version")),
                             "postgis", f"schema {self.schema}", mark="%s")
        with self._lock, self._conn.cursor() as cur:
            self._set_search_path(cur, local=False)

    def _set_search_path(self, cur: Any, *, local: bool) -> None:
        cur.execute("SELECT current_setting('search_path')")
        current = cur.fetchone()[0]
        quoted = self._sqlmod.Identifier(self.schema).as_string(self._conn)
        cur.execute("SELECT set_config('search_path', %s, %s)", [f"{quoted}, {current}", local])

    def schema_versions(self) -> list[int]:
        """Versions recorded in ``schema_version`` (for tests and diagnostics)."""
        with self._snapshot() as cur:
            cur.execute("SELECT version FROM schema_version ORDER BY version")
            return [int(r[0]) for r in cur.fetchall()]

    def _connection(self) -> Any:
        if self._conn is None:
            raise StoreError("the store is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        with self._lock:
            conn = self._connection()
            with conn.transaction(), conn.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema()))")
                yield cur

    @contextmanager
    def _snapshot(self) -> Iterator[Any]:
        with self._lock:
            conn = self._connection()
            with conn.transaction(), conn.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield cur

    def _encode_geom(self, geom: BaseGeometry | None) -> bytes | None:
        return None if geom is None else shapely.to_wkb(geom, output_dimension=2)

    def _encode_pairs(self, pairs: Sequence[tuple[float, float]] | None) -> bytes | None:
        return wkb_from_pairs(pairs) if pairs else None

    def _decode_geom(self, value: Any) -> BaseGeometry | None:
        if value is None:
            return None
        geom = shapely.from_wkb(bytes(value))
        return None if geom is None or geom.is_empty else geom

    def _decode_geoms(self, values: Sequence[Any]) -> np.ndarray:
        geoms = shapely.from_wkb(np.array([None if v is None else bytes(v) for v in values], dtype=object))
        geoms[shapely.is_empty(geoms)] = None
        return np.asarray(geoms, dtype=object)

    def _bbox_clause(self, bbox: BBox) -> tuple[str, str, list[Any]]:
        return "", "e.geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)", list(bbox)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
