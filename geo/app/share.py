"""Shareable views: the page's filters, date range and map view as URL query parameters.

In: the query parameters of a link (``st.query_params``: ``from``, ``to``, ``cat``, ``actor``,
``district``, ``source``, ``sub``, ``precision``, ``q`` (search), ``side``, ``kmin``, ``kmax``, ``n``
(sources), ``lat``, ``lon``, ``z``) and the filter choices the data
offers. Out: the widget values that restore the view (:func:`restore`), and the parameters that
describe the current view (:func:`encode`), which the page writes back to its URL on each run.

A value that does not parse, or names a category, actor, district or source the data does not
have, is left out: a link from an older store opens with the rest of its view. An emptied category
box travels as ``cat=none`` (an empty parameter would read as "every category"), so the link opens
on the same empty map and its hint, not on every event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.app.summaries import Facets

__all__ = ["NO_CATEGORY", "MapView", "Restored", "encode", "restore", "write_url"]

#: ``cat`` of a view with no category chosen.
NO_CATEGORY = "none"
_LISTS = {"cat": "categories", "actor": "actors", "district": "districts", "source": "sources",
          "sub": "sub_event_types"}


@dataclass(frozen=True, slots=True)
class MapView:
    """A map centre and zoom."""

    lat: float
    lon: float
    zoom: int


@dataclass(slots=True)
class Restored:
    """Widget values (session-state key -> value) and the map view a link asked for."""

    widgets: dict[str, Any] = field(default_factory=dict)
    view: MapView | None = None


def _one(params: Mapping[str, Any], key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return str(value) if value not in (None, "") else None


def restore(params: Mapping[str, Any], facets: Facets) -> Restored:
    """What a link's query parameters ask for, limited to what the data offers.

    >>> f = Facets(categories=["airstrike", "clash"], first_day=date(2019, 4, 1), last_day=date(2020, 7, 26))
    >>> r = restore({"from": "2019-05-01", "to": "2019-06-30", "cat": "clash,bogus", "lat": "32.8",
    ...              "lon": "13.2", "z": "11"}, f)
    >>> r.widgets["date_range"], r.widgets["categories"], r.view
    ((datetime.date(2019, 5, 1), datetime.date(2019, 6, 30)), ['clash'], MapView(lat=32.8, lon=13.2, zoom=11))
    >>> restore({"from": "yesterday", "z": "99"}, f).widgets
    {}
    >>> restore({"cat": "none"}, f).widgets
    {'categories': []}
    """
    out = Restored()
    try:
        start = date.fromisoformat(_one(params, "from") or "")
        end = date.fromisoformat(_one(params, "to") or "")
        if start <= end:
            out.widgets["date_range"] = (start, end)
    except ValueError:
        pass
    offered: dict[str, Sequence[str]] = {"categories": facets.categories, "actors": facets.actors,
                                         "districts": facets.districts, "sources": facets.sources,
                                         "sub_event_types": facets.sub_event_types}
    for param, key in _LISTS.items():
        raw = _one(params, param)
        if raw is None:
            continue
        wanted = [v for v in raw.split(",") if v in offered[key]]
        if wanted:
            out.widgets[key] = wanted
        elif key == "categories" and raw == NO_CATEGORY:
            out.widgets[key] = []
    precision = _one(params, "precision")
    if precision in ("1", "2", "3"):
        out.widgets["precision"] = int(precision)
    text = _one(params, "q")
    if text:
        out.widgets["text"] = text[:200]
    if _one(params, "side") in ("attacker", "target"):
        out.widgets["actor_role"] = _one(params, "side")
    kmin, kmax, n = _one(params, "kmin"), _one(params, "kmax"), _one(params, "n")
    if (kmin or kmax) and facets.most_killed > 0 and all(v is None or v.isdigit() for v in (kmin, kmax)):
        low, high = int(kmin or 0), min(int(kmax) if kmax else facets.most_killed, facets.most_killed)
        if low <= high:
            out.widgets["killed"] = (low, high)
    if n and n.isdigit() and 1 <= int(n) <= 50:
        out.widgets["min_sources"] = int(n)
    try:
        lat, lon, zoom = float(_one(params, "lat") or ""), float(_one(params, "lon") or ""), int(_one(params, "z") or "")
        if -90 <= lat <= 90 and -180 <= lon <= 180 and 2 <= zoom <= 18:
            out.view = MapView(lat, lon, zoom)
    except ValueError:
        pass
    return out


def encode(widgets: Mapping[str, Any], facets: Facets, view: MapView | None) -> dict[str, str]:
    """The query parameters of the current view; a filter left at "everything" is left out.

    >>> f = Facets(categories=["airstrike", "clash"])
    >>> encode({"date_range": (date(2019, 5, 1), date(2019, 6, 30)), "categories": ["airstrike", "clash"],
    ...         "actors": ["GNA"], "precision": 3}, f, MapView(32.81234567, 13.2, 9))
    {'from': '2019-05-01', 'to': '2019-06-30', 'actor': 'GNA', 'lat': '32.81235', 'lon': '13.2', 'z': '9'}
    >>> encode({"categories": []}, f, None)
    {'cat': 'none'}
    """
    out: dict[str, str] = {}
    rng = widgets.get("date_range")
    if isinstance(rng, (tuple, list)) and len(rng) == 2 and all(isinstance(d, date) for d in rng):
        out["from"], out["to"] = rng[0].isoformat(), rng[1].isoformat()
    for param, key in _LISTS.items():
        values = list(widgets.get(key) or [])
        if key == "categories" and set(values) == set(facets.categories):
            continue
        if values:
            out[param] = ",".join(values)
        elif key == "categories":
            out[param] = NO_CATEGORY
    if widgets.get("precision") in (1, 2):
        out["precision"] = str(widgets["precision"])
    if str(widgets.get("text") or "").strip():
        out["q"] = str(widgets["text"]).strip()
    if widgets.get("actor_role") in ("attacker", "target"):
        out["side"] = str(widgets["actor_role"])
    killed = widgets.get("killed")
    if isinstance(killed, (tuple, list)) and len(killed) == 2:
        if killed[0] > 0:
            out["kmin"] = str(killed[0])
        if killed[1] < facets.most_killed:
            out["kmax"] = str(killed[1])
    if isinstance(widgets.get("min_sources"), (int, float)) and widgets["min_sources"] > 1:
        out["n"] = str(int(widgets["min_sources"]))
    if view is not None:
        out["lat"], out["lon"], out["z"] = f"{view.lat:.5f}".rstrip("0").rstrip("."), \
            f"{view.lon:.5f}".rstrip("0").rstrip("."), str(view.zoom)
    return out


def write_url(query_params: Any, state: Mapping[str, Any], facets: Facets, map_result: Mapping[str, Any] | None
              ) -> None:
    """Write :func:`encode` of the widgets in ``state`` and the map's centre and zoom (as the map
    component last reported them) to ``query_params`` (``st.query_params``), when they changed."""
    view = None
    centre, zoom = (map_result or {}).get("center"), (map_result or {}).get("zoom")
    if isinstance(centre, Mapping) and isinstance(zoom, (int, float)) and "lat" in centre and "lng" in centre:
        view = MapView(float(centre["lat"]), float(centre["lng"]), int(zoom))
    wanted = encode(state, facets, view)
    if view is None:  # the map has not reported yet: keep the view the link had
        wanted.update({k: v for k, v in query_params.to_dict().items() if k in ("lat", "lon", "z")})
    if query_params.to_dict() != wanted:
        query_params.from_dict(wanted)
