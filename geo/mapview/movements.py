"""Movements as arrows: a line from origin to destination with an arrow head at the destination.

The head is a small triangle drawn in screen pixels (rotated to the last segment) rather than
a triangle in degrees, so it keeps the same size on screen at every zoom level and needs no
plugin; it is a path on a renderer of its own, not a marker (see the template).
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
import shapely

from geo.mapview.assets import asset_links
from geo.mapview.popup import event_ref, popup_parts, tooltip_html
from geo.mapview.rendering import EventLayer, event_layer_template, event_records
from geo.mapview.style import actor_color
from geo.mapview.timecontrol import day_number

__all__ = ["SVG_MAX", "MovementArrows", "arrow_rows", "screen_bearing"]

#: Above this many lines a layer draws on a canvas (one element) instead of one SVG path per line.
SVG_MAX = 150


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def screen_bearing(start: tuple[float, float], end: tuple[float, float]) -> float:
    """Clockwise angle in degrees, from screen east, of the segment ``start -> end`` on a Web Mercator map.

    ``start``/``end`` are ``(lon, lat)``. Screen y grows downwards, hence the minus sign:
    a segment heading north gives -90 (CSS ``rotate(-90deg)`` turns a right-pointing
    arrow to point up).
    """
    dx = end[0] - start[0]
    dy = _mercator_y(end[1]) - _mercator_y(start[1])
    angle = round(math.degrees(math.atan2(-dy, dx)), 1)
    return 180.0 if angle <= -180.0 else angle  # atan2(-0.0, x<0) gives -180: same direction, one value


def arrow_rows(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """One arrow per movement with a line geometry of two or more distinct vertices, one disc per
    movement known only by where it went (a point: the origin was not reported).

    Each row: ``line`` (``[lat, lon]`` vertices, origin first; one vertex for a disc), ``angle`` of the
    last segment (:func:`screen_bearing`; None for a disc), ``color`` (by ``actor1``), escaped
    ``tooltip`` and ``popup`` (:func:`~geo.mapview.popup.popup_parts`), and ``day`` (for the time control).
    A movement left out of the map would still be counted in the page's "drawn as marks and arrows".
    """
    rows: list[dict[str, Any]] = []
    for idx, rec, geom in event_records(gdf):
        coords = [(float(x), float(y)) for x, y in shapely.get_coordinates(geom)]
        # Drop repeated vertices: a zero-length last segment has no direction.
        pts: list[tuple[float, float]] = []
        for c in coords:
            if not pts or c != pts[-1]:
                pts.append(c)
        if not pts:
            continue
        ref = event_ref(idx)
        rows.append({
            "line": [[round(lat, 6), round(lon, 6)] for lon, lat in pts],
            "angle": screen_bearing(pts[-2], pts[-1]) if len(pts) >= 2 else None,
            "color": actor_color(rec.get("actor1")),
            "tooltip": tooltip_html(rec, ref),
            "popup": popup_parts(rec, ref),
            "day": day_number(rec.get("event_date")),
        })
    return rows


class MovementArrows(EventLayer):
    """Movement events as arrows from origin to destination (one ``lcm-movement`` line and
    one ``lcm-arrowhead`` path per movement; a ``lcm-movement-end`` disc where only the destination is known)."""

    _template = event_layer_template(
        """\
            var rows = {{ this.rows_json }};
            var group = L.featureGroup();
            // Many lines: one canvas instead of an SVG path each.
            var many = rows.length > {{ this.svg_max }};
            // The page's one canvas for events (see geo.mapview.points.EventCells).
            var renderer = many ? (window.lcmCanvas = window.lcmCanvas || L.canvas({padding: 0.2})) : undefined;
            // The heads: an 18-pixel arrow turned to the last segment's screen bearing, the same size at
            // every zoom, drawn as a path by a renderer of their own made after the lines' (so above
            // every line: a line shown again by the time control must not cover a head). Not markers:
            // each marker is an element moved by a 3D transform, so a composited layer of its own, and
            // hundreds of them made every frame of the page (a rerun's fading, a pan) slow to composite.
            var heads = many ? L.canvas({padding: 0.2}) : L.svg();
            // Heads take no clicks: their surface must not take the clicks meant for the lines under it.
            heads.on("add", function () { heads._container.style.pointerEvents = "none"; });
            // The heads' surface leaves with the layer (Leaflet keeps a renderer after its paths are gone).
            group.on("remove", function () { if (heads._map) { heads._map.removeLayer(heads); } });
            var Head = window.lcmArrowHead = window.lcmArrowHead || L.CircleMarker.extend({
                options: {radius: 9, angle: 0},
                _project: function () {
                    var p = this._map.latLngToLayerPoint(this._latlng), a = this.options.angle * Math.PI / 180;
                    var c = Math.cos(a), s = Math.sin(a);
                    this._point = p;
                    this._parts = [[[-7, -7], [8, 0], [-7, 7], [-3, 0]].map(function (q) {
                        return L.point(p.x + q[0] * c - q[1] * s, p.y + q[0] * s + q[1] * c);
                    })];
                    this._updateBounds();
                },
                _updatePath: function () { this._renderer._updatePoly(this, true); }
            });
            var parts = [];
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                if (r.line.length < 2) {  // only where it went is known: a disc there, no arrow
                    var end = L.circleMarker(r.line[0], {radius: 6, color: "white", weight: 2, fillColor: r.color,
                        fillOpacity: 1, className: "lcm-movement lcm-movement-end", renderer: renderer});
                    end.bindTooltip(r.tooltip);
                    end.bindPopup(window.lcmPopupOf(r.popup), {maxWidth: 380});
                    parts.push([end.addTo(group)]);
                    continue;
                }
                var line = L.polyline(r.line, {color: r.color, weight: 3, opacity: 0.9,
                    className: "lcm-movement", renderer: renderer});
                line.bindTooltip(r.tooltip);
                line.bindPopup(window.lcmPopupOf(r.popup), {maxWidth: 380});  // built when opened
                line.addTo(group);
                parts.push([line, new Head(r.line[r.line.length - 1], {angle: r.angle, fillColor: r.color,
                    fillOpacity: 1, color: "white", weight: 1, opacity: 1, interactive: false,
                    className: "lcm-arrowhead", renderer: heads}).addTo(group)]);
            }
            var shown = rows.map(function () { return true; });
            if (window.lcmTime) {  // arrows of the time control's window only (geo.mapview.timecontrol)
                window.lcmTime.register({{ this.time_key|tojson }}, function (from, to) {
                    var n = 0;
                    for (var i = 0; i < rows.length; i++) {
                        var d = rows[i].day;
                        var on = d === null || (d >= from && d <= to);
                        if (on) { n++; }
                        if (on === shown[i]) { continue; }
                        shown[i] = on;
                        parts[i].forEach(function (l) { if (on) { group.addLayer(l); } else { group.removeLayer(l); } });
                    }
                    return n;
                });
            }
"""
    )

    default_js, default_css = asset_links(["leaflet", "leaflet_css"])

    def __init__(self, gdf: gpd.GeoDataFrame, name: str = "Movements", *, show: bool = True,
                 time_key: str | None = None) -> None:
        super().__init__(name, kind="arrows", show=show, time_key=time_key)
        self.svg_max = SVG_MAX
        self.rows = arrow_rows(gdf)
