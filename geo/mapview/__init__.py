"""The event map: folium layers for each kind of event, folium-plugin style.

In: the layer frames of :mod:`geo.outputs.layers`. Out: a folium map (or the base map
and its feature groups for the app), drawn with assets served locally.

* :mod:`~geo.mapview.points` - category-icon markers, clustered; grid cells when too many
* :mod:`~geo.mapview.movements` - arrows origin -> destination
* :mod:`~geo.mapview.frontlines` - dated dashed lines
* :mod:`~geo.mapview.timecontrol` - the time control: steps and plays through the days in the browser
* :mod:`~geo.mapview.density` - heat maps and districts (events or killed), off until chosen
* :mod:`~geo.mapview.legend` - the legend control
* :mod:`~geo.mapview.viewfit` - the live map fitted in the browser to every mark, at its real size
* :mod:`~geo.mapview.basemap` - OSM tiles online, Libya's outline, districts and place names offline
* :mod:`~geo.mapview.popup` - escaped popup/tooltip HTML
* :mod:`~geo.mapview.assets` - Leaflet and its plugins served from ``geo/static`` (offline first)

:func:`build_map` makes a complete map (tests, saved HTML). The Streamlit app
uses :func:`base_and_groups` instead: the base map stays identical between
reruns and only the event layers change, which streamlit-folium swaps into the
live map (``feature_group_to_add``) without reloading Leaflet.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from folium.map import CustomPane
from folium.template import Template

from geo.mapview.assets import APP_STATIC_URL, AssetMode, localize
from geo.mapview.basemap import LIBYA_BOUNDS, base_map
from geo.mapview.density import DENSITY_PANE, DENSITY_PANE_Z
from geo.mapview.frontlines import FrontLines
from geo.mapview.legend import Legend
from geo.mapview.movements import MovementArrows
from geo.mapview.points import EventCells, EventMarkers, PointArrays
from geo.mapview.popup import MapStyles
from geo.mapview.rendering import RenderedOnce
from geo.mapview.timecontrol import TimeControl, TimeRange
from geo.outputs.layers import LAYER_NAMES

__all__ = [
    "LAYER_TITLES",
    "ElementCache",
    "ForgetsReplacedGroups",
    "MAX_LINES",
    "MAX_MARKERS",
    "LayerElements",
    "LayerGroups",
    "PointArrays",
    "base_and_groups",
    "build_base",
    "bounds_of",
    "build_map",
    "data_bounds",
    "layer_elements",
    "layer_groups",
    "view_of",
]

#: Above this many point events in view, points are aggregated into grid cells:
#: a browser builds ~2,000 marks in well under a second, 100,000 in many.
MAX_MARKERS = 2000
#: At most this many movement arrows / front lines (the latest) are drawn.
MAX_LINES = 300

LAYER_TITLES: dict[str, str] = {
    "strikes": "Strikes (air, artillery, explosions)",
    "ground": "Ground fighting and territory",
    "movements": "Movements",
    "front_lines": "Front lines",
    "other": "Shootdowns, civilians, protests, politics",
}


@dataclass(slots=True)
class LayerGroups:
    """The event layers of one view, as folium FeatureGroups, and what was drawn."""

    groups: list[folium.FeatureGroup] = field(default_factory=list)
    drawn: dict[str, int] = field(default_factory=dict)  # layer -> marks drawn
    aggregated: bool = False  # points drawn as grid cells
    capped: dict[str, int] = field(default_factory=dict)  # layer -> rows left out


@dataclass(slots=True)
class LayerElements:
    """The event layers of one view before they join a map: ``(layer name in the control, element,
    shown in the control)`` each, and what was drawn.

    Building the elements (rows, popups, JSON) is the costly part of a map; :meth:`groups` then
    puts a copy of each into a new FeatureGroup. The app keeps one ``LayerElements`` per store
    revision and filters and asks it for groups on every rerun: streamlit-folium changes the groups
    and elements it renders (ids, parents), so the kept elements never join a map themselves.
    """

    layers: list[tuple[str, folium.MacroElement, bool]] = field(default_factory=list)
    drawn: dict[str, int] = field(default_factory=dict)
    aggregated: bool = False
    capped: dict[str, int] = field(default_factory=dict)

    def groups(self) -> LayerGroups:
        """New FeatureGroups, each holding a copy of its element (the data itself is shared); the
        first also holds :class:`ForgetsReplacedGroups`."""
        out = LayerGroups(drawn=dict(self.drawn), aggregated=self.aggregated, capped=dict(self.capped))
        for name, element, control in self.layers:
            group = folium.FeatureGroup(name=name, control=control, show=True)
            if not out.groups:
                ForgetsReplacedGroups().add_to(group)
            # A shallow copy: its own id and parent, the same rows and rendered JSON.
            copy.copy(element).add_to(group)
            out.groups.append(group)
        return out


class ForgetsReplacedGroups(RenderedOnce):
    """Empties streamlit-folium's list of the groups it added (``window.feature_group``) as a new set
    of groups arrives.

    streamlit-folium (0.27) takes every group in that list off the map before it adds the groups of
    a rerun, and then appends those to the list, never emptying it: the list kept every layer ever
    sent, and with them their data (the events of each earlier view), for as long as the page was
    open, and each rerun walked all of them. The groups in it are off the map at this point (this
    runs inside the new groups' script), so the list can start again.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.feature_group = [];
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ForgetsReplacedGroups"


def _latest(gdf: gpd.GeoDataFrame, n: int) -> gpd.GeoDataFrame:
    if len(gdf) <= n:
        return gdf
    if "event_date" in gdf.columns:
        return gdf.sort_values("event_date", ascending=False, na_position="last").head(n)
    return gdf.tail(n)


def layer_elements(
    layers: Mapping[str, gpd.GeoDataFrame | PointArrays],
    *,
    front_lines: gpd.GeoDataFrame | None = None,
    max_markers: int = MAX_MARKERS,
    max_lines: int = MAX_LINES,
    cluster: bool = True,
    cell_deg: float = 0.1,
    asset_mode: AssetMode = "local",
    base_url: str = APP_STATIC_URL,
    time_range: tuple[date, date] | None = None,
    reuse: ElementCache | None = None,
) -> LayerElements:
    """The elements of the layers of ``geo.outputs.layers.split_layers``, kept apart from any map
    (:meth:`LayerElements.groups` puts them into FeatureGroups).

    Parameters
    ----------
    layers
        Layer name -> events frame. A point layer may instead be
        :class:`~geo.mapview.points.PointArrays`: it is then drawn as grid cells.
    front_lines
        Front lines to draw instead of ``layers["front_lines"]`` (the lines valid
        on the map date, from ``EventStore.front_lines_on``).
    max_markers
        Point events above which all point layers are drawn as grid cells.
    max_lines
        The most movements / front lines drawn (latest first).
    cluster
        Cluster markers (Leaflet.markercluster).
    time_range
        The first and last day of the events sent: the range of the map's time control
        (:class:`~geo.mapview.timecontrol.TimeControl`, on a base map made with ``time_control``).
    reuse
        Elements made before, taken again for a layer of the same rows (a frame's index, or the
        same points) and options, and where the new ones go. Row ids must name the same rows
        for as long as it is used: one per store revision.
    """
    out = LayerElements()
    if time_range is not None:
        out.layers.append(("Time range", TimeRange(*time_range), False))
    point_layers = [n for n in LAYER_NAMES if n not in ("movements", "front_lines")]
    n_points = sum(len(layers[n]) for n in point_layers if n in layers)
    out.aggregated = n_points > max_markers or any(isinstance(layers.get(n), PointArrays) for n in point_layers)
    for name in LAYER_NAMES:
        frame = front_lines if (name == "front_lines" and front_lines is not None) else layers.get(name)
        if frame is None:
            continue
        shown = frame
        if name not in point_layers:
            assert isinstance(frame, gpd.GeoDataFrame), f"{name} needs a frame"
            shown = _latest(frame, max_lines)
            if len(shown) < len(frame):
                out.capped[name] = len(frame) - len(shown)
        key = (name, _content_key(shown), out.aggregated, cluster, cell_deg, asset_mode,
               base_url) if reuse is not None else None
        element = reuse.get(key) if reuse is not None else None
        if element is None:
            element = _layer_element(name, shown, aggregated=out.aggregated, cluster=cluster, cell_deg=cell_deg)
            localize(element, [], mode=asset_mode, base_url=base_url)  # assets come with the map
            element.rows_json  # noqa: B018 - serialised once here, shared by every copy
            if reuse is not None:
                reuse.put(key, element)
        out.drawn[name] = len(element)
        out.layers.append((f"{LAYER_TITLES[name]} ({len(frame)})", element, True))
    return out


LayerElement = EventCells | EventMarkers | MovementArrows | FrontLines


def _layer_element(name: str, data: gpd.GeoDataFrame | PointArrays, *, aggregated: bool, cluster: bool,
                   cell_deg: float) -> LayerElement:
    """The element that draws layer ``name`` (see :func:`layer_elements`), out of the layer control."""
    element: LayerElement
    if name == "movements":
        assert isinstance(data, gpd.GeoDataFrame)
        element = MovementArrows(data, time_key=name)
    elif name == "front_lines":
        assert isinstance(data, gpd.GeoDataFrame)
        element = FrontLines(data, time_key=name)
    elif aggregated:
        element = EventCells(data, cell_deg=cell_deg, time_key=name)
    else:
        assert isinstance(data, gpd.GeoDataFrame)
        element = EventMarkers(data, cluster=cluster, time_key=name)
    element.control = False  # the FeatureGroup is what the layer control toggles
    return element


def _content_key(data: gpd.GeoDataFrame | PointArrays) -> tuple[Any, ...]:
    """What a layer is drawn from: a frame's row ids, or a digest of the points' arrays."""
    if isinstance(data, PointArrays):
        digest = hashlib.blake2b(digest_size=16)
        for values in (data.lon, data.lat, data.day if data.day is not None else np.empty(0, dtype=np.int64)):
            digest.update(np.ascontiguousarray(values).tobytes())
        digest.update("\0".join(map(str, data.category)).encode())
        return ("points", len(data), digest.hexdigest())
    return ("rows", tuple(data.index))


class ElementCache:
    """Layer elements kept for :func:`layer_elements` to take again, the ``size`` used last.

    A filter change often leaves some layers as they were (another category's strikes, the
    same movements, the front lines of the same dates): their rows, popups and JSON are then not
    made again. Shared by the app's sessions, hence the lock.
    """

    def __init__(self, size: int = 24) -> None:
        self.size = size
        self._elements: dict[Hashable, LayerElement] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> LayerElement | None:
        """The element kept under ``key`` (now the most recently used), or None."""
        with self._lock:
            element = self._elements.pop(key, None)
            if element is not None:
                self._elements[key] = element
            return element

    def put(self, key: Hashable, element: LayerElement) -> None:
        """Keep ``element`` under ``key``; the least recently used go past ``size``."""
        with self._lock:
            self._elements[key] = element
            while len(self._elements) > self.size:
                del self._elements[next(iter(self._elements))]

    def __len__(self) -> int:
        return len(self._elements)


def layer_groups(layers: Mapping[str, gpd.GeoDataFrame | PointArrays], **options: Any) -> LayerGroups:
    """FeatureGroups for the layers of ``geo.outputs.layers.split_layers``: :func:`layer_elements`
    (same options) put into groups."""
    return layer_elements(layers, **options).groups()


def bounds_of(lon: np.ndarray, lat: np.ndarray, pad: float = 0.3, *,
              within: list[list[float]] | None = LIBYA_BOUNDS, margin: float = 1.5) -> list[list[float]]:
    """``[[south, west], [north, east]]`` of the points ``(lon, lat)``, padded; Libya's when there are none.

    Only points inside ``within`` (widened by ``margin`` degrees) count, so one
    far-away event (a meeting in Geneva) does not zoom the map out to Europe.
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    keep = np.isfinite(lon) & np.isfinite(lat)
    if within is not None:
        (s, w), (n, e) = within
        keep &= (lon >= w - margin) & (lon <= e + margin) & (lat >= s - margin) & (lat <= n + margin)
    if not keep.any():
        return LIBYA_BOUNDS
    lon, lat = lon[keep], lat[keep]
    return [[max(float(lat.min()) - pad, -85.0), max(float(lon.min()) - pad, -180.0)],
            [min(float(lat.max()) + pad, 85.0), min(float(lon.max()) + pad, 180.0)]]


def view_of(bounds: list[list[float]], *, width: int = 900, height: int = 560, max_zoom: int = 13,
            min_zoom: int = 4) -> tuple[tuple[float, float], int]:
    """``((lat, lon), zoom)``: the centre and the largest Web Mercator zoom at which ``bounds``
    (``[[south, west], [north, east]]``) fits a map of ``width`` x ``height`` pixels.

    streamlit-folium moves a live map by centre and zoom, not by bounds, so fitting
    a view to an event or a filter goes through this.

    >>> view_of([[32.80, 13.10], [32.90, 13.30]])
    ((32.85001, 13.2), 12)
    >>> view_of([[19.5, 9.3], [33.2, 25.2]])[1]
    5
    """
    (south, west), (north, east) = bounds

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return float(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))

    lon_span = max(east - west, 1e-6) / 360.0
    y_span = max(merc(north) - merc(south), 1e-6) / (2 * np.pi)
    fit = min(width / (256 * lon_span), height / (256 * y_span))
    zoom = int(np.floor(np.log2(fit)))
    centre_y = (merc(north) + merc(south)) / 2
    centre_lat = float(np.degrees(2 * np.arctan(np.exp(centre_y)) - np.pi / 2))
    return (round(centre_lat, 5), round((west + east) / 2, 5)), max(min(zoom, max_zoom), min_zoom)


def data_bounds(gdf: gpd.GeoDataFrame, pad: float = 0.3, *, within: list[list[float]] | None = LIBYA_BOUNDS,
                margin: float = 1.5) -> list[list[float]]:
    """:func:`bounds_of` every vertex of the events' geometries."""
    xy = shapely.get_coordinates(gdf.geometry.values) if len(gdf) else np.empty((0, 2))
    return bounds_of(xy[:, 0], xy[:, 1], pad, within=within, margin=margin)


def build_base(
    *,
    offline: bool = True,
    bounds: list[list[float]] | None = None,
    legend_note: str | None = None,
    asset_mode: AssetMode = "local",
    base_url: str = APP_STATIC_URL,
    height: str | int = "100%",
    time_control: bool = False,
    fine_coast: bool = True,
) -> folium.Map:
    """The base map: tiles or offline outline, shared CSS, the legend, and with ``time_control``
    the control that steps through the days of the layers' ``time_range`` in the browser
    (``fine_coast``: see :func:`geo.mapview.basemap.base_map`)."""
    m = base_map(offline=offline, bounds=bounds or LIBYA_BOUNDS, asset_mode=asset_mode, base_url=base_url,
                 height=height, fine_coast=fine_coast)
    MapStyles().add_to(m)
    # The districts' pane, on the base map: streamlit-folium keeps the base map and swaps the layers.
    CustomPane(DENSITY_PANE, z_index=DENSITY_PANE_Z, pointer_events=True).add_to(m)
    Legend(note=legend_note).add_to(m)
    if time_control:
        TimeControl().add_to(m)
    return m


def base_and_groups(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    offline: bool = True,
    front_lines: gpd.GeoDataFrame | None = None,
    bounds: list[list[float]] | None = None,
    max_markers: int = MAX_MARKERS,
    asset_mode: AssetMode = "local",
    base_url: str = APP_STATIC_URL,
) -> tuple[folium.Map, LayerGroups]:
    """The base map and the event layers, kept apart for streamlit-folium's dynamic updates."""
    base = build_base(offline=offline, bounds=bounds, asset_mode=asset_mode, base_url=base_url)
    return base, layer_groups(layers, front_lines=front_lines, max_markers=max_markers,
                              asset_mode=asset_mode, base_url=base_url)


def build_map(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    offline: bool = True,
    front_lines: gpd.GeoDataFrame | None = None,
    bounds: list[list[float]] | None = None,
    max_markers: int = MAX_MARKERS,
    layer_control: bool = True,
    asset_mode: AssetMode = "local",
    base_url: str = APP_STATIC_URL,
    fine_coast: bool = True,
) -> folium.Map:
    """A complete map of the layers of ``geo.outputs.layers.split_layers``.

    Parameters
    ----------
    layers
        Layer name -> events frame (``strikes``, ``ground``, ``movements``,
        ``front_lines``, ``other``; missing names are skipped).
    offline
        No tiles, Libya's outline instead (see :mod:`geo.mapview.basemap`).
    front_lines
        Front lines to draw in place of ``layers["front_lines"]``.
    bounds
        Initial view; the extent of all layers when None.
    max_markers
        Point events above which points are aggregated into grid cells.
    layer_control
        Add Leaflet's layer switcher.
    asset_mode, base_url
        Where Leaflet and plugins load from: ``"local"`` (``base_url``, by default
        Streamlit's ``/app/static``) or folium's ``"cdn"`` URLs.
    fine_coast
        Offline, OpenStreetMap's coast of Libya at city zoom, fetched from ``base_url``.

    Returns
    -------
    folium.Map
    """
    if bounds is None:
        frames = [f for f in layers.values() if len(f)]
        if front_lines is not None and len(front_lines):
            frames.append(front_lines)
        bounds = data_bounds(gpd.GeoDataFrame(
            geometry=gpd.GeoSeries([g for f in frames for g in f.geometry], crs="EPSG:4326")))
    m = build_base(offline=offline, bounds=bounds, asset_mode=asset_mode, base_url=base_url, fine_coast=fine_coast)
    for group in layer_groups(layers, front_lines=front_lines, max_markers=max_markers,
                              asset_mode=asset_mode, base_url=base_url).groups:
        group.add_to(m)
    if layer_control:
        folium.LayerControl(collapsed=True).add_to(m)
    return m
