"""Versioned schema migrations of the event store, one module per version.

In: an open write transaction of a store and the versions its ``schema_version`` table
records. Out: the missing versions' statements run and recorded (:func:`apply_migrations`),
or a :class:`~geo.store.base.StoreError` when the store is newer than the program.

Each module ``vNNN_name.py`` defines ``VERSION`` (int), ``NAME`` (str) and the
SQL statements for each backend: ``GPKG`` (SQLite / GeoPackage) and
``POSTGIS`` (PostgreSQL). The backends apply, in one transaction at open time,
every migration whose version is not yet in ``schema_version``; opening a store
twice applies nothing the second time. A migration is never edited once
released: a change of schema is a new module appended to :data:`MIGRATIONS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import ModuleType
from typing import Any, Literal

from geo.store.migrations import v001_initial, v002_front_lines, v003_revision, v004_review, v005_watch

__all__ = ["Migration", "MIGRATIONS", "apply_migrations", "latest_version"]


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema version: its SQL for each backend."""

    version: int
    name: str
    gpkg: tuple[str, ...]
    postgis: tuple[str, ...]


def _load(module: ModuleType) -> Migration:
    return Migration(module.VERSION, module.NAME, tuple(module.GPKG), tuple(module.POSTGIS))


#: Every migration, in version order.
MIGRATIONS: tuple[Migration, ...] = tuple(sorted((_load(m) for m in (v001_initial, v002_front_lines,
                                                                        v003_revision, v004_review, v005_watch)),
                                                 key=lambda m: m.version))

if len({m.version for m in MIGRATIONS}) != len(MIGRATIONS):  # pragma: no cover - a packaging mistake
    raise RuntimeError("two migrations share a version number")


def latest_version() -> int:
    """The schema version a freshly opened store has."""
    return MIGRATIONS[-1].version


def apply_migrations(execute: Callable[..., Any], versions: Callable[[], Iterable[Any]],
                     backend: Literal["gpkg", "postgis"], store: str, mark: str = "?") -> list[int]:
    """Bring a store's schema up to date inside the caller's open transaction; answers the versions applied.

    Parameters
    ----------
    execute
        Runs one statement: ``execute(sql)``, or ``execute(sql, params)`` with ``mark`` placeholders.
    versions
        Reads the versions recorded in ``schema_version`` (called once the table exists).
    backend
        Whose statements to run: ``Migration.gpkg`` or ``Migration.postgis``.
    store
        The store as an error message names it (its file, or ``schema NAME``; never a password).
    mark
        The driver's placeholder (``?`` for sqlite3, ``%s`` for psycopg).

    Raises
    ------
    geo.store.base.StoreError
        When the store was written by a newer program (a version above :func:`latest_version`).
    """
    from geo.store.base import StoreError

    execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    done = {int(v) for v in versions()}
    if done and max(done) > latest_version():
        raise StoreError(f"{store} has schema version {max(done)}, newer than this program's "
                         f"{latest_version()}: upgrade the program")
    applied: list[int] = []
    for mig in MIGRATIONS:
        if mig.version in done:
            continue
        statements: Sequence[str] = mig.gpkg if backend == "gpkg" else mig.postgis
        for stmt in statements:
            execute(stmt)
        execute(f"INSERT INTO schema_version (version, name, applied_at) VALUES ({mark}, {mark}, {mark})",
                [mig.version, mig.name, datetime.now(UTC).isoformat(timespec="seconds")])
        applied.append(mig.version)
    return applied
