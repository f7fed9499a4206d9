"""Time to poll many local sources: ``python -m geo watch`` against the test news site on 127.0.0.1.

Starts ``tests/watch_server.py`` (generated English and Arabic pages with menus, ads and
comments), writes a sources file of ``--sources`` feeds of ``--items`` entries each, and
times one pass into a fresh GeoPackage (fetch, trafilatura, pipeline, store), then a second
pass (every feed answers 304 Not Modified).

    python bench/bench_watch.py                      # 50 sources x 20 items
    python bench/bench_watch.py --sources 5 --items 4
    python bench/bench_watch.py --workers 2          # the pipeline in two processes
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.store import open_store  # noqa: E402
from geo.watch.run import watch_once  # noqa: E402
from geo.watch.sources import load_sources  # noqa: E402
from tests.watch_server import NewsSite  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", type=int, default=50)
    ap.add_argument("--items", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1, help="pipeline processes (python -m geo watch --workers)")
    args = ap.parse_args()
    site = NewsSite().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "sources.toml"
            lines = ["[settings]", "host_interval_seconds = 0", "timeout_seconds = 10", ""]
            for i in range(args.sources):
                lines += ["[[source]]", f'name = "Outlet {i:02d}"',
                          f'feed = "{site.base}/gen/outlet{i:02d}/feed.xml?items={args.items}"',
                          "interval_minutes = 0", ""]
            path.write_text("\n".join(lines), encoding="utf-8")
            settings, sources = load_sources(path)
            with open_store(Path(tmp) / "watch.gpkg") as store:
                started = time.perf_counter()
                first = watch_once(sources, store, settings, workers=args.workers)
                first_s = time.perf_counter() - started
                started = time.perf_counter()
                second = watch_once(sources, store, settings, force=True)
                second_s = time.perf_counter() - started
                articles, events = store.article_count(), store.event_count()
    finally:
        site.stop()
    failed = len(first.failed) + len(second.failed)
    print(f"{args.sources} sources x {args.items} items, {args.workers} worker(s): first pass {first_s:.1f} s "
          f"({articles} articles, {events} events, {articles / first_s:.1f} articles/s, {failed} failed sources); "
          f"second pass (all 304) {second_s:.2f} s, {second.new_articles} new")


if __name__ == "__main__":
    main()
