"""Command line: ``python -m geo geoparse|extract|ingest|watch|export``.

``geoparse`` and ``extract`` follow ``../shared/eval/CONTRACT.md``: articles as JSON
Lines in, place mentions as JSON Lines or events as a GeoJSON FeatureCollection out.
A bad input line is reported on standard error (with its line number) and the other
lines are processed; the exit code is 0 when the run finished.

``export`` writes the store's map layers as GeoJSON, GeoPackage or ACLED CSV::

    python -m geo export -o exports/                       # GeoJSON: one file per layer + all.geojson
    python -m geo export -o exports/ --format gpkg --name may2020 --from 2020-05-01 --to 2020-05-31
    python -m geo export -o exports/ --format csv --category airstrike --category shelling
    python -m geo export -o exports/ --format html --from 2020-05-01 --to 2020-05-31   # map report

Output names go through :func:`geo.outputs.export.safe_export_name`: a name can never
leave the output folder. Files are written atomically. ``ingest`` and ``watch`` own their
arguments (:func:`geo.sources.ingest.run_ingest_cli`, :func:`geo.watch.run.run_watch_cli`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from gazetteer.files import atomic_write
from geo.model import CATEGORIES, Article, Event
from geo.sources.articles import read_articles_jsonl
from geo.sources.records import IngestError

__all__ = ["main"]


def _articles(path: str) -> Iterator[Article]:
    """The articles of a JSON Lines file; each bad line and warning is one line on stderr."""
    for item in read_articles_jsonl(path):
        if isinstance(item, IngestError):
            print(f"{'warning' if item.level == 'warning' else 'skipped'}: {item}", file=sys.stderr)
        else:
            yield item


def _atomic_write(path: str, chunks: Iterator[str]) -> None:
    """Write ``chunks`` to ``path`` through a temporary file, so a crash leaves no half file."""
    with atomic_write(path) as f:
        for chunk in chunks:
            f.write(chunk)


def _cmd_geoparse(args: argparse.Namespace) -> int:
    from geo.places.geoparse import default_geoparser

    gp = default_geoparser()

    def rows() -> Iterator[str]:
        for art in _articles(args.articles):
            try:
                mentions = gp.parse(art.text, art.language).mentions
            except Exception as e:  # one article's failure must not cost the others
                print(f"failed: article {art.id}: {type(e).__name__}: {e}", file=sys.stderr)
                continue
            for m in mentions:
                yield json.dumps(m.to_row(art.id), ensure_ascii=False) + "\n"

    _atomic_write(args.output, rows())
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from geo.events.dedupe import merge_across_articles
    from geo.events.extract import default_extractor
    from geo.pipeline import process_article

    extractor = default_extractor()

    def article_events() -> Iterator[Event]:
        for art in _articles(args.articles):
            try:
                result = process_article(art)
            except Exception as e:  # one article's failure must not cost the others
                print(f"failed: article {art.id}: {type(e).__name__}: {e}", file=sys.stderr)
                continue
            for msg in result.warnings:
                print(f"warning: {args.articles}: article {art.id}: {msg}", file=sys.stderr)
            yield from result.events

    events = merge_across_articles(article_events(), extractor.priority)
    features = [e.to_feature() for e in events]

    def chunks() -> Iterator[str]:
        yield '{"type": "FeatureCollection", "features": [\n'
        for i, f in enumerate(features):
            yield ("," if i else "") + json.dumps(f, ensure_ascii=False) + "\n"
        yield "]}\n"

    _atomic_write(args.output, chunks())
    return 0


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


def _cmd_export(args: argparse.Namespace) -> int:
    from geo.outputs.export import (
        acled_notes,
        safe_export_name,
        write_acled_csv,
        write_bytes,
        write_gpkg,
        write_layers_geojson,
    )
    from geo.outputs.layers import split_layers
    from geo.store import DEFAULT_STORE, StoreError, is_postgis_url, open_store, redact_url

    store_url = args.store or str(DEFAULT_STORE)
    if not is_postgis_url(store_url) and not Path(store_url).exists():
        print(f"no store at {redact_url(store_url)}: ingest articles first (python -m geo ingest)", file=sys.stderr)
        return 2
    try:
        with open_store(store_url) as store:
            # One row per real-world event (the store keeps one per article's event).
            gdf = store.query_merged_events(bbox=args.bbox, date_from=args.date_from, date_to=args.date_to,
                                            categories=args.category)
    except StoreError as exc:  # unreadable file, unreachable server: one line, the password masked
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    name = safe_export_name(args.name)
    if args.format == "geojson":
        written = list(write_layers_geojson(split_layers(gdf), out / name).values())
    elif args.format == "gpkg":
        written = [write_gpkg(split_layers(gdf), out / f"{name}.gpkg")]
    elif args.format == "html":
        from geo.outputs.report import map_report_html

        summary = [f"Dates: {args.date_from or 'any'} – {args.date_to or 'any'}",
                   f"Categories: {', '.join(args.category) if args.category else 'all'}"]
        if args.bbox:
            summary.append("Box (lon, lat): " + ", ".join(str(v) for v in args.bbox))
        data = map_report_html(split_layers(gdf), title=f"Libya conflict events: {name}", summary=summary)
        written = [write_bytes(data, out / f"{name}.html")]
    else:
        written = [write_acled_csv(gdf, out / f"{name}.csv")]
        for line in acled_notes(gdf):
            print(line, file=sys.stderr)
    print(f"{len(gdf)} events -> " + ", ".join(str(p) for p in written))
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m geo", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("geoparse", help="place mentions of each article (JSON Lines)")
    p.add_argument("articles", help="articles, JSON Lines")
    p.add_argument("-o", "--output", required=True, help="place mentions, JSON Lines")
    p.set_defaults(func=_cmd_geoparse)
    p = sub.add_parser("extract", help="events of the articles (GeoJSON)")
    p.add_argument("articles", help="articles, JSON Lines")
    p.add_argument("-o", "--output", required=True, help="events, GeoJSON FeatureCollection")
    p.set_defaults(func=_cmd_extract)
    sub.add_parser("ingest", help="store articles and their events (see `python -m geo ingest -h`)",
                   add_help=False)
    sub.add_parser("watch", help="follow feeds and pages into the store (see `python -m geo watch -h`)",
                   add_help=False)
    p = sub.add_parser("export", help="export the store's map layers (GeoJSON, GeoPackage, ACLED CSV)")
    p.add_argument("--store", help="a .gpkg path or a postgresql:// URL (default data/events.gpkg)")
    p.add_argument("-o", "--output", required=True, help="output folder")
    p.add_argument("--format", choices=("geojson", "gpkg", "csv", "html"), default="geojson",
                   help="html: a map report, one file that opens offline in a browser")
    p.add_argument("--name", default="events", help="base name of the files (made safe)")
    p.add_argument("--from", dest="date_from", type=_day)
    p.add_argument("--to", dest="date_to", type=_day)
    p.add_argument("--category", action="append", choices=CATEGORIES)
    p.add_argument("--bbox", type=_bbox, help="MINLON,MINLAT,MAXLON,MAXLAT (GeoJSON order)")
    p.set_defaults(func=_cmd_export)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # ingest and watch own their arguments.
    if argv and argv[0] == "ingest":
        from geo.sources.ingest import run_ingest_cli

        return run_ingest_cli(argv[1:])
    if argv and argv[0] == "watch":
        from geo.watch.run import run_watch_cli

        return run_watch_cli(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except OSError as e:  # unreadable input or unwritable output: say which, no traceback
        print(f"error: {e.strerror or e}: {e.filename or ''}", file=sys.stderr)
        return 2
