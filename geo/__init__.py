"""Geoparsing and event extraction for Arabic and English news about the Libyan war.

In: news articles (files, folders, feeds and pages watched on a schedule, text pasted in the
app). Out: place mentions and dated, located events, stored in GeoPackage or PostGIS, shown
on a map and exported as GeoJSON, GeoPackage and ACLED-style CSV.

The package reads as the pipeline, one folder per stage:

* :mod:`geo.sources` - articles in (JSONL, CSV, TXT, HTML), the ingestion runner
* :mod:`geo.watch` - feeds and index pages followed on a schedule
* :mod:`geo.text` - sentences, dates, counts, lexicons
* :mod:`geo.places` - place mentions resolved against the gazetteer
* :mod:`geo.events` - events, actors, de-duplication, ACLED types
* :mod:`geo.pipeline` - article -> mentions -> events
* :mod:`geo.store` - GeoPackage or PostGIS
* :mod:`geo.outputs` - map layers and exports
* :mod:`geo.mapview` - the folium map
* :mod:`geo.app` - what ``app.py`` reads
* :mod:`geo.cli` - ``python -m geo``

The most used names are importable from here (lazily, so importing a stage does
not load the others): :class:`Article`, :func:`geoparse`, :func:`extract_events`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"
__all__ = ["Article", "Event", "PlaceMention", "extract_events", "geoparse"]

_PUBLIC = {
    "Article": "geo.model",
    "Event": "geo.model",
    "PlaceMention": "geo.model",
    "extract_events": "geo.pipeline",
    "geoparse": "geo.places.geoparse",
}


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
