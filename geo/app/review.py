"""The Review tab (Streamlit): the form bound to the selected event, what will change, save, undo.

In: the store, the events the page lists, the selected event (chosen in the table, on the
map or in this tab's picker) and the last map click. Out: corrections written through
``EventStore.correct_event`` / ``undo_correction``; the rules live in
:mod:`geo.app.review_state` and are tested without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import streamlit as st

from geo.app import appdata, summaries
from geo.app import review_state as rs
from geo.mapview.style import category_style
from geo.model import CATEGORIES
from geo.store.base import EditConflict

__all__ = ["render_review"]


@st.cache_resource(show_spinner="Loading the gazetteer...")
def _gazetteer() -> Any:
    from gazetteer import Gazetteer

    return Gazetteer.default()


def _message_and_undo(store: Any, ss: Any) -> None:
    last = ss.get("review_last")
    if ss.get("review_message"):
        headline, detail = ss.pop("review_message")
        with st.container(border=True):
            st.success(headline)
            st.text(detail)  # event text: never markdown or HTML
    if last is None:
        return
    # A tooltip is markdown: the summary holds analysts' notes and article names, so it stays out of it.
    if st.button("Undo the last correction", key="review_undo",
                 help="Puts the event back as it was before your last saved correction (shown above)."):
        try:
            store.undo_correction(last["change_id"])
        except (KeyError, EditConflict) as exc:
            st.error(f"Not undone: {exc}")
            ss["review_last"] = None
            return
        ss["review_last"] = None
        ss["review_refill"] = True
        ss["review_message"] = ("Undone.", last["summary"])
        st.rerun()


def _save(store: Any, ss: Any, sel: rs.Selection, label: str, changes: dict[str, Any], *,
          reviewer: str | None, comment: str | None) -> None:
    try:
        change = store.correct_event(sel.event_id, changes, expected=sel.baseline, reviewer=reviewer,
                                     comment=comment)
    except EditConflict as exc:
        ss["review_refill"] = True
        ss["review_error"] = (f"{exc}. The form now shows the stored values; make your change again.")
        st.rerun()
    except (KeyError, ValueError) as exc:
        st.error(f"Not saved: {exc}")
        return
    lines = rs.describe_changes(sel.baseline, changes)
    summary = f"{label}: " + "; ".join(lines) if lines else f"{label}: comment added"
    ss["review_last"] = {"change_id": change, "event_id": sel.event_id, "summary": summary} if change else None
    ss["review_message"] = ("Saved.", summary)
    ss["review_refill"] = True
    st.rerun()


def render_review(store: Any, options: Sequence[str], labels: Mapping[str, str], selected: str | None,
                  map_click: Mapping[str, float] | None = None) -> None:
    """Draw the Review tab.

    Parameters
    ----------
    store
        The open event store.
    options
        Event ids the picker offers (the events in view, newest first).
    labels
        ``event_id -> label`` for the picker (plain text).
    selected
        The event selected in the table or on the map (shown in the form), if any.
    map_click
        The last click on the map's background (``{"lat": ..., "lng": ...}``), offered as a place.
    """
    ss = st.session_state
    _message_and_undo(store, ss)
    if ss.get("review_error"):
        st.error(ss.pop("review_error"))
    st.caption("Select an event in the table, on the map or below; the form shows that event. A save writes "
               "only the fields you changed, and is kept by event id when the article is extracted again.")
    choices = list(options)
    labels = dict(labels)
    if st.toggle("Show rejected events (to restore one)", key="review_show_rejected"):
        rejected = appdata.rejected_events(store)
        labels.update({e: f"REJECTED · {t}" for e, t in summaries.event_labels(summaries.table_frame(rejected)).items()})
        choices = [*rejected.index, *choices]
    if selected is not None and selected not in choices:
        choices.insert(0, selected)
    if not choices:
        st.write("No events in view.")
        return
    if selected is not None and ss.get("review_event") != selected:
        ss["review_event"] = selected  # the selection made in the table or on the map
    elif ss.get("review_event") not in choices:
        ss["review_event"] = choices[0]

    def picked() -> None:
        ss["selected_ref"] = ss["review_event"]
        ss["selected_from"] = "table"  # like a table row: the map centres on it
        ss["table_nonce"] = ss.get("table_nonce", 0) + 1

    eid = st.selectbox("Event", choices, format_func=lambda e: labels.get(e, e), key="review_event",
                       on_change=picked)
    try:
        sel = rs.select_event(ss, eid, store.review_values)
    except KeyError:
        st.warning("This event is no longer in the store.")
        return
    base = sel.baseline
    label = labels.get(eid, eid)
    history = store.correction_history(eid)
    if history:
        with st.expander(f"Corrected: {len(history)} change(s) in the history", expanded=False):
            st.text("\n".join(rs.history_lines(history)))  # st.text: never markdown or HTML

    key = lambda f: rs.widget_key(sel, f)  # noqa: E731 - one short name for many widgets
    c1, c2 = st.columns(2)
    cat_options = list(CATEGORIES) if base["category"] in CATEGORIES else [base["category"], *CATEGORIES]
    category = c1.selectbox("Category", cat_options, index=cat_options.index(base["category"]), key=key("category"),
                            format_func=lambda c: category_style(c).label)
    day = c2.date_input("Date", value=base["event_date"], key=key("event_date"))
    st.text(f"Place now: {base['place_name'] or 'none'} ({rs.describe_value('district', base['district'])}; "
            f"{rs.describe_value('location', base['location'])})")
    p1, p2 = st.columns(2)
    query = p1.text_input("Find a place (Arabic or English name)", key=key("place_query"),
                          help="Type a name from the gazetteer, or click the map's background and pick a place "
                               "near the click.")
    places = rs.place_choices(_gazetteer(), query, map_click)
    keep = "(keep the current place)"
    place_label = p2.selectbox("New place", [keep, *places], key=key("place_pick"))
    place = places.get(place_label)
    a1, a2 = st.columns(2)
    actor1 = a1.text_input("Actor 1", value=base["actor1"] or "", key=key("actor1"))
    actor2 = a2.text_input("Actor 2", value=base["actor2"] or "", key=key("actor2"))
    counts: dict[str, int | None] = {}
    cols = st.columns([1, 0.8, 1, 0.8, 1.2], vertical_alignment="bottom")
    for i, (field, name) in enumerate((("fatalities", "Killed"), ("injured", "Injured"))):
        # "Unknown" is its own choice: 0 means the report says nobody was killed.
        unknown = cols[2 * i + 1].checkbox("unknown", value=base[field] is None, key=key(f"{field}_unknown"))
        number = cols[2 * i].number_input(name, min_value=0, step=1, value=base[field] or 0, key=key(field),
                                          disabled=unknown)
        counts[field] = None if unknown else int(number)
    approximate = cols[4].checkbox("Counts are approximate", value=bool(base["approximate"]),
                                   key=key("approximate"))
    notes = st.text_area("Notes", value=base["notes"] or "", key=key("notes"), height=68)
    r1, r2 = st.columns(2)
    reviewer = r1.text_input("Your name (optional)", key="review_reviewer")
    comment = r2.text_input("Comment on this change (optional)", key=key("comment"))

    entered = {"category": category, "event_date": day, "actor1": actor1, "actor2": actor2,
               **counts, "approximate": approximate, "notes": notes}
    changes = rs.form_changes(base, entered, place)
    st.markdown("**What will change**")
    if changes:
        st.text("\n".join(rs.describe_changes(base, changes)))
    else:
        st.caption("Nothing yet: change a field above.")
    b1, b2 = st.columns(2)
    if b1.button("Save correction", type="primary", key=key("save"), disabled=not changes):
        _save(store, ss, sel, label, changes, reviewer=reviewer or None, comment=comment or None)
    status = "Restore this event" if base["rejected"] else "Reject this event"
    if b2.button(status, key=key("reject")):
        _save(store, ss, sel, label, {"rejected": not base["rejected"]}, reviewer=reviewer or None,
              comment=comment or None)
