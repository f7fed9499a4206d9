"""The first visit after a server start, this tree against another checkout, alternated on one store.

Each checkout is started as its ``scripts/app.sh`` starts it (``streamlit run serve.py`` where
there is a ``serve.py``, else ``streamlit run app.py``), offline, with a snapshot of the store
already saved (the usual start), and timed in three parts:

* server start: from launch to the server's first answer (``serve.py`` loads the events and
  makes the opening view in this time);
* first visitor: from navigation, at that first answer, to the first marks drawn and painted
  (``bench_app.first_render``); a real visitor cannot arrive earlier;
* a later visitor, 1.5 s after the first one's page is closed.

The machine is shared, so the checkouts alternate round by round (the order swaps each round) and
each figure is the median of the rounds, printed with the load average at the start and the end.

    git worktree add /tmp/main-before 882ed8e
    python bench/bench_first_visit.py --other /tmp/main-before --keep /tmp/bench-app.gpkg --rounds 5
"""

from __future__ import annotations

import os
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
    start_app_timed,
)
from bench.versus import entry, parse_args, print_medians, ready_store  # noqa: E402

FIGURES = ("server start", "first visitor", "start + first visitor", "later visitor")


def one_round(browser: Any, checkout: Path, store: Path, snapshots: Path, log: Path) -> dict[str, float]:
    """Start ``checkout``'s app, time its first and a later visitor, stop it."""
    port = _free_port()
    proc, started = start_app_timed(store, port, log, entry(checkout), snapshots, PYTHONPATH=str(checkout))
    url = f"http://127.0.0.1:{port}"
    try:
        first, _page, context = first_render(browser, url)
        context.close()
        time.sleep(SETTLE_SECONDS)
        later, _page, context = first_render(browser, url)
        context.close()
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    return dict(zip(FIGURES, (started, first, started + first, later), strict=True))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(__doc__.splitlines()[0], argv)

    from playwright.sync_api import sync_playwright

    checkouts = {"this": REPO, "other": args.other.resolve()}
    with tempfile.TemporaryDirectory(prefix="bench-first-visit-") as tmp:
        store = ready_store(args, Path(tmp))
        results: dict[str, list[dict[str, float]]] = {name: [] for name in checkouts}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for name, checkout in checkouts.items():  # each saves its snapshot once, untimed
                    one_round(browser, checkout, store, Path(tmp) / f"snap-{name}", Path(tmp) / f"{name}.log")
                load_start = os.getloadavg()
                for i in range(args.rounds):
                    for name in list(checkouts) if i % 2 == 0 else list(reversed(checkouts)):
                        results[name].append(one_round(browser, checkouts[name], store, Path(tmp) / f"snap-{name}",
                                                       Path(tmp) / f"{name}.log"))
                        print(f"round {i + 1} {name}: " + ", ".join(
                            f"{k} {v:.2f}" for k, v in results[name][-1].items()), flush=True)
                load_end = os.getloadavg()
            finally:
                browser.close()
    print_medians(results, FIGURES, args.rounds, load_start, load_end)
    print(f"this: {entry(REPO).name}; other: {entry(checkouts['other']).name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
