"""The weekly chart beside the map, and what a click on one of its bars means.

In: the weekly counts of :meth:`geo.app.appdata.EventIndex.weekly_counts` (one row per week,
one column per category key). Out: an Altair chart whose x axis shows the years and whose
legend lists every category, with a point selection that :func:`clicked_bar` reads back as
``(first day of the week, category key)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.mapview.style import category_style

if TYPE_CHECKING:
    import altair as alt

__all__ = ["BAR_SELECTION", "clicked_bar", "weekly_chart", "weekly_long"]

#: The name of the chart's point selection (Streamlit reports selections by this name).
BAR_SELECTION = "bar"


def weekly_long(weekly: pd.DataFrame) -> pd.DataFrame:
    """One row per (week, category) with events: ``week`` (timestamp), ``week_start`` (ISO date),
    ``key`` (category key), ``category`` (its label) and ``events``.

    >>> wide = pd.DataFrame({"airstrike": [2, 0]}, index=pd.to_datetime(["2019-04-08", "2019-04-15"]))
    >>> weekly_long(wide)[["week_start", "key", "category", "events"]].to_dict("records")
    [{'week_start': '2019-04-08', 'key': 'airstrike', 'category': 'Air / drone strike', 'events': 2}]
    """
    if weekly.empty:
        return pd.DataFrame(columns=["week", "week_start", "key", "category", "events"])
    stacked = weekly.rename_axis(index="week", columns="key").stack()
    long = pd.DataFrame({"events": stacked}).reset_index()
    long = long[long["events"] > 0].reset_index(drop=True)
    long["week_start"] = long["week"].dt.strftime("%Y-%m-%d")
    long["category"] = long["key"].map(lambda k: category_style(k).label)
    long["events"] = long["events"].astype("int64")
    return long[["week", "week_start", "key", "category", "events"]]


def weekly_chart(weekly: pd.DataFrame, *, height: int = 360) -> alt.Chart:
    """Stacked bars of events per week and category; a click selects one bar (week and category).

    The x axis labels carry the year (``Apr 2019``), and the legend sits under the chart in
    columns so that every category shows, not only those that fit beside a short chart.
    ``height`` is the whole chart's: Streamlit fits the plot, axes and legend into it.
    """
    import altair as alt  # here, not at the top: a session's first run draws no chart (0.6 s of imports)

    long = weekly_long(weekly)
    keys = list(dict.fromkeys(weekly.columns))
    labels = [category_style(k).label for k in keys]
    colours = [category_style(k).color for k in keys]
    pick = alt.selection_point(name=BAR_SELECTION, fields=["week_start", "key"], on="click", clear="dblclick")
    return (
        alt.Chart(long, height=height)
        .mark_bar()
        .encode(
            x=alt.X("week:T", title="week", axis=alt.Axis(format="%b %Y", labelOverlap=True)),
            y=alt.Y("sum(events):Q", title="events"),
            color=alt.Color("category:N", sort=labels, title=None,
                            scale=alt.Scale(domain=labels, range=colours),
                            legend=alt.Legend(orient="bottom", columns=2, symbolLimit=0, labelLimit=240)),
            order=alt.Order("key:N"),
            opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
            tooltip=[alt.Tooltip("week_start:N", title="week of"), alt.Tooltip("category:N", title="category"),
                     alt.Tooltip("events:Q", title="events")],
        )
        .add_params(pick)
    )


def clicked_bar(selection: Mapping[str, Any] | None) -> tuple[date, date, str] | None:
    """``(Monday, Sunday, category key)`` of the bar a chart selection names, else None.

    ``selection`` is what Streamlit reports for the chart (its ``selection`` attribute).

    >>> clicked_bar({"bar": [{"week_start": "2019-04-08", "key": "clash"}]})
    (datetime.date(2019, 4, 8), datetime.date(2019, 4, 14), 'clash')
    >>> clicked_bar({"bar": []}) is None
    True
    """
    points = (selection or {}).get(BAR_SELECTION) or []
    if not points or not isinstance(points[0], Mapping):
        return None
    try:
        monday = date.fromisoformat(str(points[0]["week_start"]))
        key = str(points[0]["key"])
    except (KeyError, ValueError):
        return None
    return monday, monday + timedelta(days=6), key
