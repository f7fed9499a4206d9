"""The sidebar's filters: their values in the session state, the filters they make, and their widgets.

In: the session state (the widgets' keys) and the filter choices of the data
(:class:`~geo.app.summaries.Facets`). Out: each key's value made ready before the page is drawn
(:func:`prepare`), the :class:`~geo.app.appdata.Filters` those values make (:func:`filters_of`) and
the widgets (:func:`draw`), which take their values from the same keys.

The filters come from the session state, not from what the widgets return, so that the page can
build and send the map before it draws the sidebar: a session's first run leaves the widgets
out altogether (they are drawn by its second run, with the table and chart), and the browser's
first work is the map. A widget drawn later shows the value its key holds, so both runs make the
same filters and the map stays as it was drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from datetime import timedelta
from typing import Any

import streamlit as st

from geo.app import summaries
from geo.app.appdata import Filters, default_filters
from geo.app.summaries import Facets
from geo.mapview.style import category_style

__all__ = ["PRECISIONS", "ROLES", "draw", "filters_of", "placeholder", "prepare"]

#: The actor filter's sides: the value of ``Filters.actor_role`` -> its label.
ROLES: dict[str, str] = {"either": "either side", "attacker": "acting (attacker)", "target": "acted on (target)"}
#: The location precision slider's steps -> their labels (3: every event).
PRECISIONS: dict[int, str] = {1: "place itself", 2: "near / between", 3: "any (region)"}
#: Keys of the widgets that start on a fixed value (the others follow the data: :func:`prepare`).
_FIXED_DEFAULTS: dict[str, Any] = {"precision": 3, "text": "", "actor_role": "either", "min_sources": 1,
                                   "actors": [], "districts": [], "sources": [], "sub_event_types": []}


def prepare(state: MutableMapping[str, Any], fac: Facets, *, offline: bool) -> None:
    """Give every filter key of ``state`` its value before the page reads it: the date range and the
    categories follow the data until the user changes them (:func:`geo.app.summaries.follow_data`),
    a category or killed range the data no longer has is narrowed, the others start on their
    defaults; ``offline`` is the basemap toggle's first value.

    >>> from datetime import date
    >>> state = {"categories": ["clash", "gone"]}
    >>> fac = Facets(categories=["airstrike", "clash"], first_day=date(2019, 4, 4), last_day=date(2020, 7, 26))
    >>> prepare(state, fac, offline=True)
    >>> state["date_range"], state["categories"], state["precision"], state["offline"]
    ((datetime.date(2019, 4, 4), datetime.date(2020, 7, 26)), ['clash'], 3, True)
    """
    opening = default_filters(fac)
    summaries.follow_data(state, "date_range", (opening.date_from, opening.date_to))
    summaries.follow_data(state, "categories", list(fac.categories))
    kept = [c for c in state["categories"] if c in fac.categories]  # a category may have emptied
    if kept != state["categories"]:  # written only when changed: a write sends the value to the browser
        state["categories"] = kept
    for key, value in _FIXED_DEFAULTS.items():
        state.setdefault(key, value)
    state.setdefault("offline", offline)
    if fac.most_killed > 0:
        killed = state.get("killed")
        if killed is not None and killed[1] > fac.most_killed:  # the data shrank
            state["killed"] = (min(killed[0], fac.most_killed), fac.most_killed)
        state.setdefault("killed", (0, fac.most_killed))


def filters_of(state: Mapping[str, Any], fac: Facets) -> Filters:
    """The filters the values in ``state`` (made ready by :func:`prepare`) ask for; a filter left at
    "everything" is ``None``. A date range being picked (one end chosen so far) counts as the whole range.

    >>> from datetime import date
    >>> fac = Facets(categories=["airstrike", "clash"], first_day=date(2019, 4, 4), last_day=date(2020, 7, 26),
    ...              most_killed=9)
    >>> state = {}
    >>> prepare(state, fac, offline=True)
    >>> filters_of(state, fac) == default_filters(fac)
    True
    >>> state.update(categories=["clash"], precision=1, killed=(2, 9), text=" Tajoura ", date_range=(date(2019, 5, 1),))
    >>> f = filters_of(state, fac)
    >>> f.categories, f.min_precision, f.killed_min, f.killed_max, f.text, f.date_from
    (('clash',), 1, 2, None, 'Tajoura', datetime.date(2019, 4, 4))
    >>> state["categories"] = []
    >>> filters_of(state, fac).categories
    ('__none__',)
    """
    opening = default_filters(fac)
    picked = state.get("date_range")
    date_from, date_to = (picked if isinstance(picked, (tuple, list)) and len(picked) == 2
                          else (opening.date_from, opening.date_to))
    cats = list(state.get("categories") or [])
    precision = int(state.get("precision") or 3)
    low, high = state.get("killed") or (0, fac.most_killed)
    text = str(state.get("text") or "").strip()
    n = int(state.get("min_sources") or 1)
    return Filters(
        date_from=date_from, date_to=date_to,
        # An emptied category box shows nothing (a category no event has), not everything.
        categories=(tuple(cats) or ("__none__",)) if set(cats) != set(fac.categories) else None,
        actors=tuple(state.get("actors") or ()) or None, districts=tuple(state.get("districts") or ()) or None,
        sources=tuple(state.get("sources") or ()) or None, min_precision=precision if precision < 3 else None,
        text=text or None, actor_role=str(state.get("actor_role") or "either"),
        killed_min=low if fac.most_killed > 0 and low > 0 else None,
        killed_max=high if fac.most_killed > 0 and high < fac.most_killed else None,
        sub_event_types=(tuple(state.get("sub_event_types") or ()) or None) if fac.sub_event_types else None,
        min_sources=n if n > 1 else None,
    )


def draw(fac: Facets, *, store_label: str, n_events: int) -> None:
    """The sidebar's widgets, each on its key of the session state (made ready by :func:`prepare`)."""
    opening = default_filters(fac)
    first, last = opening.date_from, opening.date_to
    assert first is not None and last is not None
    with st.sidebar:
        st.header("Filters")
        st.date_input("Date range", min_value=first - timedelta(days=365), max_value=last + timedelta(days=365),
                      key="date_range")
        cats = st.multiselect("Category", fac.categories, key="categories",
                              format_func=lambda c: category_style(c).label)
        if not cats and fac.categories:
            st.warning("No category chosen, so no events are shown: pick one or more categories.")
        st.multiselect("Actor (either side)", fac.actors, key="actors", placeholder="all actors")
        st.multiselect("District", fac.districts, key="districts", placeholder="all districts",
                       format_func=summaries.district_label)
        st.multiselect("Source", fac.sources, key="sources", placeholder="all sources")
        st.select_slider("Minimum location precision", options=list(PRECISIONS), key="precision",
                         format_func=PRECISIONS.get)
        with st.expander("Search and more filters", expanded=bool(st.session_state.get("text"))):
            _more_filters(fac)
        st.divider()
        st.toggle("Offline basemap (no tile requests)", key="offline",
                  help="Off: OpenStreetMap tiles. On: Libya's outline, drawn from data in the app.")
        _store_caption(store_label, n_events)


def _more_filters(fac: Facets) -> None:
    """The search and analysts' filters: text, the actors' side, killed, sub-event type, sources."""
    st.text_input("Search places, actors and evidence", key="text",
                  placeholder="Arabic or English, e.g. ابو سليم or Tajoura",
                  help="Folded as the pipeline folds text: case, hamza forms, ta marbuta, diacritics.")
    st.radio("The chosen actors as", list(ROLES), format_func=ROLES.get, key="actor_role", horizontal=True)
    if fac.most_killed > 0:
        # value= sets the slider's kind (a range); its key's value is what it shows.
        st.slider("Killed (reported)", 0, fac.most_killed, (0, fac.most_killed), key="killed")
    if fac.sub_event_types:
        st.multiselect("Sub-event type", fac.sub_event_types, key="sub_event_types",
                       placeholder="all sub-event types")
    st.number_input("Reported by at least this many sources", min_value=1, max_value=50, step=1, key="min_sources")


def placeholder(*, store_label: str, n_events: int) -> None:
    """What the sidebar shows until its widgets are drawn (it keeps the page's layout from shifting)."""
    with st.sidebar:
        st.header("Filters")
        st.caption("Loading the filters...")
        _store_caption(store_label, n_events)


def _store_caption(store_label: str, n_events: int) -> None:
    st.caption(f"Store: `{store_label}` · {n_events:,} events")
