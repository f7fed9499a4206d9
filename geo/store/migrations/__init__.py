"""Versioned schema migrations of the event store, one module per version.

Each module ``vNNN_name.py`` defines ``VERSION`` (int), ``NAME`` (str) and the
SQL statements for each backend: ``GPKG`` (SQLite / GeoPackage) and
``POSTGIS`` (PostgreSQL). The backends apply, in one transaction at open time,
every migration whose version is not yet in ``schema_version``; opening a store
twice applies nothing the second time. A migration is never edited once
released: a change of schema is a new module appended to :data:`MIGRATIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from geo.store.migrations import v001_initial, v002_front_lines, v003_revision, v004_review, v005_watch

__all__ = ["Migration", "MIGRATIONS", "latest_version"]


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
