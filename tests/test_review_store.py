"""Corrections with history, conflicts and undo, in both backends (GeoPackage and PostGIS)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from store_fixtures import postgis_url, sample_result, store_url  # noqa: F401

from geo.store import EventStore, open_store
from geo.store.base import EditConflict


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:  # noqa: F811
    with open_store(store_url) as s:
        yield s


def _ids(store: EventStore) -> dict[str, str]:
    return {r["category"]: r["event_id"] for r in store.query_events().to_dict("records")}


def test_a_save_writes_only_its_fields_and_their_history_round_trips(
    store: EventStore, store_url: str,  # noqa: F811
) -> None:
    store.upsert_article(sample_result())
    ids = _ids(store)
    shelling, movement = ids["shelling"], ids["movement"]
    seen = store.review_values(shelling)
    assert seen["fatalities"] == 4 and seen["location"] == pytest.approx((13.2380, 32.8080))
    untouched = store.review_values(movement)
    change = store.correct_event(shelling, {"fatalities": None, "actor2": "Civilians", "approximate": True,
                                            "notes": "two reports disagree"},
                                 expected=seen, reviewer="Amal", comment="count unclear")
    assert change is not None
    now = store.review_values(shelling)
    assert now["fatalities"] is None and now["actor2"] == "Civilians" and now["approximate"] is True
    assert {k: v for k, v in now.items() if k not in ("fatalities", "actor2", "approximate", "notes")} == {
        k: v for k, v in seen.items() if k not in ("fatalities", "actor2", "approximate", "notes")}
    assert store.review_values(movement) == untouched
    # The history, read back through a fresh connection of the same backend.
    with open_store(store_url) as again:
        rows = again.correction_history(shelling)
        frame = again.query_events().set_index("event_id")
    assert [(r["field"], r["previous_value"], r["new_value"]) for r in rows] == [
        ("actor2", "GNA", "Civilians"), ("fatalities", "4", None), ("approximate", "false", "true"),
        ("notes", None, "two reports disagree")]
    assert {r["reviewer"] for r in rows} == {"Amal"} and {r["comment"] for r in rows} == {"count unclear"}
    assert {r["change_id"] for r in rows} == {change} and {r["action"] for r in rows} == {"edit"}
    assert all(r["created_at"] for r in rows)
    assert bool(frame.loc[shelling, "reviewed"]) and not bool(frame.loc[movement, "reviewed"])
    assert frame.loc[shelling, "notes"] == "two reports disagree"
    assert store.correction_history(movement) == []


def test_a_stale_form_saves_nothing(store: EventStore) -> None:
    store.upsert_article(sample_result())
    eid = _ids(store)["shelling"]
    seen = store.review_values(eid)
    store.correct_event(eid, {"event_date": date(2019, 4, 7)})  # someone else, meanwhile
    with pytest.raises(EditConflict, match="event_date"):
        store.correct_event(eid, {"category": "airstrike"}, expected=seen)
    assert store.review_values(eid)["category"] == "shelling"
    assert len(store.correction_history(eid)) == 1


def test_undo_puts_back_the_last_save_only(store: EventStore) -> None:
    store.upsert_article(sample_result())
    eid = _ids(store)["movement"]
    original = store.review_values(eid)
    first = store.correct_event(eid, {"place_name": "Abu Grein", "location": (15.255, 31.4497)})
    after_first = store.review_values(eid)
    second = store.correct_event(eid, {"rejected": True}, comment="duplicate report")
    assert eid not in set(store.query_events()["event_id"])
    assert first is not None and second is not None
    with pytest.raises(EditConflict, match="latest"):
        store.undo_correction(first)
    assert store.undo_correction(second, reviewer="Amal") == eid
    assert store.review_values(eid) == after_first  # restored, the first save kept
    with pytest.raises(KeyError):
        store.undo_correction(second)
    store.undo_correction(first)
    assert store.review_values(eid) == original
    frame = store.query_events().set_index("event_id")
    assert not bool(frame.loc[eid, "reviewed"]) and frame.loc[eid, "corrected"] is None
    undo = [(r["field"], r["previous_value"], r["new_value"]) for r in store.correction_history(eid)
            if r["action"] == "undo"]
    assert ("rejected", "true", "false") in undo
    assert ("place_name", "Abu Grein", "Sirte") in undo


def test_corrections_and_history_survive_reextraction(store: EventStore) -> None:
    res = sample_result()
    store.upsert_article(res)
    eid = _ids(store)["shelling"]
    store.correct_event(eid, {"actor1": "Wagner", "injured": 0, "district": "ly-district-tripoli"})
    newer = sample_result()
    newer.events[0].evidence = "reworded evidence"
    assert store.upsert_article(newer) == "replaced"
    values = store.review_values(eid)
    assert (values["actor1"], values["injured"], values["district"]) == ("Wagner", 0, "ly-district-tripoli")
    assert len(store.correction_history(eid)) == 3
    assert bool(store.query_events().set_index("event_id").loc[eid, "reviewed"])


def test_bad_values_name_the_field_and_write_nothing(store: EventStore) -> None:
    store.upsert_article(sample_result())
    eid = _ids(store)["shelling"]
    for changes, needle in (({"fatalities": -1}, "fatalities"), ({"category": "picnic"}, "picnic"),
                            ({"location": (200.0, 10.0)}, "coordinates"), ({"colour": "red"}, "colour")):
        with pytest.raises(ValueError, match=needle):
            store.correct_event(eid, {"actor1": "X", **changes})
    assert store.correction_history(eid) == []
    with pytest.raises(KeyError):
        store.correct_event("ev-nope", {"actor1": "X"})


def test_a_version_3_store_gets_history_for_its_corrections(tmp_path: Path) -> None:
    from geo.store.gpkg import GeoPackageStore
    from geo.store.migrations import latest_version, v002_front_lines

    path = tmp_path / "old.gpkg"
    with open_store(path) as s:
        s.upsert_article(sample_result())
        eid = s.query_events()["event_id"].iloc[0]
    with sqlite3.connect(path) as conn:  # back to the schema of version 3, with a correction it wrote
        GeoPackageStore._setup(conn)  # the R-tree triggers' SQL functions
        for stmt in ("DROP VIEW front_lines", "DROP TABLE correction_history", "DROP INDEX corrections_change",
                     "ALTER TABLE corrections DROP COLUMN change_id", "ALTER TABLE events DROP COLUMN reviewed",
                     "ALTER TABLE events DROP COLUMN notes", v002_front_lines.GPKG[0],
                     "DELETE FROM gpkg_contents WHERE table_name = 'correction_history'",
                     "DELETE FROM schema_version WHERE version = 4"):
            conn.execute(stmt)
        conn.execute("INSERT INTO corrections (event_id, field, value, rejected, note, created_at)"
                     " VALUES (?, 'rejected', NULL, 1, 'dup', '2020-01-01T00:00:00Z')", [eid])
        conn.execute("UPDATE events SET rejected = 1 WHERE event_id = ?", [eid])
    with open_store(path) as new:
        assert new.schema_versions() == list(range(1, latest_version() + 1))  # type: ignore[attr-defined]
        rows = new.correction_history(eid)
        assert [(r["field"], r["new_value"], r["comment"]) for r in rows] == [("rejected", "true", "dup")]
        assert bool(new.query_events(include_rejected=True).set_index("event_id").loc[eid, "reviewed"])
        new.undo_correction(rows[0]["change_id"])  # old corrections can be undone too
        assert new.review_values(eid)["rejected"] is False
