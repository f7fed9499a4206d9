"""The server's shared, cached resources, and their loading when the server starts.

In: the store address. Out: the opened store, the events index of its current
revision, its facets and map bounds, and whether map tiles can be fetched. Each is
one ``st.cache_resource`` per server process, shared by every session and rerun.

They live here, not in ``app.py``, so that :func:`warm_up` can fill the same caches
before the first visitor arrives: ``serve.py`` (what ``scripts/app.sh`` runs)
calls it from the server's start-up (``st.App``'s lifespan), so the first visitor
does not wait for the imports of the map's libraries and the read of 100,000 events.
Nothing can go stale through this: the index is keyed by the store's revision
(:meth:`geo.store.EventStore.revision`), which every page run reads afresh, so a
store written after the warm-up is read again by the first run that sees the new
revision.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import logging
import socket
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from geo.app import appdata, snapshot, summaries

if TYPE_CHECKING:
    from geo import mapview
    from geo.mapview import density

__all__ = ["PAGE_MODULES", "asset_base", "event_index", "event_store", "facets_and_bounds", "front_lines_between",
           "front_lines_on", "reusable_elements", "tiles_reachable", "view_density", "view_layers", "warm_up"]

log = logging.getLogger(__name__)

#: Modules the page imports that take most of its import time (folium's templates, pandas,
#: geopandas, pyarrow): imported by :func:`warm_up` before the first visitor. Not
#: ``streamlit_folium``: a component registers with the server only when imported during a page
#: run (``components.declare_component``), so the page must be the one to import it.
#: ``streamlit.emojis``: the catalogue ``st.set_page_config`` checks the page icon against (60 ms).
PAGE_MODULES: tuple[str, ...] = (
    "folium", "folium.plugins", "geo.mapview", "geo.mapview.density", "geo.app.overview", "geo.app.review",
    "geo.app.share", "geo.app.sources_tab", "geo.outputs.export", "geo.outputs.report", "streamlit.emojis",
    # the weekly chart, drawn by a session's second run
    "geo.app.charts", "altair",
)


@st.cache_resource(show_spinner="Opening the event store (first start: building it from the sample articles)...")
def event_store(url: str) -> tuple[Any, bool]:
    """:func:`geo.app.appdata.open_app_store`, once per server process."""
    return appdata.open_app_store(url)


@st.cache_resource(show_spinner="Loading events...", max_entries=2)
def event_index(url: str, rev: tuple[str, int]) -> appdata.EventIndex:
    """The events of revision ``rev`` of the store at ``url``, indexed for filtering."""
    # cache_resource, not cache_data: one read-only copy shared by every session instead of
    # a pickled copy per rerun (seconds with 100,000 events). Keyed by the store's revision, so
    # writes by this app and by other processes (python -m geo ingest) show on the next rerun.
    index = appdata.EventIndex(appdata.load_events(event_store(url)[0], snapshot_dir=snapshot.snapshot_dir()))
    _freeze_long_lived()
    return index


def _freeze_long_lived() -> None:
    """Leave the objects alive now (the events index, the imported modules) out of later garbage
    collections (``gc.freeze``).

    Streamlit runs a full collection after every script run (``runner.postScriptGC``), on the
    script's thread while it holds the interpreter: it walked the half million objects of
    100,000 events (0.1-0.4 s), and the server's event loop sent the run's last messages only
    after it, so the browser inserted a new visitor's map that much later. Unfrozen first, so
    that the objects of an index dropped since are collected once more.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@st.cache_resource(max_entries=2)
def facets_and_bounds(url: str, rev: tuple[str, int]) -> tuple[summaries.Facets, list[list[float]]]:
    """The filter choices of every event of revision ``rev``, and the map bounds of the located ones."""
    from geo import mapview

    idx = event_index(url, rev)
    return idx.facets(), mapview.bounds_of(idx.lon[idx.located], idx.lat[idx.located])


@st.cache_resource(max_entries=8)
def view_density(url: str, rev: tuple[str, int], filters: appdata.Filters) -> density.Density:
    """The heat maps' and district map's counts of the events matching ``filters``."""
    # Per view, not per rerun: a click on a mark, a row or a map move reruns with the same filters.
    from geo.mapview import density

    idx = event_index(url, rev)
    return density.density_of(*appdata.density_arrays(idx, idx.mask(filters)))


@st.cache_resource(max_entries=8)
def view_layers(url: str, rev: tuple[str, int], filters: appdata.Filters, base_url: str) -> mapview.LayerElements:
    """The map's event layers for ``filters`` (assets under ``base_url``), with the front lines of their range."""
    # Per view, as the density: rows, popups and their JSON are built once; each rerun (a click, a
    # map move, a later visitor with the same filters) only copies the elements into new groups.
    from geo import mapview

    idx = event_index(url, rev)
    assert filters.date_from is not None and filters.date_to is not None
    layers = appdata.map_layers(idx, idx.mask(filters), max_markers=mapview.MAX_MARKERS, max_lines=mapview.MAX_LINES)
    return mapview.layer_elements(layers, front_lines=front_lines_between(url, rev, filters.date_from, filters.date_to),
                                  base_url=base_url, time_range=(filters.date_from, filters.date_to),
                                  reuse=reusable_elements(url, rev))


@st.cache_resource(max_entries=2)
def reusable_elements(url: str, rev: tuple[str, int]) -> mapview.ElementCache:
    """Layer elements of revision ``rev`` that a later view takes again for a layer it leaves as it
    was (:func:`geo.mapview.layer_elements`; row ids name the same rows within one revision)."""
    from geo import mapview

    return mapview.ElementCache()


@st.cache_resource(max_entries=64)
def front_lines_on(url: str, rev: tuple[str, int], day: date) -> Any:
    """:func:`geo.app.appdata.front_lines_on` of the store at ``url``."""
    return appdata.front_lines_on(event_store(url)[0], day)


@st.cache_resource(max_entries=8)
def front_lines_between(url: str, rev: tuple[str, int], start: date, end: date) -> Any:
    """:func:`geo.app.appdata.front_lines_between` of the store at ``url``."""
    return appdata.front_lines_between(event_store(url)[0], start, end)


def asset_base() -> str:
    """Where the page finds the map's local assets: ``/app/static``, under ``server.baseUrlPath`` when set."""
    from geo.mapview import assets

    prefix = str(st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{prefix}{assets.APP_STATIC_URL}" if prefix else assets.APP_STATIC_URL


@st.cache_resource
def tiles_reachable() -> bool:
    """Whether ``tile.openstreetmap.org`` answers within a second (asked once per server process)."""
    try:
        with socket.create_connection(("tile.openstreetmap.org", 443), timeout=1.0):
            return True
    except OSError:
        return False


def warm_up(url: str | None = None) -> dict[str, float]:
    """Fill the caches the first page run needs, as the server starts. Returns seconds per step.

    Imports :data:`PAGE_MODULES`, opens the store, loads the index of its current revision
    (from its snapshot, or from the store, which then writes the snapshot), its facets and
    bounds, and the view a new visitor opens on (:func:`geo.app.appdata.default_filters`: its
    map layers, density and front lines), and asks whether tiles are reachable when
    ``$LCM_OFFLINE`` does not say. A store that does not exist yet is left to the page, which
    builds the sample store with a message; a store that cannot be opened is only logged (the
    page then shows its error). Never raises: the server must start either way.
    """
    from geo.mapview import assets
    from geo.store import StoreError, is_postgis_url

    url = url or appdata.store_path()
    steps: dict[str, float] = {}
    t = time.perf_counter()
    for name in PAGE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # a module renamed by a newer release: the page imports what it needs
            log.warning("start-up: could not import %s: %s", name, exc)
    # Streamlit's first page run finds modules by frame (inspect.getmodule: the component's
    # registration, the script's checks), which first indexes the file of every loaded module.
    inspect.getmodule(inspect.currentframe())
    steps["imports"] = time.perf_counter() - t
    if assets.offline_env() is None:
        t = time.perf_counter()
        tiles_reachable()
        steps["tiles"] = time.perf_counter() - t
    if not is_postgis_url(url) and not Path(url).exists():
        return steps
    try:
        t = time.perf_counter()
        store, _built = event_store(url)
        rev = store.revision()
        steps["store"] = time.perf_counter() - t
        t = time.perf_counter()
        idx = event_index(url, rev)
        fac, _bounds = facets_and_bounds(url, rev)
        steps["events"] = time.perf_counter() - t
        t = time.perf_counter()
        filters = appdata.default_filters(fac)
        assert filters.date_to is not None
        view_layers(url, rev, filters, asset_base())
        view_density(url, rev, filters)
        front_lines_on(url, rev, filters.date_to)
        # Not cached, but their first call in a process pays for pandas' and pyarrow's lazy set-up.
        view = idx.mask(filters)
        idx.category_counts(view)
        idx.weekly_counts(view)
        steps["first view"] = time.perf_counter() - t
    except StoreError as exc:  # the page says it, without a traceback
        log.warning("start-up: the event store could not be opened: %s", exc)
    except Exception:  # noqa: BLE001 - a failed warm-up only costs the first visitor its time
        log.exception("start-up: loading the events failed; the first page view will try again")
    return steps
