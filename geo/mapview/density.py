"""Density views: a heat map of events or killed, and events or killed per district.

In: located events as arrays (lon, lat, killed, day) and, for the districts, the Natural Earth
admin-1 polygons of Libya shipped in ``geo/mapview/data`` (see the README there).
Out: folium layers for the layer control, off when the map opens: folium's ``HeatMap``
(Leaflet.heat, vendored) and a ``GeoJson`` choropleth with a tooltip per district.

The heat maps follow the map's time control (:mod:`geo.mapview.timecontrol`) as the marks do: each
cell carries its events' days, and a frame sums the cell's weight over the window's days in the
browser. folium's ``HeatMapWithTime`` was the other way: it draws one prepared frame per time step
with its own slider (Leaflet.TimeDimension and another heat library to vendor), which cannot follow
this control, its trail or streamlit-folium's swapped layers. The districts count the whole date range.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import folium
import numpy as np
import shapely
from folium.plugins import HeatMap
from folium.template import Template

from geo.mapview.assets import APP_STATIC_URL, AssetMode, localize
from geo.mapview.popup import esc
from geo.mapview.rendering import RenderedOnce, script_json
from geo.mapview.timecontrol import NO_DAY

__all__ = ["DENSITY_NOTE", "HEAT_DAYS_MAX", "DENSITY_PANE", "DENSITY_PANE_Z", "DENSITY_TITLES", "DISTRICTS_FILE", "Density", "Weight", "density_groups", "density_of", "district_counts", "district_index", "district_layer", "districts", "heat_layer",
           "heat_points"]

Weight = Literal["events", "killed"]

#: Natural Earth 1:10m admin-1 polygons of Libya (public domain; the older 22-district set).
DISTRICTS_FILE = Path(__file__).resolve().parent / "data" / "ne_10m_admin_1_LY.geojson"


def heat_points(lon: np.ndarray, lat: np.ndarray, weight: np.ndarray, day: np.ndarray | None = None,
                cell_deg: float = 0.02) -> list[list[Any]]:
    """``[lat, lon, weight, days, running]`` per grid cell of ``cell_deg`` degrees holding any weight:
    the heat map's input, summed per cell so that 100,000 events make a few thousand points, not 100,000.

    ``days`` are the day numbers (:func:`~geo.mapview.timecontrol.day_number`) of the cell's events,
    sorted, each written as its difference from the one before (the first from day 0: short numbers);
    ``running`` the running sum of their weights in that order, None when every weight is 1 (the
    count is the weight). The map sums a window of days from them (:class:`_HeatMap`). An undated
    event (below :data:`~geo.mapview.timecontrol.NO_DAY`) is on ``NO_DAY``. Without ``day`` a cell is
    ``[lat, lon, weight]``: it shows its whole weight whatever the time control shows.

    >>> heat_points(np.array([13.001, 13.002, 20.0]), np.array([32.001, 32.002, 30.0]), np.array([1, 2, 0]),
    ...             np.array([18000, 17990, 18005]))
    [[32.01, 13.01, 3, [17990, 10], [2, 3]]]
    >>> heat_points(np.array([13.001, 13.002]), np.array([32.001, 32.002]), np.array([1, 1]))
    [[32.01, 13.01, 2]]
    """
    weight = np.asarray(weight, dtype=np.int64)
    keep = np.isfinite(lon) & np.isfinite(lat) & (weight > 0)
    if not keep.any():
        return []
    gx = np.floor(lon[keep] / cell_deg).astype(np.int64)
    gy = np.floor(lat[keep] / cell_deg).astype(np.int64)
    # One int64 key per cell (a 1-D unique sorts far faster than rows of two).
    cells, inverse = np.unique(gy * (1 << 32) + (gx - gx.min()), return_inverse=True)
    inverse = inverse.ravel()
    kept = weight[keep]
    sums = np.bincount(inverse, weights=kept, minlength=len(cells)).astype(np.int64)
    keys = np.column_stack([cells >> 32, (cells & ((1 << 32) - 1)) + gx.min()])
    # The cell's centre, [lat, lon] as Leaflet wants.
    centres = np.round((keys + 0.5) * cell_deg, 5).tolist()
    if day is None:
        return [[lat_, lon_, int(total)] for (lat_, lon_), total in zip(centres, sums.tolist(), strict=True)]
    days = np.maximum(np.asarray(day, dtype=np.int64)[keep], NO_DAY)
    order = np.lexsort((days, inverse))
    ends = np.cumsum(np.bincount(inverse, minlength=len(cells)))[:-1]
    per_cell_days = np.split(days[order], ends)
    unit = bool((kept == 1).all())
    per_cell_weights = [None] * len(cells) if unit else np.split(kept[order], ends)
    return [[lat_, lon_, int(total), np.diff(d, prepend=0).tolist(), None if w is None else np.cumsum(w).tolist()]
            for (lat_, lon_), total, d, w in zip(centres, sums.tolist(), per_cell_days, per_cell_weights, strict=True)]


class _HeatMap(HeatMap, RenderedOnce):
    """folium's ``HeatMap`` of :func:`heat_points` cells that follows the time control: on each frame
    the cells' weights over the window's days (two binary searches in each cell's sorted days) and
    the scale (``max``, the 95th percentile of the window's cells). The cells go to the page as
    compact JSON (:func:`~geo.mapview.rendering.script_json`), once.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function () {
                // Leaflet.heat 0.2.0's onRemove leaves a scheduled redraw (this._frame) running: a layer
                // taken off between setLatLngs and the next frame (a rerun swapping the layers while the
                // time control moves) then reads this._map.getSize() of null. Such a frame draws nothing.
                if (!L.HeatLayer.prototype.lcmOffMapSafe) {
                    var drawHeat = L.HeatLayer.prototype._redraw;
                    L.HeatLayer.prototype._redraw = function () {
                        if (!this._map) { this._frame = null; return this; }
                        return drawHeat.call(this);
                    };
                    L.HeatLayer.prototype.lcmOffMapSafe = true;
                }
                var cells = {{ this.data_json }};
                // Each cell's days come as differences from the day before (heat_points): add them up.
                cells.forEach(function (c) { for (var k = 1; c[3] && k < c[3].length; k++) { c[3][k] += c[3][k - 1]; } });
                var heat = L.heatLayer(cells.map(function (c) { return [c[0], c[1], c[2]]; }),
                                       {{ this.options|tojavascript }});
                // Cells without days (a view of more than HEAT_DAYS_MAX events) show the whole range;
                // the time control says so while the layer is on (lcmFollowsTime).
                var follows = cells.every(function (c) { return c.length > 3; });
                (window.lcmFollowsTime = window.lcmFollowsTime || {})[{{ this.title|tojson }}] = follows;
                if (window.lcmTime && follows) {
                    window.lcmTime.register({{ this.time_key|tojson }}, function (from, to) {
                        var points = [], weights = [];
                        for (var i = 0; i < cells.length; i++) {
                            var c = cells[i], span = window.lcmTime.span(c[3], from, to);
                            if (span[1] <= span[0]) { continue; }
                            var w = c[4] ? c[4][span[1] - 1] - (span[0] ? c[4][span[0] - 1] : 0) : span[1] - span[0];
                            if (w > 0) { points.push([c[0], c[1], w]); weights.push(w); }
                        }
                        weights.sort(function (a, b) { return a - b; });
                        heat.options.max = Math.max(weights.length ? weights[Math.floor(0.95 * (weights.length - 1))] : 1, 1);
                        // Off the map (not chosen, or taken off), Leaflet.heat 0.2.0 cannot redraw: keep the
                        // points for when it comes back (onAdd draws them).
                        if (heat._map) { heat.setLatLngs(points); } else { heat._latlngs = points; }
                        return 0;  // not marks: the control counts events drawn and front lines
                    });
                }
                return heat;
            })();
        {% endmacro %}
        """
    )

    def __init__(self, cells: list[list[Any]], *, time_key: str = "heat", title: str = "Heat map",
                 **options: Any) -> None:
        # Not folium's check of each point (validate_location, in Python: 40 ms of every rerun for the
        # two heat maps of 100,000 events): heat_points makes the cells of finite points only.
        super().__init__([], **options)
        self.data = [c[:3] for c in cells]  # for folium's bounds
        self.cells = cells
        self.time_key = time_key
        self.title = title  # its name in the layer control

    @cached_property
    def data_json(self) -> str:
        """The cells as the script's data."""
        return script_json(self.cells)


def heat_layer(cells: list[list[Any]], *, asset_mode: AssetMode = "local", base_url: str = APP_STATIC_URL,
               time_key: str = "heat", title: str = "Heat map") -> HeatMap:
    """folium's ``HeatMap`` of :func:`heat_points` cells, its script served locally, following the time
    control (registered as ``time_key``) when the cells carry their days (``title``: the layer's name in
    the layer control).

    Leaflet.heat 0.2.0 scales weights by ``2 ** (zoom - max_zoom)`` below ``max_zoom``: with
    ``max_zoom`` 5 a cell keeps its weight at every zoom a reader uses, and ``max`` (the 95th
    percentile of the cells) keeps one very heavy cell from washing out the rest.
    """
    weights = np.array([c[2] for c in cells]) if cells else np.array([1.0])
    top = float(max(np.percentile(weights, 95), 1.0))
    layer = _HeatMap(cells, time_key=time_key, title=title, min_opacity=0.3, max_zoom=5, radius=18, blur=14, max=top)
    localize(layer, ["leaflet_heat"], mode=asset_mode, base_url=base_url)
    return layer


#: Degrees the district outlines are simplified by for drawing (about 500 m): the file's 1:10m
#: detail would add some 90 kB to every rerun's map layers, for no difference a reader sees.
DRAW_TOLERANCE = 0.005


@lru_cache(maxsize=1)
def districts() -> dict[str, Any]:
    """The district polygons (GeoJSON FeatureCollection), read once, simplified for drawing."""
    doc: dict[str, Any] = json.loads(DISTRICTS_FILE.read_text(encoding="utf-8"))
    for feat in doc["features"]:
        shape = shapely.from_geojson(json.dumps(feat["geometry"]))
        simple = shapely.set_precision(shapely.simplify(shape, DRAW_TOLERANCE, preserve_topology=True), 1e-4)
        feat["geometry"] = json.loads(shapely.to_geojson(simple))
    return doc


@lru_cache(maxsize=1)
def _district_shapes() -> tuple[list[str], Any]:
    # Counted in the file's own polygons, not the simplified ones drawn.
    feats = json.loads(DISTRICTS_FILE.read_text(encoding="utf-8"))["features"]
    names = [str(f["properties"].get("name_en") or f["properties"].get("name")) for f in feats]
    shapes = shapely.from_geojson([json.dumps(f["geometry"]) for f in feats])
    shapely.prepare(shapes)  # once: every point test after this uses the prepared polygons
    return names, shapes


def district_index(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Per point ``(lon, lat)``, the position of the district polygon it falls in (in the order of
    the districts file), -1 in none or without coordinates. A point on a shared border counts in
    its first district. The app computes this once per store revision (``EventIndex``)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    _names, shapes = _district_shapes()
    out = np.full(len(lon), -1, dtype=np.int64)
    keep = np.isfinite(lon) & np.isfinite(lat)
    if not keep.any():
        return out
    # Each polygon (prepared) tests the points no earlier polygon took, in one vectorised call:
    # 100,000 points in 0.07 s, against 0.33 s for an STRtree query of their distinct positions.
    x, y = lon[keep], lat[keep]
    district_of = np.full(len(x), -1, dtype=np.int64)
    for position, shape in enumerate(shapes):
        todo = np.flatnonzero(district_of < 0)
        district_of[todo[shapely.intersects_xy(shape, x[todo], y[todo])]] = position
    out[keep] = district_of
    return out


def district_counts(lon: np.ndarray, lat: np.ndarray, killed: np.ndarray,
                    district: np.ndarray | None = None) -> dict[str, tuple[int, int]]:
    """``district name -> (events, killed)`` of the located events, by the polygon each falls in
    (``district``: :func:`district_index` of the points, when already known)."""
    names, _shapes = _district_shapes()
    if district is None:
        district = district_index(lon, lat)
    inside = district >= 0
    events = np.bincount(district[inside], minlength=len(names))
    dead = np.bincount(district[inside], weights=np.asarray(killed, dtype=float)[inside], minlength=len(names))
    return {n: (int(e), int(k)) for n, e, k in zip(names, events, dead, strict=True)}


_SCALE = ("#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704")


def district_layer(counts: dict[str, tuple[int, int]], weight: Weight = "events") -> folium.GeoJson:
    """The districts coloured by events (or killed) in five steps from none to the most."""
    index = 0 if weight == "events" else 1
    top = max((v[index] for v in counts.values()), default=0)
    feats = []
    for feat in districts()["features"]:
        props = feat["properties"]
        name = str(props.get("name_en") or props.get("name"))
        n_events, n_killed = counts.get(name, (0, 0))
        value = (n_events, n_killed)[index]
        step = 0 if value == 0 or top == 0 else 1 + min(3, int(4 * value / (top + 1)))
        feats.append({"type": "Feature", "geometry": feat["geometry"], "properties": {
            "fill": _SCALE[step],
            "label": f"<b>{esc(name)}</b><br>{n_events:,} events, {n_killed:,} killed (reported)",
        }})
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": feats},
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#6b5b3e", "weight": 1,
                                  "fillOpacity": 0.6},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        pane=DENSITY_PANE,  # under the event lines and arrows (geo.mapview.build_base makes the pane)
    )


#: The most events whose days go with the heat maps. Each event's day costs the page about 6 bytes per
#: heat map on every rerun (100,000 events: 705 kB instead of 132 kB); above this the heat maps show
#: the whole date range, and the time control says so while one is on.
HEAT_DAYS_MAX = 20_000

#: What window the density layers count, for the legend: the heat maps follow the time control as the
#: marks do; the districts count the sidebar's range, as the counts, the table and the weekly chart do.
DENSITY_NOTE = (f"Heat maps: the days the time control shows, as the marks (up to {HEAT_DAYS_MAX:,} events; "
                "more: the whole range). Districts: every event of the date range and filters (as the counts, "
                "table and chart).")

#: The Leaflet pane of the district choropleth: above the offline basemap (250), under the overlay
#: pane (400) where the movement arrows and front lines are, which a filled district would cover.
DENSITY_PANE = "lcmDensity"
DENSITY_PANE_Z = 350

#: The density layers' names in the layer control.
DENSITY_TITLES: dict[str, str] = {
    "heat_events": "Heat map: events",
    "heat_killed": "Heat map: killed",
    "districts_events": "Districts: events",
    "districts_killed": "Districts: killed",
}


@dataclass(frozen=True)
class Density:
    """What the density layers draw, computed once per view (the app caches it per store
    revision and filters): the heat-map cells weighted by events and by killed, with their
    days (:func:`heat_points`), and each district's ``(events, killed)`` (:func:`district_counts`)."""

    heat_events: list[list[Any]]
    heat_killed: list[list[Any]]
    districts: dict[str, tuple[int, int]]


def density_of(lon: np.ndarray, lat: np.ndarray, killed: np.ndarray, district: np.ndarray | None = None,
               day: np.ndarray | None = None) -> Density:
    """:class:`Density` of the located events ``(lon, lat, killed)`` (``district``: their
    :func:`district_index`, when already known; ``day``: their day numbers, for the time control; left
    out above :data:`HEAT_DAYS_MAX` events, where the heat maps show the whole range).

    >>> d = density_of(np.array([13.001, 13.002]), np.array([32.001, 32.002]), np.array([0, 4]),
    ...                day=np.array([18000, 18001]))
    >>> d.heat_events, d.heat_killed
    ([[32.01, 13.01, 2, [18000, 1], None]], [[32.01, 13.01, 4, [18001], [4]]])
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    killed = np.asarray(killed, dtype=np.int64)
    if len(lon) > HEAT_DAYS_MAX:
        day = None
    return Density(heat_points(lon, lat, np.ones(len(lon), dtype=np.int64), day), heat_points(lon, lat, killed, day),
                   district_counts(lon, lat, killed, district))


def density_groups(density: Density, *, asset_mode: AssetMode = "local",
                   base_url: str = APP_STATIC_URL) -> list[folium.FeatureGroup]:
    """The four density layers of :func:`density_of`, off until the reader turns one on in the
    layer control. The heat maps follow the time control's window; the districts show the whole
    date range."""
    out = []
    for key, title in DENSITY_TITLES.items():
        group = folium.FeatureGroup(name=title, show=False)
        if key.startswith("heat"):
            points = density.heat_events if key == "heat_events" else density.heat_killed
            heat_layer(points, asset_mode=asset_mode, base_url=base_url, time_key=key, title=title).add_to(group)
        else:
            district_layer(density.districts, "events" if key == "districts_events" else "killed").add_to(group)
        OffUntilChosen(title).add_to(group)
        out.append(group)
    return out


class OffUntilChosen(RenderedOnce):
    """Keeps its feature group off the map until the reader ticks it in the layer control, and on
    after that, across reruns.

    streamlit-folium adds every group it is given to the map, whatever its ``show``; this takes
    the group off again after that first add unless the reader chose it (remembered by name in
    the page, as the layer control reports it).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }}, name = {{ this.title|tojson }};
            var chosen = window.lcmOverlays = window.lcmOverlays || {};
            group.once("add", function () {
                var map = group._map;
                if (!map._lcmOverlayWatch) {
                    map._lcmOverlayWatch = true;
                    map.on("overlayadd", function (e) { chosen[e.name] = true; });
                    map.on("overlayremove", function (e) { chosen[e.name] = false; });
                }
                if (!chosen[name]) { setTimeout(function () { if (group._map) { group._map.removeLayer(group); } }, 0); }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str) -> None:
        super().__init__()
        self._name = "OffUntilChosen"
        self.title = title
