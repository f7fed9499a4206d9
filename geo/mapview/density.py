"""Density views: a heat map of events or killed, and events or killed per district.

In: located events as arrays (lon, lat, killed) and, for the districts, the Natural Earth
admin-1 polygons of Libya shipped in ``geo/mapview/data`` (see the README there).
Out: folium layers for the layer control, off when the map opens: folium's ``HeatMap``
(Leaflet.heat, vendored) and a ``GeoJson`` choropleth with a tooltip per district.
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

__all__ = ["DENSITY_NOTE", "DENSITY_PANE", "DENSITY_PANE_Z", "DENSITY_TITLES", "DISTRICTS_FILE", "Density", "Weight", "density_groups", "density_of", "district_counts", "district_index", "district_layer", "districts", "heat_layer",
           "heat_points"]

Weight = Literal["events", "killed"]

#: Natural Earth 1:10m admin-1 polygons of Libya (public domain; the older 22-district set).
DISTRICTS_FILE = Path(__file__).resolve().parent / "data" / "ne_10m_admin_1_LY.geojson"


def heat_points(lon: np.ndarray, lat: np.ndarray, weight: np.ndarray, cell_deg: float = 0.02
                ) -> list[list[float]]:
    """``[lat, lon, weight]`` per grid cell of ``cell_deg`` degrees holding any weight: the heat
    map's input, summed per cell so that 100,000 events make a few thousand points, not 100,000.

    >>> heat_points(np.array([13.001, 13.002, 20.0]), np.array([32.001, 32.002, 30.0]), np.array([1, 2, 0]))
    [[32.01, 13.01, 3.0]]
    """
    keep = np.isfinite(lon) & np.isfinite(lat) & (weight > 0)
    if not keep.any():
        return []
    gx = np.floor(lon[keep] / cell_deg).astype(np.int64)
    gy = np.floor(lat[keep] / cell_deg).astype(np.int64)
    # One int64 key per cell (a 1-D unique sorts far faster than rows of two).
    cells, inverse = np.unique(gy * (1 << 32) + (gx - gx.min()), return_inverse=True)
    sums = np.bincount(inverse.ravel(), weights=weight[keep].astype(float), minlength=len(cells))
    keys = np.column_stack([cells >> 32, (cells & ((1 << 32) - 1)) + gx.min()])
    # The cell's centre, [lat, lon] as Leaflet wants.
    table = np.column_stack([np.round((keys + 0.5) * cell_deg, 5), sums])
    return [[lat_, lon_, w] for lat_, lon_, w in table.tolist()]


class _HeatMap(HeatMap, RenderedOnce):
    """folium's ``HeatMap``, its points (the script) added to the page as rendered text, as compact
    JSON (:func:`~geo.mapview.rendering.script_json`: a few thousand ``[lat, lon, weight]`` without
    spaces, a fifth fewer bytes on every rerun)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.heatLayer(
                {{ this.data_json }},
                {{ this.options|tojavascript }}
            );
        {% endmacro %}
        """
    )

    @cached_property
    def data_json(self) -> str:
        """The points as the script's data."""
        return script_json(self.data)


def heat_layer(points: list[list[float]], *, asset_mode: AssetMode = "local",
               base_url: str = APP_STATIC_URL) -> HeatMap:
    """folium's ``HeatMap`` of :func:`heat_points`, its script served locally.

    Leaflet.heat 0.2.0 scales weights by ``2 ** (zoom - max_zoom)`` below ``max_zoom``: with
    ``max_zoom`` 5 a cell keeps its weight at every zoom a reader uses, and ``max`` (the 95th
    percentile of the cells) keeps one very heavy cell from washing out the rest.
    """
    weights = np.array([p[2] for p in points]) if points else np.array([1.0])
    top = float(max(np.percentile(weights, 95), 1.0))
    layer = _HeatMap(points, min_opacity=0.3, max_zoom=5, radius=18, blur=14, max=top)
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


#: What window the density layers count, for the legend: the sidebar's, as the counts, the table and the
#: weekly chart do. The time control plays the marks through the days in the browser; the density of
#: one day would need the server (or every event's day sent to the browser a second time).
DENSITY_NOTE = ("Heat maps and districts: every event of the date range and filters (as the counts, table "
                "and chart), not only the days the time control shows.")

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
    revision and filters): the heat-map cells weighted by events and by killed
    (:func:`heat_points`) and each district's ``(events, killed)`` (:func:`district_counts`)."""

    heat_events: list[list[float]]
    heat_killed: list[list[float]]
    districts: dict[str, tuple[int, int]]


def density_of(lon: np.ndarray, lat: np.ndarray, killed: np.ndarray, district: np.ndarray | None = None
               ) -> Density:
    """:class:`Density` of the located events ``(lon, lat, killed)`` (``district``: their
    :func:`district_index`, when already known).

    >>> d = density_of(np.array([13.001, 13.002]), np.array([32.001, 32.002]), np.array([0, 4]))
    >>> d.heat_events, d.heat_killed
    ([[32.01, 13.01, 2.0]], [[32.01, 13.01, 4.0]])
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    killed = np.asarray(killed, dtype=float)
    return Density(heat_points(lon, lat, np.ones(len(lon))), heat_points(lon, lat, killed),
                   district_counts(lon, lat, killed, district))


def density_groups(density: Density, *, asset_mode: AssetMode = "local",
                   base_url: str = APP_STATIC_URL) -> list[folium.FeatureGroup]:
    """The four density layers of :func:`density_of`, off until the reader turns one on in the
    layer control. They show the whole date range, not the time control's day."""
    out = []
    for key, title in DENSITY_TITLES.items():
        group = folium.FeatureGroup(name=title, show=False)
        if key.startswith("heat"):
            points = density.heat_events if key == "heat_events" else density.heat_killed
            heat_layer(points, asset_mode=asset_mode, base_url=base_url).add_to(group)
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
