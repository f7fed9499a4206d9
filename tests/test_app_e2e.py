"""The dashboard end to end: ``streamlit run app.py`` driven by Debian chromium through Playwright, offline.

Every request that is not to localhost is aborted (and recorded): the page must
load, draw its marks and stay free of page errors and failed requests with no
internet. Needs ``apt-get install chromium``; skipped, saying so, without it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL = ("http://localhost", "http://127.0.0.1", "data:", "blob:", "about:")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed: apt-get install chromium"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    store: Path
    proc: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def _streamlit(store: Path, log: Path) -> Iterator[Server]:
    """``streamlit run app.py`` on a free port with ``LCM_STORE=store``, offline; stopped on exit."""
    port = _free_port()
    env = {**os.environ, "LCM_STORE": str(store), "LCM_OFFLINE": "1"}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')}")
        else:
            raise RuntimeError(f"streamlit did not start: {log.read_text(errors='replace')}")
        yield Server(url, store, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The app on a fresh copy of the fixture store (hand-made events, see test_app.py)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from test_app import build_fixture_store

    tmp = tmp_path_factory.mktemp("e2e")
    with _streamlit(build_fixture_store(tmp / "events.gpkg"), tmp / "streamlit.log") as srv:
        yield srv


@dataclass
class Watch:
    """What went wrong on the page: errors, failed requests, dialogs, requests that tried to leave."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _open(browser: Any, url: str) -> tuple[Any, Any, Watch]:
    """A page on ``url`` in a fresh context that blocks and records every non-local request."""
    watch = Watch()
    context = browser.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True)

    def route(r: Any) -> None:
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:  # offline: nothing leaves the machine
            watch.outside.append(r.request.url)
            r.abort()

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("pageerror", lambda e: watch.errors.append(f"pageerror: {e}"))
    pg.on("console", lambda m: watch.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("requestfailed", lambda r: watch.failed.append(f"{r.url} ({r.failure})"))
    pg.on("dialog", on_dialog)
    pg.goto(url)
    _map(pg).locator(".leaflet-container").wait_for(timeout=90_000)
    _wait_marks(pg)
    _wait_complete(pg)
    return context, pg, watch


def _wait_complete(pg: Any) -> None:
    """The map comes first; the page's second run adds the events table and the weekly chart. Wait
    for them, so that a test's first input does not race that run."""
    pg.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    pg.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=60_000)
    pg.wait_for_timeout(500)


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[tuple[Any, Watch]]:
    context, pg, watch = _open(browser, server.url)
    try:
        yield pg, watch
    finally:
        context.close()


def _map(pg: Any) -> Any:
    return pg.frame_locator(MAP_FRAME)


def _wait_marks(pg: Any) -> None:
    _map(pg).locator(".awesome-marker-icon-red, .awesome-marker.leaflet-interactive, .marker-cluster").first.wait_for(
        timeout=60_000)
    pg.wait_for_timeout(800)  # clusters settle


def _events_drawn(pg: Any) -> int:
    """Point events on the map: single icons plus the counts written on clusters."""
    frame = pg.frame(url=lambda u: "streamlit_folium" in u)
    assert frame is not None
    return int(frame.evaluate("""() => {
        let n = document.querySelectorAll('.awesome-marker.leaflet-interactive').length;
        document.querySelectorAll('.marker-cluster span').forEach(s => { n += parseInt(s.textContent, 10); });
        return n; }"""))


def _wait_caption(pg: Any, text: str) -> None:
    """Wait for the map caption ("<period>: N events; front lines valid on <day>: M") to contain ``text``."""
    pg.get_by_text(re.compile(r"events; front lines valid on .*" if not text else re.escape(text))).first.wait_for(
        timeout=30_000)
    pg.wait_for_timeout(1200)  # the map component receives its new layers


def _set_date_range(pg: Any, start: str, end: str) -> None:
    """Type ``YYYYMMDD`` into the sidebar's date range (react-aria date segments), then close its calendar."""
    for which, value in (("start", start), ("end", end)):
        pg.locator(f'[data-testid="stSidebar"] [role="spinbutton"][aria-label="year, Date range {which} date"]'
                   ).focus()
        pg.keyboard.type(value)
    pg.keyboard.press("Escape")


def _clean(watch: Watch) -> None:
    assert watch.errors == [], watch.errors
    assert watch.failed == [], watch.failed
    assert watch.outside == [], watch.outside
    assert watch.dialogs == [], watch.dialogs


def test_loads_offline_with_marks_and_no_errors(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    assert _events_drawn(pg) == 11  # 14 fixture events: 2 front lines and 1 movement are lines
    frame = _map(pg)
    assert frame.locator("path.lcm-frontline").count() == 2
    assert frame.locator(".lcm-arrowhead").count() == 1
    assert frame.locator(".lcm-legend").count() == 1
    assert frame.locator("img.leaflet-tile").count() == 0  # offline: no tiles at all
    _clean(watch)


def test_first_start_builds_the_store_from_the_sample_articles(browser: Any, tmp_path: Path) -> None:
    """What a user sees on first start: the store built from data/sample_articles.jsonl by the pipeline.

    Saves the screenshot ``app_loaded.png`` in ``$LCM_ARTIFACTS_DIR`` when set, else in the test's
    temporary folder (the tests write nothing into the checkout).
    """
    store = tmp_path / "first" / "events.gpkg"
    with _streamlit(store, tmp_path / "streamlit.log") as srv:
        context, pg, watch = _open(browser, srv.url)
        try:
            pg.get_by_text("First start: the event store was built").wait_for(timeout=30_000)
            assert store.exists()
            assert _events_drawn(pg) > 10  # depends on the extractor; the samples hold ~45 events
            artifacts = Path(os.environ.get("LCM_ARTIFACTS_DIR") or tmp_path)
            artifacts.mkdir(parents=True, exist_ok=True)
            pg.wait_for_timeout(1000)
            pg.screenshot(path=str(artifacts / "app_loaded.png"), full_page=True)
            _clean(watch)
        finally:
            context.close()


def test_filter_changes_the_number_of_marks(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    before = _events_drawn(pg)
    # Remove "Air / drone strike" (3 fixture events) from the category filter.
    pg.locator('[data-testid="stSidebar"] button[aria-label="Remove Air / drone strike"]').click()
    _wait_caption(pg, ": 9 events;")
    assert _events_drawn(pg) == before - 3
    _clean(watch)


def test_date_change_changes_the_map(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    assert _map(pg).locator("path.lcm-frontline").count() == 2
    _set_date_range(pg, "20190401", "20191231")
    _wait_caption(pg, "front lines valid on 2019-12-31: 0")
    assert _events_drawn(pg) == 8
    assert _map(pg).locator("path.lcm-frontline").count() == 0  # no front line reported yet
    _clean(watch)


def test_download_is_valid_geojson(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    pg.get_by_role("tab", name="Export").click()
    pg.get_by_role("button", name="GeoJSON: all layers").wait_for(timeout=30_000)
    with pg.expect_download(timeout=30_000) as info:
        pg.get_by_role("button", name="GeoJSON: all layers").click()
    download = info.value
    assert download.suggested_filename.endswith("-all.geojson")
    doc = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert len(doc["features"]) == 14
    for feat in doc["features"]:
        coords = feat["geometry"]["coordinates"]
        for lon, lat in [coords] if feat["geometry"]["type"] == "Point" else coords:
            assert 9 < lon < 26 and 19 < lat < 34
    _clean(watch)


def test_xss_article_renders_as_text_and_a_click_selects_its_row(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    _set_date_range(pg, "20190506", "20190506")  # only the XSS event that day
    _wait_caption(pg, "2019-05-06 – 2019-05-06: 1 events")
    frame = _map(pg)
    icon = frame.locator(".awesome-marker.leaflet-interactive")
    icon.first.wait_for()
    assert icon.count() == 1
    icon.first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert frame.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    # The click reaches the app: the event becomes the selected table row.
    pg.get_by_text("Selected: 2019-05-06 · shelling · Ain Zara").wait_for(timeout=30_000)
    pg.wait_for_timeout(500)
    assert watch.dialogs == []
    _clean(watch)


def test_selecting_a_table_row_centres_the_map_on_it(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    grid = pg.locator('[data-testid="stDataFrame"]').filter(has=pg.locator("canvas")).last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    # The data grid is a canvas: click the selection cell of the first row (below the 35 px header).
    pg.mouse.click(box["x"] + 15, box["y"] + 35 + 17)
    pg.get_by_text("Selected: 2020-07-26 · movement · Abu Grein").wait_for(timeout=30_000)
    frame = _map(pg)
    frame.locator("path.lcm-selected").wait_for(timeout=30_000)  # a ring around the event
    map_frame = pg.frame(url=lambda u: "streamlit_folium" in u)
    assert map_frame is not None
    map_frame.wait_for_function("() => window.map && window.map.getZoom() === 12", timeout=30_000)
    centre = map_frame.evaluate("() => window.map.getCenter()")
    assert abs(centre["lat"] - 31.4497) < 0.01 and abs(centre["lng"] - 15.2550) < 0.01  # Abu Grein
    _clean(watch)


def test_play_steps_through_time(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    pg.get_by_role("button", name="⏵ Play").click()
    # Playing starts from the first day and moves a week per tick.
    _wait_caption(pg, "2019-04-02 – 2019-04-08:")
    _wait_caption(pg, "2019-04-09 – 2019-04-15:")
    pg.get_by_role("button", name="⏸ Pause").click()
    _clean(watch)
