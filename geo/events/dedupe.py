"""De-duplication: one event per real-world event, within an article and across articles.

Two events are the same when they are of the same group (a strike is a strike
whether one report says air strike and another shelling; fighting and the ground it
won are two events, as ACLED codes an armed clash and a change of territory apart), lie within :data:`SAME_PLACE_KM` of each other (for a
movement: the same destination; two different named places only when one is part
of the other or they are within :data:`SAME_SITE_KM`) and fall on the same day give or take
:data:`SAME_DAY_TOLERANCE` (a date that was not stated matches any).

Some categories report single acts (``event_identity.json``: a shootdown is one aircraft):
within an article two such reports at one place and day stay two when they name
different parts of the day ("صباح الجمعة" / "مساء الجمعة"). A clash and the ground it
won are two events, but one whose date was not stated takes the other's stated date.

Two stated dates a day apart are two days of fighting, with one exception: an Arabic
and an English report of one strike at one site with the same toll. The two languages
name a night by different days ("ليلة الثلاثاء" is the eve of Tuesday, "Tuesday night"
the night after it), so the same strike can be dated a day apart. The merged event
lists every report in ``extra["sources"]`` and counts them in ``corroboration``.

The store keeps one row per article's event, so that what it holds never depends on
the order articles arrive in. :func:`merge_stored_events` merges those rows when they
leave the store for people (the app, the exports), from the whole set at once and
with the same rule, so the result is the same whatever the ingest order.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gazetteer.core import Gazetteer, haversine_km
from gazetteer.normalize import name_key
from geo.model import Event
from geo.text.lexicon import WordMatcher, load_data

__all__ = ["GROUP", "same_event", "distinct_acts", "merge_reports", "merge_within_article", "merge_across_articles",
           "merge_stored_events", "drop_attacks_that_are_strikes"]

GROUP = {
    "airstrike": "strike", "shelling": "strike", "explosion": "strike",
    "clash": "clash", "territory": "territory",
    "movement": "movement", "front_line": "front", "shootdown": "air_defense",
    "civilian_attack": "civilian", "protest": "protest", "political": "political",
}
SAME_PLACE_KM = 10.0
SAME_SITE_KM = 2.0
# How far a quarter may lie from its city's point and still be "in the city" (Greater Tripoli).
CITY_KM = 30.0
SAME_DAY_TOLERANCE = 1
# Two tolls of one strike in two languages agree within this fraction of the larger.
SAME_TOLL_FRACTION = 0.2


def _anchor(e: Event) -> tuple[float, float]:
    """(lat, lon) that identifies where an event is: the destination of a movement,
    the middle of a line, the point itself."""
    if e.category == "movement" or len(e.coords) == 1:
        lon, lat = e.coords[-1]
        return lat, lon
    return (sum(c[1] for c in e.coords) / len(e.coords), sum(c[0] for c in e.coords) / len(e.coords))


def _contains(a: str, b: str) -> bool:
    """True when one entry is part of the other (the Air College and Misrata)."""
    gaz = Gazetteer.default()
    pa, pb = gaz.get(a), gaz.get(b)
    return bool(pa and pb and (pa.parent_id == pb.id or pb.parent_id == pa.id))


def _part_of(a: str | None, b: str | None) -> bool:
    """True when entry ``a`` is part of entry ``b`` (Souq al-Juma of Tripoli)."""
    pa = Gazetteer.default().get(a) if a and b else None
    return bool(pa and pa.parent_id == b)


def _days_apart(a: Event, b: Event) -> int:
    if a.event_date is None or b.event_date is None:
        return 0
    return abs((a.event_date - b.event_date).days)


_ONE_SIDED = frozenset({"airstrike", "shelling", "explosion"})


def _returned_fire(a: Event, b: Event) -> bool:
    """Two strikes whose sides are swapped: the LNA shelling GNA positions and the GNA shelling
    LNA positions at one place and day are two events, not one. Not clashes, whose two sides are
    named in either order, nor takeovers, whose claim and denial name them both ways.

    >>> e = Event(category="shelling", coords=[(20.0, 32.1)], event_date=None, article_ids=["a"], evidence="",
    ...           actor1="LNA", actor2="GNA")
    >>> _returned_fire(e, replace(e, actor1="GNA", actor2="LNA")), _returned_fire(e, e)
    (True, False)
    """
    return (a.category in _ONE_SIDED and b.category in _ONE_SIDED and a.actor1 is not None and a.actor2 is not None
            and a.actor1 != a.actor2 and a.actor1 == b.actor2 and a.actor2 == b.actor1)


def same_event(a: Event, b: Event, *, loose_dates: bool = False) -> bool:
    """True when ``a`` and ``b`` report one real-world event.

    ``loose_dates`` (within one article) lets an event whose date was not stated
    (time precision > 1) match whatever day the other has.
    """
    if GROUP.get(a.category, a.category) != GROUP.get(b.category, b.category):
        return False
    if _returned_fire(a, b):
        return False
    (la, oa), (lb, ob) = _anchor(a), _anchor(b)
    distance = haversine_km(la, oa, lb, ob)
    if distance > SAME_PLACE_KM and not (loose_dates and distance <= CITY_KM and 3 in (a.geo_precision, b.geo_precision)
                                         and a.place_id and b.place_id and _contains(a.place_id, b.place_id)):
        return False  # within an article a city as a whole ("the capital") and a quarter of it are one place
    if a.place_id and b.place_id and a.place_id != b.place_id and distance > SAME_SITE_KM \
            and not _contains(a.place_id, b.place_id):
        return False  # two named places (Surman and Sabratha, 9 km apart) are two events
    if loose_dates and (a.time_precision > 1 or b.time_precision > 1):
        return True
    days = _days_apart(a, b)
    if days == 0:
        return True
    if days <= SAME_DAY_TOLERANCE and _bilingual_twins(a, b, distance):
        return True
    # A day apart is one event only when one date was stated and the other is the default (the
    # publication date, often the day after): two stated dates, or two articles of consecutive days
    # that state none, are two days of fighting (ACLED codes one event per day and place).
    return days <= SAME_DAY_TOLERANCE and (a.time_precision > 1) != (b.time_precision > 1)


def _bilingual_twins(a: Event, b: Event, distance: float) -> bool:
    """An Arabic and an English report of one event: same category, same site, same toll."""
    if not (a.language and b.language and a.language != b.language and a.category == b.category):
        return False
    if distance > SAME_SITE_KM and a.place_id != b.place_id:
        return False
    if not a.fatalities or not b.fatalities:
        return False  # no toll to tell one strike from two on consecutive nights
    return abs(a.fatalities - b.fatalities) <= SAME_TOLL_FRACTION * max(a.fatalities, b.fatalities)


def _report(e: Event, aid: str) -> dict[str, str | None]:
    return {"article_id": aid, "source": e.source, "url": e.url, "language": e.language}


def merge_reports(keep: Event, other: Event, article_ids: Sequence[str]) -> None:
    """Count ``other`` (reported by ``article_ids``) as another report of ``keep``: its articles
    and sources join ``keep``'s, ``corroboration`` counts the articles, the higher toll wins."""
    new_ids = [aid for aid in article_ids if aid not in keep.article_ids]
    if not new_ids:
        return
    reports = keep.extra.setdefault("sources", [_report(keep, aid) for aid in keep.article_ids])
    reports += [r for r in other.extra.get("sources") or [] if r.get("article_id") in new_ids] \
        or [_report(other, aid) for aid in new_ids]
    keep.article_ids.extend(new_ids)
    keep.corroboration = len(keep.article_ids)
    _higher_tolls(keep, other)


def _higher_tolls(keep: Event, other: Event) -> None:
    """The higher of two tolls of one event wins (the later, fuller count)."""
    for attr in ("fatalities", "injured"):
        values = [v for v in (getattr(keep, attr), getattr(other, attr)) if v is not None]
        setattr(keep, attr, max(values) if values else None)


def _better_category(a: str, b: str, priority: Sequence[str]) -> str:
    rank = {c: i for i, c in enumerate(priority)}
    return a if rank.get(a, 99) <= rank.get(b, 99) else b


def _merge_into(keep: Event, other: Event, priority: Sequence[str]) -> None:
    keep.category = _better_category(keep.category, other.category, priority)
    if keep.category == other.category and (other.geo_precision < keep.geo_precision or (
            other.geo_precision == keep.geo_precision and _part_of(other.place_id, keep.place_id))):
        # "rockets fell on Tripoli ... on Souq al-Juma and Abu Salim": the quarter, not the city, so
        # the next quarter of the list stays an event of its own
        keep.coords, keep.place_name, keep.place_id = other.coords, other.place_name, other.place_id
        keep.geo_precision = other.geo_precision
    if keep.category == "movement" and len(other.coords) > len(keep.coords):
        keep.coords, keep.origin_name, keep.origin_id = other.coords, other.origin_name, other.origin_id
    if other.time_precision < keep.time_precision:
        keep.event_date, keep.time_precision = other.event_date, other.time_precision
    for attr in ("actor1", "actor2", "claimed_by", "district"):
        if getattr(keep, attr) is None:
            setattr(keep, attr, getattr(other, attr))
    _higher_tolls(keep, other)
    merge_reports(keep, other, other.article_ids)
    if other.evidence and other.evidence not in keep.evidence and len(keep.evidence) < 2000:
        keep.extra.setdefault("more_evidence", []).append(other.evidence)


@lru_cache(maxsize=1)
def _identity() -> tuple[frozenset[str], WordMatcher, dict[str, frozenset[str]]]:
    data = load_data("event_identity.json")
    parts = WordMatcher({part: (words["ar"], words["en"]) for part, words in data["day_parts"].items()})
    related = {c: frozenset(pair) - {c} for pair in data["related_categories"] for c in pair}
    return frozenset(data["counted_categories"]), parts, related


def _day_parts(e: Event) -> set[str]:
    """The parts of the day ("morning", "evening") the reports merged into ``e`` name."""
    texts = [e.evidence, *e.extra.get("more_evidence", ())]
    return {h.label for text in texts for h in _identity()[1].find(name_key(text))}


def distinct_acts(kept: Event, later: Event) -> bool:
    """True when ``later`` reports an act other than ``kept`` although both are of a category of
    single acts (a shootdown) at one place and day: they name different parts of the day.

    >>> e = Event(category="shootdown", coords=[(13.6, 32.4)], event_date=None, article_ids=["a"],
    ...           evidence="downed a drone over Tarhuna on Friday morning")
    >>> distinct_acts(e, replace(e, evidence="downed a drone over Tarhuna on Friday evening"))
    True
    >>> distinct_acts(e, replace(e, evidence="the drone downed over Tarhuna was Turkish"))
    False
    """
    if later.category not in _identity()[0] or kept.category != later.category:
        return False
    mine, theirs = _day_parts(kept), _day_parts(later)
    return bool(mine and theirs and not mine & theirs)


def _date_related(events: list[Event]) -> None:
    """An event whose date was not stated takes the stated date of a related event (the clash
    that won the ground) at the same place in the article: "this fighting" is that day's."""
    related = _identity()[2]
    for e in events:
        if e.time_precision > 1 and e.category in related:
            dated = next((k for k in events if k.category in related[e.category] and k.time_precision == 1
                          and same_event(k, replace(e, category=k.category), loose_dates=True)), None)
            if dated is not None:
                e.event_date = dated.event_date


def merge_within_article(events: Iterable[Event], priority: Sequence[str]) -> list[Event]:
    """Merge the events of one article that are one event; keeps text order."""
    out: list[Event] = []
    for e in events:
        twin = next((k for k in out if same_event(k, e, loose_dates=True) and not distinct_acts(k, e)), None)
        if twin is None:
            out.append(e)
        else:
            placed_by = twin.place_id
            _merge_into(twin, e, priority)
            if twin.place_id != placed_by:
                # "in the capital" ... "on the Airport Road": the event stands where the report that placed it does
                out.remove(twin)
                out.append(twin)
    _date_related(out)
    return out


def merge_across_articles(events: Iterable[Event], priority: Sequence[str]) -> list[Event]:
    """Merge events reported by several articles; ``corroboration`` counts the articles.

    Events are bucketed by group and date so the work stays near-linear.
    """
    buckets: dict[tuple[str, date | None], list[Event]] = {}
    out: list[Event] = []
    for e in events:
        group = GROUP.get(e.category, e.category)
        twin = None
        days = [e.event_date] if e.event_date is None else [
            date.fromordinal(e.event_date.toordinal() + d) for d in range(-SAME_DAY_TOLERANCE, SAME_DAY_TOLERANCE + 1)]
        for d in days:
            for k in buckets.get((group, d), []):
                if not set(k.article_ids) & set(e.article_ids) and same_event(k, e):
                    twin = k
                    break
            if twin:
                break
        if twin is None:
            buckets.setdefault((group, e.event_date), []).append(e)
            out.append(e)
        else:
            _merge_into(twin, e, priority)
            twin.corroboration = len(twin.article_ids)
    return out


# --------------------------------------------------------------------------- stored events

# Grid cell of the read-side merge, in km: two anchors within SAME_PLACE_KM lie in the same or a
# neighbouring cell, so only those cells are compared (the cost stays linear in the events).
_CELL_KM = 1.05 * SAME_PLACE_KM
_KM_PER_DEGREE = 111.32


def _anchors(geoms: np.ndarray, categories: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) arrays of :func:`_anchor` for a geometry column; NaN where there is no geometry."""
    n = len(geoms)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    coords, idx = shapely.get_coordinates(geoms, return_index=True)
    if not len(idx):
        return lon, lat
    counts = np.bincount(idx, minlength=n)
    has = counts > 0
    last = np.cumsum(counts) - 1
    mean_x = np.bincount(idx, weights=coords[:, 0], minlength=n)[has] / counts[has]
    mean_y = np.bincount(idx, weights=coords[:, 1], minlength=n)[has] / counts[has]
    dest = (categories[has] == "movement") | (counts[has] == 1)
    lon[has] = np.where(dest, coords[last[has], 0], mean_x)
    lat[has] = np.where(dest, coords[last[has], 1], mean_y)
    return lon, lat


def _row_event(rec: dict[str, Any], lon: float, lat: float) -> Event:
    """The fields :func:`same_event` reads, of one stored row; the anchor stands for the geometry."""
    day = rec["event_date"]
    return Event(
        category=str(rec["category"]), coords=[(lon, lat)],
        event_date=None if day is None or pd.isna(day) else pd.Timestamp(day).date(),
        article_ids=[], evidence="", time_precision=int(rec["time_precision"]),
        place_id=rec["place_id"] if isinstance(rec["place_id"], str) else None,
        language=rec["language"] if isinstance(rec["language"], str) else None,
        fatalities=None if rec["fatalities"] is None or pd.isna(rec["fatalities"]) else int(rec["fatalities"]),
    )


def _corrected_fields(value: Any) -> set[str]:
    """Names of the fields a reviewer corrected (the keys of the store's ``corrected`` JSON)."""
    if not isinstance(value, str) or not value:
        return set()
    try:
        parsed = json.loads(value)
    except ValueError:
        return set()
    return set(parsed) if isinstance(parsed, dict) else set()


def _groups(frame: gpd.GeoDataFrame) -> list[list[int]]:
    """Row positions of ``frame`` grouped into one list per real-world event (members in the
    order of (date, event id), the representative not necessarily first)."""
    cats = frame["category"].astype(str).to_numpy()
    lon, lat = _anchors(np.asarray(frame.geometry.values), cats)
    days = frame["event_date"].to_numpy(dtype="datetime64[D]")
    dated = ~np.isnat(days)
    day = np.where(dated, days.astype("int64"), np.iinfo(np.int64).min)
    # Cells of _CELL_KM: x shrinks with the cosine of the latitude (two anchors 10 km apart have
    # nearly the same latitude, so their x differ by about their east-west distance).
    py = lat * _KM_PER_DEGREE
    px = lon * np.cos(np.radians(lat)) * _KM_PER_DEGREE
    cy, cx = np.floor(py / _CELL_KM), np.floor(px / _CELL_KM)
    # A cheap planar distance first: most rows of neighbouring cells are too far for same_event.
    near_sq = _CELL_KM ** 2
    xs, ys = px.tolist(), py.tolist()  # Python floats: numpy scalars are slow one at a time
    ids = frame["event_id"].astype(str).to_numpy()
    order = np.lexsort((ids, ~dated, day))  # by date (undated last), then event id: any ingest order
    groups = [GROUP.get(c, c) for c in cats]
    fields = ("category", "event_date", "time_precision", "place_id", "language", "fatalities")
    columns = {f: frame[f].astype(object).to_numpy() for f in fields}
    articles = frame["article_ids"].to_numpy()
    buckets: dict[tuple[str, int, int, int], list[int]] = {}
    members: dict[int, list[int]] = {}
    group_articles: dict[int, set[str]] = {}
    built: list[Event | None] = [None] * len(frame)

    def event(i: int) -> Event:
        e = built[i]
        if e is None:
            e = built[i] = _row_event({f: columns[f][i] for f in fields}, float(lon[i]), float(lat[i]))
        return e

    day_of, is_dated, cell_x, cell_y = day.tolist(), dated.tolist(), cx.tolist(), cy.tolist()
    positions = np.empty(len(order), dtype=np.int64)
    positions[order] = np.arange(len(order))
    rank: list[int] = positions.tolist()
    for i in order.tolist():
        if math.isnan(xs[i]):
            members[i] = [i]  # nowhere to compare: an event of its own
            continue
        mine = {str(a) for a in articles[i]}
        x, y = int(cell_x[i]), int(cell_y[i])
        near = [day_of[i] + d for d in range(-SAME_DAY_TOLERANCE, SAME_DAY_TOLERANCE + 1)] if is_dated[i] \
            else [day_of[i]]
        # The earliest matching event in (date, event id) order, so the cells' shape cannot matter.
        twin = min((k for d in near for dx in (-1, 0, 1) for dy in (-1, 0, 1)
                    for k in buckets.get((groups[i], d, x + dx, y + dy), ())
                    if (xs[k] - xs[i]) ** 2 + (ys[k] - ys[i]) ** 2 <= near_sq
                    and mine.isdisjoint(group_articles[k]) and same_event(event(k), event(i))),
                   key=rank.__getitem__, default=None)
        if twin is None:
            buckets.setdefault((groups[i], day_of[i], x, y), []).append(i)
            members[i], group_articles[i] = [i], mine
        else:
            members[twin].append(i)
            group_articles[twin] |= mine
    return list(members.values())


def merge_stored_events(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per real-world event from the store's rows (one per article's event).

    Rows are taken in (date, event id) order and each joins the first earlier event that
    :func:`same_event` says it reports (compared with that event's first row; never two rows
    of one article), so the result depends on the set of rows alone, not on the order they
    were stored in. Events are bucketed by group, day and a grid cell, so the cost is linear.

    Each merged event is the row of its smallest event id (corrections are keyed by event id:
    the representative's apply to the whole event) with ``article_ids`` of all its rows,
    ``sources`` (each source once, in row order), ``merged_ids`` (the event ids merged, the
    representative first), ``corroboration`` (the number of articles) and the higher toll
    of its rows (:func:`merge_reports`' rule), unless a reviewer corrected the representative's.

    Rejected rows (column ``rejected``) take part in the grouping, so rejecting one never
    changes what the others merge into: a rejected representative makes the whole event
    rejected (its other rows do not come back as an event of their own); a rejected other
    row stays a rejected row of its own and adds neither article nor toll.

    Parameters
    ----------
    frame
        Events as :meth:`geo.store.EventStore.query_events` returns them (with rejected
        rows when those should be listed too).

    Returns
    -------
    geopandas.GeoDataFrame
        The same columns plus ``sources`` and ``merged_ids`` (lists), ordered by date then
        event id; the index is reset.
    """
    out = frame.reset_index(drop=True).copy()
    n = len(out)
    sources_of = out["source"].astype(object).to_numpy() if n else np.array([], dtype=object)
    out["sources"] = pd.Series([[s] if isinstance(s, str) and s else [] for s in sources_of], dtype=object)
    out["merged_ids"] = pd.Series([[str(e)] for e in out["event_id"]], dtype=object)
    if n < 2:
        return out
    rejected = out["rejected"].to_numpy(dtype=bool) if "rejected" in out.columns else np.zeros(n, dtype=bool)
    ids = out["event_id"].astype(str).to_numpy()
    keep = np.ones(n, dtype=bool)
    tolls = {c: out[c].astype(object).to_numpy() for c in ("fatalities", "injured")}
    corrected = out["corrected"].to_numpy() if "corrected" in out.columns else np.full(n, None, dtype=object)
    for rows in _groups(out):
        if len(rows) == 1:
            continue
        rep = min(rows, key=lambda r: ids[r])
        counted = [rep] + [r for r in rows if r != rep and not rejected[r]]
        for r in rows:
            keep[r] = r == rep or bool(rejected[r])
        article_ids: list[str] = []
        sources: list[str] = []
        for r in counted:
            article_ids += [a for a in out.at[r, "article_ids"] if a not in article_ids]
            sources += [s for s in out.at[r, "sources"] if s not in sources]
        out.at[rep, "article_ids"] = article_ids
        out.at[rep, "sources"] = sources
        out.at[rep, "merged_ids"] = [str(ids[r]) for r in counted]
        out.at[rep, "corroboration"] = len(article_ids)
        reviewed = _corrected_fields(corrected[rep])
        for col, values in tolls.items():
            known = [int(values[r]) for r in counted if values[r] is not None and not pd.isna(values[r])]
            if col not in reviewed and known:
                out.at[rep, col] = max(known)
    out = out[keep]
    days = out["event_date"].to_numpy(dtype="datetime64[D]")
    order = np.lexsort((out["event_id"].astype(str).to_numpy(), np.isnat(days), days.astype("int64")))
    return out.iloc[order].reset_index(drop=True)


def drop_attacks_that_are_strikes(events: list[Event]) -> list[Event]:
    """Drop "the attack on Mitiga airport" (a clash trigger) where the article reports a strike on
    the same place and day: the attack is that strike, not ground fighting."""
    strikes = [e for e in events if e.category in ("airstrike", "shelling", "explosion")]
    out = []
    for e in events:
        if e.extra.pop("generic_attack", False) and any(same_event(s, replace(e, category=s.category))
                                                        for s in strikes):
            continue
        out.append(e)
    return out
