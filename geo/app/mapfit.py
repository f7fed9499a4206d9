"""Where the live map looks: fitted to the filtered events, or to the event picked in the table.

In: the :class:`~geo.app.appdata.EventIndex`, the rows in view and the picked event.
Out: ``(centre, zoom)`` for streamlit-folium, which moves a live map only when these change,
so a filter that changes which events are in view re-fits the map while a pan or zoom of
the reader's own stays until then.
"""

from __future__ import annotations

import folium
import numpy as np
import shapely

from geo.app.appdata import EventIndex
from geo.mapview import bounds_of, view_of

__all__ = ["event_view", "fit_view", "selection_group"]


def fit_view(index: EventIndex, mask: np.ndarray, *, width: int = 900, height: int = 560
             ) -> tuple[tuple[float, float], int]:
    """Centre and zoom showing every located event of ``mask`` (Libya when there are none)."""
    rows = mask & index.located
    return view_of(bounds_of(index.lon[rows], index.lat[rows]), width=width, height=height, max_zoom=12)


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
