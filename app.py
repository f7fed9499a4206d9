"""Libya conflict-event map: ``streamlit run app.py``.

The page only wires widgets to functions of ``geo/`` that are tested without
Streamlit: ``geo.app.appdata`` (store, filters, counts, ingest, review),
``geo.mapview`` (the folium map), ``geo.outputs.export`` (downloads) and
``geo.mapview.assets`` (local Leaflet assets).

Environment
-----------
LCM_STORE
    The event store: a ``.gpkg`` path or a ``postgresql://`` URL (default
    ``data/events.gpkg``, built from ``data/sample_articles.jsonl`` on first start).
LCM_OFFLINE
    ``1``: plain offline basemap, no tile requests; ``0``: OpenStreetMap tiles.
    Unset: tiles if ``tile.openstreetmap.org`` answers within a second at start-up.
LCM_TIMING
    ``1``: print each script run's duration to the server's stderr (``bench/bench_app.py`` reads it).
"""

from __future__ import annotations

import functools
import os
import sys
import time
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, cast

import folium
import streamlit as st
from streamlit_folium import st_folium

from geo import mapview
from geo.app import actions, appdata, mapfit, overview, review, share, sidebar, sources_tab, summaries
from geo.app.resources import (
    asset_base,
    event_index,
    event_store,
    facets_and_bounds,
    front_lines_between,
    front_lines_on,
    tiles_reachable,
    view_density,
    view_layers,
)
from geo.mapview import assets, density
from geo.mapview.popup import safe_url
from geo.outputs import export, report
from geo.outputs.layers import LAYER_NAMES, concat_layers
from geo.store import StoreError, redact_url

_STARTED = time.perf_counter()
APP_DIR = Path(__file__).resolve().parent
FIRST_PAINT_DELAY = 1.5
MAP_HEIGHT = 560
TABLE_ROWS = 2000

st.set_page_config(page_title="Libya conflict events", page_icon="🗺️", layout="wide")
assets.ensure_app_static(APP_DIR)


# --------------------------------------------------------------------------- shared, cached resources


@st.cache_resource
def _first_start_claim(url: str) -> dict[str, bool]:
    # One per server process: the first-start banner goes to the session whose run built the store.
    return {"claimed": False}


URL = appdata.store_path()
SHOWN_URL = redact_url(URL)  # the address as the page may show it: never its password
try:
    store, built = event_store(URL)
except StoreError as exc:  # one line, no traceback: the message names the store without its password
    st.error(f"The event store could not be opened: {exc}")
    st.stop()
REV = store.revision()
idx = event_index(URL, REV)
events = idx.frame
fac, bounds = facets_and_bounds(URL, REV)
ss = cast("MutableMapping[str, Any]", st.session_state)  # typed str | int keys by Streamlit; ours are str
if built and not _first_start_claim(URL)["claimed"]:
    _first_start_claim(URL)["claimed"] = ss["_first_start"] = True

# Full-run counter: the ticker (a fragment) tells its own timed runs from full runs by it.
ss["_run"] = ss.get("_run", 0) + 1
if ss["_run"] == 1:  # a shared link: its filters, dates and map view, before the widgets are made
    _link = share.restore(st.query_params.to_dict(), fac)
    ss.update(_link.widgets)
    ss["_link_view"] = _link.view
# Map first: a session's first run leaves out the weekly chart and the data grids. Their
# JavaScript (Vega-Lite and the grid, about 2 MB) would otherwise be parsed on the browser thread
# that loads and draws the map, delaying the first map by about 0.7 s. A timed run of the ticker
# below completes the page FIRST_PAINT_DELAY seconds later, unless the user acted first.
first_paint = ss["_run"] == 1

# --------------------------------------------------------------------------- filters

# From the session state, not from the widgets: the map is built and sent first, the sidebar's
# widgets are drawn after it from the same keys (by a session's second run: geo.app.sidebar).
env_offline = assets.offline_env()
sidebar.prepare(ss, fac, offline=env_offline if env_offline is not None else not tiles_reachable())
filters = sidebar.filters_of(ss, fac)
assert filters.date_from is not None and filters.date_to is not None
date_from, date_to = filters.date_from, filters.date_to
no_category = not ss["categories"] and bool(fac.categories)

# --------------------------------------------------------------------------- header and time controls

st.title("Libya conflict events, 2019–2020")
if ss.get("_first_start"):
    st.info("First start: the event store was built from the bundled sample articles "
            f"(`data/sample_articles.jsonl`) through the pipeline, into `{SHOWN_URL}`.")
if len(events) == 0:
    st.warning("The store holds no events yet. Add articles in the **Ingest** tab, or from a shell: "
               "`python -m geo ingest FOLDER_OR_FILES --store STORE` (the store this page shows in the sidebar).")

# Time steps in the browser: the map's own control (geo.mapview.timecontrol) steps and plays through
# the days of the range without a rerun; the page shows the range and the front lines valid on its end.
map_day = date_to


@st.fragment(run_every=FIRST_PAINT_DELAY if first_paint else None)
def _ticker() -> None:
    """A timed run that completes the first paint (reruns the page)."""
    timed = ss.get("_ticker_seen") == ss["_run"]  # no full run since the last call: the timer fired
    ss["_ticker_seen"] = ss["_run"]
    if not timed:
        return
    if ss["_run"] == 1:
        st.rerun()


_ticker()

# --------------------------------------------------------------------------- the view

view = idx.mask(filters)
front = front_lines_on(URL, REV, map_day)
n_view, n_map = int(view.sum()), int((view & (idx.layer != "front_lines")).sum())

selected: str | None = ss.get("selected_ref")
if selected is not None and selected not in events.index:
    selected = ss["selected_ref"] = None
# A row picked in the table recentres the map on it; a mark clicked on the map leaves the map as it
# is (re-drawing it would close the popup the click just opened) and only selects the row.
from_table = selected is not None and ss.get("selected_from") == "table"

# --------------------------------------------------------------------------- map + summary

map_col, side_col = st.columns([3, 2])
with side_col:  # the counts before the map: the browser draws them while the server builds the map
    overview.render_counts(idx, view, store, front_drawn=len(front), day=map_day)
with map_col:
    static_base = asset_base()
    base = mapview.build_base(offline=bool(ss["offline"]), bounds=bounds, base_url=static_base, time_control=True,
                              legend_note=density.DENSITY_NOTE)
    parts = view_layers(URL, REV, filters, static_base).groups()
    parts.groups += density.density_groups(view_density(URL, REV, filters), base_url=static_base)
    # The map follows the filters (re-fitted when they change; a shared link's view first) or the row
    # picked in the table. Kept in the session: streamlit-folium moves the map only when these change.
    if ss.get("_view_for") != filters:
        link_view = ss.pop("_link_view", None)
        ss["_view_for"] = filters
        marks = mapfit.mark_bounds(idx, view, front_lines_between(URL, REV, date_from, date_to))
        ss["_view"] = ((link_view.lat, link_view.lon), link_view.zoom) if link_view else mapfit.fit_view(marks)
        # The browser fits the map to the marks at its real size (the server only guesses it).
        ss["_fit"] = (marks, ss.get("_fit", (None, 0))[1] + 1, link_view is None)
    center, zoom = ss["_view"]
    parts.groups.append(mapfit.fit_group(*ss["_fit"]))
    if from_table:
        i = events.index.get_loc(selected)
        ring = mapfit.selection_group(idx, i)
        if ring is not None:
            parts.groups.append(ring)
            center, zoom = mapfit.event_view(idx, i) or (center, zoom)
    note = (f"Map, {date_from.isoformat()} – {date_to.isoformat()}: {n_map:,} events; front lines valid on "
            f"{map_day.isoformat()}: {len(front)}. Step or play through the days with the control at the "
            "map's bottom right (the heat maps follow it); the counts, table, chart and districts cover the whole range.")
    if no_category:
        note += " · no category chosen (sidebar)"
    if parts.aggregated:
        note += (f" · more than {mapview.MAX_MARKERS:,} points: drawn as grid cells, "
                 "narrow the filters to see each event")
    if parts.capped.get("movements"):
        note += f" · newest {mapview.MAX_LINES} movements drawn"
    st.caption(note)
    result = st_folium(
        base, key="map", height=MAP_HEIGHT, use_container_width=True,
        feature_group_to_add=parts.groups, layer_control=folium.LayerControl(collapsed=True),
        center=center, zoom=zoom,
        # Review: a click is a place for the form. Elsewhere the map's centre and zoom, for the URL (a
        # move then reruns the page, which would also clear the Review tab's one-run messages).
        returned_objects=["last_object_clicked", "last_object_clicked_tooltip",
                          *(["last_clicked"] if ss.get("tab") == "Review" else ["center", "zoom"])],
    )
    # The URL describes this view (filters, dates, where the map looks): a link to it restores it.
    share.write_url(st.query_params, ss, fac, result)

# The sidebar after the map; a session's first run leaves its widgets to the second run (as the
# table and chart): rendering them would delay the map in the browser by about a second.
if first_paint:
    sidebar.placeholder(store_label=SHOWN_URL, n_events=len(events))
else:
    sidebar.draw(fac, store_label=SHOWN_URL, n_events=len(events))

with side_col:
    if first_paint:
        st.caption("Loading the counts per category and the weekly chart...")
    else:
        overview.render_breakdown(idx, view)

# A click on a mark selects its event (its tooltip carries the event id).
clicked = summaries.ref_of_tooltip((result or {}).get("last_object_clicked_tooltip"))
click_sig = (clicked, str((result or {}).get("last_object_clicked")))
if clicked and clicked in events.index and click_sig != ss.get("_last_click"):
    ss["_last_click"] = click_sig
    ss["selected_ref"] = clicked
    ss["selected_from"] = "map"
    ss["table_nonce"] = ss.get("table_nonce", 0) + 1  # a fresh table widget, so it shows this selection
    st.rerun()

# --------------------------------------------------------------------------- tabs

# The tabs are drawn from a session's second run on: its first run does not make the table.
table = summaries.table_frame(events.iloc[:0] if first_paint else idx.newest(view, TABLE_ROWS), limit=None)
rows: list[str] = table.index.tolist()
labels = summaries.event_labels(table)
if selected is not None and selected not in labels:
    labels.update(summaries.event_labels(summaries.table_frame(events.loc[[selected]])))


def _events_tab() -> None:
    shown = table.assign(url=table["url"].map(safe_url))  # only http(s) links become clickable
    default: Any = {"selection": {"rows": [rows.index(selected)]}} if selected in rows else None
    st.caption(f"{n_view:,} events in the date range and filters"
               + (f" (newest {len(table):,} shown; export for all)" if len(table) < n_view else ""))
    columns: dict[str, Any] = {
        "event_date": st.column_config.DateColumn("Date", format="YYYY-MM-DD"),
        "category": "Category", "place_name": "Place", "actor1": "Actor 1", "actor2": "Actor 2",
        "fatalities": st.column_config.NumberColumn("Killed"),
        "corroboration": st.column_config.NumberColumn("Reports", help="articles reporting this event"),
        "geo_precision": st.column_config.NumberColumn("Precision"),
        "district": "District", "evidence": st.column_config.TextColumn("Evidence", width="large"),
        "source": "Source", "url": st.column_config.LinkColumn("Link", display_text="open"),
        "reviewed": st.column_config.CheckboxColumn("Corrected"), "history": "Correction history",
        "event_id": "Event id",
    }
    picked = st.dataframe(
        shown, key=f"table-{ss.get('table_nonce', 0)}", on_select="rerun", selection_mode="single-row",
        selection_default=default, hide_index=True, height=360, placeholder="–", column_config=columns,
    )
    chosen = picked.selection.rows if picked is not None else []
    if chosen and rows[chosen[0]] != selected:
        ss["selected_ref"] = rows[chosen[0]]
        ss["selected_from"] = "table"
        st.rerun()
    if selected is not None:
        history = events.at[selected, "history"] if "history" in events.columns else None
        # st.text: event text is never markdown or HTML
        st.text(f"Selected: {labels[selected]}" + (f"\nCorrected:\n{history}" if history else ""))


def _review_tab() -> None:
    review.render_review(store, rows, labels, selected, map_click=(result or {}).get("last_clicked"))


def _ingest_tab() -> None:
    if ss.get("ingest_message"):
        st.success(ss.pop("ingest_message"))
    st.caption("Paste an article or upload files (.txt: one article; .jsonl: one article per line in the "
               "contract format; .csv: a 'text' column). The pipeline extracts events and stores them.")
    with st.form("ingest", clear_on_submit=True):
        pasted = st.text_area("Article text", height=150, key="ingest_text")
        files = st.file_uploader("or upload", type=["txt", "jsonl", "json", "csv"], accept_multiple_files=True,
                                 key="ingest_files")
        c1, c2, c3 = st.columns(3)
        published = c1.date_input("Publication date", value=None, key="ingest_published",
                                  help="Anchors relative dates such as 'yesterday' or 'on Friday'.")
        language = c2.selectbox("Language", ["auto", "ar", "en"], key="ingest_language")
        source = c3.text_input("Source", value="", key="ingest_source")
        if not st.form_submit_button("Run the pipeline", type="primary"):
            return
    lang = None if language == "auto" else language
    articles, problems = actions.parse_inputs(pasted, [(f.name, f.getvalue()) for f in files or []],
                                              published=published, language=lang, source=source or None)
    stats = None
    if articles:
        before = store.event_count(include_rejected=False)
        try:
            with st.spinner(f"Running the pipeline on {len(articles)} article(s)..."):
                stats = actions.ingest_articles(store, articles, problems)
        except Exception as exc:  # the page shows one line, never a traceback or a server path
            print(f"ingest from the page failed: {type(exc).__name__}", file=sys.stderr)
            st.error(f"Not stored: the store refused the articles ({type(exc).__name__}).")
            return
        added = store.event_count(include_rejected=False) - before
        ss["ingest_message"] = summaries.ingest_message(len(articles), stats, added)
    if problems:
        st.error(actions.problem_summary(problems))
        st.text("\n".join(actions.problem_lines(problems)))  # st.text: record text is never markdown or HTML
        if stats is not None:
            st.success(ss.pop("ingest_message"))
    elif stats is not None:
        st.rerun()
    else:
        st.warning("Nothing to ingest: paste text or choose files.")


def _export_tab() -> None:
    st.caption(f"The current view: {n_view:,} events ({date_from.isoformat()} – {date_to.isoformat()}, "
               f"filters applied) and the front lines valid on {map_day.isoformat()}. Files are made when "
               "you click.")
    mask, stem = view.copy(), f"libya-events-{date_from.isoformat()}-{date_to.isoformat()}"

    def layers() -> dict[str, Any]:
        return appdata.export_layers(idx, mask, front)

    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "GeoJSON: all layers", data=lambda: export.geojson_bytes(concat_layers(layers())),
        file_name=export.safe_export_name(f"{stem}-all.geojson"), mime="application/geo+json",
        on_click="ignore", key="dl_all", icon=":material/download:")
    c2.download_button(
        "CSV (ACLED columns)", data=lambda: export.acled_csv_bytes(idx.subset(mask)),
        file_name=export.safe_export_name(f"{stem}-acled.csv"), mime="text/csv", on_click="ignore",
        key="dl_csv", icon=":material/download:")
    for line in export.acled_notes(idx.subset(mask)):
        c2.caption(line)
    c3.download_button(
        "GeoPackage (one layer per map layer)", data=lambda: export.gpkg_bytes(layers()),
        file_name=export.safe_export_name(f"{stem}.gpkg"), mime="application/geopackage+sqlite3",
        on_click="ignore", key="dl_gpkg", icon=":material/download:")
    st.download_button(
        "Map report (one HTML file that opens offline)", icon=":material/map:", key="dl_report",
        data=lambda: report.map_report_html(layers(), title=f"Libya conflict events, {date_from} – {date_to}",
                                            summary=summaries.filter_summary(filters, map_day)),
        file_name=export.safe_export_name(f"{stem}-report.html"), mime="text/html", on_click="ignore")

    def one_layer(name: str) -> bytes:
        return export.geojson_bytes(layers()[name])

    for col, name in zip(st.columns(len(LAYER_NAMES)), LAYER_NAMES, strict=True):
        col.download_button(
            f"GeoJSON: {name}", data=functools.partial(one_layer, name),
            file_name=export.safe_export_name(f"{stem}-{name}.geojson"), mime="application/geo+json",
            on_click="ignore", key=f"dl_{name}")


# Tabs with state: only the open tab is built and sent; the others would cost a 2,000-option
# select box and several widget bundles in the browser on every rerun.
tabs = st.tabs(["Events", "Review", "Ingest", "Sources", "Export"], key="tab", on_change="rerun")
for tab, draw in zip(tabs, (_events_tab, _review_tab, _ingest_tab, lambda: sources_tab.draw(store), _export_tab),
                     strict=True):
    with tab:
        if not tab.open:
            continue
        if first_paint:
            st.caption("Loading...")
        else:
            draw()

if os.environ.get("LCM_TIMING") == "1":
    print(f"lcm-timing script_run {time.perf_counter() - _STARTED:.3f}", file=sys.stderr, flush=True)
