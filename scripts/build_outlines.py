"""Build ``gazetteer/data/country_outlines.geojson`` from Natural Earth 1:10m countries.

The outlines of Libya and its neighbours serve ``gazetteer verify`` (is a
Libyan entry inside Libya?) and the app's offline basemap. The source is the
``world-atlas`` npm package (ISC; Natural Earth data, public domain), turned
into GeoJSON by ``topojson-client``'s ``topo2geo``. Neither is a dependency of
the project: run this only to refresh the committed file.

    cd "$(mktemp -d)" && npm install topojson-client@3.1.0 world-atlas@2.0.2
    npx topo2geo countries=countries-10m.geojson < node_modules/world-atlas/countries-10m.json
    python scripts/build_outlines.py countries-10m.geojson

Libya keeps its 1:10m detail simplified to 0.002 degrees (about 200 m), so
the coast runs through Tripoli's shore and not across its districts; the
neighbours, only context on the map, are simplified to 0.02 degrees, cut to
the map's surroundings and lose their islets (Malta is kept). Coordinates are GeoJSON ``[lon, lat]``, rounded to
4 decimals (about 10 m).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import box, mapping, shape

OUT = Path(__file__).resolve().parents[1] / "gazetteer" / "data" / "country_outlines.geojson"
LIBYA = "Libya"
NEIGHBOURS = ("Tunisia", "Algeria", "Niger", "Chad", "Sudan", "Egypt", "Malta", "Italy", "Greece")
#: The part of the world the map shows around Libya: (minlon, minlat, maxlon, maxlat).
FRAME = box(3.0, 14.0, 32.0, 39.0)
#: Square degrees: parts of neighbouring countries smaller than this (islets) are left out.
MIN_NEIGHBOUR_PART = 0.02


def _rounded(geom: Any) -> dict[str, Any]:
    return mapping(shapely.set_precision(geom, 0.0001))


def build(source: Path) -> dict[str, Any]:
    features = json.loads(source.read_text(encoding="utf-8"))["features"]
    by_name = {f["properties"].get("name"): f for f in features}
    out = []
    for name in (LIBYA, *NEIGHBOURS):
        geom = shapely.make_valid(shape(by_name[name]["geometry"]))  # topo2geo output can self-touch
        if name == LIBYA:
            geom = geom.simplify(0.002, preserve_topology=True)
        else:
            geom = geom.intersection(FRAME).simplify(0.02, preserve_topology=True)
            # Small islands of the neighbours add points and nothing a reader of a Libyan map needs.
            parts = [g for g in getattr(geom, "geoms", [geom]) if g.area >= MIN_NEIGHBOUR_PART or name == "Malta"]
            geom = shapely.union_all(parts) if parts else geom
        if geom.is_empty:
            continue
        out.append({"type": "Feature", "properties": {"name": name, "libya": name == LIBYA},
                    "geometry": _rounded(geom)})
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m admin 0 countries (public domain) via world-atlas 2.0.2 (ISC);"
                  " built by scripts/build_outlines.py",
        "features": out,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="countries-10m GeoJSON made by topo2geo")
    args = parser.parse_args()
    data = build(args.source)
    tmp = OUT.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    tmp.replace(OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes, {len(data['features'])} countries)")


if __name__ == "__main__":
    main()
