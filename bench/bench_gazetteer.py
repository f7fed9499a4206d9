"""Gazetteer look-up throughput: exact (normalised) look-ups per second on one core.

    python bench/bench_gazetteer.py [--n 200000]

The names are every name and spelling variant of the Libyan entries in both
scripts, plus 20% misses, in shuffled order. Look-ups are memoised per normalised
name (the index never changes), as names repeat in news; the first look-up of each
name is timed apart.
"""

from __future__ import annotations

import argparse
import random
import time

from gazetteer import Gazetteer
from gazetteer.normalize import name_key


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=300_000, help="look-ups to time")
    args = ap.parse_args()
    t0 = time.process_time()
    gaz = Gazetteer.default()
    load = time.process_time() - t0
    names = [n for p in gaz if p.is_libyan for n in p.names]
    names += [n + "x" for n in names[: len(names) // 4]]  # misses
    rng = random.Random(0)
    rng.shuffle(names)
    queries = [names[i % len(names)] for i in range(args.n)]
    name_key.cache_clear()
    t0 = time.process_time()
    hits = sum(1 for q in queries if gaz.lookup(q, limit=5))
    dt = time.process_time() - t0
    print(f"gazetteer: {len(gaz)} entries, {len(set(names))} distinct query names, loaded in {load:.2f} s")
    print(f"exact look-ups: {args.n / dt:,.0f}/s ({args.n:,} look-ups, {hits / args.n:.0%} found, one core)")
    distinct = list(dict.fromkeys(names))
    gaz._memo.clear()
    name_key.cache_clear()
    t0 = time.process_time()
    for q in distinct:
        gaz.lookup(q, limit=5)
    dt = time.process_time() - t0
    print(f"first look-ups of each name (no memo, no cache): {len(distinct) / dt:,.0f}/s ({len(distinct):,} names)")
    t0 = time.process_time()
    m = 2000
    for q in queries[:m]:
        gaz.fuzzy(q + "a", limit=5)
    print(f"fuzzy look-ups: {m / (time.process_time() - t0):,.0f}/s")


if __name__ == "__main__":
    main()
