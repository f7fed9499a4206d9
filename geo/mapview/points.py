"""Point events as category-icon markers, clustered, or as aggregated cells when too many.

One folium element draws a whole layer from a JSON array in a single loop,
instead of one folium ``Marker`` per event: thousands of markers then cost one
``json.dumps`` in Python and one short loop in the browser, not thousands of
Jinja renders and script statements.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.mapview.assets import asset_links
from geo.mapview.popup import esc, event_ref, popup_parts, tooltip_html
from geo.mapview.rendering import EventLayer, css_once, event_layer_template
from geo.mapview.style import (
    CATEGORY_STYLE,
    MARK_MAX,
    MARK_UNKNOWN,
    SIDE_STYLE,
    category_style,
    glyph_color,
    mark_diameter,
    side_of,
)
from geo.mapview.timecontrol import NO_DAY, day_number

#: A cluster whose events lie within this many metres fans out when clicked, instead of zooming in.
SPIDERFY_METRES = 400

__all__ = ["MARK_CSS", "SPIDERFY_METRES", "EventCells", "EventMarkers", "PointArrays", "aggregate_cells", "marker_rows", "point_coords"]


@dataclass(frozen=True, slots=True)
class PointArrays:
    """Where and what point events are, without the rest of their rows: enough to aggregate them.

    The app passes these instead of frames when a view holds too many events
    for markers, so 100,000 rows are never copied just to be counted per cell.
    """

    lon: np.ndarray
    lat: np.ndarray
    category: np.ndarray
    #: Days since 1970-01-01 (:func:`geo.mapview.timecontrol.day_number`); None: all undated.
    day: np.ndarray | None = None

    def __len__(self) -> int:
        return int(len(self.lon))


def point_coords(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(lon, lat, ok)`` arrays: a point's own coordinates, a line's last vertex (its destination).

    ``ok`` is False for rows without a usable geometry, which are not drawn.
    """
    n = len(gdf)
    lon = np.full(n, np.nan)
    lat = np.full(n, np.nan)
    geoms = gdf.geometry.values
    if n:
        is_point = np.asarray(shapely.get_type_id(geoms) == 0)
        if is_point.any():
            lon[is_point] = shapely.get_x(geoms[is_point])
            lat[is_point] = shapely.get_y(geoms[is_point])
        others = ~is_point & ~np.asarray(shapely.is_missing(geoms)) & ~np.asarray(shapely.is_empty(geoms))
        for i in np.flatnonzero(others):
            coords = shapely.get_coordinates(geoms[i])
            if len(coords):
                lon[i], lat[i] = coords[-1][0], coords[-1][1]
    ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    return lon, lat, ok


def marker_rows(gdf: gpd.GeoDataFrame) -> list[list[Any]]:
    """``[lat, lon, category, tooltip_html, popup_parts, day, diameter, side]`` per drawable row (escaped
    HTML, the popup as :func:`~geo.mapview.popup.popup_parts`; ``day`` is :func:`~geo.mapview.timecontrol.day_number` of the event date, for the time control;
    ``diameter`` the mark's size in pixels by the killed, None when the toll is not reported
    (:func:`~geo.mapview.style.mark_diameter`); ``side`` actor 1's side (:func:`~geo.mapview.style.side_of`))."""
    lon, lat, ok = point_coords(gdf)
    records = gdf.drop(columns=gdf.geometry.name).to_dict("records")
    rows: list[list[Any]] = []
    for i, (idx, rec) in enumerate(zip(gdf.index, records, strict=True)):
        if not ok[i]:
            continue
        ref = event_ref(idx)
        rows.append([
            round(float(lat[i]), 6), round(float(lon[i]), 6), str(rec.get("category")),
            tooltip_html(rec, ref), popup_parts(rec, ref), day_number(rec.get("event_date")),
            mark_diameter(rec.get("fatalities")), side_of(rec.get("actor1")),
        ])
    return rows


def _mark_css() -> str:
    sides = "".join(f".lcm-side-{key} {{ background: {color}; color: {glyph_color(color)}; }}\n"
                    for key, (color, _) in SIDE_STYLE.items())
    # Clusters in grey and white, not markercluster's green, yellow and orange by count: the marks'
    # colour is the side that acted (the legend), and a yellow "21" read as 21 events of "another actor".
    clusters = ", ".join(f".marker-cluster-{size}" for size in ("small", "medium", "large"))
    return (".lcm-mark { display: flex; align-items: center; justify-content: center; box-sizing: border-box;"
            " border-radius: 50%; border: 2px solid #fff; box-shadow: 0 1px 3px rgba(0,0,0,0.5); }\n"
            ".lcm-mark-unknown { border: 2px dashed #fff; }\n" + sides
            + f"{clusters} {{ background-color: rgba(70,70,70,0.35); }}\n"
            + ", ".join(f"{c} div" for c in clusters.split(", "))
            + " { background-color: #fff; color: #222; font-weight: 700; box-shadow: inset 0 0 0 2px #444; }\n")


#: The marks' style: a disc in the side's colour, its glyph black or white to read on it; a dashed edge
#: when the toll is unknown.
MARK_CSS = _mark_css()


class EventMarkers(EventLayer):
    """A layer of point events: a disc per event with its category's Font Awesome glyph, coloured by
    actor 1's side and sized by the killed (:mod:`geo.mapview.style`).

    Parameters
    ----------
    gdf
        Events (``geo.outputs.layers.events_to_frame`` columns); the index becomes the
        event reference shown in tooltips (``#<index>``).
    name
        Layer name in the layer control.
    cluster
        Group nearby markers into numbered clusters (Leaflet.markercluster).
    show
        Whether the layer is on when the map opens.
    """

    _template = event_layer_template(
        """\
            var glyphs = {{ this.glyphs|tojson }};
            var rows = {{ this.rows_json }};
"""
        + css_once("lcm-mark-css")
        + """\
            // One divIcon per (category, side, size): the glyph tells the category, the colour actor 1's
            // side, the size the killed (a dashed edge: not reported). Font Awesome is served locally.
            var icons = {};
            function icon(cat, side, size) {
                var key = cat + "|" + side + "|" + size;
                if (!icons[key]) {
                    var d = size === null ? {{ this.unknown_size }} : size;
                    icons[key] = L.divIcon({
                        className: "lcm-mark lcm-side-" + side + (size === null ? " lcm-mark-unknown" : ""),
                        html: '<i class="fa-solid fa-' + (glyphs[cat] || glyphs.__other) + '" style="font-size:'
                            + Math.round(d * 0.5) + 'px"></i>',
                        iconSize: [d, d], iconAnchor: [d / 2, d / 2], popupAnchor: [0, -d / 2],
                        tooltipAnchor: [d / 2, 0]});
                }
                return icons[key];
            }
            var markers = [];
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                var d = r[6] === null ? {{ this.unknown_size }} : r[6];
                // Small marks over big ones, so a small event beside a big one stays clickable.
                var m = L.marker([r[0], r[1]], {icon: icon(r[2], r[7], r[6]), zIndexOffset: ({{ this.max_size }} - d) * 50});
                m.bindTooltip(r[3]);
                m.bindPopup(window.lcmPopupOf(r[4]), {maxWidth: 380});  // built when opened
                markers.push(m);
            }
            var group;
            {% if this.cluster %}
            // One cluster group per map, shared by every point layer: events of two layers at one
            // place (a clash and a shelling in Ain Zara) form one cluster that fans out, instead of
            // two clusters drawn on the same pixel. Each layer adds its markers to it while the
            // layer control shows the layer.
            group = L.layerGroup();
            group.onAdd = function (map) {
                if (!map._lcmCluster) {
                    var cluster = L.markerClusterGroup({{ this.cluster_options|tojson }});
                    // A click on a cluster whose events lie within a few hundred metres (one village,
                    // one quarter) fans them out at once; zooming in would not separate them.
                    cluster.on("clusterclick", function (e) {
                        var b = e.layer.getBounds();
                        if (b.getNorthEast().distanceTo(b.getSouthWest()) < {{ this.spiderfy_metres }}
                                || map.getZoom() >= map.getMaxZoom()) {
                            e.layer.spiderfy();
                        } else {
                            e.layer.zoomToBounds({padding: [30, 30]});
                        }
                    });
                    map._lcmCluster = cluster.addTo(map);
                }
                this._lcmCluster = map._lcmCluster;
                this._lcmCluster.addLayers(markers.filter(function (m, i) { return shown[i]; }));
            };
            group.onRemove = function () {
                if (this._lcmCluster) { this._lcmCluster.removeLayers(markers); }
                this._lcmCluster = null;  // a replaced layer's time function must not add markers back
            };
            function show(list) { if (group._lcmCluster) { group._lcmCluster.addLayers(list); } }
            function hide(list) { if (group._lcmCluster) { group._lcmCluster.removeLayers(list); } }
            {% else %}
            group = L.featureGroup(markers);
            function show(list) { list.forEach(function (m) { group.addLayer(m); }); }
            function hide(list) { list.forEach(function (m) { group.removeLayer(m); }); }
            {% endif %}
            // The time control (geo.mapview.timecontrol) shows the markers of its window: only the
            // markers that change side are added or removed, so a frame costs the events that change.
            var shown = markers.map(function () { return true; });
            if (window.lcmTime) {
                window.lcmTime.register({{ this.time_key|tojson }}, function (from, to) {
                    var add = [], del = [], n = 0;
                    for (var i = 0; i < rows.length; i++) {
                        var d = rows[i][5];
                        var on = d === null || (d >= from && d <= to);
                        if (on) { n++; }
                        if (on !== shown[i]) { (on ? add : del).push(markers[i]); shown[i] = on; }
                    }
                    if (del.length) { hide(del); }
                    if (add.length) { show(add); }
                    return n;
                });
            }
"""
    )

    default_js, default_css = asset_links(
        ["leaflet", "markerclusterjs"]
        + ["leaflet_css", "awesome_markers_font_css", "markerclustercss", "markerclusterdefaultcss"]
    )

    def __init__(self, gdf: gpd.GeoDataFrame, name: str = "Events", *, cluster: bool = True,
                 show: bool = True, time_key: str | None = None) -> None:
        super().__init__(name, kind="markers", show=show, time_key=time_key)
        self.cluster = cluster
        # No zoom at which clustering stops: events at one spot would then be icons on one pixel, only
        # the top one clickable. Clusters fan out on click instead (see the template).
        self.cluster_options = {"maxClusterRadius": 40, "chunkedLoading": True, "zoomToBoundsOnClick": False,
                                "spiderfyOnMaxZoom": False, "showCoverageOnHover": False}
        self.spiderfy_metres = SPIDERFY_METRES
        self.glyphs = {k: v.icon for k, v in CATEGORY_STYLE.items()}
        self.glyphs["__other"] = category_style(None).icon
        self.unknown_size, self.max_size = MARK_UNKNOWN, MARK_MAX
        self.css = MARK_CSS
        self.rows = marker_rows(gdf)


def aggregate_cells(data: gpd.GeoDataFrame | PointArrays, cell_deg: float = 0.1) -> pd.DataFrame:
    """Count events per grid cell of ``cell_deg`` degrees.

    Parameters
    ----------
    data
        An events frame, or :class:`PointArrays` of located point events.
    cell_deg
        Cell size in degrees.

    Returns
    -------
    pandas.DataFrame
        ``lat``, ``lon`` (mean position of the events in the cell), ``count``,
        ``category`` (the most frequent one) and ``breakdown`` (category -> count),
        largest cells first.
    """
    cols = ["lat", "lon", "count", "category", "breakdown", "days"]
    if isinstance(data, PointArrays):
        lon, lat = np.asarray(data.lon, dtype=float), np.asarray(data.lat, dtype=float)
        cats = np.asarray(data.category).astype(str)
        # An undated event's day is NO_DAY (EventIndex marks it with the smallest int64).
        days = np.maximum(np.asarray(data.day, dtype=np.int64), NO_DAY) if data.day is not None \
            else np.full(len(lon), NO_DAY)
    else:
        lon, lat, ok = point_coords(data)
        lon, lat, cats = lon[ok], lat[ok], data["category"].to_numpy()[ok].astype(str)
        stamps = pd.to_datetime(data["event_date"]).to_numpy(dtype="datetime64[D]")[ok] \
            if "event_date" in data.columns else np.full(len(lon), np.datetime64("NaT"), dtype="datetime64[D]")
        days = np.where(np.isnat(stamps), NO_DAY, stamps.astype("int64"))
    if len(lon) == 0:
        return pd.DataFrame(columns=cols)
    gx = np.floor(lon / cell_deg).astype(np.int64)
    gy = np.floor(lat / cell_deg).astype(np.int64)
    # One int64 key per cell: a 1-D unique sorts far faster than rows of two.
    cell_keys, cell = np.unique(gy * (1 << 32) + (gx - gx.min()), return_inverse=True)
    cell = cell.ravel()
    cat_names, cat = np.unique(cats, return_inverse=True)
    n_cells = len(cell_keys)
    count = np.bincount(cell, minlength=n_cells)
    mean_lon = np.bincount(cell, weights=lon, minlength=n_cells) / count
    mean_lat = np.bincount(cell, weights=lat, minlength=n_cells) / count
    by_cat = np.zeros((n_cells, len(cat_names)), dtype=np.int64)
    np.add.at(by_cat, (cell, cat.ravel()), 1)
    top = by_cat.argmax(axis=1)
    # Each cell's event days, sorted: the time control counts a cell's events in a window by two
    # binary searches. Undated events (NO_DAY) sort first and count in every window that starts
    # with the range ("all days up to").
    order = np.lexsort((days, cell))
    per_cell = np.split(days[order], np.cumsum(count)[:-1])
    frame = pd.DataFrame({
        "lat": mean_lat, "lon": mean_lon, "count": count, "category": cat_names[top],
        "breakdown": [{str(cat_names[j]): int(row[j]) for j in np.flatnonzero(row)} for row in by_cat],
        "days": [d.tolist() for d in per_cell],
    })
    return frame.sort_values("count", ascending=False, kind="stable")[cols].reset_index(drop=True)


def _cell_tooltip(count: int, breakdown: dict[str, int]) -> str:
    parts = ", ".join(f"{esc(c)} {n}" for c, n in sorted(breakdown.items(), key=lambda kv: -kv[1]))
    return f"<b>{count} events</b> ({parts})<br><i>zoom in or narrow the filters to see each event</i>"


class EventCells(EventLayer):
    """Aggregated events: one circle per grid cell, its area proportional to the count.

    Used instead of :class:`EventMarkers` when a view holds more events than a
    browser can show as individual markers quickly (see ``geo.mapview.MAX_MARKERS``).
    Drawn on a canvas, so the cells are not DOM elements.
    """

    _template = event_layer_template(
        """\
            var rows = {{ this.rows_json }};
            var group = L.featureGroup();
            // Each cell's days come as differences from the day before (EventCells.rows): add them up.
            rows.forEach(function (r) { for (var k = 1; k < r[5].length; k++) { r[5][k] += r[5][k - 1]; } });
            // One canvas for all cells: thousands of SVG paths cost seconds to build and restyle. It is
            // the page's one canvas for events (window.lcmCanvas), shared by every layer and rerun: a
            // canvas over another takes all the mouse events, so the cells, lines and front lines of
            // a second canvas under it had no tooltip or popup; and a canvas per layer and rerun
            // stacked up (Leaflet keeps a renderer on the map after its paths are gone).
            var canvas = window.lcmCanvas = window.lcmCanvas || L.canvas({padding: 0.2});
            var cells = [], counts = [];
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                cells.push(L.circleMarker([r[0], r[1]], {radius: r[2], color: r[3], weight: 1, fillColor: r[3],
                    fillOpacity: 0.55, className: "lcm-cell", renderer: canvas}).bindTooltip(r[4]).addTo(group));
                counts.push(r[5].length);
            }
            if (window.lcmTime) {
                // A frame of the time control: each cell's events in the window, by two binary searches
                // over its sorted days; a cell with none leaves the map, the others are resized.
                window.lcmTime.register({{ this.time_key|tojson }}, function (from, to) {
                    var total = 0;
                    for (var i = 0; i < rows.length; i++) {
                        var span = window.lcmTime.span(rows[i][5], from, to), n = span[1] - span[0];
                        total += n;
                        if (n === counts[i]) { continue; }
                        if (n === 0) { group.removeLayer(cells[i]); }
                        else {
                            if (counts[i] === 0) { group.addLayer(cells[i]); }
                            cells[i].setRadius(4 + 2.2 * Math.sqrt(n));
                        }
                        counts[i] = n;
                    }
                    return total;
                });
            }
"""
    )

    default_js, default_css = asset_links(["leaflet", "leaflet_css"])

    def __init__(self, gdf: gpd.GeoDataFrame | PointArrays, name: str = "Events (aggregated)", *,
                 cell_deg: float = 0.1, show: bool = True, time_key: str | None = None) -> None:
        super().__init__(name, kind="cells", show=show, time_key=time_key)
        cells = aggregate_cells(gdf, cell_deg)
        self.total = int(cells["count"].sum()) if len(cells) else 0
        # [lat, lon, radius, colour, tooltip, days]: the sorted days as differences from the day before
        # (the first from day 0), mostly one digit each instead of five.
        self.rows: Sequence[list[Any]] = [
            [round(float(lat), 5), round(float(lon), 5), round(4 + 2.2 * math.sqrt(int(count)), 1),
             category_style(cat).color, _cell_tooltip(int(count), breakdown), np.diff(days, prepend=0).tolist()]
            for lat, lon, count, cat, breakdown, days in zip(
                cells["lat"].tolist(), cells["lon"].tolist(), cells["count"].tolist(), cells["category"].tolist(),
                cells["breakdown"].tolist(), cells["days"].tolist(), strict=True)
        ]
