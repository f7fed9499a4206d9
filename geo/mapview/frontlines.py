"""Front lines as dated dashed lines, each labelled with the date it was reported."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely

from geo.mapview.assets import asset_links
from geo.mapview.movements import SVG_MAX
from geo.mapview.popup import esc, event_ref, fmt_date, popup_parts
from geo.mapview.rendering import EventLayer, event_layer_template, event_records
from geo.mapview.style import FRONT_LINE_COLOR
from geo.mapview.timecontrol import day_number

__all__ = ["LABEL_MAX", "FrontLines", "front_line_rows"]

_DASH = "10 8"
#: Front lines drawn with a date label at most (more lines: the date is in each line's tooltip).
LABEL_MAX = 30


def _first_day(rec: dict[str, Any]) -> int | None:
    """The day number a front line is valid from: its ``valid_from``, else its event date."""
    first = day_number(rec.get("valid_from"))
    return first if first is not None else day_number(rec.get("event_date"))


def front_line_rows(gdf: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """One dashed line per front line with two or more vertices.

    A Polygon front line (an area held) is drawn as its outline. Each row has
    ``lines`` (lists of ``[lat, lon]``), ``label`` (the escaped date and the
    hidden event reference, the line's tooltip), ``date`` (the label shown on
    the map at ``anchor``, a middle vertex), ``popup`` (:func:`~geo.mapview.popup.popup_parts`), and ``from``/``until``: the
    day numbers of the first and last day it is valid (``until`` None: still valid), which the
    time control uses to show the lines valid on its day.
    """
    rows: list[dict[str, Any]] = []
    for idx, rec, geom in event_records(gdf):
        parts = shapely.get_parts(shapely.boundary(geom) if geom.geom_type.endswith("Polygon") else geom)
        lines = []
        for part in parts:
            coords = shapely.get_coordinates(part)
            if len(coords) >= 2:
                lines.append([[round(float(y), 6), round(float(x), 6)] for x, y in coords])
        if not lines:
            continue
        ref = event_ref(idx)
        day = fmt_date(rec.get("valid_from")) or fmt_date(rec.get("event_date"))
        until = fmt_date(rec.get("valid_to"))
        label = f"front line {esc(day)}" + (f" &ndash; {esc(until)}" if until else "")
        # The reference is hidden by CSS but read by streamlit-folium to link a click to a table row.
        label += f' <span class="lcm-ref">{esc(ref)}</span>'
        longest = max(lines, key=len)
        rows.append({"lines": lines, "label": label, "popup": popup_parts(rec, ref),
                     "date": label.split(" <span")[0], "anchor": longest[len(longest) // 2],
                     "from": _first_day(rec),
                     "until": day_number(rec.get("valid_to"))})
    return rows


class FrontLines(EventLayer):
    """Front lines as dashed polylines (class ``lcm-frontline``) with a date label at their middle."""

    _template = event_layer_template(
        """\
            var rows = {{ this.rows_json }};
            var group = L.featureGroup();
            // Many lines: the page's one canvas for events (see geo.mapview.points.EventCells).
            var renderer = rows.length > {{ this.svg_max }}
                ? (window.lcmCanvas = window.lcmCanvas || L.canvas({padding: 0.2})) : undefined;
            var parts = [];
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                parts.push([]);
                var line = L.polyline(r.lines, {color: {{ this.color|tojson }}, weight: 4, opacity: 0.9,
                    dashArray: {{ this.dash|tojson }}, className: "lcm-frontline", renderer: renderer});
                line.bindPopup(window.lcmPopupOf(r.popup), {maxWidth: 380});  // built when opened
                line.bindTooltip(r.label);
                parts[i].push(line.addTo(group));
                {% if this.labels and this.rows|length <= this.label_max %}
                // A marker at a vertex, not a permanent tooltip: a path's permanent tooltip is
                // placed before the map's final view is known and can end up far from its line.
                parts[i].push(L.marker(r.anchor, {interactive: false, keyboard: false, icon: L.divIcon({
                    className: "lcm-frontline-label", html: r.date, iconSize: null, iconAnchor: [0, -4]})})
                    .addTo(group));
                {% endif %}
            }
            // Date labels that would cover one another: the newer line's label stays, the other is
            // hidden (its date is still in the line's tooltip). Run after each zoom and time frame.
            var newestFirst = rows.map(function (r, i) { return i; })
                .sort(function (a, b) { return (rows[b].from || 0) - (rows[a].from || 0); });
            function declutter() {
                var labels = newestFirst.map(function (i) { return parts[i][1]; })
                    .filter(function (label) { return label && group.hasLayer(label) && label.getElement(); });
                if (window.lcmDeclutter) { window.lcmDeclutter(labels.map(function (label) { return label.getElement(); })); }
            }
            var shown = rows.map(function () { return true; });
            if (window.lcmTime) {  // the lines valid on the time control's day (geo.mapview.timecontrol)
                window.lcmTime.register({{ this.time_key|tojson }}, function (from, to) {
                    var n = 0;
                    for (var i = 0; i < rows.length; i++) {
                        var r = rows[i];
                        var on = (r.from === null || r.from <= to) && (r.until === null || r.until >= to);
                        if (on) { n++; }
                        if (on === shown[i]) { continue; }
                        shown[i] = on;
                        parts[i].forEach(function (l) { if (on) { group.addLayer(l); } else { group.removeLayer(l); } });
                    }
                    declutter();
                    return n;
                }, "lines");
            }
            group.on("add", function () {
                var map = group._map;
                map.on("zoomend", declutter);
                group.once("remove", function () { map.off("zoomend", declutter); });
                setTimeout(declutter, 0);
            });
"""
    )

    default_js, default_css = asset_links(["leaflet", "leaflet_css"])

    def __init__(self, gdf: gpd.GeoDataFrame, name: str = "Front lines", *, show: bool = True,
                 labels: bool = True, time_key: str | None = None) -> None:
        super().__init__(name, kind="frontlines", show=show, time_key=time_key)
        self.color = FRONT_LINE_COLOR
        self.dash = _DASH
        self.labels = labels
        self.svg_max = SVG_MAX
        # Date labels are markers: past a few dozen lines they only cover each other.
        self.label_max = LABEL_MAX
        self.rows = front_line_rows(gdf)
