"""What makes an article, an event and a geometry the same in every backend (see :mod:`geo.store.base`).

In: articles, pipeline results, events and raw coordinates. Out: content and result
hashes, stable event ids, front-line keys, cleaned text, WKB geometries (coordinates as
``(lon, lat)`` pairs, as in GeoJSON) and plain values coerced from database rows.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import re
import struct
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from geo.model import Event, PlaceMention
from geo.pipeline import ArticleResult

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
