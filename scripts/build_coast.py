"""Build ``geo/static/basemap/libya_osm.geojson``: Libya's outline from OpenStreetMap, for the offline
basemap at city zoom.

The Natural Earth 1:10m outline the basemap draws at country zoom (``gazetteer/data``) puts
Tripoli's coast up to 2 km off: at zoom 10-13 the sea reaches into the Old City or land covers the
harbour. OpenStreetMap's coastline is drawn to the metre. The source is the ``@geo-maps/countries-coastline-1m``
npm package (0.6.0; code MIT, data ODbL 1.0, (c) OpenStreetMap contributors): the world's countries
cut by OSM's coastline. Not a dependency of the project: run this only to refresh the committed file.

    cd "$(mktemp -d)" && npm pack @geo-maps/countries-coastline-1m@0.6.0 && tar xzf geo-maps-*.tgz
    python scripts/build_coast.py package/map.geo.json

Libya's feature (``A3 = LBY``) is simplified by 0.0005 degrees (about 50 m: the width of a quay, finer
than a reader sees at zoom 13) and rounded to 5 decimals (about 1 m): some 2,000 points, 45 kB, which
the map loads only when a reader zooms in to 9 or more. Coordinates are GeoJSON ``[lon, lat]``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape

OUT = Path(__file__).resolve().parents[1] / "geo" / "static" / "basemap" / "libya_osm.geojson"
TOLERANCE = 0.0005


def build(source: Path) -> dict[str, Any]:
    """The FeatureCollection of Libya's simplified outline, with its source and licence."""
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    libya = next(f for f in features if f["properties"].get("A3") == "LBY")
    geom = shapely.set_precision(shape(libya["geometry"]).simplify(TOLERANCE, preserve_topology=True), 1e-5)
    return {
        "type": "FeatureCollection",
        # Foreign members (RFC 7946 section 6.1): the file says where it comes from.
        "source": "OpenStreetMap coastline via the npm package @geo-maps/countries-coastline-1m 0.6.0 "
                  "(feature A3=LBY), simplified by 0.0005 degrees by scripts/build_coast.py",
        "license": "ODbL 1.0 (https://opendatacommons.org/licenses/odbl/1.0/)",
        "attribution": "(c) OpenStreetMap contributors",
        "features": [{"type": "Feature", "properties": {"name": "Libya"}, "geometry": mapping(geom)}],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="map.geo.json of @geo-maps/countries-coastline-1m")
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(build(args.source), ensure_ascii=False, separators=(",", ":"))
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(args.out)  # atomic: a reader never sees half a file
    print(f"{args.out}: {len(text):,} bytes, {shapely.get_num_coordinates(shape(json.loads(text)['features'][0]['geometry'])):,} points")


if __name__ == "__main__":
    main()
