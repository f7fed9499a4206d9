"""Batch ingestion: files -> articles -> pipeline (in worker processes) -> event store.

Inputs
------
Folders (searched recursively, in sorted order; links that lead out of a folder
are not followed) and files:

* ``.txt`` -- one article per file. Metadata from a sidecar ``NAME.json``
  (``{"published": "YYYY-MM-DD", "id", "title", "url", "source", "language"}``)
  or ``NAME.meta`` (``key: value`` lines, or a bare date line). Without a
  sidecar ``id`` the id is ``sha256-`` + 16 hex digits of the text's content hash.
* ``.jsonl`` -- rows of the evaluation contract (``../shared/eval/CONTRACT.md``).
* ``.csv`` -- header with ``id,text`` and optionally ``published,language,title,url,source``.
* ``.html`` / ``.htm`` -- saved pages, read by trafilatura (:mod:`geo.sources.html`):
  the main text without menus, ads, comments and footers; title, publication date
  (meta tags, else htmldate's search of the page), language (``<html lang>``),
  canonical URL and site name; a sidecar overrides them. The id is derived as for ``.txt``.

Every record meets the rules of :mod:`geo.sources.records` (types, dates,
languages, encoding, limits, repeated ids); a record that breaks one becomes an
:class:`IngestError` and the run goes on. A pipeline exception on one article is
that article's error.

Execution
---------
The parent lists files and cuts them into small tasks (a few files, or a few
lines of a JSONL / rows of a CSV file); reading, decoding, validation and
:func:`geo.pipeline.process_article` run in worker processes
(``ProcessPoolExecutor``) or on a Dask cluster (``scheduler`` address). At most
``2 * workers`` tasks are in flight and their results are consumed in
submission order, so memory stays bounded and the store receives the same
sequence of writes whatever the number of workers. Only the parent writes the
store, ``batch_size`` articles per transaction: killing a run loses at most the
open batch, and running it again stores the rest (everything already stored is
"unchanged").
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import multiprocessing
import os
import re
import select
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import IO, Any

from geo.pipeline import ArticleResult
from geo.sources.html import (
    html_to_article_fields,
)
from geo.sources.readers import (
    Item,
    Options,
    Parsed,
    _chunks,
    iter_input_files,
    read_articles,
    read_items,
    run_task,
)
from geo.sources.records import (
    MAX_READ_BYTES,
    MAX_TEXT_CHARS,
    MIN_YEAR,
    IngestError,
    IngestReport,
    InputProblem,
    RepeatedIds,
    _norm_language,
    decode_text,
    detect_language,
    parse_published,
)
from geo.store import DEFAULT_STORE, EventStore, StoreError, open_store
from geo.store.carry import apply_carry, corrections_to_carry

__all__ = [
    "IngestError",
    "InlineExecutor",
    "IngestReport",
    "ingest",
    "process_pool",
    "run_ingest_cli",
    "iter_input_files",
    "read_articles",
    "parse_published",
    "detect_language",
    "decode_text",
    "html_to_article_fields",
    "MAX_TEXT_CHARS",
    "MAX_READ_BYTES",
    "MIN_YEAR",
]

# --------------------------------------------------------------------------- executors


class InlineExecutor:
    """``workers=0``: run tasks in this process (for debugging and small inputs)."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        fut: cf.Future[Any] = cf.Future()
        try:
            fut.set_result(fn(*args))
        except Exception as exc:
            fut.set_exception(exc)
        return fut

    def shutdown(self) -> None:
        pass


class _DaskExecutor:
    """Tasks on a Dask distributed cluster; results gathered here in submission order."""

    def __init__(self, address: str) -> None:
        from dask.distributed import Client

        self.client = Client(address, set_as_default=False)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def shutdown(self) -> None:
        self.client.close()


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: end this worker as soon as the ingest process ``parent`` is gone.

    Workers are children of the forkserver, not of the ingest process, so a killed ingest
    would otherwise leave them computing their tasks (hundreds of MB) for minutes. A
    daemon thread waits on the parent's pidfd (Linux), else polls it once a second.
    """
    def wait_for_exit() -> None:
        try:
            fd = os.pidfd_open(parent)
        except ProcessLookupError:
            os._exit(1)
        except (AttributeError, OSError):  # no pidfd on this system: poll
            while True:
                try:
                    os.kill(parent, 0)
                except ProcessLookupError:
                    os._exit(1)
                except OSError:
                    pass
                time.sleep(1.0)
        select.select([fd], [], [])  # readable when the process has exited
        os._exit(1)

    threading.Thread(target=wait_for_exit, name="exit-with-parent", daemon=True).start()


def process_pool(workers: int) -> cf.ProcessPoolExecutor:
    """A pool of ``workers`` processes whose workers die with this process (ingest and watch)."""
    # forkserver: workers fork from a clean server process (no inherited threads or
    # open database handles) that has the pipeline imported once.
    ctx: multiprocessing.context.BaseContext
    if "forkserver" in multiprocessing.get_all_start_methods():
        server = multiprocessing.get_context("forkserver")
        server.set_forkserver_preload(["geo.sources.ingest"])
        ctx = server
    else:  # pragma: no cover - not Linux
        ctx = multiprocessing.get_context("spawn")
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_exit_with_parent,
                                  initargs=(os.getpid(),))


# --------------------------------------------------------------------------- the run


class _ReportSink:
    """Collects problems into the report and appends them to the JSONL report file."""

    def __init__(self, report: IngestReport, path: Path | None) -> None:
        self.report = report
        self.fh: IO[str] | None = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.fh = path.open("w", encoding="utf-8")

    def add(self, problem: IngestError) -> None:
        (self.report.warnings if problem.level == "warning" else self.report.errors).append(problem)
        if self.fh is not None:
            self.fh.write(json.dumps(asdict(problem), ensure_ascii=False) + "\n")

    def flush(self) -> None:
        if self.fh is not None:
            self.fh.flush()

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


def ingest(
    paths: Sequence[str | os.PathLike[str]],
    store_url: str | os.PathLike[str] | EventStore = DEFAULT_STORE,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    published: date | None = None,
    language: str | None = None,
    progress: bool = True,
    report_path: str | os.PathLike[str] | None = None,
    batch_size: int = 200,
    chunk_size: int = 16,
    on_batch: Callable[[IngestReport], None] | None = None,
    replace: bool = False,
) -> IngestReport:
    """Ingest article files into the event store.

    Parameters
    ----------
    paths
        Files and folders (see the module docstring for the formats).
    store_url
        Store path/URL for :func:`geo.store.open_store`, or an open store (left open).
    workers
        Worker processes; ``0`` runs everything in this process.
    scheduler
        Address of a Dask scheduler (``tcp://host:8786``); overrides ``workers``.
    published, language
        Defaults for records that lack them.
    progress
        Show a progress bar on stderr (only when stderr is a terminal).
    report_path
        Write every error and warning there as JSON Lines.
    batch_size
        Articles per store transaction.
    chunk_size
        Records per worker task.
    on_batch
        Called with the report so far after each committed batch.
    replace
        False (the default): a record whose id is already stored with another text is
        an error naming the collision (two sources using the same ids must not
        overwrite each other). True: it replaces the stored article; either way
        ``report.replaced_ids`` lists every replaced id.

    Returns
    -------
    IngestReport
        Totals and every per-record problem (errors sorted by file and record).
    """
    if workers < 0 or batch_size < 1 or chunk_size < 1:
        raise ValueError("workers must be >= 0, batch_size and chunk_size >= 1")
    opts = Options(published, _norm_language(language) if language else None)
    report = IngestReport()
    sink = _ReportSink(report, Path(report_path) if report_path is not None else None)
    own_store = not isinstance(store_url, EventStore)
    store = open_store(store_url) if not isinstance(store_url, EventStore) else store_url
    started = time.perf_counter()
    executor: Any
    if scheduler:
        executor = _DaskExecutor(scheduler)
        in_flight = 2 * max(1, len(executor.client.scheduler_info().get("workers", {})) or 1)
    elif workers == 0:
        executor, in_flight = InlineExecutor(), 1
    else:
        executor, in_flight = process_pool(workers), 2 * workers

    from tqdm import tqdm

    bar = tqdm(unit="article", file=sys.stderr, disable=not (progress and sys.stderr.isatty()), smoothing=0.1)
    batch: list[ArticleResult] = []
    origin: dict[int, tuple[str, str]] = {}  # id(result) -> (file, record), for store errors
    seen = RepeatedIds()
    file_counter = [0]

    def on_store_error(res: ArticleResult, exc: Exception) -> None:
        src, rec = origin.get(id(res), ("", f"article {res.article.id}"))
        sink.add(IngestError(src, rec, f"article {res.article.id} could not be stored: {type(exc).__name__}: {exc}"))

    def flush_batch() -> None:
        if not batch:
            return
        # A replaced text gives its events new ids: read the old events' corrections first,
        # then record them on the new events (the watch does the same for edited stories).
        carries = corrections_to_carry(store, batch) if replace else []
        stats = store.add_results(batch, batch_size=len(batch), on_error=on_store_error, replace=replace)
        report.add_stats(stats)
        report.carried += apply_carry(store, carries)
        batch.clear()
        origin.clear()
        sink.flush()
        if on_batch is not None:
            on_batch(report)

    def take(parsed_list: list[Parsed]) -> None:
        for parsed in parsed_list:
            for prob in parsed.problems:
                sink.add(prob)
            bar.update(1)
            if parsed.result is None:
                continue
            repeated = seen.check(parsed.source, parsed.record, parsed.result.article.id)
            if repeated is not None:
                sink.add(repeated)
                continue
            report.articles += 1
            batch.append(parsed.result)
            origin[id(parsed.result)] = (parsed.source, parsed.record)
            if len(batch) >= batch_size:
                flush_batch()

    pending: deque[tuple[list[Item], Any]] = deque()
    try:
        for work in _chunks(read_items(paths, file_counter), chunk_size):
            if isinstance(work, IngestError):
                sink.add(work)
                continue
            pending.append((work, _submit(executor, work, opts)))
            while len(pending) >= in_flight:
                executor = _collect(pending, executor, opts, take, sink, workers)
        while pending:
            executor = _collect(pending, executor, opts, take, sink, workers)
        flush_batch()
    finally:
        executor.shutdown()
        bar.close()
        report.files = file_counter[0]
        report.seconds = time.perf_counter() - started
        sink.close()
        if own_store:
            store.close()
    report.errors.sort(key=lambda e: (e.source, _record_key(e.record)))
    return report


def _record_key(record: str) -> tuple[str, int]:
    m = re.match(r"^(\D*)(\d+)", record)
    return (m.group(1), int(m.group(2))) if m else (record, 0)


def _submit(executor: Any, work: list[Item], opts: Options) -> Any:
    """Submit a task; a pool that broke since the last result gives a failed future instead of raising,
    so the task is redone with the others in flight when :func:`_collect` reaches it."""
    try:
        return executor.submit(run_task, work, opts)
    except cf.process.BrokenProcessPool as exc:
        failed: cf.Future[list[Parsed]] = cf.Future()
        failed.set_exception(exc)
        return failed


def _collect(pending: deque[tuple[list[Item], Any]], executor: Any, opts: Options,
             take: Callable[[list[Parsed]], None], sink: _ReportSink, workers: int) -> Any:
    """Wait for the oldest task and hand over its results; survive a crashed worker process.

    Returns the executor to use from now on (a new pool after a crash).
    """
    items, fut = pending.popleft()
    try:
        parsed = fut.result()
    except cf.process.BrokenProcessPool:
        pass
    except Exception as exc:  # e.g. a Dask worker that cannot import the pipeline: the records fail, not the run
        for it in items:
            sink.add(IngestError(it.source, it.record, f"worker failed: {type(exc).__name__}: {exc}"))
        return executor
    else:
        take(parsed)
        return executor
    # A worker died (segfault, OOM kill...). Every in-flight task is lost with it; redo them
    # one at a time in fresh pools so the culprit task is found and only its records fail.
    retry = [items] + [it for it, _ in pending]
    pending.clear()
    executor.shutdown()
    sink.report.worker_restarts += 1
    for task in retry:
        pool = process_pool(1)
        try:
            take(pool.submit(run_task, task, opts).result())
        except cf.process.BrokenProcessPool:
            for it in task:
                sink.add(IngestError(it.source, it.record, "worker process died while processing this record"))
        finally:
            pool.shutdown()
    return process_pool(workers)


# --------------------------------------------------------------------------- CLI


def _cli_date(value: str) -> date:
    try:
        return parse_published(value)
    except InputProblem as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m geo ingest",
        description="Ingest articles (.txt, .jsonl, .csv, .html; folders recursively) into the event store.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--store", default=str(DEFAULT_STORE), help="GeoPackage path or postgresql:// URL "
                                                               "(default: %(default)s)")
    p.add_argument("--workers", type=int, default=1, help="worker processes; 0 = in this process (default: 1)")
    p.add_argument("--scheduler", help="Dask scheduler address (tcp://host:8786) instead of local workers")
    p.add_argument("--published", type=_cli_date, help="publication date (YYYY-MM-DD) for records without one")
    p.add_argument("--language", choices=("ar", "en"), help="language of records that do not say")
    p.add_argument("--report", type=Path, help="write errors and warnings here as JSON Lines")
    p.add_argument("--batch-size", type=int, default=200, help="articles per store transaction")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--replace", action="store_true",
                   help="let a record replace a stored article with the same id and another text "
                        "(without it, such a record is an error: ids from two sources collided)")
    return p


def run_ingest_cli(argv: list[str]) -> int:
    """``python -m geo ingest ...``: 0 when the run completed (even with bad records), 2 on usage errors."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code) if isinstance(exc.code, int) else 2
    if args.workers < 0 or args.batch_size < 1:
        parser.print_usage(sys.stderr)
        print("error: --workers must be >= 0 and --batch-size >= 1", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        parser.print_usage(sys.stderr)
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        report = ingest(
            [Path(p) for p in args.paths], args.store, workers=args.workers, scheduler=args.scheduler,
            published=args.published, language=args.language, progress=not args.no_progress,
            report_path=args.report, batch_size=args.batch_size, replace=args.replace,
        )
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report.summary())
    if report.replaced_ids:
        shown = ", ".join(repr(i) for i in report.replaced_ids[:20])
        more = f" and {len(report.replaced_ids) - 20} more" if len(report.replaced_ids) > 20 else ""
        print(f"replaced articles: {shown}{more}")
    for err in report.errors[:20]:
        print(f"  {err.source} {err.record}: {err.problem}", file=sys.stderr)
    if len(report.errors) > 20:
        more = f"; all in {args.report}" if args.report else "; use --report FILE for all"
        print(f"  ... {len(report.errors) - 20} more errors{more}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(run_ingest_cli(sys.argv[1:]))

