"""What the page shows beside the map: filter choices, counts, the weekly chart, the events table,
and the messages the page shows in sentences.

In: the events frame of :func:`geo.app.appdata.load_events` (or a filtered part of it).
Out: plain pandas frames, labels and dates for Streamlit widgets.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd

from geo.model import CATEGORIES


@dataclass(slots=True)
class Facets:
    """The values each filter can take, and the date range of the data."""

    categories: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    first_day: date | None = None
    last_day: date | None = None
    sub_event_types: list[str] = field(default_factory=list)
    most_killed: int = 0


def _values(series: pd.Series) -> list[str]:
    # pd.unique hashes in C: a set of str() per row cost a quarter second per column at 100,000 rows.
    return sorted(v for v in pd.unique(series.dropna().astype(str)) if v.strip())


def facets(gdf: gpd.GeoDataFrame) -> Facets:
    """Filter choices present in ``gdf`` (categories in the contract's order)."""
    if len(gdf) == 0:
        return Facets()
    present = set(gdf["category"].dropna().astype(str))
    cats = [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES))
    actors = sorted(set(_values(gdf["actor1"])) | set(_values(gdf["actor2"])) | set(_values(gdf["claimed_by"])))
    days = gdf["event_date"].dropna()
    return Facets(
        categories=cats, actors=actors, districts=_values(gdf["district"]), sources=_values(gdf["source"]),
        first_day=days.min().date() if len(days) else None, last_day=days.max().date() if len(days) else None,
        sub_event_types=_values(gdf["sub_event_type"]) if "sub_event_type" in gdf.columns else [],
        most_killed=int(pd.to_numeric(gdf["fatalities"], errors="coerce").fillna(0).max()),
    )


def category_counts(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Events per category (contract order), with the killed reported: columns ``category``, ``events``, ``killed``."""
    if len(gdf) == 0:
        return pd.DataFrame({"category": pd.Series([], dtype=object), "events": pd.Series([], dtype="int64"),
                             "killed": pd.Series([], dtype="int64")})
    grouped = gdf.groupby("category", sort=False).agg(
        events=("category", "size"), killed=("fatalities", lambda s: int(s.fillna(0).sum())))
    order = [c for c in CATEGORIES if c in grouped.index] + sorted(set(grouped.index) - set(CATEGORIES))
    out = grouped.loc[order].reset_index()
    out["events"] = out["events"].astype("int64")
    out["killed"] = out["killed"].astype("int64")
    return out


def weekly_counts(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """Dated events per week (weeks start on Monday) and category: index = week start, one column per category."""
    dated = gdf[gdf["event_date"].notna()] if len(gdf) else gdf
    if len(dated) == 0:
        return pd.DataFrame()
    week = dated["event_date"].dt.to_period("W-SUN").dt.start_time
    table = pd.crosstab(week, dated["category"])
    full = pd.date_range(table.index.min(), table.index.max(), freq="W-MON")
    table = table.reindex(full, fill_value=0)
    table.index.name = "week"
    order = [c for c in CATEGORIES if c in table.columns] + sorted(set(table.columns) - set(CATEGORIES))
    return table[order]


#: Table columns shown in the app, in order.
TABLE_COLUMNS: tuple[str, ...] = (
    "event_date", "category", "place_name", "actor1", "actor2", "fatalities", "corroboration", "geo_precision", "district",
    "evidence", "source", "url", "reviewed", "history", "event_id",
)


def table_frame(gdf: gpd.GeoDataFrame, limit: int | None = 2000) -> pd.DataFrame:
    """The events table: newest first, plain values (no geometry), at most ``limit`` rows.

    Text is passed as text: Streamlit's data grid draws cells on a canvas and
    never interprets them as HTML, so a ``<script>`` in the evidence shows as
    the characters themselves.
    """
    cols = [c for c in TABLE_COLUMNS if c in gdf.columns]
    frame = pd.DataFrame(gdf[cols]).copy()
    if len(frame):
        frame = frame.sort_values(["event_date", "event_id"], ascending=[False, True], na_position="last")
    if limit is not None:
        frame = frame.head(limit)
    frame["event_date"] = frame["event_date"].dt.date if len(frame) else frame["event_date"]
    if "district" in frame.columns:
        frame["district"] = frame["district"].map(district_label)
    if "category" in frame.columns:
        frame["category"] = frame["category"].map(category_label)
    return frame


def district_label(value: Any) -> str:
    """A district id as a reader sees it: ``ly-district-jabal-al-gharbi`` -> ``Jabal Al Gharbi``."""
    from geo.mapview.popup import district_label as label

    return label(value)


def event_labels(table: pd.DataFrame) -> dict[str, str]:
    """``event_id -> "date · category · place · id"`` for the rows of :func:`table_frame` (plain text)."""
    out: dict[str, str] = {}
    for eid, day, cat, place in zip(table.index, table["event_date"], table["category"], table["place_name"],
                                    strict=True):
        shown_day = day.isoformat() if isinstance(day, date) else "undated"
        shown_place = place if isinstance(place, str) and place else "?"
        out[str(eid)] = f"{shown_day} · {cat} · {shown_place} · {eid}"
    return out


def ref_of_tooltip(text: str | None) -> str | None:
    """The event reference (``#<event id>``) that a clicked mark's tooltip or label carries."""
    if not text:
        return None
    marker = text.rfind("#")
    if marker < 0:
        return None
    ref = text[marker + 1:].strip().split()[0] if text[marker + 1:].strip() else ""
    return ref or None


def follow_data(state: MutableMapping[str, Any], key: str, default: Any) -> None:
    """Keep the widget value ``state[key]`` on ``default`` for as long as the user has not changed it.

    The data can change under an open page (an ingest, a correction, another
    process writing the store): a widget still on the old default (the full date
    range, every category, the last day) moves to the new one, while a value
    the user chose stays. Call before creating the widget, which then takes its
    value from ``state`` only.

    >>> state = {}
    >>> follow_data(state, "days", (1, 5)); state["days"]
    (1, 5)
    >>> follow_data(state, "days", (1, 9)); state["days"]        # untouched: follows the data
    (1, 9)
    >>> state["days"] = (2, 3); follow_data(state, "days", (1, 12)); state["days"]   # chosen: stays
    (2, 3)
    """
    marker = f"_default_{key}"
    untouched = key not in state or (marker in state and state[key] == state[marker])
    # Write only a change: setting a widget's key, even to its current value, makes Streamlit send
    # the value to the browser, which would wipe a date the user is typing at that moment.
    if untouched and (key not in state or state[key] != default):
        state[key] = default
    state[marker] = default


def filter_summary(filters: Any, map_day: date | None = None) -> list[str]:
    """The filters of a view in words, one line each (the map report prints them).

    >>> from geo.app.appdata import Filters
    >>> filter_summary(Filters(date_from=date(2020, 5, 1), date_to=date(2020, 5, 31), actors=("GNA",)))
    ['Dates: 2020-05-01 – 2020-05-31', 'Categories: all', 'Actors: GNA']
    """
    def day(value: date | None) -> str:
        return value.isoformat() if value is not None else "any"

    lines = [f"Dates: {day(filters.date_from)} – {day(filters.date_to)}"]
    cats = filters.categories
    lines.append("Categories: " + (", ".join(category_label(c) for c in cats if c in CATEGORIES) or "none"
                                   if cats else "all"))
    if filters.actors:
        lines.append("Actors: " + ", ".join(filters.actors))
    if filters.districts:
        lines.append("Districts: " + ", ".join(district_label(d) for d in filters.districts))
    if filters.sources:
        lines.append("Sources: " + ", ".join(filters.sources))
    if filters.min_precision is not None:
        lines.append({1: "Location: the place itself only", 2: "Location: the place, near or between"}.get(
            int(filters.min_precision), f"Location precision: at most {filters.min_precision}"))
    if map_day is not None:
        lines.append(f"Front lines valid on {map_day.isoformat()}")
    return lines


def category_label(category: str) -> str:
    """A category as the legend names it (``airstrike`` -> ``Air / drone strike``)."""
    from geo.mapview.style import category_style

    return str(category_style(category).label)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def ingest_message(articles: int, stats: Any, added: int) -> str:
    """The ingest result in a sentence, from the store's ``IngestStats`` and the change in events.

    >>> from geo.store.base import IngestStats
    >>> ingest_message(3, IngestStats(inserted=2, unchanged=1, duplicates=1), 5)
    'Ingested 3 articles: 5 events added; 2 articles stored, 1 already stored (1 of them under another id).'
    >>> ingest_message(1, IngestStats(failed=1), 0)
    'Ingested 1 article: no events added; 1 article could not be stored.'
    """
    events = (f"{_plural(added, 'event')} added" if added > 0
              else f"{_plural(-added, 'event')} fewer" if added < 0 else "no events added")
    parts = []
    if stats.inserted:
        parts.append(f"{_plural(stats.inserted, 'article')} stored")
    if stats.replaced:
        parts.append(f"{_plural(stats.replaced, 'article')} replaced by a newer version")
    if stats.unchanged:
        dup = f" ({stats.duplicates:,} of them under another id)" if stats.duplicates else ""
        parts.append(f"{stats.unchanged:,} already stored{dup}")
    if stats.failed:
        parts.append(f"{_plural(stats.failed, 'article')} could not be stored")
    return f"Ingested {_plural(articles, 'article')}: {events}" + (f"; {', '.join(parts)}." if parts else ".")


def count_note(in_range: int, front_reports: int, front_drawn: int, day: date) -> str:
    """The one count the page states, explained: events in the range and filters, of which some are
    front-line reports, and how many front lines the map draws on its day.

    >>> count_note(53, 4, 2, date(2020, 7, 26))
    '53 events in the date range and filters: 49 drawn as marks and arrows, 4 front-line reports (2 front lines valid on 2020-07-26 drawn).'
    """
    marks = in_range - front_reports
    return (f"{_plural(in_range, 'event')} in the date range and filters: {marks:,} drawn as marks and arrows, "
            f"{_plural(front_reports, 'front-line report')} ({_plural(front_drawn, 'front line')} valid on "
            f"{day.isoformat()} drawn).")
