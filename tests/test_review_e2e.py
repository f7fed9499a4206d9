"""The Review tab end to end in Debian chromium (the bug of issue 12, as a user meets it).

Select event A, then event B, edit one field of B and save: A must be unchanged and B
changed in that field only. The same for reject and undo. Each test reads the store
itself afterwards. Saves ``review_diff.png`` (the what-will-change view) in
``$LCM_ARTIFACTS_DIR`` when set, else in the test's temporary folder.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from app_browser import CHROMIUM, Watch, assert_clean, open_page, streamlit_app

from geo.app import appdata
from geo.store import open_store

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed: apt-get install chromium"),
]


@pytest.fixture
def review_page(browser: Any, tmp_path: Path) -> Iterator[tuple[Any, Watch, Path]]:
    """The app on its own fresh fixture store (these tests write to it), Review tab open."""
    from test_app import build_fixture_store

    store = build_fixture_store(tmp_path / "events.gpkg")
    with streamlit_app(store, tmp_path / "streamlit.log") as srv:
        context, pg, watch = open_page(browser, srv.url)
        try:
            pg.get_by_role("tab", name="Review").click()
            pg.get_by_text("What will change").wait_for(timeout=60_000)
            yield pg, watch, store
        finally:
            context.close()


def _ids(store: Path) -> dict[str, str]:
    with open_store(store) as s:
        events = appdata.load_events(s)
    return {str(place): str(eid) for eid, place in zip(events.index, events["place_name"], strict=True)}


def _values(store: Path, eid: str) -> dict[str, Any]:
    with open_store(store) as s:
        return s.review_values(eid)


def _pick(pg: Any, place: str, eid: str) -> None:
    """Choose the event in the Review tab's picker by typing its id, then wait for the form to show it."""
    box = pg.locator('[data-testid="stSelectbox"]').filter(has=pg.get_by_text("Event", exact=True)).first
    box.locator("input").click()
    pg.keyboard.type(eid)
    pg.keyboard.press("Enter")
    pg.get_by_text(re.compile(rf"^Place now: {re.escape(place)} ")).wait_for(timeout=30_000)
    pg.wait_for_timeout(500)


def _server_settled(pg: Any) -> None:
    pg.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)
    pg.wait_for_timeout(300)


def test_edit_one_field_of_the_second_event_selected(review_page: tuple[Any, Watch, Path], tmp_path: Path) -> None:
    pg, watch, store = review_page
    ids = _ids(store)
    a, b = ids["Tajoura"], ids["Tarhuna"]
    before_a, before_b = _values(store, a), _values(store, b)
    _pick(pg, "Tajoura", a)
    _pick(pg, "Tarhuna", b)
    actor2 = pg.get_by_label("Actor 2")
    assert actor2.input_value() == "LNA"  # B's value, not A's ("Civilians")
    actor2.fill("LNA and Wagner")
    actor2.press("Enter")
    diff = pg.get_by_text("Actor 2: LNA -> LNA and Wagner")
    diff.wait_for(timeout=30_000)
    _server_settled(pg)
    assert _values(store, b) == before_b  # shown, not saved
    artifacts = Path(os.environ.get("LCM_ARTIFACTS_DIR") or tmp_path)
    artifacts.mkdir(parents=True, exist_ok=True)
    pg.get_by_text("What will change").scroll_into_view_if_needed()
    pg.screenshot(path=str(artifacts / "review_diff.png"), full_page=True)
    pg.get_by_role("button", name="Save correction").click()
    pg.get_by_text("Saved.", exact=True).wait_for(timeout=30_000)
    assert _values(store, a) == before_a
    after_b = _values(store, b)
    assert after_b["actor2"] == "LNA and Wagner"
    assert {k: v for k, v in after_b.items() if k != "actor2"} == {k: v for k, v in before_b.items() if k != "actor2"}
    assert_clean(watch)


def test_reject_the_second_event_selected_then_undo(review_page: tuple[Any, Watch, Path]) -> None:
    pg, watch, store = review_page
    ids = _ids(store)
    a, b = ids["Gharyan"], ids["Benghazi"]
    before_a, before_b = _values(store, a), _values(store, b)
    _pick(pg, "Gharyan", a)
    _pick(pg, "Benghazi", b)
    pg.get_by_role("button", name="Reject this event").click()
    pg.get_by_text("Saved.", exact=True).wait_for(timeout=30_000)
    pg.get_by_text(re.compile(r"Status: kept -> rejected")).wait_for(timeout=30_000)
    assert _values(store, a) == before_a
    assert _values(store, b) == {**before_b, "rejected": True}
    pg.get_by_role("button", name="Undo the last correction").click()
    pg.get_by_text("Undone.", exact=True).wait_for(timeout=30_000)
    assert _values(store, b) == before_b
    assert _values(store, a) == before_a
    assert_clean(watch)
