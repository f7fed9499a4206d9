"""What the side-by-side app benchmarks share (``bench_app_versus.py``, ``bench_first_visit.py``).

Both run this tree's app and another checkout's on one store, alternating round by round, and print
each figure's median with the load average before and after: the machine is shared, so only
figures of one run compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
from collections.abc import Mapping, Sequence
from pathlib import Path

from bench.bench_app import build_store


def entry(checkout: Path) -> Path:
    """The script ``scripts/app.sh`` of ``checkout`` runs: ``serve.py``, or ``app.py`` in a checkout
    from before it."""
    return checkout / "serve.py" if (checkout / "serve.py").exists() else checkout / "app.py"


def parse_args(description: str, argv: list[str] | None) -> argparse.Namespace:
    """``--other CHECKOUT`` (required), ``--keep STORE``, ``--events N``, ``--rounds N``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--other", type=Path, required=True, help="the other checkout (a git worktree)")
    parser.add_argument("--keep", type=Path, help="store path to build once and reuse")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    return parser.parse_args(argv)


def ready_store(args: argparse.Namespace, tmp: Path) -> Path:
    """``--keep``'s store, or one in ``tmp``; built with ``--events`` events when it does not exist."""
    store: Path = args.keep or tmp / "events.gpkg"
    if not store.exists():
        print(f"building a store of {args.events:,} events in {store} ...", flush=True)
        build_store(store, args.events)
    return store


def print_medians(results: Mapping[str, Sequence[Mapping[str, float]]], figures: Sequence[str], rounds: int,
                  load_start: tuple[float, float, float], load_end: tuple[float, float, float]) -> None:
    """The load averages, then each figure's median for ``"this"`` and ``"other"`` and their ratio."""
    print(f"\nload average (1, 5, 15 min): {load_start[0]:.1f} {load_start[1]:.1f} {load_start[2]:.1f} at the "
          f"start, {load_end[0]:.1f} {load_end[1]:.1f} {load_end[2]:.1f} at the end, on {os.cpu_count()} cores")
    print(f"{'median of ' + str(rounds) + ' rounds (s)':<34} {'this':>8} {'other':>8} {'this/other':>11}")
    for figure in figures:
        mine = statistics.median(r[figure] for r in results["this"])
        theirs = statistics.median(r[figure] for r in results["other"])
        print(f"{figure:<34} {mine:>8.2f} {theirs:>8.2f} {mine / theirs:>11.2f}")
