"""The event-store interface and the SQL logic both backends share.

Identity rules (the same in every backend)
------------------------------------------
* An article is keyed by its ``id``; its text is fingerprinted by
  :func:`content_hash` (SHA-256 of the NFC-normalised text with unified line
  endings and outer whitespace stripped).
* Identical text under a second id is stored once: the second id becomes an
  *alias* of the first (table ``article_aliases``) and ``upsert_article``
  answers ``"unchanged"`` (counted as a duplicate by ``add_results``).
  ``get_article(alias)`` returns the stored article (with its own id).
* Same id, same text and the same pipeline output -> ``"unchanged"``. Same id
  and same text but different pipeline output (the article was re-extracted by
  a newer pipeline, or its metadata changed) -> the mentions and events are
  replaced -> ``"replaced"``. Same id with changed text -> the article, its
  mentions and its events are replaced in one transaction -> ``"replaced"``.
* Event ids are stable: ``ev-`` + 16 hex digits of SHA-256 over the article's
  content hash, the category, the place (id, else name, else rounded
  coordinates), the origin and the date (see :func:`assign_event_ids`). The
  id given by the pipeline (``Event.event_id``) is ignored, so corrections,
  which are keyed by event id, survive re-extraction of the same text.

Corrections
-----------
Corrections are rows of ``corrections`` (one per corrected field) and are
*materialised*: the ``events`` row carries the corrected values (what a map,
a query or QGIS shows), ``rejected`` marks rejected events, and ``corrected``
keeps the extracted values that a correction overrode (JSON). When an
article's events are written again, the stored corrections of their ids are
applied again in the same transaction. The latest correction of a field wins.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
import struct
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from geo.model import CATEGORIES, Article, Event, PlaceMention
from geo.pipeline import ArticleResult

__all__ = [
    "EventStore",
    "SQLEventStore",
    "IngestStats",
    "StoreError",
    "content_hash",
    "result_hash",
    "assign_event_ids",
    "front_line_key",
    "clean_text",
    "event_geometry",
    "events_frame",
    "EVENT_COLUMNS",
    "MENTION_COLUMNS",
    "ARTICLE_COLUMNS",
]

Row = dict[str, Any]
BBox = tuple[float, float, float, float]

#: Columns of ``articles`` as written by the store (``fid`` and geometry aside).
ARTICLE_COLUMNS: tuple[str, ...] = (
    "id", "content_hash", "result_hash", "source", "url", "published", "language", "title", "text",
    "ingested_at",
)
#: Columns of ``place_mentions`` (``geom`` aside).
MENTION_COLUMNS: tuple[str, ...] = (
    "article_id", "start", "end", "surface", "place_id", "name", "lat", "lon", "country_code",
    "feature_type", "geo_precision", "relation", "anchor_ids", "distance_km", "district",
)
#: Event fields stored as columns of the same name.
EVENT_FIELDS: tuple[str, ...] = (
    "category", "event_date", "time_precision", "geo_precision", "place_name", "place_id",
    "origin_name", "origin_id", "actor1", "actor2", "claimed_by", "fatalities", "injured",
    "approximate", "language", "source", "url", "event_type", "sub_event_type", "corroboration",
    "district", "valid_to", "evidence",
)
#: Columns of ``events`` (``fid`` and ``geom`` aside).
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id", *EVENT_FIELDS, "article_ids", "extra", "line_key", "rejected", "corrected",
)
#: Fields a correction may set, as named in the ``corrections.field`` column.
CORRECTABLE: tuple[str, ...] = ("category", "event_date", "location", "place_name", "rejected", "note")


class StoreError(RuntimeError):
    """A store could not be opened or written (bad URL, incompatible schema, ...)."""


@dataclass(slots=True)
class IngestStats:
    """What :meth:`EventStore.add_results` did.

    ``duplicates`` counts articles whose text was already stored under another
    id; they are included in ``unchanged`` too. ``failed`` counts articles that
    could not be written (only when an ``on_error`` callback was given).
    """

    inserted: int = 0
    unchanged: int = 0
    replaced: int = 0
    duplicates: int = 0
    failed: int = 0
    mentions: int = 0
    events: int = 0
    batches: int = 0

    def add(self, other: IngestStats) -> None:
        """Accumulate ``other`` into this one."""
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))


# --------------------------------------------------------------------------- identity


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Replace characters no database can store with U+FFFD, one for one.

    NUL (PostgreSQL rejects it) and lone surrogates (not encodable as UTF-8) are
    the two. Replacing them one for one keeps every character offset of a place
    mention valid.
    """
    return _UNSTORABLE.sub("\ufffd", value) if _UNSTORABLE.search(value) else value


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


def content_hash(text: str) -> str:
    """Hex SHA-256 of a text, insensitive to Unicode normal form, CRLF and outer whitespace."""
    norm = unicodedata.normalize("NFC", clean_text(text).replace("\r\n", "\n").replace("\r", "\n")).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def _json_default(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else repr(value)


def result_hash(result: ArticleResult) -> str:
    """Fingerprint of everything the store keeps of one result except the id and the text.

    Two results of the same text hash alike exactly when the store would write
    the same rows; ``event_id`` (store-assigned) is left out.
    """
    art = result.article
    payload = {
        "article": [art.published, art.language, art.title, art.url, art.source],
        "mentions": [[getattr(m, f.name) for f in dataclasses.fields(m)] for m in result.mentions],
        "events": [
            [getattr(e, f.name) for f in dataclasses.fields(e) if f.name != "event_id"] for e in result.events
        ],
    }
    try:
        blob = json.dumps(payload, ensure_ascii=False, sort_keys=True, default=_json_default)
    except (TypeError, ValueError):  # keys of mixed types in ``extra``, ...: slower but total
        blob = json.dumps(_jsonable(payload), ensure_ascii=False, sort_keys=True, default=repr)
    # surrogatepass: a lone surrogate from untrusted text (cleaned only when written) must not stop
    # the fingerprint; the hash needs bytes, not valid UTF-8.
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def _place_key(pid: str | None, name: str | None, coord: tuple[float, float] | None) -> str:
    if pid:
        return f"id:{pid}"
    if name:
        return "name:" + unicodedata.normalize("NFC", name).strip().casefold()
    if coord is not None:
        return f"xy:{coord[0]:.3f},{coord[1]:.3f}"
    return "-"


def assign_event_ids(chash: str, events: Sequence[Event]) -> list[str]:
    """Stable ids for the events of one article, in order.

    The id depends on the article's content hash, the category, the place
    (destination), the origin and the date, so re-extracting the same text
    yields the same ids. Events equal on all of these get ``-2``, ``-3``...
    suffixes in order of appearance.
    """
    ids: list[str] = []
    seen: dict[str, int] = {}
    for ev in events:
        coords = _finite_coords(ev.coords)
        dest = coords[-1] if coords else None
        origin = coords[0] if len(coords) > 1 else None
        key = "|".join((
            chash,
            ev.category or "",
            _place_key(ev.place_id, ev.place_name, dest),
            _place_key(ev.origin_id, ev.origin_name, origin) if (ev.origin_id or ev.origin_name or origin) else "",
            ev.event_date.isoformat() if isinstance(ev.event_date, date) else "",
        ))
        base = "ev-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        n = seen.get(base, 0) + 1
        seen[base] = n
        ids.append(base if n == 1 else f"{base}-{n}")
    return ids


def front_line_key(event: Event, event_id: str) -> str:
    """The places a front line runs between, so a newer line between them supersedes it.

    Place ids when known, else names, else the rounded end points; a line with
    nothing to compare keeps a key of its own (its event id). Computed for every
    event, so one a correction turns into a front line has a key too.
    """
    coords = _finite_coords(event.coords)
    ends = [
        _place_key(event.place_id, event.place_name, coords[-1] if coords else None),
        _place_key(event.origin_id, event.origin_name, coords[0] if len(coords) > 1 else None),
    ]
    ends = [e for e in ends if e != "-"]
    if not ends:
        return "event:" + event_id
    return "|".join(sorted(set(ends)))


def _finite_coords(coords: Iterable[Any]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for c in coords or []:
        try:
            lon, lat = float(c[0]), float(c[1])
        except (TypeError, ValueError, IndexError):
            return []
        if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
            return []
        out.append((lon, lat))
    return out


def geometry_pairs(coords: Iterable[Any]) -> list[tuple[float, float]] | None:
    """The ``(lon, lat)`` pairs a geometry is built from, or None when missing or invalid.

    Coordinates outside WGS84 bounds or not finite invalidate the whole geometry:
    the event is kept (its text evidence is real) but not drawn. A line whose
    vertices all coincide becomes its point.
    """
    pairs = _finite_coords(coords)
    if not pairs:
        return None
    if len(pairs) > 1 and len(set(pairs)) == 1:
        return pairs[:1]
    return pairs


def event_geometry(coords: Iterable[Any]) -> BaseGeometry | None:
    """Point for one ``(lon, lat)`` pair, LineString for more, None when missing or invalid."""
    pairs = geometry_pairs(coords)
    if not pairs:
        return None
    return Point(pairs[0]) if len(pairs) == 1 else LineString(pairs)


def wkb_from_pairs(pairs: Sequence[tuple[float, float]]) -> bytes:
    """Little-endian ISO WKB of a Point (one pair) or LineString (more), without shapely.

    Writing millions of events, building shapely objects only to serialise them
    costs more than the database insert.
    """
    if len(pairs) == 1:
        return struct.pack("<BIdd", 1, 1, pairs[0][0], pairs[0][1])
    flat = [c for pair in pairs for c in pair]
    return struct.pack(f"<BII{len(flat)}d", 1, 2, len(pairs), *flat)


def _mention_pairs(m: PlaceMention) -> list[tuple[float, float]] | None:
    if m.lon is None or m.lat is None:
        return None
    return geometry_pairs([(m.lon, m.lat)])


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _opt_int(value: Any) -> int | None:
    if value is None:
        return None
    try:
        if isinstance(value, float) and not math.isfinite(value):
            return None
        out = int(value)
    except (TypeError, ValueError, OverflowError):
        return None
    # Both backends store 64-bit integers; a larger count is noise, not a count.
    return out if -(2**63) < out < 2**63 else None


def _opt_float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return out if math.isfinite(out) else None


def _now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# --------------------------------------------------------------------------- frames


def _event_from_row(row: Row, geom: BaseGeometry | None) -> Event:
    coords: list[tuple[float, float]] = []
    if geom is not None and not geom.is_empty:
        coords = [(float(x), float(y)) for x, y, *_ in shapely.get_coordinates(geom).tolist()]
    ids = json.loads(row["article_ids"]) if row.get("article_ids") else []
    extra = json.loads(row["extra"]) if row.get("extra") else {}
    kw: dict[str, Any] = {f: row.get(f) for f in EVENT_FIELDS}
    kw["event_date"] = _as_date(kw["event_date"])
    kw["valid_to"] = _as_date(kw["valid_to"])
    kw["approximate"] = bool(kw["approximate"])
    for key, default in (("time_precision", 1), ("geo_precision", 1), ("corroboration", 1)):
        kw[key] = int(kw[key]) if kw[key] is not None else default
    for key in ("fatalities", "injured"):
        kw[key] = int(kw[key]) if kw[key] is not None else None
    return Event(coords=coords, article_ids=list(ids), event_id=row["event_id"], extra=extra, **kw)


def events_frame(events: Iterable[Event]) -> gpd.GeoDataFrame:
    """Events as the project's common GeoDataFrame (``geo.outputs.layers.events_to_frame``)."""
    from geo.outputs.layers import events_to_frame  # the map's frame format is defined there

    return events_to_frame(events)


def _dates(values: Sequence[Any]) -> np.ndarray:
    """``datetime64[ns]`` days of ISO strings or ``date`` objects (NaT for missing or unreadable)."""
    series = pd.Series(list(values), dtype=object)
    if all(v is None or isinstance(v, str) for v in values):
        # The GeoPackage stores ISO text: one vectorised parse of the first 10 characters.
        parsed = pd.to_datetime(series.str.slice(0, 10), errors="coerce", format="%Y-%m-%d")
    else:
        parsed = pd.to_datetime(pd.Series([_as_date(v) for v in values], dtype=object), errors="coerce")
    return parsed.astype("datetime64[ns]").to_numpy()


def _json_lists(values: Sequence[Any]) -> list[list[Any]]:
    """``article_ids`` JSON texts as lists: one parse of the whole column, per row only if that fails."""
    texts = [v if isinstance(v, str) and v else "[]" for v in values]
    parsed: Any = None
    try:
        parsed = json.loads("[" + ",".join(texts) + "]")
    except ValueError:
        pass
    if not isinstance(parsed, list) or len(parsed) != len(texts):  # a text that is not one JSON value
        parsed = [json.loads(t) for t in texts]
    return [list(v) if isinstance(v, list) else [] for v in parsed]


def _store_frame(columns: dict[str, Sequence[Any]], geoms: np.ndarray,
                 extra_cols: Sequence[str] = ()) -> gpd.GeoDataFrame:
    """A frame in the ``geo.outputs.layers.events_to_frame`` format plus the store's own columns.

    Built column by column from the database's columns: no :class:`Event` and
    no dict per row, so 100,000 events load in about a second. The same dtypes
    as ``events_to_frame`` (a test compares the two). The geometry is the
    database's, so an event without valid coordinates keeps a missing geometry.
    """
    from geo.outputs.layers import DATE_COLUMNS, FRAME_COLUMNS

    n = len(geoms)
    if n == 0:
        frame = events_frame([])
    else:
        data: dict[str, Any] = {col: list(columns[col]) for col in FRAME_COLUMNS if col != "article_ids"}
        data["article_ids"] = _json_lists(columns["article_ids"])
        df = pd.DataFrame(data, columns=list(FRAME_COLUMNS))
        for col in DATE_COLUMNS:
            df[col] = _dates(columns[col])
        for col in ("fatalities", "injured"):
            df[col] = pd.to_numeric(pd.Series(columns[col], dtype=object), errors="coerce").round().astype("Int64")
        for col in ("time_precision", "geo_precision", "corroboration"):
            df[col] = (pd.to_numeric(pd.Series(columns[col], dtype=object), errors="coerce")
                       .fillna(1).round().astype("int64"))
        df["approximate"] = pd.Series(columns["approximate"], dtype=object).fillna(False).astype(bool)
        frame = gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"), crs="EPSG:4326")
    frame["rejected"] = pd.Series(list(columns.get("rejected", [False] * n)), index=frame.index,
                                  dtype=object).fillna(False).astype(bool)
    frame["corrected"] = pd.Series(list(columns.get("corrected", [None] * n)), index=frame.index, dtype=object)
    for col in extra_cols:
        values = list(columns[col])
        if col in ("valid_from", "valid_to", "stated_valid_to"):
            frame[col] = pd.Series(_dates(values) if n else np.array([], "datetime64[ns]"), index=frame.index)
        else:
            frame[col] = pd.Series(values, index=frame.index, dtype=object)
    return frame


# --------------------------------------------------------------------------- interface


class EventStore(ABC):
    """Articles, place mentions, events and corrections in one spatial database.

    Use as a context manager or call :meth:`close`. Every write method is one
    transaction: it lands whole or not at all.
    """

    url: str

    @abstractmethod
    def upsert_article(self, result: ArticleResult) -> str:
        """Store one pipeline result; answer ``"inserted"``, ``"unchanged"`` or ``"replaced"``."""

    @abstractmethod
    def add_results(
        self,
        results: Iterable[ArticleResult],
        *,
        batch_size: int = 500,
        on_error: Callable[[ArticleResult, Exception], None] | None = None,
    ) -> IngestStats:
        """Store many results, ``batch_size`` per transaction.

        Parameters
        ----------
        results
            Pipeline results, consumed lazily.
        batch_size
            Results per transaction.
        on_error
            Without it, a failing result raises (its batch is rolled back,
            earlier batches stay). With it, a failing batch is retried one
            result per transaction and each result that still fails is passed
            to ``on_error`` and counted as ``failed``.
        """

    @abstractmethod
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
        """Events matching every given filter, corrections applied, as an EPSG:4326 frame.

        Parameters
        ----------
        bbox
            ``(minlon, minlat, maxlon, maxlat)``: events whose geometry intersects it.
        date_from, date_to
            Inclusive range of ``event_date``; undated events are left out when either is given.
        categories, actors, districts, sources
            Allowed values; ``actors`` matches ``actor1``, ``actor2`` or ``claimed_by``.
        min_precision
            Worst acceptable ``geo_precision`` code (1 = the place itself,
            3 = a region): ``min_precision=2`` keeps codes 1 and 2.
        include_rejected
            Also return events a correction rejected (column ``rejected``).

        Returns
        -------
        geopandas.GeoDataFrame
            The ``geo.outputs.layers.events_to_frame`` columns plus ``rejected`` and
            ``corrected`` (JSON of the extracted values a correction
            overrode, or None), ordered by date then event id.
        """

    @abstractmethod
    def front_lines_on(self, day: date) -> gpd.GeoDataFrame:
        """Front lines valid on ``day``.

        A front line is valid from its ``event_date`` (column ``valid_from``)
        to its effective ``valid_to``: the earlier of the end the article
        stated and the day before a newer front line between the same places
        (same ``line_key``) was reported. The end is derived at query time
        (view ``front_lines``), so a late-arriving older report or a
        corrected date never leaves a stale end behind.
        """

    @abstractmethod
    def add_correction(
        self,
        event_id: str,
        *,
        category: str | None = None,
        event_date: date | None = None,
        lon: float | None = None,
        lat: float | None = None,
        place_name: str | None = None,
        rejected: bool | None = None,
        note: str | None = None,
    ) -> None:
        """Record a human correction of one event and apply it.

        ``lon``/``lat`` (both or neither) move a point event, or the
        destination (last vertex) of a line. Raises ``KeyError`` for an
        unknown event id and ``ValueError`` for an invalid value.
        """

    @abstractmethod
    def article_count(self) -> int:
        """Number of stored articles (aliases of identical texts not counted)."""

    @abstractmethod
    def event_count(self, *, include_rejected: bool = True) -> int:
        """Number of stored events."""

    @abstractmethod
    def mention_count(self) -> int:
        """Number of stored place mentions."""

    @abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """The stored article of that id (or of the text that id is an alias of)."""

    @abstractmethod
    def consistency_problems(self) -> list[str]:
        """Referential problems found (empty when the store is consistent)."""

    @abstractmethod
    def revision(self) -> tuple[str, int]:
        """``(store_id, revision)``: ``revision`` grows with every committed write, ``store_id``
        is random per store. A copy of the events made at the same pair is still current."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection. Idempotent."""

    def __enter__(self) -> EventStore:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


# --------------------------------------------------------------------------- shared SQL


class SQLEventStore(EventStore):
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

    # -- writing --------------------------------------------------------------------------

    def upsert_article(self, result: ArticleResult) -> str:
        with self._transaction() as cur:
            outcome, _, _ = self._upsert(cur, result)
            self._after_write(cur, ("articles", "place_mentions", "events"))
        return "unchanged" if outcome == "duplicate" else outcome

    def add_results(
        self,
        results: Iterable[ArticleResult],
        *,
        batch_size: int = 500,
        on_error: Callable[[ArticleResult, Exception], None] | None = None,
    ) -> IngestStats:
        stats = IngestStats()
        batch: list[ArticleResult] = []
        for res in results:
            batch.append(res)
            if len(batch) >= batch_size:
                stats.add(self._write_batch(batch, on_error))
                batch = []
        if batch:
            stats.add(self._write_batch(batch, on_error))
        return stats

    def _write_batch(
        self, batch: list[ArticleResult], on_error: Callable[[ArticleResult, Exception], None] | None
    ) -> IngestStats:
        stats = IngestStats(batches=1)
        try:
            with self._transaction() as cur:
                for res in batch:
                    self._count(stats, *self._upsert(cur, res))
                self._after_write(cur, ("articles", "place_mentions", "events"))
            return stats
        except Exception:
            if on_error is None:
                raise
        # Isolate the culprit: one transaction per result, so the good ones land.
        stats = IngestStats(batches=1)
        for res in batch:
            try:
                with self._transaction() as cur:
                    counts = self._upsert(cur, res)
                    self._after_write(cur, ("articles", "place_mentions", "events"))
                self._count(stats, *counts)
            except Exception as exc:  # reported per record, the run goes on
                stats.failed += 1
                on_error(res, exc)
        return stats

    @staticmethod
    def _count(stats: IngestStats, outcome: str, mentions: int, events: int) -> None:
        if outcome == "duplicate":
            stats.duplicates += 1
            stats.unchanged += 1
        else:
            setattr(stats, outcome, getattr(stats, outcome) + 1)
        stats.mentions += mentions
        stats.events += events

    def _upsert(self, cur: Any, result: ArticleResult) -> tuple[str, int, int]:
        """The upsert decision table of the module docstring; returns (outcome, mentions, events)."""
        art = result.article
        aid = clean_text(str(art.id))
        if not aid:
            raise ValueError("article without id")
        chash = content_hash(art.text)
        rhash = result_hash(result)
        row = self._one(cur, "SELECT id, content_hash, result_hash FROM articles WHERE id = ?", [aid])
        if row is not None:
            if row["content_hash"] == chash:
                if row["result_hash"] == rhash:
                    return "unchanged", 0, 0
                # Same text, new pipeline output: refresh children, keep the row (and aliases).
                self._delete_children(cur, aid)
                self._update_article(cur, aid, result, rhash)
                m, e = self._insert_children(cur, aid, chash, result)
                return "replaced", m, e
            self._detach(cur, aid)
            other = self._one(cur, "SELECT id FROM articles WHERE content_hash = ?", [chash])
            if other is not None:
                self._exec(cur, "INSERT INTO article_aliases (alias_id, article_id) VALUES (?, ?)",
                           [aid, other["id"]])
                return "replaced", 0, 0
            m, e = self._insert_article(cur, aid, chash, rhash, result)
            return "replaced", m, e
        alias = self._one(cur, "SELECT article_id FROM article_aliases WHERE alias_id = ?", [aid])
        other = self._one(cur, "SELECT id FROM articles WHERE content_hash = ?", [chash])
        if alias is not None:
            if other is not None and other["id"] == alias["article_id"]:
                return "duplicate", 0, 0
            self._exec(cur, "DELETE FROM article_aliases WHERE alias_id = ?", [aid])
            if other is not None:
                self._exec(cur, "INSERT INTO article_aliases (alias_id, article_id) VALUES (?, ?)",
                           [aid, other["id"]])
                return "replaced", 0, 0
            m, e = self._insert_article(cur, aid, chash, rhash, result)
            return "replaced", m, e
        if other is not None:
            self._exec(cur, "INSERT INTO article_aliases (alias_id, article_id) VALUES (?, ?)", [aid, other["id"]])
            return "duplicate", 0, 0
        m, e = self._insert_article(cur, aid, chash, rhash, result)
        return "inserted", m, e

    def _article_params(self, result: ArticleResult) -> list[Any]:
        art = result.article
        return [
            _clean(art.source), _clean(art.url), self._date_param(_as_date(art.published)),
            _clean(art.language), _clean(art.title), clean_text(art.text), _now_iso(),
        ]

    def _insert_article(self, cur: Any, aid: str, chash: str, rhash: str, result: ArticleResult) -> tuple[int, int]:
        self._exec(
            cur,
            "INSERT INTO articles (id, content_hash, result_hash, source, url, published, language, title,"
            " text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [aid, chash, rhash, *self._article_params(result)],
        )
        return self._insert_children(cur, aid, chash, result)

    def _update_article(self, cur: Any, aid: str, result: ArticleResult, rhash: str) -> None:
        self._exec(
            cur,
            "UPDATE articles SET result_hash = ?, source = ?, url = ?, published = ?, language = ?, title = ?,"
            " text = ?, ingested_at = ? WHERE id = ?",
            [rhash, *self._article_params(result), aid],
        )

    def _delete_children(self, cur: Any, aid: str) -> None:
        self._exec(cur, "DELETE FROM events WHERE event_id IN"
                        " (SELECT event_id FROM event_articles WHERE article_id = ?)", [aid])
        self._exec(cur, "DELETE FROM event_articles WHERE article_id = ?", [aid])
        self._exec(cur, "DELETE FROM place_mentions WHERE article_id = ?", [aid])

    def _detach(self, cur: Any, aid: str) -> None:
        """Free ``aid`` for new text. The old text stays if another id is its alias (the heir)."""
        heirs = self._fetch(cur, "SELECT alias_id FROM article_aliases WHERE article_id = ? ORDER BY alias_id", [aid])
        if not heirs:
            self._delete_children(cur, aid)
            self._exec(cur, "DELETE FROM articles WHERE id = ?", [aid])
            return
        heir = heirs[0]["alias_id"]
        self._exec(cur, "DELETE FROM article_aliases WHERE alias_id = ?", [heir])
        # The foreign keys cascade the rename to mentions, event links and the other aliases.
        self._exec(cur, "UPDATE articles SET id = ? WHERE id = ?", [heir, aid])
        for ev in self._fetch(cur, "SELECT e.event_id, e.article_ids FROM events e JOIN event_articles l"
                                   " ON l.event_id = e.event_id WHERE l.article_id = ?", [heir]):
            ids = [heir if i == aid else i for i in json.loads(ev["article_ids"] or "[]")]
            self._exec(cur, "UPDATE events SET article_ids = ? WHERE event_id = ?", [json.dumps(ids), ev["event_id"]])

    def _insert_children(self, cur: Any, aid: str, chash: str, result: ArticleResult) -> tuple[int, int]:
        mentions = [
            [aid, _opt_int(m.start), _opt_int(m.end), _clean(m.surface), _clean(m.place_id), _clean(m.name),
             _opt_float(m.lat), _opt_float(m.lon), _clean(m.country_code), _clean(m.feature_type),
             _opt_int(m.geo_precision), _clean(m.relation), json.dumps(list(m.anchor_ids), ensure_ascii=False),
             _opt_float(m.distance_km), _clean(m.district), self._encode_pairs(_mention_pairs(m))]
            for m in result.mentions
        ]
        self._many(
            cur,
            'INSERT INTO place_mentions (article_id, start, "end", surface, place_id, name, lat, lon, country_code,'
            " feature_type, geo_precision, relation, anchor_ids, distance_km, district, geom)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {geom})",
            mentions,
        )
        ids = assign_event_ids(chash, result.events)
        events: list[list[Any]] = []
        for ev, eid in zip(result.events, ids, strict=True):
            article_ids = [aid] + [clean_text(str(i)) for i in ev.article_ids or [] if str(i) != aid]
            vals: list[Any] = []
            for f in EVENT_FIELDS:
                v = getattr(ev, f)
                if f in ("event_date", "valid_to"):
                    v = self._date_param(_as_date(v) if isinstance(v, date) else None)
                elif f in ("time_precision", "geo_precision", "corroboration", "fatalities", "injured"):
                    v = _opt_int(v)
                elif f == "approximate":
                    v = bool(v)
                else:
                    v = _clean(v) if isinstance(v, str) else (None if v is None else clean_text(str(v)))
                vals.append(v)
            if vals[0] is None:
                raise ValueError(f"event of article {aid} has no category")
            extra = json.dumps(_jsonable(ev.extra), ensure_ascii=False, default=str) if ev.extra else None
            events.append([eid, *vals, json.dumps(article_ids, ensure_ascii=False), _clean(extra),
                           front_line_key(ev, eid), False, None, self._encode_pairs(geometry_pairs(ev.coords))])
        cols = ", ".join(EVENT_COLUMNS)
        self._many(
            cur,
            f"INSERT INTO events ({cols}, geom) VALUES ({', '.join('?' * len(EVENT_COLUMNS))}, {{geom}})",
            events,
        )
        self._many(cur, "INSERT INTO event_articles (event_id, article_id) VALUES (?, ?)", [[i, aid] for i in ids])
        if ids:
            corrected = self._fetch(cur, "SELECT DISTINCT event_id FROM corrections WHERE event_id IN "
                                         + self._in(ids), ids)
            for r in corrected:
                self._apply_corrections(cur, r["event_id"])
        return len(mentions), len(events)

    # -- corrections --------------------------------------------------------------------

    def add_correction(
        self,
        event_id: str,
        *,
        category: str | None = None,
        event_date: date | None = None,
        lon: float | None = None,
        lat: float | None = None,
        place_name: str | None = None,
        rejected: bool | None = None,
        note: str | None = None,
    ) -> None:
        if category is not None and category not in CATEGORIES:
            raise ValueError(f"unknown category {category!r}; expected one of {', '.join(CATEGORIES)}")
        if event_date is not None and not isinstance(event_date, date):
            raise ValueError("event_date must be a datetime.date")
        if (lon is None) != (lat is None):
            raise ValueError("give both lon and lat, or neither")
        if lon is not None and event_geometry([(lon, lat)]) is None:
            raise ValueError(f"invalid coordinates lon={lon!r} lat={lat!r}")
        changes: list[tuple[str, str | None, bool | None]] = []
        if category is not None:
            changes.append(("category", category, None))
        if event_date is not None:
            changes.append(("event_date", _as_date(event_date).isoformat(), None))  # type: ignore[union-attr]
        if lon is not None:
            changes.append(("location", json.dumps([float(lon), float(lat)]), None))  # type: ignore[arg-type]
        if place_name is not None:
            changes.append(("place_name", clean_text(place_name), None))
        if rejected is not None:
            changes.append(("rejected", None, bool(rejected)))
        if not changes:
            if note is None:
                raise ValueError("nothing to correct")
            changes.append(("note", None, None))
        with self._transaction() as cur:
            if self._one(cur, "SELECT event_id FROM events WHERE event_id = ?", [event_id]) is None:
                raise KeyError(event_id)
            self._many(
                cur,
                "INSERT INTO corrections (event_id, field, value, rejected, note, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [[event_id, f, v, r, _clean(note), self._now_param()] for f, v, r in changes],
            )
            self._apply_corrections(cur, event_id)
            self._after_write(cur, ("events",))

    def _now_param(self) -> Any:
        return _now_iso()

    def _apply_corrections(self, cur: Any, event_id: str) -> None:
        """Recompute an event's corrected values from its extracted ones and all its corrections."""
        row = self._one(cur, f"SELECT category, event_date, place_name, {self._geom('')} AS geom, corrected"
                             " FROM events WHERE event_id = ?", [event_id])
        if row is None:
            return
        original = json.loads(row["corrected"]) if row["corrected"] else {}
        geom = self._decode_geom(row["geom"])
        current: dict[str, Any] = {
            "category": row["category"],
            "event_date": _as_date(row["event_date"]),
            "place_name": row["place_name"],
            "geometry": shapely.to_wkb(geom, hex=True) if geom is not None else None,
            "rejected": False,
        }
        # Start again from the extracted values, then replay the corrections in order.
        for key, value in original.items():
            current[key] = _as_date(value) if key == "event_date" else value
        extracted = dict(current)
        for c in self._fetch(cur, "SELECT field, value, rejected FROM corrections WHERE event_id = ? ORDER BY id",
                             [event_id]):
            fld = c["field"]
            if fld == "category":
                current["category"] = c["value"]
            elif fld == "event_date":
                current["event_date"] = _as_date(c["value"])
            elif fld == "place_name":
                current["place_name"] = c["value"]
            elif fld == "rejected":
                current["rejected"] = bool(c["rejected"])
            elif fld == "location":
                lon, lat = json.loads(c["value"])
                current["geometry"] = _moved(current["geometry"], lon, lat)
        overridden = {
            k: (v.isoformat() if isinstance(v, date) else v)
            for k, v in extracted.items() if k != "rejected" and current[k] != v
        }
        new_geom = shapely.from_wkb(current["geometry"]) if current["geometry"] else None
        self._exec(
            cur,
            "UPDATE events SET category = ?, event_date = ?, place_name = ?, rejected = ?, corrected = ?,"
            " geom = {geom} WHERE event_id = ?",
            [current["category"], self._date_param(current["event_date"]), current["place_name"],
             current["rejected"], json.dumps(overridden, ensure_ascii=False) if overridden else None,
             self._encode_geom(new_geom), event_id],
        )

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
        d = self._date_param(_as_date(day))
        cols = ", ".join(f"f.{c}" for c in EVENT_COLUMNS if c != "valid_to")
        sql = (f"SELECT {cols}, f.valid_from, f.valid_to, f.stated_valid_to,"
               f" {self._geom('f.')} AS geom FROM front_lines f"
               " WHERE f.valid_from <= ? AND (f.valid_to IS NULL OR f.valid_to >= ?)"
               " ORDER BY f.valid_from, f.event_id")
        with self._snapshot() as cur:
            columns = self._fetch_columns(cur, sql, [d, d])
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

    def get_article(self, article_id: str) -> Article | None:
        with self._snapshot() as cur:
            row = self._one(cur, "SELECT * FROM articles WHERE id = ?", [article_id])
            if row is None:
                row = self._one(cur, "SELECT a.* FROM articles a JOIN article_aliases l ON l.article_id = a.id"
                                     " WHERE l.alias_id = ?", [article_id])
        if row is None:
            return None
        return Article(id=row["id"], text=row["text"], published=_as_date(row["published"]),
                       language=row["language"], title=row["title"], url=row["url"], source=row["source"])

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


def _moved(geometry_hex: str | None, lon: float, lat: float) -> str:
    """Hex WKB of a geometry with its point (or a line's destination) moved to ``(lon, lat)``."""
    moved: BaseGeometry = Point(lon, lat)
    if geometry_hex:
        geom = shapely.from_wkb(geometry_hex)
        if isinstance(geom, LineString) and len(geom.coords) > 1:
            moved = LineString(list(geom.coords)[:-1] + [(lon, lat)])
    return str(shapely.to_wkb(moved, hex=True))
