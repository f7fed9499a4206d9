"""GeoPackage backend: one SQLite file that QGIS and GDAL open as a GeoPackage.

Written with the standard library's ``sqlite3``: the GeoPackage core tables,
the geometry blobs (GeoPackage binary header + ISO WKB) and the R-tree
extension are created by the migrations. The R-tree triggers of the
specification call ``ST_MinX``/``ST_IsEmpty``...; GDAL provides those SQL
functions to its own connections, this module registers Python versions on
ours.

Durability: WAL journal mode, so readers (the map app, QGIS) read a consistent
snapshot while an ingestion writes; every write is one ``BEGIN IMMEDIATE`` ...
``COMMIT`` transaction, so a crash or SIGKILL mid-write leaves the previous
committed state. ``synchronous=NORMAL`` is safe against process crashes; only
an OS crash or power cut can lose (never corrupt) the last transactions.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.store.base import BBox, StoreError
from geo.store.identity import wkb_from_pairs
from geo.store.migrations import apply_migrations
from geo.store.sql import SQLEventStore

__all__ = ["GeoPackageStore", "gpkg_blob", "gpkg_blob_from_pairs", "gpkg_wkb"]

SRS_ID = 4326
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_FLAG_LITTLE_ENDIAN = 0x01
_FLAG_ENVELOPE_XY = 0x02  # envelope indicator 1 (minx, maxx, miny, maxy) in bits 1-3
_FLAG_EMPTY = 0x10


def gpkg_blob(geom: BaseGeometry | None) -> bytes | None:
    """A geometry as a GeoPackage binary blob (header with XY envelope, then ISO WKB)."""
    if geom is None:
        return None
    wkb = shapely.to_wkb(geom, byte_order=1, output_dimension=2)
    if geom.is_empty:
        return b"GP\x00" + bytes([_FLAG_LITTLE_ENDIAN | _FLAG_EMPTY]) + struct.pack("<i", SRS_ID) + wkb
    minx, miny, maxx, maxy = geom.bounds
    header = b"GP\x00" + bytes([_FLAG_LITTLE_ENDIAN | _FLAG_ENVELOPE_XY]) + struct.pack("<i", SRS_ID)
    return header + struct.pack("<4d", minx, maxx, miny, maxy) + wkb


def gpkg_wkb(blob: bytes | None) -> bytes | None:
    """The WKB part of a GeoPackage blob (None for None)."""
    if blob is None:
        return None
    blob = bytes(blob)
    if blob[:2] != b"GP" or len(blob) < 8:
        raise ValueError("not a GeoPackage geometry blob")
    return blob[8 + _ENVELOPE_BYTES[(blob[3] >> 1) & 0x07]:]


_HEADER_XY = b"GP\x00" + bytes([_FLAG_LITTLE_ENDIAN | _FLAG_ENVELOPE_XY]) + struct.pack("<i", SRS_ID)


def gpkg_blob_from_pairs(pairs: Sequence[tuple[float, float]] | None) -> bytes | None:
    """GeoPackage blob of a Point/LineString given as ``(lon, lat)`` pairs (no shapely on the hot path)."""
    if not pairs:
        return None
    xs = [p[0] for p in pairs]
    ys = [p[1] for p in pairs]
    return _HEADER_XY + struct.pack("<4d", min(xs), max(xs), min(ys), max(ys)) + wkb_from_pairs(pairs)


Envelope = tuple[float, float, float, float]
# The R-tree triggers ask ST_MinX, ST_MaxX, ST_MinY, ST_MaxY of one blob in a row: parse it once.
# One (blob, envelope) tuple, replaced whole, so concurrent connections never see a torn pair.
_last: list[tuple[bytes | None, Envelope | None]] = [(None, None)]


def _envelope(blob: bytes | None) -> tuple[float, float, float, float] | None:
    """``(minx, maxx, miny, maxy)`` from the header, or computed when the header has none."""
    if blob is None:
        return None
    last_blob, last_env = _last[0]
    if blob == last_blob:
        return last_env
    env = _parse_envelope(bytes(blob))
    _last[0] = (blob, env)
    return env


def _parse_envelope(blob: bytes) -> tuple[float, float, float, float] | None:
    flags = blob[3]
    if flags & _FLAG_EMPTY:
        return None
    if (flags >> 1) & 0x07:
        fmt = "<4d" if flags & _FLAG_LITTLE_ENDIAN else ">4d"
        minx, maxx, miny, maxy = struct.unpack(fmt, blob[8:40])
        return minx, maxx, miny, maxy
    # GDAL omits the envelope of points; compute it.
    geom = shapely.from_wkb(gpkg_wkb(blob))
    if geom is None or geom.is_empty:
        return None
    x0, y0, x1, y1 = geom.bounds
    return x0, x1, y0, y1


def _bound(i: int) -> Any:
    def fn(blob: bytes | None) -> float | None:
        env = _envelope(blob)
        return None if env is None else env[i]
    return fn


def _is_empty(blob: bytes | None) -> int | None:
    if blob is None:
        return None
    return 1 if _envelope(blob) is None else 0


class GeoPackageStore(SQLEventStore):
    """The event store in a GeoPackage file (created with its parent folder if missing).

    One object may be used from several threads (calls are serialised); for
    parallel reads, open one store per process.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self._conn: sqlite3.Connection | None = sqlite3.connect(
                self.path, isolation_level=None, timeout=60.0, check_same_thread=False
            )
            self._setup(self._conn)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {self.path} as a GeoPackage event store: {exc}") from exc

    @staticmethod
    def _setup(conn: sqlite3.Connection) -> None:
        for i, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
            conn.create_function(name, 1, _bound(i), deterministic=True)
        conn.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
        conn.execute("PRAGMA busy_timeout = 60000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"could not switch to WAL journal mode (got {mode!r})")
        conn.execute("PRAGMA synchronous = NORMAL")
        # Cascades keep mentions/links attached when an article id moves to an alias.
        conn.execute("PRAGMA foreign_keys = ON")

    def _migrate(self) -> None:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            apply_migrations(conn.execute, lambda: (r[0] for r in conn.execute("SELECT version FROM schema_version")),
                             "gpkg", str(self.path))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def schema_versions(self) -> list[int]:
        """Versions recorded in ``schema_version`` (for tests and diagnostics)."""
        with self._snapshot() as cur:
            return [int(r[0]) for r in cur.execute("SELECT version FROM schema_version ORDER BY version")]

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the store is closed")
        return self._conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cur = self._connection().cursor()
            # IMMEDIATE takes the write lock now, so a batch never fails half-way on a busy database.
            cur.execute("BEGIN IMMEDIATE")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            else:
                cur.execute("COMMIT")
            finally:
                cur.close()

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cur = self._connection().cursor()
            # A deferred transaction: every SELECT inside sees the same WAL snapshot.
            cur.execute("BEGIN")
            try:
                yield cur
            finally:
                cur.execute("COMMIT")
                cur.close()

    def _encode_geom(self, geom: BaseGeometry | None) -> bytes | None:
        return gpkg_blob(geom)

    def _encode_pairs(self, pairs: Sequence[tuple[float, float]] | None) -> bytes | None:
        return gpkg_blob_from_pairs(pairs)

    def _decode_geom(self, value: Any) -> BaseGeometry | None:
        wkb = gpkg_wkb(value)
        if wkb is None:
            return None
        geom = shapely.from_wkb(wkb)
        return None if geom is None or geom.is_empty else geom

    def _decode_geoms(self, values: Sequence[Any]) -> np.ndarray:
        # Headers stripped in Python (cheap slicing), the WKB parsed in one vectorised call.
        geoms = shapely.from_wkb(np.array([gpkg_wkb(v) for v in values], dtype=object))
        geoms[shapely.is_empty(geoms)] = None
        return np.asarray(geoms, dtype=object)

    def _bbox_clause(self, bbox: BBox) -> tuple[str, str, list[Any]]:
        minx, miny, maxx, maxy = bbox
        # A join (not "fid IN (SELECT ...)"), so SQLite can choose: scan the R-tree when the box
        # is the selective filter, or look each date/category match up in it by id otherwise.
        return ("JOIN rtree_events_geom r ON r.id = e.fid",
                "r.minx <= ? AND r.maxx >= ? AND r.miny <= ? AND r.maxy >= ?", [maxx, minx, maxy, miny])

    def _after_write(self, cur: Any, tables: Sequence[str]) -> None:
        super()._after_write(cur, tables)
        # GeoPackage readers use last_change to notice that a layer changed.
        cur.execute("UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')"
                    f" WHERE table_name IN ({','.join('?' * len(tables))})", list(tables))

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
