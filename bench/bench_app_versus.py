"""This tree's dashboard against another checkout's, side by side on one store and one browser.

The machine is shared, so figures of two separate runs are not comparable: this one starts both
apps (each with its own checkout's Python, ``OTHER/.venv/bin/python`` when it exists) and alternates
them, round after round, on the same chromium:

* a later visitor's first map render (``bench_app.first_render``; the server's frame is warm),
* a filter change on that page once it is complete (a category removed, then the precision
  slider moved; ``bench_app.rerender``: until the map's new layers are painted).

    git worktree add /tmp/main-before 882ed8e && (cd /tmp/main-before && bash scripts/setup.sh)
    python bench/bench_app_versus.py --other /tmp/main-before --keep /tmp/bench-app.gpkg --rounds 5

Each figure is the median of the rounds; the load average before and after is printed with it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_app import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SETTLE_SECONDS,
    _free_port,
    build_store,
    first_render,
    page_complete,
    rerender,
)

#: The filter changes timed on each round's page, in order.
CHANGES = ("remove:Air / drone strike", "precision:")


def start(checkout: Path, store: Path, snapshots: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run`` of ``checkout``'s ``serve.py`` (``app.py`` in a checkout from before it) on
    ``store``, offline; its URL once it answers."""
    python = checkout / ".venv" / "bin" / "python"
    entry = "serve.py" if (checkout / "serve.py").exists() else "app.py"
    port = _free_port()
    env = {**os.environ, "LCM_STORE": str(store), "LCM_OFFLINE": "1", "LCM_TIMING": "1",
           "LCM_SNAPSHOT_DIR": str(snapshots), "PYTHONPATH": str(checkout)}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(python if python.exists() else sys.executable), "-m", "streamlit", "run", entry,
             "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
             "--server.fileWatcherType", "none"],
            cwd=checkout, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(log.read_text(errors="replace"))


def one_round(browser: Any, url: str) -> dict[str, float]:
    """A later visitor's first render, the page complete, then each of :data:`CHANGES`."""
    time.sleep(SETTLE_SECONDS)
    t = time.perf_counter()
    seconds, page, context = first_render(browser, url)
    out = {"later visitor": seconds}
    try:
        out["page complete"] = page_complete(page, t)
        page.wait_for_timeout(1500)
        for action in CHANGES:
            out[f"change {action.rstrip(':')}"] = rerender(page, action)
            page.wait_for_timeout(1500)
    finally:
        context.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--other", type=Path, required=True, help="the other checkout (a git worktree)")
    parser.add_argument("--keep", type=Path, help="store path to build once and reuse")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    checkouts = {"this": REPO, "other": args.other.resolve()}
    with tempfile.TemporaryDirectory(prefix="bench-versus-") as tmp:
        store = args.keep or Path(tmp) / "events.gpkg"
        if not store.exists():
            print(f"building a store of {args.events:,} events in {store} ...", flush=True)
            build_store(store, args.events)
        load_start = os.getloadavg()
        results: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
        procs: dict[str, subprocess.Popen[bytes]] = {}
        urls: dict[str, str] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for name, checkout in checkouts.items():
                    procs[name], urls[name] = start(checkout, store, Path(tmp) / f"snap-{name}",
                                                    Path(tmp) / f"{name}.log")
                    _s, _page, context = first_render(browser, urls[name])  # loads the events
                    context.close()
                for i in range(args.rounds):
                    order = list(checkouts) if i % 2 == 0 else list(reversed(checkouts))
                    for name in order:
                        results[name].append(one_round(browser, urls[name]))
                        print(f"round {i + 1} {name}: " + ", ".join(
                            f"{k} {v:.2f}" for k, v in results[name][-1].items()), flush=True)
            finally:
                for proc in procs.values():
                    proc.terminate()
                    proc.wait(timeout=15)
                browser.close()
        load_end = os.getloadavg()
    figures = list(results["this"][0])
    print(f"\nload average (1, 5, 15 min): {load_start[0]:.1f} {load_start[1]:.1f} {load_start[2]:.1f} at the "
          f"start, {load_end[0]:.1f} {load_end[1]:.1f} {load_end[2]:.1f} at the end, on {os.cpu_count()} cores")
    print(f"{'median of ' + str(args.rounds) + ' rounds (s)':<34} {'this':>8} {'other':>8} {'this/other':>11}")
    for figure in figures:
        mine = statistics.median(r[figure] for r in results["this"])
        theirs = statistics.median(r[figure] for r in results["other"])
        print(f"{figure:<34} {mine:>8.2f} {theirs:>8.2f} {mine / theirs:>11.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
