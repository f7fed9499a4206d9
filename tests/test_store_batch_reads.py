"""Reads of many ids at once (``get_articles``, ``corrections_of``) and the corrections a
``--replace`` batch carries to the new events, against both backends (GeoPackage always;
PostGIS with LCM_POSTGIS_DSN). Texts written for these tests."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from geo.model import Article
from geo.pipeline import ArticleResult
from geo.sources.ingest import ingest
from geo.store import EventStore, open_store
from geo.store.carry import corrections_to_carry
from geo.store.sql_dialect import IN_CHUNK
from tests.store_fixtures import postgis_url, sample_result, store_url  # noqa: F401 - fixtures are used by name


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:  # noqa: F811 - pytest fixture injection
    with open_store(store_url) as s:
        yield s


def _bare(aid: str, text: str) -> ArticleResult:
    return ArticleResult(Article(aid, text, date(2019, 5, 2), "en", source="Wire"), [], [])


def test_get_articles_reads_every_chunk_and_maps_aliases_to_the_stored_text(store: EventStore) -> None:
    n = 2 * IN_CHUNK + 7  # three chunks, the last one short
    store.add_results([_bare(f"a{i:04d}", f"Report number {i} of the wire.") for i in range(n)])
    store.add_results([_bare("copy", "Report number 3 of the wire.")])  # the same text: an alias of a0003
    asked = [f"a{i:04d}" for i in range(n)] + ["copy", "never-stored"]
    found = store.get_articles(asked)
    assert len(found) == n + 1 and "never-stored" not in found
    assert found[f"a{n - 1:04d}"].text == f"Report number {n - 1} of the wire."  # from the last chunk
    assert (found["copy"].id, found["copy"].text) == ("a0003", "Report number 3 of the wire.")
    assert found["a0500"].published == date(2019, 5, 2) and found["a0500"].source == "Wire"
    # get_article is the same read for one id
    assert store.get_article("copy") == found["copy"] and store.get_article("never-stored") is None


def test_corrections_of_reads_the_events_asked_oldest_first_and_leaves_undone_ones_out(store: EventStore) -> None:
    store.upsert_article(sample_result("a1"))
    store.upsert_article(sample_result("a2"))
    frame = store.query_events()
    shellings = frame[frame["category"] == "shelling"]["event_id"].tolist()  # actor1 LNA, 4 killed
    first, second = shellings
    untouched = frame[frame["category"] == "movement"]["event_id"].iloc[0]
    store.correct_event(first, {"fatalities": 6}, comment="the hospital's count")
    store.correct_event(second, {"actor1": "GNA"})
    undone = store.correct_event(second, {"fatalities": 9})
    store.correct_event(first, {}, comment="checked twice")
    assert undone is not None
    store.undo_correction(undone)
    rows = store.corrections_of([second, first, untouched, "ev-0000000000000000"])
    assert [(r["event_id"], r["field"], r["value"], r["note"]) for r in rows] == [
        (first, "fatalities", "6", "the hospital's count"),
        (second, "actor1", "GNA", None),
        (first, "note", None, "checked twice"),
    ]
    assert [r["id"] for r in rows] == sorted(r["id"] for r in rows)
    assert len({r["change_id"] for r in rows}) == 3


def test_corrections_of_reads_past_one_chunk(store: EventStore) -> None:
    store.upsert_article(sample_result("a1"))
    corrected = store.query_events()["event_id"].iloc[0]
    store.correct_event(corrected, {"fatalities": 7})
    asked = [f"ev-{i:016x}" for i in range(IN_CHUNK + 3)] + [corrected]  # the corrected id in the second chunk
    assert [r["event_id"] for r in store.corrections_of(asked)] == [corrected]


def _carried_and_reads(conn: sqlite3.Connection, store: EventStore,
                       batch: list[ArticleResult]) -> tuple[int, int]:
    """How many corrections :func:`corrections_to_carry` finds for ``batch``, and how many SELECTs
    it sent to the GeoPackage's connection (SQLite's own trace of the statements run)."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        carried = len(corrections_to_carry(store, batch))
    finally:
        conn.set_trace_callback(None)
    return carried, sum(1 for s in seen if s.lstrip().upper().startswith("SELECT"))


def test_a_replace_batch_reads_the_store_a_few_times_whatever_its_size(tmp_path: Path) -> None:
    """The carry of a batch costs a few queries, not a few per article (the old one per record)."""
    from geo.store.gpkg import GeoPackageStore

    def batch(n: int, edited: bool) -> list[ArticleResult]:
        return [sample_result(f"a{i}", text=f"[a{i}] Shelling hit Ain Zara south of Tripoli{' again' if edited else ''}.")
                for i in range(n)]

    counts = {}
    for n in (3, 40):
        with GeoPackageStore(tmp_path / f"s{n}.gpkg") as store:
            store.add_results(batch(n, edited=False))
            for eid in store.query_events()["event_id"]:
                store.correct_event(eid, {"fatalities": 5})
            carried, counts[n] = _carried_and_reads(store._connection(), store, batch(n, edited=True))
            assert carried == 3 * n  # every corrected event of every article is carried
    assert counts[40] == counts[3] <= 4


def test_ingest_replace_carries_the_corrections_of_several_articles_in_one_batch(
        store_url: str, tmp_path: Path) -> None:  # noqa: F811 - pytest fixture injection
    texts = {"1": "An air strike hit Gharyan on Monday, killing three fighters.",
             "2": "Shelling hit Tajoura on Monday, killing two civilians.",
             "3": "Clashes broke out in Ain Zara on Monday."}
    feed = tmp_path / "feed.jsonl"

    def write(suffix: str) -> None:
        feed.write_text("".join(json.dumps({"id": k, "text": t + suffix, "published": "2019-06-25"}) + "\n"
                                for k, t in texts.items()), encoding="utf-8")

    write("")
    ingest([feed], store_url, workers=0, progress=False)
    with open_store(store_url) as s:
        before = s.query_events()
        by_place = dict(zip(before["place_name"], before["event_id"], strict=True))
        s.correct_event(by_place["Gharyan"], {"fatalities": 4}, comment="the hospital's count")
        s.correct_event(by_place["Tajoura"], {"rejected": True}, comment="a training exercise")
    write(" The roads were closed on Tuesday.")
    report = ingest([feed], store_url, workers=0, progress=False, replace=True)
    assert sorted(report.replaced_ids) == ["1", "2", "3"]
    assert report.carried == 2
    with open_store(store_url) as s:
        after = s.query_events(include_rejected=True)
        rows = {r["place_name"]: r for r in after.to_dict("records")}
        assert not set(after["event_id"]) & set(before["event_id"])  # new texts, new ids
        assert rows["Gharyan"]["fatalities"] == 4 and bool(rows["Tajoura"]["rejected"])
        assert not bool(rows["Ain Zara"]["rejected"]) and not s.correction_history(rows["Ain Zara"]["event_id"])
        comments = [h["comment"] for h in s.correction_history(rows["Tajoura"]["event_id"])]
        assert any(f"carried over from event {by_place['Tajoura']}" in (c or "") and "a training exercise" in c
                   for c in comments)
