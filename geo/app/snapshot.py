"""On-disk snapshots of a store's events frame, so the dashboard starts fast.

Reading 100,000 events from a GeoPackage and building the frame takes about
1.5-2 s (SQLite rows become Python objects, then pandas columns); reading the
same frame back from a Parquet file takes about 0.25 s. The app opens on the
snapshot when it matches the store's ``(store_id, revision)``
(:meth:`geo.store.EventStore.revision`), which changes with every committed
write from any process, and falls back to the store otherwise. A snapshot is
a cache: it is rebuilt from the store whenever it is missing, stale,
unreadable or from another version of this module, and deleting the folder
is always safe.

Files are ``events-<store_id>-r<revision>-v<SNAPSHOT_VERSION>.parquet`` in
:func:`snapshot_dir` (default ``~/.cache/libya-conflict-mapper/frames``),
written to a temporary file and renamed into place, so a crash never leaves a
half-written snapshot under a valid name.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from geo.outputs.layers import empty_frame
>>> folder = Path(tempfile.mkdtemp())
>>> write_snapshot(folder, "0a1b", 3, empty_frame()).name
'events-0a1b-r3-v4.parquet'
>>> read_snapshot(folder, "0a1b", 3) is not None, read_snapshot(folder, "0a1b", 4)
(True, None)
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import geopandas as gpd
import numpy as np

from gazetteer.files import atomic_path

__all__ = ["SNAPSHOT_VERSION", "read_snapshot", "snapshot_dir", "snapshot_path", "write_snapshot"]

log = logging.getLogger(__name__)

#: Bump when the frame's columns or dtypes change: older snapshots are then ignored.
SNAPSHOT_VERSION = 4

_STORE_ID = re.compile(r"^[0-9a-f]{1,64}$")


def snapshot_dir() -> Path | None:
    """Where snapshots go: ``$LCM_SNAPSHOT_DIR`` when set (empty: no snapshots), else ``frames/``
    under the project's cache folder (``$LCM_CACHE_DIR`` or ``~/.cache/libya-conflict-mapper``)."""
    from gazetteer.core import cache_dir

    env = os.environ.get("LCM_SNAPSHOT_DIR")
    if env is not None:
        return Path(env) if env.strip() else None
    return cache_dir() / "frames"


def snapshot_path(folder: Path, store_id: str, revision: int) -> Path:
    """The snapshot file of one store revision. ``store_id`` must be the store's hex id (it
    becomes part of a file name, so anything else is refused rather than joined into a path)."""
    if not _STORE_ID.match(store_id):
        raise ValueError(f"store id {store_id!r} is not a hex string")
    return folder / f"events-{store_id}-r{int(revision)}-v{SNAPSHOT_VERSION}.parquet"


def read_snapshot(folder: Path, store_id: str, revision: int) -> gpd.GeoDataFrame | None:
    """The frame saved for exactly this store revision, or None (missing or unreadable)."""
    path = snapshot_path(folder, store_id, revision)
    if not path.is_file():
        return None
    try:
        frame = gpd.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable cache file just means "rebuild"
        log.warning("ignoring unreadable events snapshot %s: %s", path, exc)
        return None
    # Parquet lists come back as numpy arrays; the frame format holds lists (tolist: one C call
    # per row, about half the time of list() over 100,000 rows).
    for col in ("article_ids", "sources", "merged_ids"):
        if col in frame.columns:
            frame[col] = [v.tolist() if isinstance(v, np.ndarray) else list(v) if v is not None else []
                          for v in frame[col]]
    return frame


def write_snapshot(folder: Path, store_id: str, revision: int, frame: gpd.GeoDataFrame) -> Path | None:
    """Save ``frame`` as the snapshot of this store revision and delete the store's older ones.

    Returns the file, or None when the folder is not writable (logged; the app
    then simply reads the store on its next start).
    """
    path = snapshot_path(folder, store_id, revision)
    try:
        with atomic_path(path, ".parquet") as tmp:
            frame.to_parquet(tmp)
    except Exception as exc:  # noqa: BLE001 - a cache that cannot be written must not stop the app
        log.warning("could not write the events snapshot %s: %s", path, exc)
        return None
    for old in folder.glob(f"events-{store_id}-r*.parquet"):
        if old != path:
            old.unlink(missing_ok=True)
    return path
