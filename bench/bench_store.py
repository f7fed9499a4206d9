"""Query latency of the event store with a million events, GeoPackage and PostGIS.

Loads synthetic events (points around real Libyan places, 10% movement lines,
dates over 2019-2020, eleven categories) through ``add_results``, then times
``query_events`` for bounding-box, date-range, category and combined filters.

    python bench/bench_store.py                       # 1,000,000 events, GeoPackage (+ PostGIS if LCM_POSTGIS_DSN)
    python bench/bench_store.py --events 100000 --keep /tmp/bench.gpkg
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.generate_articles import PLACES  # noqa: E402
from geo.model import CATEGORIES, Article, Event  # noqa: E402
from geo.pipeline import ArticleResult  # noqa: E402
from geo.store import EventStore, open_store  # noqa: E402

START = date(2019, 1, 1)
DAYS = 730
EVENTS_PER_ARTICLE = 10
ACTORS = ("GNA", "LNA", "Turkey", "UAE", "Wagner", "Civilians")


def synthetic_results(n_events: int, seed: int = 7) -> Iterator[ArticleResult]:
    """Articles of ``EVENTS_PER_ARTICLE`` synthetic events each, ``n_events`` events in all."""
    rng = random.Random(seed)
    for a in range(0, n_events, EVENTS_PER_ARTICLE):
        aid = f"bench-{a // EVENTS_PER_ARTICLE:07d}"
        published = START + timedelta(days=rng.randrange(DAYS))
        events = []
        for _ in range(min(EVENTS_PER_ARTICLE, n_events - a)):
            name, _, lon, lat = rng.choice(PLACES)
            point = (lon + rng.gauss(0, 0.08), lat + rng.gauss(0, 0.08))
            category = rng.choice(CATEGORIES)
            coords = [point]
            if category in ("movement", "front_line"):
                _, _, lon2, lat2 = rng.choice(PLACES)
                coords = [(lon2, lat2), point]
            events.append(Event(
                category=category, coords=coords, event_date=published - timedelta(days=rng.randrange(3)),
                article_ids=[aid], evidence=f"{category} at {name}", place_name=name,
                place_id=f"p-{name}-{rng.randrange(1000)}", actor1=rng.choice(ACTORS), actor2=rng.choice(ACTORS),
                fatalities=rng.choice([None, 0, 1, 2, 5]), district=name, source=rng.choice(["A", "B", "C"]),
            ))
        yield ArticleResult(Article(aid, f"Synthetic article {aid}.", published, "en"), [], events)


def load(store: EventStore, n_events: int) -> float:
    """Fill the store; seconds taken."""
    t0 = time.perf_counter()
    store.add_results(synthetic_results(n_events), batch_size=2000)
    return time.perf_counter() - t0


def _queries(seed: int = 11) -> dict[str, list[dict[str, object]]]:
    rng = random.Random(seed)

    def bbox(half: float = 0.25) -> tuple[float, float, float, float]:
        _, _, lon, lat = rng.choice(PLACES)
        return (lon - half, lat - half, lon + half, lat + half)

    def dates() -> dict[str, object]:
        d = START + timedelta(days=rng.randrange(DAYS - 30))
        return {"date_from": d, "date_to": d + timedelta(days=30)}

    def cats() -> list[str]:
        return rng.sample(CATEGORIES, 2)

    n = 30
    return {
        "bbox 0.5deg": [{"bbox": bbox()} for _ in range(n)],
        "30-day range": [dates() for _ in range(n)],
        "2 categories": [{"categories": cats()} for _ in range(5)],
        "bbox+30d+2cat": [{"bbox": bbox(), **dates(), "categories": cats()} for _ in range(n)],
        "0.1deg+30d": [{"bbox": bbox(0.05), **dates()} for _ in range(n)],
    }


def time_queries(store: EventStore) -> list[tuple[str, float, float, float]]:
    """(query kind, median ms, p95 ms, mean rows) per kind."""
    out = []
    for kind, queries in _queries().items():
        store.query_events(**queries[0])  # type: ignore[arg-type]  # warm the cache
        times, counts = [], []
        for q in queries:
            t0 = time.perf_counter()
            frame = store.query_events(**q)  # type: ignore[arg-type]
            times.append((time.perf_counter() - t0) * 1000)
            counts.append(len(frame))
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        out.append((kind, statistics.median(times), p95, statistics.mean(counts)))
    return out


def bench(name: str, opener: Callable[[], EventStore], n_events: int) -> list[str]:
    """Load (unless already loaded) and time; table lines."""
    lines = []
    with opener() as store:
        have = store.event_count()
        load_s = None
        if have != n_events:
            if have:
                raise SystemExit(f"{name}: store holds {have} events, expected 0 or {n_events}")
            print(f"{name}: loading {n_events} events ...", file=sys.stderr, flush=True)
            load_s = load(store, n_events)
        loaded = f"loaded in {load_s:.0f}s ({n_events / load_s:.0f} events/s)" if load_s else "reused"
        lines.append(f"{name}: {store.event_count()} events, {loaded}")
        for kind, med, p95, rows in time_queries(store):
            lines.append(f"  {kind:<15} median {med:>8.1f} ms   p95 {p95:>8.1f} ms   rows {rows:>9.0f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--keep", type=Path, help="GeoPackage path to fill once and reuse across runs")
    p.add_argument("--no-postgis", action="store_true")
    args = p.parse_args(argv)
    report = []
    with tempfile.TemporaryDirectory(prefix="lcm-bench-") as tmp:
        gpkg = args.keep or Path(tmp) / "bench.gpkg"
        report += bench("GeoPackage", lambda: open_store(gpkg), args.events)
    dsn = os.environ.get("LCM_POSTGIS_DSN")
    if dsn and not args.no_postgis:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        url = f"{dsn}{'&' if '?' in dsn else '?'}schema={schema}"
        try:
            report += bench("PostGIS", lambda: open_store(url), args.events)
        finally:
            import psycopg
            from psycopg import sql

            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    else:
        report.append("PostGIS: skipped (LCM_POSTGIS_DSN not set)")
    print("\nStore query latency (query_events, result as a GeoDataFrame)")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
