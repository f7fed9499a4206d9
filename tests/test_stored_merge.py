"""Reports of one event stored by several articles are one event when they leave the store.

The store keeps one row per article's event (so its content never depends on ingest order);
``geo.events.dedupe.merge_stored_events`` merges them for the app and the exports. Events and
sentences written for the tests; the sample store is built from the project's own samples.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from geo.app import appdata
from geo.cli import main
from geo.events.dedupe import merge_stored_events
from geo.model import Article, Event
from geo.pipeline import ArticleResult
from geo.store import open_store
from tests.store_fixtures import postgis_url, store_url  # noqa: F401 - fixtures

TAJOURA = (13.3540, 32.8830)  # (lon, lat)
GHARYAN = (13.0200, 32.1722)


def report(aid: str, lang: str, day: date, killed: int | None, *, place: tuple[float, float] = TAJOURA,
           place_id: str = "p-tajoura", category: str = "airstrike") -> ArticleResult:
    """One article (its own text) reporting one strike."""
    text = f"[{aid}] A strike report written for the tests, {lang}, {day}, {killed} killed."
    event = Event(category=category, coords=[place], event_date=day, article_ids=[aid], evidence=text,
                  place_name=place_id, place_id=place_id, fatalities=killed, language=lang,
                  source=f"outlet-{aid}", url=f"https://example.org/{aid}")
    return ArticleResult(Article(aid, text, day, lang, source=f"outlet-{aid}"), [], [event])


def stored(tmp_path: Path, results: list[ArticleResult], name: str = "events.gpkg") -> str:
    path = str(tmp_path / name)
    with open_store(path) as store:
        store.add_results(results)
    return path


def merged(path: str) -> list[tuple[str, list[str], int, int | None]]:
    with open_store(path) as store:
        frame = store.query_merged_events()
    return [(r.event_id, list(r.article_ids), int(r.corroboration),
             None if pd.isna(r.fatalities) else int(r.fatalities)) for r in frame.itertuples()]


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    default = tmp_path_factory.mktemp("sample") / "events.gpkg"
    store, built = appdata.open_app_store(str(default), default=default)
    store.close()
    assert built
    return str(default)


def test_the_sample_store_shows_the_tajoura_strike_once_with_both_sources(sample_store: str) -> None:
    with open_store(sample_store) as store:
        raw = store.query_events()
        frame = appdata.load_events(store)
    in_tajoura = frame[frame["place_id"].astype(str).str.startswith("ly-tajoura")
                       & (frame["category"] == "airstrike")]
    assert len(raw[raw["place_id"].astype(str).str.startswith("ly-tajoura")]) == 2  # two articles' rows
    assert len(in_tajoura) == 1
    row = in_tajoura.iloc[0]
    assert row["corroboration"] == 2 and sorted(row["article_ids"]) == ["s-014", "s-015"]
    assert len(row["merged_ids"]) == 2
    assert int(in_tajoura["fatalities"].sum()) == 53  # killed counted once, not 53 + 53


def test_bilingual_reports_a_day_apart_with_one_toll_merge_and_the_higher_toll_wins(tmp_path: Path) -> None:
    path = stored(tmp_path, [report("ar1", "ar", date(2019, 7, 1), 50), report("en1", "en", date(2019, 7, 2), 53)])
    [(_, articles, count, killed)] = merged(path)
    assert sorted(articles) == ["ar1", "en1"] and count == 2 and killed == 53


@pytest.mark.parametrize("second", [
    report("en2", "en", date(2019, 7, 5), 53),                       # another day
    report("en3", "en", date(2019, 7, 1), 53, place=GHARYAN, place_id="p-gharyan"),  # another place
    report("en4", "en", date(2019, 7, 2), 7),                        # a day apart, another toll
    report("en5", "en", date(2019, 7, 1), 53, category="protest"),    # another kind of event
], ids=["day", "place", "toll", "kind"])
def test_two_distinct_events_stay_two(tmp_path: Path, second: ArticleResult) -> None:
    path = stored(tmp_path, [report("ar1", "ar", date(2019, 7, 1), 53), second])
    assert [count for _, _, count, _ in merged(path)] == [1, 1]


# A chain: each Arabic report is the English one's twin, but they are two days apart, so which
# pair merges depends on the order the rows are compared in.
CHAIN = [report("ar1", "ar", date(2019, 7, 1), 53), report("en1", "en", date(2019, 7, 2), 53),
         report("ar2", "ar", date(2019, 7, 3), 53)]


def test_the_result_is_the_same_whatever_the_ingest_order(tmp_path: Path) -> None:
    forward = merged(stored(tmp_path, CHAIN, "forward.gpkg"))
    backward = merged(stored(tmp_path, CHAIN[::-1], "backward.gpkg"))
    assert forward == backward
    assert sorted(len(a) for _, a, _, _ in forward) == [1, 2]


def test_the_merge_does_not_depend_on_the_row_order_it_is_given(tmp_path: Path) -> None:
    with open_store(stored(tmp_path, CHAIN)) as store:
        frame = store.query_events(include_rejected=True)
    expected = merge_stored_events(frame)
    for order in ([2, 1, 0], [1, 2, 0], [1, 0, 2]):
        again = merge_stored_events(frame.iloc[order])
        assert again["event_id"].tolist() == expected["event_id"].tolist()
        assert again["article_ids"].tolist() == expected["article_ids"].tolist()


def test_a_correction_of_the_representative_applies_to_the_merged_event(tmp_path: Path) -> None:
    path = stored(tmp_path, [report("ar1", "ar", date(2019, 7, 1), 50), report("en1", "en", date(2019, 7, 2), 53)])
    with open_store(path) as store:
        rep = min(store.query_events()["event_id"])
        store.correct_event(rep, {"fatalities": 45})
        frame = store.query_merged_events()
    assert frame["event_id"].tolist() == [rep] and int(frame["fatalities"].iloc[0]) == 45


def test_a_rejected_representative_rejects_the_event_and_a_rejected_member_leaves_it(tmp_path: Path) -> None:
    path = stored(tmp_path, [report("ar1", "ar", date(2019, 7, 1), 53), report("en1", "en", date(2019, 7, 2), 53)])
    with open_store(path) as store:
        rep, other = sorted(store.query_events()["event_id"])
        store.add_correction(rep, rejected=True)
        assert len(store.query_merged_events()) == 0  # the other report does not come back alone
        assert store.query_merged_events(include_rejected=True)["event_id"].tolist() == [rep]
        store.add_correction(rep, rejected=False)
        store.add_correction(other, rejected=True)
        frame = store.query_merged_events()
    assert frame["event_id"].tolist() == [rep] and int(frame["corroboration"].iloc[0]) == 1


def test_exports_carry_the_count_and_every_source(tmp_path: Path) -> None:
    path = stored(tmp_path, [report("ar1", "ar", date(2019, 7, 1), 53), report("en1", "en", date(2019, 7, 2), 53)])
    out = tmp_path / "out"
    assert main(["export", "--store", path, "--output", str(out), "--format", "geojson", "--name", "x"]) == 0
    features = json.loads((out / "x" / "all.geojson").read_text(encoding="utf-8"))["features"]
    assert len(features) == 1
    props = features[0]["properties"]
    assert props["corroboration"] == 2 and props["sources"] == ["outlet-ar1", "outlet-en1"]
    assert main(["export", "--store", path, "--output", str(out), "--format", "csv", "--name", "x"]) == 0
    with open(out / "x.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1 and rows[0]["source"] == "outlet-ar1; outlet-en1" and rows[0]["fatalities"] == "53"


def test_every_backend_merges_and_reports_the_raw_rows_apart(store_url: str) -> None:  # noqa: F811
    with open_store(store_url) as store:
        store.add_results([report("ar1", "ar", date(2019, 7, 1), 53), report("en1", "en", date(2019, 7, 2), 53),
                           report("en2", "en", date(2019, 7, 9), 53)])
        raw = store.query_events()
        merged = store.query_merged_events()
        after_filter = store.query_merged_events(date_from=date(2019, 7, 2))
    assert len(raw) == 3 and merged["corroboration"].tolist() == [2, 1]
    # A filter keeps a merged event when its representative (the smaller id) matches, whole.
    pair = raw[raw["event_date"] < pd.Timestamp(2019, 7, 5)]
    rep = pair.loc[pair["event_id"].idxmin()]
    expected = {(rep["event_id"], 2)} if rep["event_date"] >= pd.Timestamp(2019, 7, 2) else set()
    lone = raw.loc[raw["event_date"] == pd.Timestamp(2019, 7, 9), "event_id"].iloc[0]
    assert set(zip(after_filter["event_id"], after_filter["corroboration"], strict=True)) == expected | {(lone, 1)}
