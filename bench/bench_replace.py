"""The store's side of ``ingest --replace``: reading what to carry, writing, carrying, per article.

N articles (three events each, the first event of every article corrected by an analyst) are
stored, then replaced by edited texts in batches of 200, as ingest's ``flush_batch`` does:
:func:`geo.store.carry.corrections_to_carry` (the stored articles and the corrections of their
events, read a batch at a time), ``add_results`` and :func:`geo.store.carry.apply_carry`. The
pipeline is left out (``bench_ingest.py`` times it). Milliseconds per article should stay flat
as N grows: a cost that grows with N per article is a read that scans or repeats. On
GeoPackage the SELECTs the reads send are counted too (SQLite's trace): a few per batch, so
their number grows with N, never with N squared.

    python bench/bench_replace.py                        # 500, 2,000, 8,000 articles; GeoPackage (+ PostGIS)
    python bench/bench_replace.py --sizes 1000 --no-postgis
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.pipeline import ArticleResult  # noqa: E402
from geo.store import EventStore, open_store  # noqa: E402
from geo.store.carry import apply_carry, corrections_to_carry  # noqa: E402
from tests.store_fixtures import sample_result  # noqa: E402

BATCH = 200


def results(n: int, edited: bool) -> list[ArticleResult]:
    """``n`` articles of three events each; the edited texts have the same events under new ids."""
    tail = " The roads were closed on Tuesday." if edited else ""
    return [sample_result(f"r{i:06d}", text=f"[r{i:06d}] Shelling hit Ain Zara south of Tripoli.{tail}")
            for i in range(n)]


def run(opener: Callable[[], EventStore], n: int) -> dict[str, float]:
    """Seconds spent reading the carries, writing the batches and recording the carries."""
    with opener() as store:
        store.add_results(results(n, edited=False), batch_size=BATCH)
        frame = store.query_events()
        for eid in frame[frame["category"] == "shelling"]["event_id"]:
            store.correct_event(eid, {"fatalities": 5}, comment="bench")
        new = results(n, edited=True)
        spent = {"read": 0.0, "write": 0.0, "carry": 0.0, "carried": 0.0, "queries": float("nan")}
        statements: list[str] = []
        conn = getattr(store, "_conn", None)  # GeoPackage: SQLite traces the statements the reads send
        if not isinstance(conn, sqlite3.Connection):
            conn = None
        for at in range(0, n, BATCH):
            batch = new[at:at + BATCH]
            t0 = time.perf_counter()
            if conn is not None:
                conn.set_trace_callback(statements.append)
            carries = corrections_to_carry(store, batch)
            if conn is not None:
                conn.set_trace_callback(None)
            t1 = time.perf_counter()
            store.add_results(batch, batch_size=len(batch), replace=True)
            t2 = time.perf_counter()
            spent["carried"] += apply_carry(store, carries)
            t3 = time.perf_counter()
            spent["read"] += t1 - t0
            spent["write"] += t2 - t1
            spent["carry"] += t3 - t2
    if conn is not None:
        spent["queries"] = sum(1 for q in statements if q.lstrip().upper().startswith("SELECT"))
    if spent["carried"] != n:
        raise RuntimeError(f"carried {spent['carried']:.0f} corrections, expected {n}")
    return spent


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 8000], help="numbers of articles")
    p.add_argument("--no-postgis", action="store_true", help="GeoPackage only")
    args = p.parse_args(argv)
    dsn = None if args.no_postgis else os.environ.get("LCM_POSTGIS_DSN")
    print(f"{'backend':<10} {'articles':>8} {'read ms/art':>11} {'write ms/art':>12} {'carry ms/art':>12}"
          f" {'read SELECTs':>12}")
    with tempfile.TemporaryDirectory(prefix="lcm-bench-replace-") as tmp:
        for n in args.sizes:
            openers: list[tuple[str, Callable[[], EventStore]]] = [
                ("gpkg", partial(open_store, str(Path(tmp) / f"r{n}.gpkg")))]
            if dsn:
                sep = "&" if "?" in dsn else "?"
                url = f"{dsn}{sep}schema=bench_{uuid.uuid4().hex[:10]}"
                openers.append(("postgis", partial(open_store, url)))
            for name, opener in openers:
                spent = run(opener, n)
                print(f"{name:<10} {n:>8} {1000 * spent['read'] / n:>11.3f} {1000 * spent['write'] / n:>12.3f}"
                      f" {1000 * spent['carry'] / n:>12.3f} {spent['queries']:>12.0f}", flush=True)
                if name == "postgis":
                    _drop(dsn or "", url)
    return 0


def _drop(dsn: str, url: str) -> None:
    import psycopg
    from psycopg import sql

    schema = url.rsplit("schema=", 1)[1]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


if __name__ == "__main__":
    raise SystemExit(main())
