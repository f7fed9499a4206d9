"""``serve.py`` (what ``scripts/app.sh`` runs): the events are loaded as the server starts, before it
answers, and a store written after that start is never shown as it was.

Driven by Debian chromium through Playwright, offline, on the hand-made fixture store of
``test_app.py``; skipped, saying so, without chromium.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from app_browser import CHROMIUM, assert_clean, open_page, streamlit_app

from geo.app import snapshot
from geo.store import open_store
from tests.test_app import fixture_results

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed: apt-get install chromium"),
]


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


def test_the_events_are_loaded_before_the_server_answers(browser: Any, tmp_path: Path) -> None:
    store_path, snapshots = tmp_path / "events.gpkg", tmp_path / "frames"
    with open_store(store_path) as store:
        store.add_results(fixture_results())
        revision = store.revision()
    with streamlit_app(store_path, tmp_path / "serve.log", "serve.py", LCM_SNAPSHOT_DIR=str(snapshots)) as srv:
        # No page was asked for yet: only the start-up can have read the store and saved its snapshot.
        assert snapshot.snapshot_path(snapshots, *revision).is_file()
        assert _shown_event_count(browser, srv.url) == len(fixture_results())


def test_a_store_written_after_the_start_is_shown_as_it_is_now(browser: Any, tmp_path: Path) -> None:
    store_path, snapshots = tmp_path / "events.gpkg", tmp_path / "frames"
    results = fixture_results()
    with open_store(store_path) as store:
        store.add_results(results[:-1])
    with streamlit_app(store_path, tmp_path / "serve.log", "serve.py", LCM_SNAPSHOT_DIR=str(snapshots)) as srv:
        with open_store(store_path) as store:  # another process (python -m geo ingest) adds an article
            store.add_results(results[-1:])
        assert _shown_event_count(browser, srv.url) == len(results)
