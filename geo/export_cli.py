"""``python -m geo export``: write the store's map layers as GeoJSON, GeoPackage or ACLED CSV.

    python -m geo export -o exports/                       # GeoJSON: one file per layer + all.geojson
    python -m geo export -o exports/ --format gpkg --name may2020 --from 2020-05-01 --to 2020-05-31
    python -m geo export -o exports/ --format csv --category airstrike --category shelling

Output names go through :func:`geo.outputs.export.safe_export_name`: a name can never leave
the output folder. Files are written atomically.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

__all__ = ["run_export_cli"]


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        parts = [float(v) for v in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4:
        raise argparse.ArgumentTypeError("bbox is MINLON,MINLAT,MAXLON,MAXLAT")
    return parts[0], parts[1], parts[2], parts[3]


def run_export_cli(argv: list[str]) -> int:
    """Parse ``argv`` and export; returns the exit code (2 on usage errors)."""
    from geo.model import CATEGORIES
    from geo.store import DEFAULT_STORE, is_postgis_url

    ap = argparse.ArgumentParser(prog="python -m geo export", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", default=str(DEFAULT_STORE), help="a .gpkg path or a postgresql:// URL")
    ap.add_argument("-o", "--output", required=True, help="output folder")
    ap.add_argument("--format", choices=("geojson", "gpkg", "csv"), default="geojson")
    ap.add_argument("--name", default="events", help="base name of the files (made safe)")
    ap.add_argument("--from", dest="date_from", type=_day)
    ap.add_argument("--to", dest="date_to", type=_day)
    ap.add_argument("--category", action="append", choices=CATEGORIES)
    ap.add_argument("--bbox", type=_bbox, help="MINLON,MINLAT,MAXLON,MAXLAT (GeoJSON order)")
    args = ap.parse_args(argv)

    from geo.outputs.export import safe_export_name, write_acled_csv, write_gpkg, write_layers_geojson
    from geo.outputs.layers import split_layers
    from geo.store import open_store

    if not is_postgis_url(args.store) and not Path(args.store).exists():
        print(f"no store at {args.store}: ingest articles first (python -m geo ingest)", file=sys.stderr)
        return 2
    with open_store(args.store) as store:
        gdf = store.query_events(bbox=args.bbox, date_from=args.date_from, date_to=args.date_to,
                                 categories=args.category)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    name = safe_export_name(args.name)
    if args.format == "geojson":
        folder = out / name
        written = list(write_layers_geojson(split_layers(gdf), folder).values())
    elif args.format == "gpkg":
        written = [write_gpkg(split_layers(gdf), out / f"{name}.gpkg")]
    else:
        written = [write_acled_csv(gdf, out / f"{name}.csv")]
    print(f"{len(gdf)} events -> " + ", ".join(str(p) for p in written))
    return 0
