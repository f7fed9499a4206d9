"""Where the live map looks: fitted to the filtered events, or to the event picked in the table.

In: the :class:`~geo.app.appdata.EventIndex`, the rows in view and the picked event.
Out: ``(centre, zoom)`` for streamlit-folium, which moves a live map only when these change,
so a filter that changes which events are in view re-fits the map while a pan or zoom of
the reader's own stays until then; and the bounds of every mark, which the browser fits the map
to at its real size (:func:`fit_group`, :class:`~geo.mapview.viewfit.FitToMarks`).
"""

from __future__ import annotations

from typing import Any

import folium
import numpy as np
import shapely

from geo.app.appdata import EventIndex
from geo.mapview import bounds_of, view_of
from geo.mapview.viewfit import FitToMarks

__all__ = ["event_view", "fit_group", "fit_view", "mark_bounds", "selection_group"]

#: The closest zoom a fit to the filtered events goes to.
FIT_MAX_ZOOM = 12


def mark_bounds(index: EventIndex, mask: np.ndarray, lines: Any = None) -> list[list[float]]:
    """``[[south, west], [north, east]]`` of every mark of ``mask``: points, and every vertex of the
    lines (an arrow starts where its movement began; a front line runs inland), with the vertices of
    ``lines`` (a frame: the front lines drawn) too. Libya's bounds when there is nothing to draw."""
    rows = mask & index.located
    geoms = index.frame.geometry.values[rows]
    drawn_lines = geoms[np.asarray(shapely.get_type_id(geoms) > 0)] if len(geoms) else geoms
    xy = [np.column_stack([index.lon[rows], index.lat[rows]]), shapely.get_coordinates(drawn_lines)]
    if lines is not None and len(lines):
        xy.append(shapely.get_coordinates(lines.geometry.values))
    every = np.concatenate(xy)
    return bounds_of(every[:, 0], every[:, 1], pad=0.0)


def fit_view(bounds: list[list[float]], *, width: int = 900, height: int = 560) -> tuple[tuple[float, float], int]:
    """Centre and zoom showing ``bounds`` (:func:`mark_bounds`) on a map of an assumed size: the
    server's first guess, which :func:`fit_group` corrects in the browser to the map's real size."""
    return view_of(bounds, width=width, height=height, max_zoom=FIT_MAX_ZOOM)


def fit_group(bounds: list[list[float]], token: int | str, fit: bool = True) -> folium.FeatureGroup:
    """A layer (not in the layer control) that fits the live map to ``bounds`` at its real size when
    ``token`` changes (``fit=False``: a view from a link, left as it is)."""
    group = folium.FeatureGroup(name="Fit to the marks", control=False)
    FitToMarks(bounds, str(token), fit=fit, max_zoom=FIT_MAX_ZOOM).add_to(group)
    return group


def event_view(index: EventIndex, row: int, *, width: int = 900, height: int = 560
               ) -> tuple[tuple[float, float], int] | None:
    """Centre and zoom on one event: a point at zoom 12, a line (a front line, a movement) whole.

    A line is fitted by all its vertices: zooming to one end of a front line that runs
    from the coast into the desert showed a stretch of empty sea.
    """
    if not index.located[row]:
        return None
    geom = index.frame.geometry.iloc[row]
    if geom is None or geom.is_empty or geom.geom_type == "Point":
        return (float(index.lat[row]), float(index.lon[row])), 12
    west, south, east, north = shapely.bounds(geom).tolist()
    # [[south, west], [north, east]]: Leaflet order, from shapely's (minx, miny, maxx, maxy).
    return view_of([[south - 0.05, west - 0.05], [north + 0.05, east + 0.05]], width=width, height=height,
                   max_zoom=12)


def selection_group(index: EventIndex, row: int) -> folium.FeatureGroup | None:
    """A ring around a picked point event, or its line drawn over in amber (class ``lcm-selected``)."""
    if not index.located[row]:
        return None
    ring = folium.FeatureGroup(name="Selected event", control=False)
    geom = index.frame.geometry.iloc[row]
    if geom is not None and not geom.is_empty and geom.geom_type != "Point":
        for part in shapely.get_parts(shapely.boundary(geom) if geom.geom_type.endswith("Polygon") else geom):
            # folium wants [lat, lon]; shapely gives (lon, lat).
            coords = [[float(y), float(x)] for x, y in shapely.get_coordinates(part)]
            folium.PolyLine(coords, color="#ffb000", weight=9, opacity=0.6, class_name="lcm-selected",
                            interactive=False).add_to(ring)
        return ring
    folium.CircleMarker([float(index.lat[row]), float(index.lon[row])], radius=22, color="#ffb000", weight=4,
                        fill=False, class_name="lcm-selected", interactive=False).add_to(ring)
    return ring
