"""The page's column beside the map: the one explained count, counts per category and the weekly chart.

In: the :class:`~geo.app.appdata.EventIndex`, the rows in the date range and filters, and the
store (for the article count). Out: Streamlit elements; a click on a bar of the chart sets the
sidebar's date range to that week and its categories to that category (:func:`filter_to_bar`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import streamlit as st

from geo.app import charts, summaries
from geo.app.appdata import EventIndex

__all__ = ["CHART_KEY", "filter_to_bar", "render_breakdown", "render_counts"]

CHART_KEY = "weekly_chart"


def filter_to_bar() -> None:
    """Chart callback: the clicked bar's week becomes the date range, its category the only one.

    A callback runs before the script, so it may set the sidebar widgets' values.
    """
    ss = st.session_state
    state = ss.get(CHART_KEY)
    bar = charts.clicked_bar(getattr(state, "selection", None) or (state or {}).get("selection"))
    if bar is None:
        return
    monday, sunday, key = bar
    ss["date_range"] = (monday, sunday)
    ss["categories"] = [key]


def render_counts(index: EventIndex, view: np.ndarray, store: Any, *, front_drawn: int, day: date) -> None:
    """The count (explained), killed and articles."""
    n_view = int(view.sum())
    front_reports = int((view & (index.layer == "front_lines")).sum())
    counts = index.category_counts(view)
    killed = int(counts["killed"].sum()) if len(counts) else 0
    m1, m2, m3 = st.columns(3)
    m1.metric("Events", f"{n_view:,}", help=summaries.count_note(n_view, front_reports, front_drawn, day))
    m2.metric("Killed (reported)", f"{killed:,}")
    m3.metric("Articles", f"{store.article_count():,}")
    st.caption(summaries.count_note(n_view, front_reports, front_drawn, day))


def render_breakdown(index: EventIndex, view: np.ndarray) -> None:
    """The counts per category and the weekly chart (a click on a bar filters: :func:`filter_to_bar`)."""
    counts = index.category_counts(view)
    counts["category"] = counts["category"].map(summaries.category_label)
    st.dataframe(counts, hide_index=True, key="counts", height=240,
                 column_config={"category": "Category", "events": "Events", "killed": "Killed"})
    weekly = index.weekly_counts(view)
    if len(weekly):
        st.caption("Events per week, by category, over the sidebar's date range (not the map's time control). "
                   "Click a bar to see that week and category only.")
        st.altair_chart(charts.weekly_chart(weekly), key=CHART_KEY, on_select=filter_to_bar,
                        selection_mode=charts.BAR_SELECTION, width="stretch")
