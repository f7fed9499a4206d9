"""Atomic file writes for the whole project (exports, CLI outputs, caches, snapshots).

A file is written under a temporary name in its destination folder and renamed over the
destination only when complete, so a reader never sees half a file and a failed write
leaves nothing behind. The temporary name never contains the destination's name (a
library such as GDAL may read characters like ``;`` in a path as options). The result
gets the ordinary permissions a new file gets under the process umask (0644 under 022),
not :func:`tempfile.mkstemp`'s 0600.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_path", "atomic_write", "new_file_mode"]


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file: ``0o666`` less the process umask.

    Read from ``/proc/self/status`` where it is shown (setting and restoring the umask to
    read it would race with other threads).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _temporary(dest: Path, suffix: str) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=suffix, dir=dest.parent)
    os.close(fd)
    return Path(tmp)


def _publish(tmp: Path, dest: Path) -> None:
    os.chmod(tmp, new_file_mode())
    os.replace(tmp, dest)


@contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """A file open for writing (``"w"`` text as UTF-8, or ``"wb"``) that replaces ``path`` when the block ends.

    An exception in the block leaves ``path`` as it was and no temporary file.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "out.txt")
    >>> with atomic_write(p) as fh:
    ...     _ = fh.write("done")
    >>> open(p).read()
    'done'
    """
    dest = Path(path)
    tmp = _temporary(dest, ".tmp")
    try:
        kwargs: dict[str, Any] = {"encoding": "utf-8", "newline": ""} if "b" not in mode else {}
        with open(tmp, mode, **kwargs) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _publish(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_path(path: str | os.PathLike[str], suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path (not yet created) for a library that writes to a path; moved to ``path`` on success.

    ``suffix`` keeps the extension a writer may need (``.gpkg``, ``.parquet``).
    """
    dest = Path(path)
    tmp = _temporary(dest, suffix)
    tmp.unlink()  # the writer creates it (GDAL refuses to open an empty file as a GeoPackage)
    try:
        yield tmp
        _publish(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
