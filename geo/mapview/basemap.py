"""The base map: OpenStreetMap tiles when online, a plain map of Libya's outline when not.

Offline there are no tiles to fetch, so the map draws what a reader needs to
orient themselves from data shipped with the project: Libya and its neighbours
(Natural Earth outlines shipped in ``gazetteer/data``, see
:mod:`gazetteer.outlines`), a sea-coloured background and the
names of the main towns.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import folium
from folium.template import Template

from gazetteer.outlines import country_outlines
from geo.mapview.assets import APP_STATIC_URL, AssetMode, localize
from geo.mapview.rendering import RenderedOnce

__all__ = ["FINE_COAST_PATH", "FINE_COAST_ZOOM", "district_lines", "LIBYA_BOUNDS", "LIBYA_CENTER", "OSM_TILES", "OfflineBasemap", "base_map", "country_outlines"]

#: ``[[south, west], [north, east]]`` of Libya.
LIBYA_BOUNDS: list[list[float]] = [[19.5, 9.3], [33.2, 25.2]]
LIBYA_CENTER: tuple[float, float] = (27.5, 17.0)
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
_OSM_ATTR = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'


#: Libya's outline from OpenStreetMap under ``geo/static`` (``scripts/build_coast.py``; ODbL), drawn
#: instead of the Natural Earth one from zoom :data:`FINE_COAST_ZOOM`.
FINE_COAST_PATH = "basemap/libya_osm.geojson"
FINE_COAST_ZOOM = 9


#: Main towns, ``(name, lat, lon)``, labelled on the offline map for orientation, most important first
#: (a label that would cover an earlier one is hidden).
TOWNS: tuple[tuple[str, float, float], ...] = (
    ("Tripoli", 32.887, 13.191), ("Misrata", 32.375, 15.093), ("Sirte", 31.209, 16.589),
    ("Benghazi", 32.117, 20.067), ("Ajdabiya", 30.755, 20.226), ("Tobruk", 32.084, 23.976),
    ("Derna", 32.767, 22.637), ("Sabha", 27.038, 14.428), ("Gharyan", 32.172, 13.020),
    ("Tarhuna", 32.435, 13.633), ("Zawiya", 32.757, 12.728), ("Sabratha", 32.793, 12.484),
    ("Hun (Jufra)", 29.127, 15.948), ("Ghadames", 30.134, 9.501), ("Kufra", 24.183, 23.283),
    ("Brega", 30.406, 19.579), ("Ubari", 26.590, 12.776), ("Bani Walid", 31.757, 13.983),
)


#: Gazetteer feature type -> the zoom from which the offline basemap labels it.
LABEL_ZOOM: dict[str, int] = {"city": 7, "town": 8, "village": 9, "neighbourhood": 10, "airbase": 9,
                              "airport": 9, "port": 10, "oil_port": 9, "oil_field": 9}


#: Gazetteer feature type -> its rank among the labels (higher first): where labels collide, a city's
#: name stays over a town's, a town's over a quarter's; within a kind, the more prominent place's.
LABEL_RANK: dict[str, int] = {"city": 5, "town": 4, "airport": 3, "airbase": 3, "oil_port": 3, "oil_field": 2,
                              "port": 2, "neighbourhood": 1, "village": 1}


@lru_cache(maxsize=1)
def place_labels() -> list[list[Any]]:
    """``[escaped name, lat, lon, zoom]`` of the gazetteer's curated places the offline map labels
    at city zoom (the main towns of :data:`TOWNS` are labelled at every zoom), most important first
    (:data:`LABEL_RANK`, then prominence): the map hides a label that would cover an earlier one."""
    from gazetteer.sources import read_curated
    from geo.mapview.popup import esc

    main = {n for n, _, _ in TOWNS}
    kept = [p for p in read_curated() if p.feature_type in LABEL_ZOOM and p.name not in main]
    # Most important first: where two labels would collide, the map keeps the first one.
    kept.sort(key=lambda p: (-LABEL_RANK[p.feature_type], -p.prominence, p.name))
    return [[esc(p.name), round(p.lat, 5), round(p.lon, 5), LABEL_ZOOM[p.feature_type]] for p in kept]


@lru_cache(maxsize=1)
def district_lines() -> dict[str, Any]:
    """The borders between Libya's districts (GeoJSON MultiLineString), without their outer edges.

    The districts' outer edges are the 1:10m coast and land borders: drawn as dashed lines at city
    zoom they would run through the sea beside the finer OpenStreetMap coast, and double the
    country's outline everywhere else. Edges within 0.02 degrees (2 km) of the country's outline go.
    """
    import json

    import shapely

    from gazetteer.outlines import libya_outline
    from geo.mapview.density import districts

    borders = shapely.union_all([shapely.from_geojson(json.dumps(f["geometry"])).boundary
                                 for f in districts()["features"]])
    inner = shapely.set_precision(borders.difference(libya_outline().boundary.buffer(0.02)), 1e-4)
    lines: dict[str, Any] = json.loads(shapely.to_geojson(inner))
    return lines


class OfflineBasemap(RenderedOnce):
    """Country outlines, a sea-coloured background and town labels; nothing from outside the app (from
    city zoom on, Libya's finer outline from the app's own static files)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            map.getContainer().style.background = "#cfe2ee";
            var pane = map.createPane("lcmBase");
            pane.style.zIndex = 250;
            // Place names in a pane of their own, over the land: in the outlines' pane, Leaflet's svg
            // (z-index 200) covered every label whose z-index (its pixel row) was lower, so names near
            // the top of the map vanished under Libya's fill. Over the event marks too (the marker pane,
            // 600): under them a mark at a town (Sirte) hid its name; a name moves aside from the marks
            // where it can (see showPlaces) and takes no clicks. Under tooltips (650) and popups (700).
            var labelPane = map.createPane("lcmLabels");
            labelPane.style.zIndex = 610;
            labelPane.style.pointerEvents = "none";
            var libyaStyle = {color: "#6b5b3e", weight: 2, fillColor: "#f4ecd8", fillOpacity: 1};
            var outlines = {{ this.outlines|tojson }};
            L.geoJSON(outlines, {pane: "lcmBase", interactive: false,
                filter: function (f) { return !f.properties.libya; },
                style: {color: "#9a9a9a", weight: 1, fillColor: "#e8e6e1", fillOpacity: 1}}).addTo(map);
            var coarse = L.geoJSON(outlines, {pane: "lcmBase", interactive: false,
                filter: function (f) { return f.properties.libya; }, style: libyaStyle}).addTo(map);
            // From zoom {{ this.fine_zoom }} Libya's coast comes from OpenStreetMap (served with the app,
            // fetched once, when first needed: the first map stays small); the 1:10m outline is up to 2 km
            // off at city zoom. Where the file cannot be fetched (a map saved to disk), the coarse one stays.
            var fine = null, asked = false;
            function coast() {
                var near = map.getZoom() >= {{ this.fine_zoom }};
                // A page opened from disk may not fetch (chromium refuses file:// requests).
                if (near && !asked && window.fetch && {{ this.fine_url|tojson }} && location.protocol !== "file:") {
                    asked = true;
                    fetch({{ this.fine_url|tojson }}).then(function (r) { return r.ok ? r.json() : null; })
                        .then(function (doc) {
                            if (!doc) { return; }
                            fine = L.geoJSON(doc, {pane: "lcmBase", interactive: false, style: libyaStyle,
                                className: "lcm-coast-fine", attribution: {{ this.fine_attribution|tojson }}});
                            coast();
                        }).catch(function () { /* offline file: the coarse outline stays */ });
                }
                if (!fine) { return; }
                if (near && !map.hasLayer(fine)) { map.removeLayer(coarse); fine.addTo(map); fine.bringToBack(); }
                else if (!near && map.hasLayer(fine)) { map.removeLayer(fine); coarse.addTo(map); coarse.bringToBack(); }
            }
            map.on("zoomend", coast);
            map.whenReady(coast);
            // District lines (Natural Earth admin-1), thin: they orient a reader zoomed into one area.
            L.geoJSON({{ this.districts|tojson }}, {pane: "lcmBase", interactive: false,
                style: {color: "#a08c6a", weight: 1, dashArray: "4 4", fill: false}}).addTo(map);
            // Place names, most important first: the main towns, then the gazetteer's places by kind and
            // prominence (OfflineBasemap.places). Each place is labelled from the zoom its kind is worth
            // reading at (Tripoli's quarters from zoom 10), and a label that would cover a more important
            // one is hidden after each zoom (window.lcmDeclutter): central Tripoli's quarters overlap at zoom 11.
            // A name goes to the left of its dot where the right would leave the map or cover an event
            // mark; a name hidden takes its dot with it (a dot without a name tells nothing).
            var labels = [], dots = [];
            function label(p, minor, dot) {
                var m = L.marker([p[1], p[2]], {pane: "lcmLabels", interactive: false, keyboard: false,
                    icon: L.divIcon({className: "lcm-place-label" + (minor ? " lcm-place-minor" : ""), html: p[0],
                                     iconSize: null, iconAnchor: [-{{ this.label_gap }}, 14]})});
                labels.push(m);
                dots.push(dot);
                return m;
            }
            var towns = {{ this.towns|tojson }};
            for (var i = 0; i < towns.length; i++) {
                var t = towns[i];
                var dot = L.circleMarker([t[1], t[2]], {pane: "lcmBase", radius: 2, color: "#555", weight: 1,
                    fillOpacity: 1, interactive: false, className: "lcm-place-dot"}).addTo(map);
                label(t, false, dot).addTo(map);
            }
            var places = {{ this.places|tojson }}, byZoom = {};
            places.forEach(function (p) {
                var g = byZoom[p[3]] = byZoom[p[3]] || L.layerGroup();
                var dot = L.circleMarker([p[1], p[2]], {pane: "lcmBase", radius: 1.5, color: "#777", weight: 1,
                    fillOpacity: 1, interactive: false, className: "lcm-place-dot"});
                label(p, true, dot).addTo(g);
                dot.addTo(g);
            });
            // The event marks a name should not cover: single marks, clusters, arrow heads and ends.
            function marks() {
                var out = [];
                map.getContainer().querySelectorAll({{ this.obstacles|tojson }}).forEach(function (e) {
                    if (e.style.visibility === "hidden") { return; }
                    var b = e.getBoundingClientRect();
                    if (b.width > 0 && b.height > 0) { out.push(b); }
                });
                return out;
            }
            function showPlaces() {
                var z = map.getZoom();
                Object.keys(byZoom).forEach(function (k) {
                    if (z >= +k) { if (!map.hasLayer(byZoom[k])) { byZoom[k].addTo(map); } }
                    else if (map.hasLayer(byZoom[k])) { map.removeLayer(byZoom[k]); }
                });
                if (!window.lcmDeclutter) { return; }
                var shown = labels.filter(function (m) { return m.getElement(); });
                window.lcmDeclutter(shown.map(function (m) { return m.getElement(); }), 2, {
                    within: map.getContainer().getBoundingClientRect(), flip: {{ this.label_gap }},
                    obstacles: marks()});
                var named = [];
                labels.forEach(function (m, k) {
                    var el = m.getElement(), on = !!el && el.style.visibility !== "hidden";
                    if (on) { named.push(el.getBoundingClientRect()); }
                    if (dots[k]._lcmOn !== on) {
                        dots[k]._lcmOn = on;
                        dots[k].setStyle({opacity: on ? 1 : 0, fillOpacity: on ? 1 : 0});
                    }
                });
                // A front line's date that a name covers gives way (the date is in the line's tooltip):
                // drawn over one another, neither read.
                map.getContainer().querySelectorAll(".lcm-frontline-label").forEach(function (e) {
                    var b = e.getBoundingClientRect();
                    if (named.some(function (q) {
                        return b.left < q.right && q.left < b.right && b.top < q.bottom && q.top < b.bottom; })) {
                        e.style.visibility = "hidden";
                    }
                });
            }
            // At each zoom, and again once the map has settled (Leaflet's zoom transition takes 0.25 s):
            // measured only at zoomend, after streamlit-folium's animated setView and the fit to the marks,
            // labels were still moving, and the app's country view kept Sabratha's name over Tripoli's.
            // And once the event layers have changed (a rerun's new layers, a time control frame, clusters
            // re-formed): the names move aside from the marks now drawn.
            var settle = null;
            function later() { clearTimeout(settle); settle = setTimeout(showPlaces, 300); }
            map.on("zoomend moveend", function (e) {
                if (e.type === "zoomend") { showPlaces(); }
                later();
            });
            map.on("layeradd layerremove", function (e) { if ((e.layer.options || {}).pane !== "lcmLabels") { later(); } });
            // After the map's shared scripts (geo.mapview.popup.MapStyles), which come after the basemap.
            map.whenReady(function () { setTimeout(showPlaces, 0); });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, base_url: str | None = APP_STATIC_URL) -> None:
        super().__init__()
        self._name = "OfflineBasemap"
        self.outlines = country_outlines()
        # None: no local static folder (folium's CDN mode), the coarse outline at every zoom.
        self.fine_url = f"{base_url.rstrip('/')}/{FINE_COAST_PATH}" if base_url is not None else None
        self.fine_zoom = FINE_COAST_ZOOM
        self.fine_attribution = ('Coast &copy; <a href="https://www.openstreetmap.org/copyright">'
                                 "OpenStreetMap</a> contributors (ODbL)")
        # Town names are ours, but escape anyway: the label is set as HTML.
        from geo.mapview.popup import esc

        self.towns = [[esc(n), lat, lon] for n, lat, lon in TOWNS]
        # Pixels between a place's dot and its name (either side).
        self.label_gap = 4
        self.obstacles = ".lcm-mark, .marker-cluster, .lcm-arrowhead, .lcm-movement-end"
        self.places = place_labels()
        self.districts = district_lines()


def base_map(
    *,
    offline: bool = True,
    location: tuple[float, float] | None = None,
    zoom_start: int = 6,
    bounds: list[list[float]] | None = None,
    asset_mode: AssetMode = "local",
    base_url: str = APP_STATIC_URL,
    height: str | int = "100%",
    fine_coast: bool = True,
) -> folium.Map:
    """A folium Map with local assets and either OSM tiles or the offline basemap.

    Parameters
    ----------
    offline
        True: no tile layer (no request leaves the machine) and :class:`OfflineBasemap`.
        False: OpenStreetMap tiles.
    location, zoom_start
        Initial view; Libya's centre when ``location`` is None.
    bounds
        ``[[south, west], [north, east]]`` to fit the view to instead.
    asset_mode, base_url
        Where Leaflet and the plugins load from (see :func:`geo.mapview.assets.localize`).
    fine_coast
        Offline, fetch OpenStreetMap's coast of Libya from ``base_url`` at city zoom (False: a page
        that cannot fetch, such as the one-file map report, keeps the 1:10m outline).
    """
    m = folium.Map(
        location=list(location or LIBYA_CENTER), zoom_start=zoom_start, tiles=None,
        control_scale=True, prefer_canvas=False, height=height,
    )
    # On the map itself, not only its tile layer: marker clustering needs the map's maxZoom,
    # and the offline map has no tile layer to carry it.
    m.options["min_zoom"] = 4
    m.options["max_zoom"] = 17
    # All assets on the map itself: streamlit-folium loads scripts once, when the
    # map first mounts, so a plugin needed only by a later view must already be there.
    localize(m, mode=asset_mode, base_url=base_url)
    if offline:
        OfflineBasemap(base_url if asset_mode == "local" and fine_coast else None).add_to(m)
    else:
        folium.TileLayer(OSM_TILES, attr=_OSM_ATTR, name="OpenStreetMap", max_zoom=19).add_to(m)
    if bounds:
        m.fit_bounds(bounds)
    return m
