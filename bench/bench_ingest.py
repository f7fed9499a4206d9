"""Ingestion throughput and peak memory, with the real pipeline, into a fresh store.

Each run is a separate process (so memory is measured per run): it ingests a
JSON Lines file of generated articles (``bench/generate_articles.py``) and
reports wall time and peak resident memory of the parent (the store writer)
(``resource.getrusage``) and of the largest worker process (``VmHWM`` sampled from /proc).

    python bench/bench_ingest.py                          # 2,000 and 10,000 articles, 1 and 2 workers
    python bench/bench_ingest.py --sizes 10000 100000     # the full benchmark (tens of minutes)
    python bench/bench_ingest.py --store-url postgresql://...   # PostGIS (a schema per run)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.generate_articles import write_jsonl  # noqa: E402

_RUN = textwrap.dedent("""
    import json, os, resource, sys, threading, time
    from pathlib import Path
    from geo.sources.ingest import ingest

    # Pool workers are children of the multiprocessing forkserver, not of this process, so
    # getrusage(RUSAGE_CHILDREN) never sees them: sample their peak RSS (VmHWM) from /proc.
    peak_worker_kb = 0
    done = threading.Event()

    def sample():
        global peak_worker_kb
        me = os.getpid()
        while not done.wait(0.2):
            parent_of = {}
            for e in Path("/proc").iterdir():
                if e.name.isdigit():
                    try:
                        parent_of[int(e.name)] = int((e / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    except (OSError, ValueError, IndexError):
                        pass
            below, frontier = [], [me]
            while frontier:
                frontier = [p for p, q in parent_of.items() if q in frontier]
                below += frontier
            for pid in below:
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            peak_worker_kb = max(peak_worker_kb, int(line.split()[1]))
                except OSError:
                    pass

    threading.Thread(target=sample, daemon=True).start()
    t0 = time.perf_counter()
    rep = ingest([sys.argv[1]], sys.argv[2], workers=int(sys.argv[3]), progress=False, batch_size=500,
                 chunk_size=32)
    dt = time.perf_counter() - t0
    done.set()
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": dt, "inserted": rep.inserted, "errors": len(rep.errors), "events": rep.events,
                      "mentions": rep.mentions, "rss_parent_kb": me, "rss_worker_kb": peak_worker_kb}))
""")


def run_once(src: Path, store_url: str, workers: int) -> dict[str, float]:
    """One ingestion in a fresh process; its measurements."""
    out = subprocess.run([sys.executable, "-c", _RUN, str(src), store_url, str(workers)], cwd=REPO,
                         capture_output=True, text=True, check=False)
    if out.returncode != 0 or not out.stdout.strip():
        raise RuntimeError(f"ingest run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000], help="numbers of articles")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker process counts")
    p.add_argument("--store-url", help="postgresql:// URL (default: a temporary GeoPackage per run)")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="lcm-bench-") as tmp:
        for size in args.sizes:
            src = write_jsonl(Path(tmp) / f"articles-{size}.jsonl", size, seed=args.seed)
            for workers in args.workers:
                if args.store_url:
                    sep = "&" if "?" in args.store_url else "?"
                    url = f"{args.store_url}{sep}schema=bench_{uuid.uuid4().hex[:10]}"
                else:
                    url = str(Path(tmp) / f"s-{size}-{workers}.gpkg")
                print(f"ingesting {size} articles with {workers} worker(s) ...", file=sys.stderr, flush=True)
                r = run_once(src, url, workers)
                rows.append((size, workers, r))
    backend = "PostGIS" if args.store_url else "GeoPackage"
    print(f"\nIngest benchmark ({backend}; real pipeline; batch 500, chunk 32)")
    print(f"{'articles':>9} {'workers':>7} {'seconds':>8} {'art/s':>7} {'events':>8} {'mentions':>9} "
          f"{'errors':>6} {'parent MB':>9} {'worker MB':>9}")
    for size, workers, r in rows:
        print(f"{size:>9} {workers:>7} {r['seconds']:>8.1f} {size / r['seconds']:>7.0f} {r['events']:>8} "
              f"{r['mentions']:>9} {r['errors']:>6} {r['rss_parent_kb'] / 1024:>9.0f} {r['rss_worker_kb'] / 1024:>9.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
