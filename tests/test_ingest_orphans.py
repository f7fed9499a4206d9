"""A killed ingest leaves no worker processes behind (issue 13, finding 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from generate_articles import write_jsonl  # noqa: E402

REPO = Path(__file__).resolve().parent.parent

_RUN = textwrap.dedent("""
    import sys
    from geo.sources.ingest import ingest

    ingest([sys.argv[1]], sys.argv[2], workers=2, progress=False, batch_size=5, chunk_size=2,
           on_batch=lambda report: print("batch", flush=True))
""")


def _alive_descendants(root: int) -> set[int]:
    """Processes below ``root`` that have not exited (zombies count as gone), from /proc."""
    parent_of: dict[int, int] = {}
    state: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            state[int(entry.name)], parent_of[int(entry.name)] = fields[0], int(fields[1])
    found: set[int] = set()
    frontier = {root}
    while frontier:
        frontier = {p for p, parent in parent_of.items() if parent in frontier} - found
        found |= frontier
    return {p for p in found if state.get(p) != "Z"}


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker processes")
def test_killing_the_parent_ends_its_workers_within_10_s(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "gen.jsonl", 3000, seed=8)
    proc = subprocess.Popen([sys.executable, "-c", _RUN, str(src), str(tmp_path / "s.gpkg")], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    workers: set[int] = set()
    try:
        assert proc.stdout is not None
        for line in proc.stdout:  # the first committed batch: the pool is up and busy
            if line.startswith("batch"):
                break
        workers = _alive_descendants(proc.pid)
        assert len(workers) >= 3  # the forkserver and two workers
        os.kill(proc.pid, signal.SIGKILL)  # the parent alone, as an OOM killer or `kill -9 PID` would
        proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = {p for p in workers if _alive(p)}
        assert not left, f"still running 10 s after the parent died: {sorted(left)}"
    finally:
        for pid in [proc.pid, *workers]:  # only the processes this test started
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
