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

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_app import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SETTLE_SECONDS,
    _free_port,
    first_render,
    page_complete,
    rerender,
    start_app_timed,
)
from bench.versus import entry, parse_args, print_medians, ready_store  # noqa: E402

#: The filter changes timed on each round's page, in order.
CHANGES = ("remove:Air / drone strike", "precision:")


def start(checkout: Path, store: Path, snapshots: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``checkout``'s app started as its ``scripts/app.sh`` starts it (:func:`bench.versus.entry`), by its
    own Python where it has a ``.venv``, on ``store``, offline; its URL once it answers."""
    python = checkout / ".venv" / "bin" / "python"
    port = _free_port()
    proc, _started = start_app_timed(store, port, log, entry(checkout), snapshots,
                                     python=str(python if python.exists() else sys.executable),
                                     PYTHONPATH=str(checkout))
    return proc, f"http://127.0.0.1:{port}"


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
    args = parse_args(__doc__.splitlines()[0], argv)

    from playwright.sync_api import sync_playwright

    checkouts = {"this": REPO, "other": args.other.resolve()}
    with tempfile.TemporaryDirectory(prefix="bench-versus-") as tmp:
        store = ready_store(args, Path(tmp))
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
    print_medians(results, list(results["this"][0]), args.rounds, load_start, load_end)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
