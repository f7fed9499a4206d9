"""python -m geo watch against a local news site (tests/watch_server.py on 127.0.0.1): no internet."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from geo.store import open_store
from geo.watch.http import Fetcher, FetchError
from geo.watch.poll import article_id
from geo.watch.run import run_watch_cli, watch_once
from geo.watch.sources import Settings, Source, SourcesError, load_sources, parse_sources
from geo.watch.state import WatchState
from tests.store_fixtures import (  # noqa: F401 - fixtures by name
    POSTGIS_DSN,
    _drop_schema,
    postgis_url,
    store_url,
    table_dump,
)
from tests.watch_server import NewsSite

REPO = Path(__file__).resolve().parents[1]
FAILING = {"Slow Source": "timed out after 1.5 s", "Server Error": "HTTP 500",
           "Broken XML": "broken feed XML, no usable entry", "Error Page": "an HTML page, not a feed",
           "Redirect Loop": "redirects (a redirect loop?)", "Huge Body": "over the 1,048,576-byte cap"}


@pytest.fixture
def sources_file(site: NewsSite, tmp_path: Path) -> Path:
    return site.sources_file(tmp_path / "sources.toml")


def _only(sources_file: Path, *names: str) -> tuple[Settings, list[Source]]:
    settings, sources = load_sources(sources_file)
    return settings, [s for s in sources if s.name in names]


def _articles(url: str) -> dict[str, Any]:
    with open_store(url) as store:
        rows = store.read_rows("SELECT id, source, url, published, language, title, text FROM articles")
        items = {r["url"]: r for r in store.read_rows("SELECT * FROM watch_items")}
        events = store.read_rows("SELECT e.category, e.place_name, a.article_id FROM events e"
                                 " JOIN event_articles a ON a.event_id = e.event_id")
    return {"articles": {r["url"].split("/", 3)[3]: r for r in rows}, "items": items, "events": events}


# ----------------------------------------------------------------------------- one pass over every case


def test_a_pass_stores_new_articles_and_names_each_failing_source(site: NewsSite, sources_file: Path,
                                                                   store_url: str) -> None:  # noqa: F811
    settings, sources = load_sources(sources_file)
    with open_store(store_url) as store:
        report = watch_once(sources, store, settings)
    by_name = {r.source: r for r in report.sources}
    assert "Switched Off" not in by_name  # enabled = false
    assert {n: r.error for n, r in by_name.items() if r.status == "error"}.keys() == FAILING.keys()
    for name, words in FAILING.items():
        assert words in str(by_name[name].error), (name, by_name[name].error)
    assert by_name["Tripoli Morning Post"].new_articles == 2 and by_name["Sahel Daily"].new_articles == 2

    got = _articles(store_url)
    arts = got["articles"]
    assert sorted(arts) == ["ar/news/benghazi-blast", "ar/news/sirte-strike", "gen/growing/1", "gen/growing/2",
                            "news/ain-zara-clashes", "news/misrata-drone", "news/tarhuna-shelling"]
    zara = arts["news/ain-zara-clashes"]  # the feed's link carried utm_ parameters; the id is the canonical URL's
    assert zara["id"] == article_id(site.base + "/news/ain-zara-clashes")
    assert str(zara["published"]) == "2024-03-05"  # from the feed
    assert "three fighters were killed" in zara["text"] and "Falcon phone" not in zara["text"]
    assert "reader77" not in zara["text"] and "Sport in Misrata" not in zara["text"]
    sirte = arts["ar/news/sirte-strike"]
    assert (str(sirte["published"]), sirte["language"], sirte["source"]) == ("2024-04-02", "ar", "Sahel Daily")
    assert "قصفت طائرة مسيرة فجر الثلاثاء" in sirte["text"] and "التعليقات" not in sirte["text"]
    assert str(arts["news/misrata-drone"]["published"]) == "2024-03-07"  # index page: the page's own date
    tarhuna = arts["news/tarhuna-shelling"]  # no date anywhere: the fetch day, flagged
    assert str(tarhuna["published"]) == datetime.now(UTC).date().isoformat()
    items = got["items"]
    assert items[site.base + "/news/tarhuna-shelling"]["date_origin"] == "fetch_day"
    assert items[site.base + "/news/misrata-drone"]["date_origin"] == "page"
    assert items[site.base + "/ar/news/sirte-strike"]["date_origin"] == "feed"

    made = {(e["category"], e["place_name"]) for e in got["events"]}
    assert {("clash", "Ain Zara"), ("airstrike", "Sirte"), ("explosion", "Benghazi"), ("airstrike", "Misrata"),
            ("shelling", "Tarhuna")} <= made

    # robots.txt forbids /private/: reported, never requested
    assert any("robots.txt" in e and "/private/staff-only" in e for e in by_name["Tripoli Morning Post"].item_errors)
    assert site.hits("/private/") == 0
    assert site.agents == {"libya-conflict-mapper-tests/0.1"}


def test_a_repeated_poll_stores_nothing_new_and_asks_conditionally(site: NewsSite, sources_file: Path,
                                                                    store_url: str) -> None:  # noqa: F811
    settings, sources = _only(sources_file, "Tripoli Morning Post", "Sahel Daily", "Aggregator", "Index Page")
    with open_store(store_url) as store:
        watch_once(sources, store, settings, force=True)
        before = table_dump(store_url)
        pages = site.hits("/news/") + site.hits("/ar/")
        again = watch_once(sources, store, settings, force=True)
    assert table_dump(store_url) == before
    assert sum(r.new_articles + r.updated_articles for r in again.sources) == 0
    statuses = {r.source: r.status for r in again.sources}
    assert statuses["Tripoli Morning Post"] == statuses["Sahel Daily"] == "not modified"  # 304 on the ETag
    # The index page has no ETag: listed again, but its stored article is not fetched again.
    assert site.hits("/news/") + site.hits("/ar/") == pages


def test_the_same_story_under_two_urls_is_one_article(site: NewsSite, sources_file: Path, tmp_path: Path) -> None:
    url = str(tmp_path / "s.gpkg")
    settings, sources = _only(sources_file, "Aggregator")
    with open_store(url) as store:
        report = watch_once(sources, store, settings)
        assert store.article_count() == 1
    assert (report.sources[0].new_articles, report.sources[0].unchanged) == (1, 1)
    items = _articles(url)["items"]
    assert items[site.base + "/mirror/ain-zara"]["article_id"] == items[site.base + "/news/ain-zara-clashes"][
        "article_id"]


def test_a_feed_that_grows_between_polls_brings_only_the_new_items(site: NewsSite, sources_file: Path,
                                                                    tmp_path: Path) -> None:
    url = str(tmp_path / "s.gpkg")
    settings, sources = _only(sources_file, "Growing Wire")
    with open_store(url) as store:
        first = watch_once(sources, store, settings)
        site.growing_items = 5
        second = watch_once(sources, store, settings)
        assert store.article_count() == 5
    assert (first.sources[0].new_articles, second.sources[0].new_articles) == (2, 3)
    assert second.sources[0].events >= 3
    assert site.hits("/gen/growing/1") == 1 and site.hits("/gen/growing/5") == 1


def test_a_revised_article_is_re_extracted_and_its_corrections_follow(site: NewsSite, sources_file: Path,
                                                                       tmp_path: Path) -> None:
    url = str(tmp_path / "s.gpkg")
    settings, sources = _only(sources_file, "Growing Wire")
    with open_store(url) as store:
        watch_once(sources, store, settings)
        aid = article_id(site.base + "/gen/growing/1")
        first_text = store.get_article(aid).text  # type: ignore[union-attr]
        before = store.query_events()
        old_id = before.loc[before["article_ids"].map(lambda ids: aid in ids), "event_id"].iloc[0]
        extracted = before.set_index("event_id").loc[old_id, "category"]
        fixed = "shelling" if extracted != "shelling" else "clash"
        store.correct_event(old_id, {"category": fixed}, comment="checked by an analyst")
        site.revised.add("growing")  # the feed entries change and the pages gain a paragraph
        report = watch_once(sources, store, settings)
        assert report.sources[0].updated_articles == 2 and report.sources[0].new_articles == 0
        new_text = store.get_article(aid).text  # type: ignore[union-attr]
        assert new_text != first_text and "the roads were open again" in new_text
        assert store.article_count() == 2
        after = store.query_events(include_rejected=True)
        mine = after[after["article_ids"].map(lambda ids: aid in ids)]
        assert old_id not in set(mine["event_id"])  # a new text: new event ids
        assert mine["category"].tolist() == [fixed]  # the correction followed the event
        new_id = mine["event_id"].iloc[0]
        history = store.correction_history(new_id)
        assert any(f"carried over from event {old_id}" in (h["comment"] or "") and "checked by an analyst"
                   in (h["comment"] or "") for h in history)
        assert store.correction_history(old_id)  # the old record stays
        assert any("corrections of 1 event(s) carried over" in w for w in report.sources[0].warnings)


# ----------------------------------------------------------------------------- failures, schedule, politeness


def test_a_failing_source_backs_off_while_the_others_are_polled(site: NewsSite, sources_file: Path,
                                                                tmp_path: Path) -> None:
    url = str(tmp_path / "s.gpkg")
    settings, sources = _only(sources_file, "Server Error", "Sahel Daily")
    with open_store(url) as store:
        watch_once(sources, store, settings)
        second = watch_once(sources, store, settings)  # not forced: the failing source is not due yet
        row = WatchState(store).source_row("Server Error")
    assert [r.source for r in second.sources] == ["Sahel Daily"]
    assert row is not None and row["failures"] == 1 and row["last_error"] == "HTTP 500 Internal Server Error"
    assert site.hits("/feeds/error500.xml") == 1


def test_requests_to_one_host_are_spaced(site: NewsSite) -> None:
    with Fetcher(Settings(host_interval_seconds=0.3, timeout_seconds=5)) as fetcher:
        for _ in range(3):
            fetcher.get(site.base + "/feeds/wire.xml")
    times = site.times[-4:]  # robots.txt, then the three feeds
    assert all(b - a >= 0.28 for a, b in zip(times, times[1:], strict=False)), times


def test_a_slow_answer_pushes_the_next_request_back(site: NewsSite) -> None:
    # The interval also runs from the end of an answer: a host that took 0.6 s to answer is not
    # asked again the moment it finishes (booking slots from request starts alone allowed that).
    site.slow_seconds = 0.6
    with Fetcher(Settings(host_interval_seconds=0.4, timeout_seconds=5)) as fetcher:
        fetcher.get(site.base + "/feeds/slow.xml")
        fetcher.get(site.base + "/feeds/wire.xml")
    slow_arrived, wire_arrived = site.times[-2:]
    assert wire_arrived - slow_arrived >= 0.6 + 0.4 - 0.02, site.times


def test_last_modified_alone_gets_a_304(site: NewsSite) -> None:
    with Fetcher(Settings(host_interval_seconds=0)) as fetcher:
        first = fetcher.get(site.base + "/feeds/sahel.xml")
        since = first.headers["last-modified"]
        again = fetcher.get(site.base + "/feeds/sahel.xml", last_modified=since)
        other = fetcher.get(site.base + "/feeds/sahel.xml", last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert (first.status, again.status, again.not_modified, again.body) == (200, 304, True, b"")
    assert other.status == 200 and other.body == first.body


def test_robots_txt_is_read_once_and_again_when_stale(site: NewsSite, monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.watch.http

    with Fetcher(Settings(host_interval_seconds=0)) as fetcher:
        fetcher.get(site.base + "/feeds/wire.xml")
        fetcher.get(site.base + "/feeds/sahel.xml")
        assert site.hits("/robots.txt") == 1
        monkeypatch.setattr(geo.watch.http, "_ROBOTS_TTL", 0.0)  # a day has passed
        fetcher.get(site.base + "/feeds/wire.xml")
        assert site.hits("/robots.txt") == 2


def test_a_trickling_server_is_cut_off_and_a_huge_one_abandoned(site: NewsSite) -> None:
    with Fetcher(Settings(timeout_seconds=1.0, host_interval_seconds=0, max_body_mb=0.5)) as fetcher:
        with pytest.raises(FetchError, match="timed out"):
            fetcher.get(site.base + "/feeds/slow.xml")
        with pytest.raises(FetchError, match="cap"):
            fetcher.get(site.base + "/feeds/huge.xml")
        assert fetcher.get(site.base + "/feeds/wire.xml").status == 200  # the client still works


def test_the_cli_reports_each_failing_source_by_name(site: NewsSite, sources_file: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code = run_watch_cli(["--once", "--sources", str(sources_file), "--store", str(tmp_path / "s.gpkg")])
    out, err = capsys.readouterr()
    assert code == 1
    for name in FAILING:
        assert f"error: source {name!r}" in err
    assert "7 new articles" in out


def test_bad_sources_files_are_refused_naming_the_source() -> None:
    with pytest.raises(SourcesError, match="source 'A': needs a feed or an index URL"):
        parse_sources('[[source]]\nname = "A"\n')
    with pytest.raises(SourcesError, match="source 'B': feed: expected an http"):
        parse_sources('[[source]]\nname = "B"\nfeed = "ftp://x"\n')
    with pytest.raises(SourcesError, match="index page needs an article_pattern"):
        parse_sources('[[source]]\nname = "C"\nindex = "https://c.example/"\n')
    with pytest.raises(SourcesError, match="repeated: D"):
        parse_sources('[[source]]\nname = "D"\nfeed = "https://d.example/"\n' * 2)
    with pytest.raises(SourcesError, match="not valid TOML"):
        parse_sources("[[source]\n")


def test_the_sample_sources_file_lists_real_outlets_all_switched_off() -> None:
    settings, sources = load_sources(REPO / "data" / "sources.toml")
    assert len(sources) >= 6 and not any(s.enabled for s in sources)
    assert all(s.feed and s.feed.startswith("https://") for s in sources)


def test_the_pipeline_in_two_processes_stores_the_same(site: NewsSite, sources_file: Path, tmp_path: Path) -> None:
    settings, sources = _only(sources_file, "Tripoli Morning Post", "Sahel Daily", "Growing Wire")
    site.growing_items = 6
    dumps, reports = [], []
    for workers in (1, 2):
        url = str(tmp_path / f"w{workers}.gpkg")
        with open_store(url) as store:
            report = watch_once(sources, store, settings, workers=workers)
        reports.append([(r.source, r.new_articles, r.events, len(r.item_errors)) for r in report.sources])
        dumps.append(table_dump(url))
    assert reports[0] == reports[1] and reports[0][2][1] == 6
    assert dumps[0] == dumps[1]


# ----------------------------------------------------------------------------- killed and resumed


def _watch(sources: Path, store: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "geo", "watch", "--once", "--sources", str(sources),
                             "--store", store], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_a_killed_watch_resumes_to_the_same_store(site: NewsSite, tmp_path: Path) -> None:
    sources = tmp_path / "many.toml"
    sources.write_text('[settings]\nhost_interval_seconds = 0\ntimeout_seconds = 5\n[[source]]\nname = "Many"\n'
                       f'feed = "{site.base}/gen/many/feed.xml?items=12"\ninterval_minutes = 0\n', encoding="utf-8")
    killed, clean = str(tmp_path / "killed.gpkg"), str(tmp_path / "clean.gpkg")
    proc = _watch(sources, killed)
    deadline = time.monotonic() + 300  # the first article loads the gazetteer (built if not cached)
    while site.hits("/gen/many/") < 6 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before it could be killed"
    assert site.hits("/gen/many/") >= 6, "the run fetched too little in 300 s"  # the feed and five pages
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open_store(killed) as store:
        stored_when_killed = store.article_count()
    assert 0 < stored_when_killed < 12
    assert _watch(sources, killed).wait(timeout=180) == 0  # resumed
    assert _watch(sources, clean).wait(timeout=180) == 0  # uninterrupted
    assert table_dump(killed) == table_dump(clean)
    with open_store(killed) as store:
        items = store.read_rows("SELECT status, COUNT(*) AS n FROM watch_items GROUP BY status")
    assert items == [{"status": "stored", "n": 12}]



def test_watch_without_once_polls_on_its_interval_and_stops_on_sigterm(site: NewsSite, tmp_path: Path) -> None:
    sources = tmp_path / "loop.toml"
    sources.write_text('[settings]\nhost_interval_seconds = 0\n[[source]]\nname = "Growing Wire"\n'
                       f'feed = "{site.base}/feeds/growing.xml"\ninterval_minutes = 0\n', encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "geo", "watch", "--sources", str(sources), "--store",
                             str(tmp_path / "loop.gpkg")], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while site.hits("/gen/growing/2") == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        site.growing_items = 3  # a new item while the watch runs: the next poll (a few seconds on) takes it
        while site.hits("/gen/growing/3") == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert site.hits("/gen/growing/3") == 1 and proc.poll() is None
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    with open_store(tmp_path / "loop.gpkg") as store:
        assert store.article_count() == 3
    assert site.hits("/feeds/growing.xml") >= 2


def test_the_state_remembers_every_url_of_a_long_feed(store_url: str) -> None:  # noqa: F811 - fixture by name
    urls = [f"https://news.example/story-{i}" for i in range(1203)]  # three reads of 500 URLs
    moment = datetime(2024, 3, 5, 9, 15, tzinfo=UTC)
    with open_store(store_url) as store:
        state = WatchState(store)
        for k, url in enumerate(urls):
            state.record_item(url, "Wire", now=moment, status="failed" if k % 2 else "stored")
        remembered = state.items([*urls, "https://news.example/never-met"])
        assert sorted(remembered) == sorted(urls)
        assert remembered[urls[-1]].status == ("failed" if (len(urls) - 1) % 2 else "stored")
        assert [r["url"] for r in state.item_rows("Wire", limit=3)] == sorted(urls)[:3]
