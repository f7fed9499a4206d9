"""The app's Sources tab (Streamlit AppTest) on a store filled by the watch from the local news site."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo.store import open_store
from geo.watch.poll import article_id
from geo.watch.run import watch_once
from geo.watch.sources import load_sources
from geo.watch.state import WatchState
from tests.watch_server import NewsSite

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture
def watched(site: NewsSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store after one watch pass over three sources (one failing), the app pointed at it."""
    sources = site.sources_file(tmp_path / "sources.toml")
    settings, listed = load_sources(sources)
    store_path = tmp_path / "events.gpkg"
    with open_store(store_path) as store:
        watch_once([s for s in listed if s.name in ("Tripoli Morning Post", "Sahel Daily", "Server Error")],
                   store, settings)
    monkeypatch.setenv("LCM_STORE", str(store_path))
    monkeypatch.setenv("LCM_SOURCES", str(sources))
    monkeypatch.setenv("LCM_OFFLINE", "1")
    return store_path


def _sources_tab() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.run()
    at.session_state["tab"] = "Sources"
    at.run()
    assert not at.exception, at.exception
    return at


def _table(at: AppTest, column: str) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _submit(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception


def test_the_tab_lists_each_source_with_its_last_fetch_and_error(watched: Path) -> None:
    at = _sources_tab()
    table = _table(at, "last_error").set_index("name")
    assert table.loc["Tripoli Morning Post", "new_articles"] == 2
    assert table.loc["Sahel Daily", "events_made"] == 2
    assert table.loc["Sahel Daily", "last_status"] == "ok" and table.loc["Sahel Daily", "last_fetch"]
    assert table.loc["Server Error", "last_error"] == "HTTP 500 Internal Server Error"
    assert "robots.txt" in table.loc["Tripoli Morning Post", "last_error"]  # a page the feed linked to failed
    assert pd.isna(table.loc["Slow Source", "last_fetch"])  # listed, never polled
    assert not table.loc["Switched Off", "enabled"]
    # and the events the watch made are on the Events tab
    at.session_state["tab"] = "Events"
    at.run()
    places = set(_table(at, "evidence")["place_name"])
    assert {"Ain Zara", "Sirte", "Benghazi", "Tarhuna"} <= places


def test_an_article_url_pasted_in_the_tab_is_fetched_and_ingested(watched: Path, site: NewsSite) -> None:
    at = _sources_tab()
    at.text_input(key="article_url").input(site.base + "/news/misrata-drone")
    _submit(at, "Fetch and ingest")
    assert any("inserted: 1 events" in s.value for s in at.success), [s.value for s in at.success]
    with open_store(watched) as store:
        art = store.get_article(article_id(site.base + "/news/misrata-drone"))
    assert art is not None and "drone struck an ammunition depot near Misrata" in art.text
    at.text_input(key="article_url").input("ftp://files.example/x")
    _submit(at, "Fetch and ingest")
    assert at.error and any("expected an http(s) URL" in t.value for t in at.text)


def test_a_feed_added_in_the_tab_is_polled_by_the_next_watch(watched: Path, site: NewsSite) -> None:
    at = _sources_tab()
    at.text_input(key="feed_name").input("Growing Wire (app)")
    at.text_input(key="feed_url").input(site.base + "/feeds/growing.xml")
    at.selectbox(key="feed_language").set_value("en")
    _submit(at, "Add")
    assert "Growing Wire (app)" in set(_table(at, "last_error")["name"])
    with open_store(watched) as store:
        report = watch_once([], store, load_sources(watched.parent / "sources.toml")[0])
        assert [r.source for r in report.sources] == ["Growing Wire (app)"]
        assert report.sources[0].new_articles == 2
        assert WatchState(store).source_row("Growing Wire (app)")["origin"] == "app"  # type: ignore[index]
    at.text_input(key="feed_name").input("Growing Wire (app)")  # the same name again: refused
    at.text_input(key="feed_url").input(site.base + "/feeds/wire.xml")
    _submit(at, "Add")
    assert at.error and any("already exists" in t.value for t in at.text)


def test_a_sites_words_in_a_fetch_error_are_shown_as_plain_text(watched: Path, site: NewsSite) -> None:
    """A server's reason phrase (or a page's text) in an error is the site's, not ours: shown as
    markdown it would draw the site's image (a request to it from the analyst's browser) and a link."""
    at = _sources_tab()
    at.text_input(key="article_url").input(site.base + "/news/refused")
    _submit(at, "Fetch and ingest")
    shown = [t.value for t in at.text]
    assert any(f"HTTP 503 ![pixel]({site.base}/pixel.png)" in t for t in shown), shown
    assert at.error and not any("pixel" in e.value or "](" in e.value for e in at.error), [e.value for e in at.error]
