"""The live map's view fitted in the browser, to the map's real size, around every mark in range.

In: the bounds of every mark of a view (``[[south, west], [north, east]]``, every vertex of the
arrows and front lines too) and a token that changes when the view is to be fitted again (the
filters changed). Out: an element for the event layers that, when its layer joins the map,
fits the map to those bounds, padded so that no mark sits at the edge or under the time control.

Why in the browser: streamlit-folium moves a live map by a centre and a zoom, and the server
does not know how wide the map's column is (the page's width, the sidebar open or folded). A
zoom worked out for an assumed 900 px cut off the marks at both ends of a 616 px map (Al-Watiya
west of Tripoli, Benghazi). While the reader has not moved the map, a change of its size (the
sidebar folded or opened) fits it again.
"""

from __future__ import annotations

from folium.template import Template

from geo.mapview.rendering import RenderedOnce
from geo.mapview.style import MARK_MAX

__all__ = ["FIT_PADDING", "FitToMarks"]

#: Pixels kept free around the marks: half the largest mark and a margin, so no mark is cut by the edge.
FIT_PADDING = MARK_MAX // 2 + 8


class FitToMarks(RenderedOnce):
    """Fits the map to ``bounds`` when its feature group joins the map and ``token`` differs from the
    last fitted one (``fit=False``: only notes the token, for a view restored from a link).

    Parameters
    ----------
    bounds
        ``[[south, west], [north, east]]`` of every mark.
    token
        Changes when the view is to be fitted again; the same token on a later rerun (a click, a
        map move) leaves the reader's view alone.
    fit
        False: the view comes from elsewhere (a shared link); nothing moves.
    max_zoom
        The closest zoom a fit goes to (one event, or events in one quarter).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var group = {{ this._parent.get_name() }};
            var bounds = {{ this.bounds|tojson }}, token = {{ this.token|tojson }}, fit = {{ this.fit|tojson }};
            function padded(map, b) {
                // The time control covers the bottom right: marks are fitted above it.
                var time = map.getContainer().querySelector(".lcm-time");
                var below = time && time.offsetParent !== null ? time.offsetHeight + 10 : 0;
                map.fitBounds(b, {paddingTopLeft: [{{ this.padding }}, {{ this.padding }}],
                    paddingBottomRight: [{{ this.padding }}, {{ this.padding }} + below],
                    maxZoom: {{ this.max_zoom }}, animate: false});
                map._lcmFitted = {bounds: b, zoom: map.getZoom(), center: map.getCenter(), size: map.getSize()};
            }
            group.once("add", function () {
                var map = group._map;
                if (!map || map._lcmFitToken === token) { return; }
                map._lcmFitToken = token;
                map._lcmFitted = null;
                if (!map._lcmFitWatch) {
                    map._lcmFitWatch = true;
                    // Folding or opening the sidebar resizes the map: fit again, unless the reader
                    // moved the map since the last fit.
                    map.on("resize", function () {
                        var f = map._lcmFitted;
                        // Unmoved: Leaflet keeps the centre on a resize, to the pixel.
                        if (f && map.getZoom() === f.zoom
                                && map.project(map.getCenter()).distanceTo(map.project(f.center)) < 2) {
                            padded(map, f.bounds);
                        }
                    });
                }
                // After streamlit-folium's own setView, which follows the layers' script, and after its
                // zoom animation: a zoom still animating ends on its own target, undoing a fit made meanwhile.
                function fitWhenStill() {
                    if (map._animatingZoom) { map.once("zoomend", function () { setTimeout(fitWhenStill, 0); }); }
                    else { padded(map, bounds); }
                }
                if (fit) { setTimeout(fitWhenStill, 0); }
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], token: str, *, fit: bool = True, max_zoom: int = 12) -> None:
        super().__init__()
        self._name = "FitToMarks"
        self.bounds = bounds
        self.token = token
        self.fit = fit
        self.max_zoom = max_zoom
        self.padding = FIT_PADDING
