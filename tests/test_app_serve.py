"""``serve.py`` (what ``scripts/app.sh`` runs): the events and a new visitor's map are made as the server
starts, before it answers, and a store written after that start is never shown as it was.

The server tests drive Debian chromium through Playwright, offline, on the hand-made fixture
store of ``test_app.py`` (skipped, saying so, without chromium); the page's first run is checked
with Streamlit's AppTest.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from app_browser import CHROMIUM, assert_clean, open_page, streamlit_app
from streamlit.testing.v1 import AppTest

from geo import mapview
from geo.app import resources, snapshot
from geo.store import open_store
from tests.test_app import APP, fixture_results, store_file

__all__ = ["store_file"]  # test_app.py's fixture: the fixture store as LCM_STORE, offline

in_chromium = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed: apt-get install chromium")


def test_a_new_visitors_first_run_finds_its_map_made_at_start(store_file: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    resources.warm_up()  # what serve.py does before the server answers
    made: list[int] = []
    make = mapview.layer_elements
    monkeypatch.setattr(mapview, "layer_elements", lambda *a, **k: made.append(1) or make(*a, **k))
    at = AppTest.from_file(str(APP), default_timeout=90).run()
    assert not at.exception, at.exception
    assert f"{len(fixture_results())} events" in " ".join(c.value for c in at.sidebar.caption)
    assert made == []  # the page took the layers made at start: its default view is the one warmed


def _shown_event_count(browser: Any, url: str) -> int:
    """The number of events the page's sidebar says the store holds, once the page is complete."""
    context, pg, watch = open_page(browser, url)
    try:
        caption = pg.locator('[data-testid="stSidebar"]').get_by_text(re.compile(r"Store: .* events"))
        found = re.search(r"([\d,]+) events", caption.inner_text(timeout=30_000))
        assert found, caption.inner_text()
        assert_clean(watch)
        return int(found.group(1).replace(",", ""))
    finally:
        context.close()


@pytest.mark.browser
@in_chromium
def test_the_events_are_loaded_before_the_server_answers(browser: Any, tmp_path: Path) -> None:
    store_path, snapshots = tmp_path / "events.gpkg", tmp_path / "frames"
    with open_store(store_path) as store:
        store.add_results(fixture_results())
        revision = store.revision()
    with streamlit_app(store_path, tmp_path / "serve.log", "serve.py", LCM_SNAPSHOT_DIR=str(snapshots)) as srv:
        # No page was asked for yet: only the start-up can have read the store and saved its snapshot.
        assert snapshot.snapshot_path(snapshots, *revision).is_file()
        assert _shown_event_count(browser, srv.url) == len(fixture_results())


@pytest.mark.browser
@in_chromium
def test_a_store_written_after_the_start_is_shown_as_it_is_now(browser: Any, tmp_path: Path) -> None:
    store_path, snapshots = tmp_path / "events.gpkg", tmp_path / "frames"
    results = fixture_results()
    with open_store(store_path) as store:
        store.add_results(results[:-1])
    with streamlit_app(store_path, tmp_path / "serve.log", "serve.py", LCM_SNAPSHOT_DIR=str(snapshots)) as srv:
        with open_store(store_path) as store:  # another process (python -m geo ingest) adds an article
            store.add_results(results[-1:])
        assert _shown_event_count(browser, srv.url) == len(results)
