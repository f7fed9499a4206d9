"""The sidebar's search and analysts' filters: text, the actors' side, killed, sub-event type, sources.

In: the filter choices of the data (:class:`~geo.app.summaries.Facets`). Out: the keyword
arguments of :class:`~geo.app.appdata.Filters` they set (none when left at "everything").
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from geo.app.summaries import Facets

__all__ = ["ROLES", "more_filters"]

#: The actor filter's sides: the value of ``Filters.actor_role`` -> its label.
ROLES: dict[str, str] = {"either": "either side", "attacker": "acting (attacker)", "target": "acted on (target)"}


def more_filters(fac: Facets) -> dict[str, Any]:
    """Draw the widgets (in the current container) and return the ``Filters`` fields they set."""
    ss = st.session_state
    text = st.text_input("Search places, actors and evidence", key="text",
                         placeholder="Arabic or English, e.g. ابو سليم or Tajoura",
                         help="Folded as the pipeline folds text: case, hamza forms, ta marbuta, diacritics.")
    role = st.radio("The chosen actors as", list(ROLES), format_func=ROLES.get, key="actor_role", horizontal=True)
    out: dict[str, Any] = {"text": text.strip() or None, "actor_role": role}
    if fac.most_killed > 0:
        if ss.get("killed") is not None and ss["killed"][1] > fac.most_killed:
            ss["killed"] = (min(ss["killed"][0], fac.most_killed), fac.most_killed)  # the data shrank
        low, high = st.slider("Killed (reported)", 0, fac.most_killed, (0, fac.most_killed), key="killed")
        out["killed_min"] = low if low > 0 else None
        out["killed_max"] = high if high < fac.most_killed else None
    if fac.sub_event_types:
        subs = st.multiselect("Sub-event type", fac.sub_event_types, key="sub_event_types",
                              placeholder="all sub-event types")
        out["sub_event_types"] = tuple(subs) or None
    n = st.number_input("Reported by at least this many sources", min_value=1, max_value=50, value=1, step=1,
                        key="min_sources")
    out["min_sources"] = int(n) if n and n > 1 else None
    return out
