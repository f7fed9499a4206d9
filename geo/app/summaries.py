"""What the page shows beside the map: filter choices, counts, the weekly chart, the events table,
and the small state rules of the time controls.

In: the events frame of :func:`geo.app.appdata.load_events` (or a filtered part of it).
Out: plain pandas frames, labels and dates for Streamlit widgets.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

import geopandas as gpd
import pandas as pd

from geo.model import CATEGORIES

StepUnit = Literal["day", "week"]


@dataclass(slots=True)
class Facets:
    """The values each filter can take, and the date range of the data."""

    categories: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    districts: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    first_day: date | None = None
    last_day: date | None = None


def _values(series: pd.Series) -> list[str]:
    return sorted({str(v) for v in series.dropna().tolist() if str(v).strip()})


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
    "event_date", "category", "place_name", "actor1", "actor2", "fatalities", "geo_precision", "district",
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


def step_window(day: date, unit: StepUnit) -> tuple[date, date]:
    """The period shown when stepping through time: the day itself, or the 7 days ending on it."""
    if unit == "week":
        return day - timedelta(days=6), day
    return day, day


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

    return str(category_style(category)[3])
