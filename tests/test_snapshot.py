"""Events snapshots (geo.app.snapshot): the app's fast start, which must never serve stale or broken data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.app import appdata, snapshot
from geo.store import open_store
from tests.test_app import build_fixture_store, fixture_results


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return build_fixture_store(tmp_path / "events.gpkg")


def test_snapshot_gives_the_frame_the_store_gives(store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "frames"
    with open_store(store_path) as store:
        direct = appdata.load_events(store)
        first = appdata.load_events(store, snapshot_dir=folder)  # reads the store, writes the snapshot
        store_id, revision = store.revision()
        assert [p.name for p in folder.iterdir()] == [snapshot.snapshot_path(folder, store_id, revision).name]
        saved = snapshot.read_snapshot(folder, store_id, revision)
        assert saved is not None
        pd.testing.assert_frame_equal(saved, direct)
        assert all(isinstance(v, list) for v in saved["article_ids"])
        # A snapshot that differs from the store shows which of the two the next load reads.
        marked = direct.copy()
        marked["place_name"] = "from the snapshot"
        snapshot.write_snapshot(folder, store_id, revision, marked)
        second = appdata.load_events(store, snapshot_dir=folder)
    pd.testing.assert_frame_equal(first, direct)
    pd.testing.assert_frame_equal(second, marked)


def test_a_write_makes_the_snapshot_stale_and_replaces_it(store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "frames"
    with open_store(store_path) as store:
        before = appdata.load_events(store, snapshot_dir=folder)
        eid = before.index[0]
        store.add_correction(eid, category="clash")
        after = appdata.load_events(store, snapshot_dir=folder)
        assert after.loc[eid, "category"] == "clash" != before.loc[eid, "category"]
        assert len(list(folder.iterdir())) == 1  # the old revision's file is gone


def test_a_rebuilt_store_never_reads_the_old_stores_snapshot(tmp_path: Path) -> None:
    folder, path = tmp_path / "frames", tmp_path / "events.gpkg"
    with open_store(path) as store:
        store.add_results(fixture_results()[:3])
        appdata.load_events(store, snapshot_dir=folder)
    path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    with open_store(path) as store:  # same path, same number of writes, other events
        store.add_results(fixture_results()[3:6])
        got = appdata.load_events(store, snapshot_dir=folder)
    assert sorted(got["place_name"]) == sorted(r.events[0].place_name for r in fixture_results()[3:6])


def test_an_unreadable_snapshot_is_ignored_and_rewritten(store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "frames"
    with open_store(store_path) as store:
        path = snapshot.snapshot_path(folder, *store.revision())
        folder.mkdir()
        path.write_bytes(b"PAR1 not really parquet")
        got = appdata.load_events(store, snapshot_dir=folder)
        assert len(got) == len(fixture_results())
        pd.testing.assert_frame_equal(snapshot.read_snapshot(folder, *store.revision()), got)


def test_a_file_in_place_of_the_folder_only_costs_the_snapshot(store_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "frames"
    blocker.write_text("not a folder")
    with open_store(store_path) as store:
        assert len(appdata.load_events(store, snapshot_dir=blocker)) == len(fixture_results())
        assert snapshot.write_snapshot(blocker, *store.revision(), appdata.load_events(store)) is None


def test_store_ids_that_are_not_hex_are_refused(tmp_path: Path) -> None:
    for bad in ("../../etc/passwd", "a/b", "", "ABC xyz"):
        with pytest.raises(ValueError):
            snapshot.snapshot_path(tmp_path, bad, 1)


def test_snapshot_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LCM_SNAPSHOT_DIR", str(tmp_path / "x"))
    assert snapshot.snapshot_dir() == tmp_path / "x"
    monkeypatch.setenv("LCM_SNAPSHOT_DIR", "")
    assert snapshot.snapshot_dir() is None
    monkeypatch.delenv("LCM_SNAPSHOT_DIR")
    monkeypatch.setenv("LCM_CACHE_DIR", str(tmp_path / "cache"))
    assert snapshot.snapshot_dir() == tmp_path / "cache" / "frames"


def test_dates_survive_the_round_trip(store_path: Path, tmp_path: Path) -> None:
    with open_store(store_path) as store:
        appdata.load_events(store, snapshot_dir=tmp_path)
        got = appdata.load_events(store, snapshot_dir=tmp_path)
    assert got["event_date"].min() == pd.Timestamp(date(2019, 4, 8))
    assert str(got["event_date"].dtype) == "datetime64[ns]"
