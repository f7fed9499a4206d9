"""``python -m geo watch``: poll every due source, once (for cron or a systemd timer) or on a loop.

In: the sources file and the sources added in the app. Out: the store filled, one report
line per polled source on standard output, and each problem on standard error.

Exit codes: 0 when every polled source answered, 1 when one or more failed (reported
by name; the others were polled all the same), 2 for unusable arguments or sources file.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from geo.sources.ingest import process_pool
from geo.store import DEFAULT_STORE, EventStore, StoreError, open_store
from geo.watch.http import Fetcher
from geo.watch.poll import SourceReport, poll_source
from geo.watch.sources import Settings, Source, SourcesError, load_sources
from geo.watch.state import WatchState

__all__ = ["WatchReport", "run_watch", "run_watch_cli", "watch_once"]

#: Default sources file (the sample in data/ lists real outlets, all disabled).
DEFAULT_SOURCES = Path("data/sources.toml")
#: Longest sleep of the loop between two looks at what is due.
_MAX_SLEEP_SECONDS = 60.0


@dataclass(slots=True)
class WatchReport:
    """Every source report of one pass."""

    sources: list[SourceReport] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceReport]:
        return [r for r in self.sources if r.status == "error"]

    @property
    def new_articles(self) -> int:
        return sum(r.new_articles for r in self.sources)

    @property
    def events(self) -> int:
        return sum(r.events for r in self.sources)


def _all_sources(file_sources: list[Source], state: WatchState) -> list[Source]:
    names = {s.name for s in file_sources}
    return file_sources + [s for s in state.app_sources() if s.name not in names]


def watch_once(sources: list[Source], store: EventStore, settings: Settings, *, force: bool = False,
               fetcher: Fetcher | None = None, on_report: Callable[[SourceReport], None] | None = None,
               workers: int = 1, executor: Any = None) -> WatchReport:
    """One pass: poll every enabled source that is due (every enabled one with ``force``).

    The app's sources are added to ``sources``. A source's failure is its report's
    error; the pass goes on with the next source. With ``workers`` > 1 the pipeline runs
    in that many processes while this one fetches the next pages and writes the store
    (``executor``: a pool of that size to use instead of starting one).
    """
    state = WatchState(store)
    report = WatchReport()
    own = fetcher is None
    fetch = fetcher or Fetcher(settings)
    own_pool = executor is None and workers > 1
    pool = process_pool(workers) if own_pool else executor
    try:
        for source in _all_sources(sources, state):
            if not source.enabled:
                continue
            if not force and not state.is_due(source.name, datetime.now(UTC)):
                continue
            rep = poll_source(source, fetch, state, store, settings, executor=pool, in_flight=2 * workers)
            report.sources.append(rep)
            if on_report is not None:
                on_report(rep)
    finally:
        if own_pool:
            pool.shutdown()
        if own:
            fetch.close()
    return report


def run_watch(sources: list[Source], store: EventStore, settings: Settings, *, stop: threading.Event,
              on_report: Callable[[SourceReport], None] | None = None, workers: int = 1) -> None:
    """Poll on the sources' intervals until ``stop`` is set."""
    # One pool for the whole run: each worker loads the gazetteer once.
    pool = process_pool(workers) if workers > 1 else None
    with Fetcher(settings) as fetcher:
        try:
            while not stop.is_set():
                watch_once(sources, store, settings, fetcher=fetcher, on_report=on_report, workers=workers,
                           executor=pool)
                state = WatchState(store)
                names = [s.name for s in _all_sources(sources, state) if s.enabled]
                due = state.next_due(names) if names else None  # None with names: one was never polled
                wait = (_MAX_SLEEP_SECONDS if not names else 0.0 if due is None
                        else (due - datetime.now(UTC)).total_seconds())
                stop.wait(min(_MAX_SLEEP_SECONDS, max(1.0, wait)))
        finally:
            if pool is not None:
                pool.shutdown()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m geo watch",
        description="Follow feeds and index pages: fetch new articles and store them with their events.",
    )
    p.add_argument("--sources", default=str(DEFAULT_SOURCES), help="sources file, TOML (default: %(default)s)")
    p.add_argument("--store", default=str(DEFAULT_STORE), help="GeoPackage path or postgresql:// URL "
                                                               "(default: %(default)s)")
    p.add_argument("--once", action="store_true", help="poll the due sources once and exit (cron, systemd timer)")
    p.add_argument("--force", action="store_true", help="poll every enabled source now, whatever its schedule")
    p.add_argument("--workers", type=int, default=1, help="processes running the pipeline (default: 1, this one)")
    return p


def _print_report(rep: SourceReport) -> None:
    print(rep.line(), flush=True)
    if rep.status == "error":
        print(f"error: source {rep.source!r}: {rep.error}", file=sys.stderr, flush=True)
    for problem in rep.item_errors:
        print(f"error: source {rep.source!r}: {problem}", file=sys.stderr, flush=True)
    for warning in rep.warnings:
        print(f"warning: source {rep.source!r}: {warning}", file=sys.stderr, flush=True)


def run_watch_cli(argv: list[str]) -> int:
    """``python -m geo watch ...`` (see the module docstring for the exit codes)."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    if args.workers < 1:
        print("error: --workers must be >= 1", file=sys.stderr)
        return 2
    path = Path(args.sources)
    try:
        settings, sources = load_sources(path) if path.exists() else (Settings(), [])
    except SourcesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not path.exists():
        print(f"warning: no sources file at {path}; polling only the sources added in the app", file=sys.stderr)
    try:
        store = open_store(args.store)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with store:
        if args.once or args.force:
            report = watch_once(sources, store, settings, force=args.force, on_report=_print_report,
                                workers=args.workers)
            print(f"{len(report.sources)} sources polled, {report.new_articles} new articles, "
                  f"{report.events} events, {len(report.failed)} failed", flush=True)
            return 1 if report.failed else 0
        stop = threading.Event()

        def on_signal(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        run_watch(sources, store, settings, stop=stop, on_report=_print_report, workers=args.workers)
    return 0
