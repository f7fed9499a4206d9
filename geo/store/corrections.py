"""The reviewer's corrections: recorded per field, materialised on the events row, with history and undo.

In: a reviewer's changes to one event (new values, the values the reviewer saw, a name
and a comment), or an undo of one save. Out: rows of ``corrections`` (what is replayed
when an article is re-extracted), rows of ``correction_history`` (what happened, for
people), and the events row carrying the corrected values, ``reviewed`` and ``corrected``
(the extracted values a correction overrode, as JSON).

Every value travels as text in one encoding (:func:`encode_value` / :func:`decode_value`):
ISO dates, ``[lon, lat]`` JSON for a location, decimal integers, ``true``/``false``;
NULL is a value too (unknown killed, no second actor).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from geo.model import CATEGORIES
from geo.store.base import CORRECTABLE, EditConflict, Row
from geo.store.identity import _as_date, _now_iso, clean_text, event_geometry
from geo.store.sql_dialect import SQLDialect

__all__ = ["SQLCorrections", "decode_value", "encode_value", "normalise_value"]

#: Correctable fields stored in an events column of the same name (``location`` is the geometry,
#: ``rejected`` its own column).
COLUMN_FIELDS: tuple[str, ...] = tuple(f for f in CORRECTABLE if f not in ("location", "rejected"))
_TEXT_FIELDS = ("place_name", "place_id", "district", "actor1", "actor2", "notes")
_INT_FIELDS = ("fatalities", "injured")
_BOOL_FIELDS = ("approximate", "rejected")


def normalise_value(field: str, value: Any) -> Any:
    """``value`` as the Python type of ``field`` (raises ``ValueError`` naming the field when it is not one).

    >>> normalise_value("fatalities", "12"), normalise_value("actor2", "  "), normalise_value("approximate", 1)
    (12, None, True)
    >>> normalise_value("location", [13.1, 32.9])
    (13.1, 32.9)
    """
    if field not in CORRECTABLE:
        raise ValueError(f"{field!r} cannot be corrected; correctable fields: {', '.join(CORRECTABLE)}")
    if value is None:
        if field in ("category", "rejected"):
            raise ValueError(f"{field} cannot be empty")
        return False if field == "approximate" else None
    if field == "category":
        if value not in CATEGORIES:
            raise ValueError(f"unknown category {value!r}; expected one of {', '.join(CATEGORIES)}")
        return str(value)
    if field == "event_date":
        day = _as_date(value) if isinstance(value, str | date) else None
        if day is None:
            raise ValueError(f"event_date must be a date, got {value!r}")
        return day
    if field == "location":
        try:
            lon, lat = (float(v) for v in value)
        except (TypeError, ValueError):
            raise ValueError(f"location must be (lon, lat), got {value!r}") from None
        if event_geometry([(lon, lat)]) is None:
            raise ValueError(f"invalid coordinates lon={lon!r} lat={lat!r}")
        return lon, lat
    if field in _INT_FIELDS:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{field} must be a whole number or unknown, got {value!r}") from None
        if number < 0 or number != float(value):
            raise ValueError(f"{field} must be a whole number of at least 0, got {value!r}")
        return number
    if field in _BOOL_FIELDS:
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)
    text = clean_text(str(value)).strip()  # a blank value means unknown, as for the numbers
    return text or None


def encode_value(field: str, value: Any) -> str | None:
    """The text form of a normalised value (``corrections.value``, history columns).

    >>> encode_value("location", (13.1, 32.9)), encode_value("event_date", date(2019, 7, 2))
    ('[13.1, 32.9]', '2019-07-02')
    """
    if value is None:
        return None
    if field == "location":
        return json.dumps([float(value[0]), float(value[1])])
    if field == "event_date":
        return value.isoformat() if isinstance(value, date) else str(value)
    if field in _BOOL_FIELDS:
        return "true" if value else "false"
    return str(value)


def decode_value(field: str, text: str | None) -> Any:
    """Inverse of :func:`encode_value`.

    >>> decode_value("location", "[13.1, 32.9]"), decode_value("injured", None)
    ((13.1, 32.9), None)
    """
    if text is None:
        return normalise_value(field, None) if field not in ("category", "rejected") else None
    if field == "location":
        return normalise_value(field, json.loads(text))
    return normalise_value(field, text)


def _location(geom: BaseGeometry | None) -> tuple[float, float] | None:
    """A point's ``(lon, lat)``, or a line's destination (its last vertex)."""
    if geom is None or geom.is_empty:
        return None
    x, y = list(geom.coords)[-1][:2] if isinstance(geom, Point | LineString) else geom.centroid.coords[0][:2]
    return float(x), float(y)


def _moved(geometry_hex: str | None, lon: float, lat: float) -> str:
    """Hex WKB of a geometry with its point (or a line's destination) moved to ``(lon, lat)``."""
    moved: BaseGeometry = Point(lon, lat)
    if geometry_hex:
        geom = shapely.from_wkb(geometry_hex)
        if isinstance(geom, LineString) and len(geom.coords) > 1:
            moved = LineString(list(geom.coords)[:-1] + [(lon, lat)])
    return str(shapely.to_wkb(moved, hex=True))


class SQLCorrections(SQLDialect):
    """Corrections of the SQL stores (see the module docstring)."""

    def _now_param(self) -> Any:
        return _now_iso()

    # -- reading ----------------------------------------------------------------------------

    def _current(self, cur: Any, event_id: str) -> dict[str, Any] | None:
        """The event's current (materialised) value of every correctable field."""
        cols = ", ".join(COLUMN_FIELDS)
        row = self._one(cur, f"SELECT {cols}, rejected, {self._geom('')} AS geom FROM events WHERE event_id = ?",
                        [event_id])
        if row is None:
            return None
        values = {f: _from_db(f, row[f]) for f in COLUMN_FIELDS}
        values["location"] = _location(self._decode_geom(row["geom"]))
        values["rejected"] = bool(row["rejected"])
        return values

    def review_values(self, event_id: str) -> dict[str, Any]:
        with self._snapshot() as cur:
            values = self._current(cur, event_id)
        if values is None:
            raise KeyError(event_id)
        return values

    def correction_history(self, event_id: str | None = None) -> list[Row]:
        sql = ("SELECT id, change_id, event_id, field, previous_value, new_value, reviewer, comment, action,"
               " created_at FROM correction_history")
        params: list[Any] = []
        if event_id is not None:
            sql += " WHERE event_id = ?"
            params.append(event_id)
        with self._snapshot() as cur:
            return self._fetch(cur, sql + " ORDER BY id", params)

    def corrections_of(self, event_ids: Iterable[str]) -> list[Row]:
        with self._snapshot() as cur:
            rows = self._fetch_in(cur, "SELECT id, change_id, event_id, field, value, rejected, note, created_at"
                                       " FROM corrections WHERE event_id IN {in}", list(dict.fromkeys(event_ids)))
        return sorted(rows, key=lambda r: r["id"])

    # -- writing ----------------------------------------------------------------------------

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
    ) -> str | None:
        if event_date is not None and not isinstance(event_date, date):
            raise ValueError("event_date must be a datetime.date")
        if (lon is None) != (lat is None):
            raise ValueError("give both lon and lat, or neither")
        changes: dict[str, Any] = {k: v for k, v in (("category", category), ("event_date", event_date),
                                                      ("place_name", place_name), ("rejected", rejected))
                                   if v is not None}
        if lon is not None:
            changes["location"] = (lon, lat)
        if not changes and note is None:
            raise ValueError("nothing to correct")
        return self.correct_event(event_id, changes, comment=note)

    def correct_event(
        self,
        event_id: str,
        changes: dict[str, Any],
        *,
        expected: dict[str, Any] | None = None,
        reviewer: str | None = None,
        comment: str | None = None,
    ) -> str | None:
        wanted = {f: normalise_value(f, v) for f, v in changes.items()}  # ValueError before any write
        seen = {f: normalise_value(f, v) for f, v in (expected or {}).items()}
        reviewer, comment = clean_text(reviewer or "") or None, clean_text(comment or "") or None
        change_id = uuid.uuid4().hex
        with self._transaction() as cur:
            current = self._current(cur, event_id)
            if current is None:
                raise KeyError(event_id)
            stale = [f for f, v in seen.items() if not _same(f, current[f], v)]
            if stale:
                raise EditConflict(event_id, stale)
            edits = {f: wanted[f] for f in CORRECTABLE if f in wanted and not _same(f, current[f], wanted[f])}
            if not edits and comment is None:
                return None
            now = self._now_param()
            rows = [(f, encode_value(f, current[f]), encode_value(f, v)) for f, v in edits.items()]
            if not rows:
                rows = [("note", None, None)]  # a comment alone is kept too
            self._many(cur, "INSERT INTO corrections (event_id, field, value, rejected, note, created_at, change_id)"
                            " VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [[event_id, f, new, (edits[f] if f == "rejected" else None), comment, now, change_id]
                        for f, _, new in rows])
            self._history(cur, change_id, event_id, rows, reviewer, comment, "edit", now)
            self._apply_corrections(cur, event_id)
            self._after_write(cur, ("events", "corrections", "correction_history"))
        return change_id

    def undo_correction(self, change_id: str, *, reviewer: str | None = None) -> str:
        with self._transaction() as cur:
            mine = self._fetch(cur, "SELECT event_id, field FROM corrections WHERE change_id = ? ORDER BY id",
                               [change_id])
            if not mine:
                raise KeyError(change_id)
            event_id = str(mine[0]["event_id"])
            last = self._one(cur, "SELECT change_id FROM corrections WHERE event_id = ? ORDER BY id DESC LIMIT 1",
                             [event_id])
            if last is None or last["change_id"] != change_id:
                raise EditConflict(event_id, [], f"event {event_id} was corrected again after this change:"
                                                 " only its latest correction can be undone")
            before = self._current(cur, event_id) or {}
            self._exec(cur, "DELETE FROM corrections WHERE change_id = ?", [change_id])
            self._apply_corrections(cur, event_id)
            after = self._current(cur, event_id) or {}
            fields = [f for f in CORRECTABLE if f in {r["field"] for r in mine} or not _same(f, before[f], after[f])]
            rows = [(f, encode_value(f, before[f]), encode_value(f, after[f])) for f in fields] or [("note", None, None)]
            now = self._now_param()
            self._history(cur, change_id, event_id, rows, clean_text(reviewer or "") or None, None, "undo", now)
            self._after_write(cur, ("events", "corrections", "correction_history"))
        return event_id

    def _history(self, cur: Any, change_id: str, event_id: str, rows: list[tuple[str, str | None, str | None]],
                 reviewer: str | None, comment: str | None, action: str, now: Any) -> None:
        self._many(cur, "INSERT INTO correction_history (change_id, event_id, field, previous_value, new_value,"
                        " reviewer, comment, action, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [[change_id, event_id, f, old, new, reviewer, comment, action, str(now)] for f, old, new in rows])

    def _apply_corrections(self, cur: Any, event_id: str) -> None:
        """Recompute an event's corrected values from its extracted ones and all its corrections."""
        cols = ", ".join(COLUMN_FIELDS)
        row = self._one(cur, f"SELECT {cols}, {self._geom('')} AS geom, corrected FROM events WHERE event_id = ?",
                        [event_id])
        if row is None:
            return
        geom = self._decode_geom(row["geom"])
        current: dict[str, Any] = {f: row[f] for f in COLUMN_FIELDS}
        current["event_date"] = _as_date(row["event_date"])
        current["approximate"] = bool(row["approximate"])
        current["geometry"] = shapely.to_wkb(geom, hex=True) if geom is not None else None
        # Start again from the extracted values (kept in `corrected` for what a correction overrode),
        # then replay the corrections in order.
        for key, value in (json.loads(row["corrected"]) if row["corrected"] else {}).items():
            current[key] = _as_date(value) if key == "event_date" else value
        extracted = dict(current)
        rejected = False
        found = self._fetch(cur, "SELECT field, value, rejected FROM corrections WHERE event_id = ? ORDER BY id",
                            [event_id])
        for c in found:
            fld = c["field"]
            if fld == "rejected":
                rejected = bool(c["rejected"]) if c["rejected"] is not None else decode_value(fld, c["value"])
            elif fld == "location":
                lon, lat = decode_value(fld, c["value"])
                current["geometry"] = _moved(current["geometry"], lon, lat)
            elif fld in COLUMN_FIELDS:
                current[fld] = decode_value(fld, c["value"])
        overridden = {k: (v.isoformat() if isinstance(v, date) else v)
                      for k, v in extracted.items() if current[k] != v}
        new_geom = shapely.from_wkb(current["geometry"]) if current["geometry"] else None
        sets = ", ".join(f"{f} = ?" for f in COLUMN_FIELDS)
        values = [self._date_param(current[f]) if f == "event_date" else current[f] for f in COLUMN_FIELDS]
        self._exec(
            cur,
            f"UPDATE events SET {sets}, rejected = ?, reviewed = ?, corrected = ?, geom = {{geom}}"
            " WHERE event_id = ?",
            [*values, rejected, bool(found), json.dumps(overridden, ensure_ascii=False) if overridden else None,
             self._encode_geom(new_geom), event_id],
        )


def _from_db(field: str, raw: Any) -> Any:
    """A stored column value as the type of ``field``, without judging it (an extracted category
    outside today's list is still read)."""
    if field == "category":
        return None if raw is None else str(raw)
    if field == "event_date":
        return _as_date(raw)
    if field in _INT_FIELDS:
        return None if raw is None else int(raw)
    if field in _BOOL_FIELDS:
        return bool(raw)
    return clean_text(str(raw)) or None if raw is not None else None


def _same(field: str, a: Any, b: Any) -> bool:
    """Equal values of ``field`` (locations to about a millimetre: they went through WKB and floats)."""
    if field == "location" and a is not None and b is not None:
        return abs(a[0] - b[0]) < 1e-8 and abs(a[1] - b[1]) < 1e-8
    return bool(a == b)
