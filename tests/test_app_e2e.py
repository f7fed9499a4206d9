"""The dashboard end to end: ``streamlit run app.py`` driven by Debian chromium through Playwright, offline.

Every request that is not to localhost is aborted (and recorded): the page must
load, draw its marks and stay free of page errors and failed requests with no
internet. Needs ``apt-get install chromium``; skipped, saying so, without it.
The helpers are in ``app_browser.py``, the ``server``/``browser``/``page`` fixtures in ``conftest.py``.
"""

from __future__ import annotations

import json
import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from app_browser import (
    CHROMIUM,
    MAP_FRAME,
    Server,
    Watch,
    assert_clean,
    events_drawn,
    map_frame,
    map_locator,
    open_page,
    set_date_range,
    streamlit_app,
    wait_caption,
    wait_complete,
)
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed: apt-get install chromium"),
]


def test_loads_offline_with_marks_and_no_errors(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    assert events_drawn(pg) == 11  # 14 fixture events: 2 front lines and 1 movement are lines
    frame = map_locator(pg)
    assert frame.locator("path.lcm-frontline").count() == 2
    assert frame.locator(".lcm-arrowhead").count() == 1
    assert frame.locator(".lcm-legend").count() == 1
    assert frame.locator("img.leaflet-tile").count() == 0  # offline: no tiles at all
    assert_clean(watch)


def test_first_start_builds_the_store_from_the_sample_articles(browser: Any, tmp_path: Path) -> None:
    """What a user sees on first start: the store built from data/sample_articles.jsonl by the pipeline,
    and a banner that says so to the visitor whose visit built it, and to no one after.

    Saves the screenshot ``app_loaded.png`` in ``$LCM_ARTIFACTS_DIR`` when set, else in the test's
    temporary folder (the tests write nothing into the checkout).
    """
    store = tmp_path / "first" / "events.gpkg"
    # LCM_SAMPLES=1: a store other than data/events.gpkg gets the samples only when asked to.
    with streamlit_app(store, tmp_path / "streamlit.log", LCM_SAMPLES="1") as srv:
        context, pg, watch = open_page(browser, srv.url)
        try:
            pg.get_by_text("First start: the event store was built").wait_for(timeout=30_000)
            assert store.exists()
            assert events_drawn(pg) > 10  # depends on the extractor; the samples hold ~45 events
            artifacts = Path(os.environ.get("LCM_ARTIFACTS_DIR") or tmp_path)
            artifacts.mkdir(parents=True, exist_ok=True)
            pg.wait_for_timeout(1000)
            pg.screenshot(path=str(artifacts / "app_loaded.png"), full_page=True)
            assert_clean(watch)
        finally:
            context.close()
        # A later visitor of the same server: the store was built before their visit, so no banner
        # (the bug: every visitor saw it until the server restarted).
        context, pg, watch = open_page(browser, srv.url)
        try:
            assert events_drawn(pg) > 10
            pg.get_by_text("Libya conflict events, 2019").first.wait_for(timeout=30_000)
            assert pg.get_by_text("First start: the event store was built").count() == 0
            assert_clean(watch)
        finally:
            context.close()


def test_filter_changes_the_number_of_marks(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    before = events_drawn(pg)
    groups = map_frame(pg).evaluate("() => window.feature_group.length")
    # Remove "Air / drone strike" (3 fixture events) from the category filter.
    pg.locator('[data-testid="stSidebar"] button[aria-label="Remove Air / drone strike"]').click()
    wait_caption(pg, ": 9 events;")
    assert events_drawn(pg) == before - 3
    # The replaced layer groups are forgotten: streamlit-folium's list of them grew by a full set on
    # every rerun (each with its events' data) for as long as the page stayed open.
    assert map_frame(pg).evaluate("() => window.feature_group.length") == groups
    assert_clean(watch)


def test_date_change_changes_the_map(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    assert map_locator(pg).locator("path.lcm-frontline").count() == 2
    set_date_range(pg, "20190401", "20191231")
    wait_caption(pg, "front lines valid on 2019-12-31: 0")
    assert events_drawn(pg) == 8
    assert map_locator(pg).locator("path.lcm-frontline").count() == 0  # no front line reported yet
    assert_clean(watch)


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
    assert_clean(watch)


def test_xss_article_renders_as_text_and_a_click_selects_its_row(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    set_date_range(pg, "20190506", "20190506")  # only the XSS event that day
    wait_caption(pg, "2019-05-06 – 2019-05-06: 1 events")
    frame = map_locator(pg)
    icon = frame.locator(".lcm-mark.leaflet-interactive")
    icon.first.wait_for()
    assert icon.count() == 1
    icon.first.click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert frame.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    # The click reaches the app: the event becomes the selected table row.
    pg.get_by_text("Selected: 2019-05-06 · Shelling, rockets, missiles · Ain Zara").wait_for(timeout=30_000)
    pg.wait_for_timeout(500)
    assert watch.dialogs == []
    assert_clean(watch)


def test_selecting_a_table_row_centres_the_map_on_it(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    grid = pg.locator('[data-testid="stDataFrame"]').filter(has=pg.locator("canvas")).last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    # The data grid is a canvas: click the selection cell of the first row (below the 35 px header).
    pg.mouse.click(box["x"] + 15, box["y"] + 35 + 17)
    pg.get_by_text("Selected: 2020-07-26 · Movement, convoy, deployment · Abu Grein").wait_for(timeout=30_000)
    frame = map_locator(pg)
    frame.locator("path.lcm-selected").wait_for(timeout=30_000)  # a ring around the event
    map_frame = pg.frame(url=lambda u: "streamlit_folium" in u)
    assert map_frame is not None
    # The movement is a line from Misrata to Abu Grein: the map shows all of it, closer than the country
    # view (a view of one end only was the bug of a front line "zoomed to empty sea").
    map_frame.wait_for_function("""() => window.map && window.map.getZoom() >= 7
        && window.map.getBounds().contains([32.3746, 15.0906]) && window.map.getBounds().contains([31.4497, 15.2550])""",
        timeout=30_000)
    assert_clean(watch)


def test_the_map_date_starts_at_the_end_of_the_range_on_every_load(browser: Any, server: Server) -> None:
    """The bug: a server-side date slider sometimes opened at the start of the range (1 load in 3)."""
    for _ in range(10):
        context = browser.new_context(viewport={"width": 1500, "height": 1100})
        try:
            pg = context.new_page()
            pg.goto(server.url)
            map_locator(pg).locator(".lcm-time-date").wait_for(timeout=90_000)
            frame = map_frame(pg)
            frame.wait_for_function("() => window.lcmTime && window.lcmTime.day !== null", timeout=60_000)
            assert map_locator(pg).locator(".lcm-time-date").inner_text() == "2020-07-26"
            assert frame.evaluate("() => window.lcmTime.day === window.lcmTime.last")
            assert map_locator(pg).locator("path.lcm-frontline").count() == 2  # both valid on the last day
        finally:
            context.close()


def test_play_advances_frames_in_the_browser_without_asking_the_server(browser: Any, server: Server) -> None:
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    try:
        pg = context.new_page()
        sent: list[str] = []
        requests: list[str] = []
        # A rerun request would be a message sent on Streamlit's websocket.
        pg.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload)[:60])))
        pg.on("request", lambda r: requests.append(r.url))
        pg.goto(server.url)
        map_locator(pg).locator(".lcm-time-date").wait_for(timeout=90_000)
        wait_complete(pg)
        pg.wait_for_timeout(2000)
        frame = map_frame(pg)
        box = map_locator(pg).locator(".lcm-time")
        box.locator(".lcm-time-unit").select_option("7")
        box.locator(".lcm-time-speed").select_option("8")
        box.locator(".lcm-time-trail").select_option("7")
        draws = frame.evaluate("() => window.lcmDraws")
        sent.clear()
        requests.clear()
        frame.evaluate("() => { window.lcmTime.go(window.lcmTime.first); }")
        assert map_locator(pg).locator("path.lcm-frontline").count() == 0  # no front line reported in April 2019
        frames = frame.evaluate("() => window.lcmTime.frames")
        box.locator(".lcm-time-play").click()
        frame.wait_for_function(f"() => window.lcmTime.frames >= {frames} + 6", timeout=30_000)
        box.locator(".lcm-time-play").click()  # pause
        assert frame.evaluate("() => window.lcmTime.day - window.lcmTime.first") >= 5 * 7  # a week a frame
        # Forward to the end: the front lines valid on the last day are back, drawn by the browser alone.
        frame.evaluate("() => window.lcmTime.go(window.lcmTime.last)")
        assert map_locator(pg).locator("path.lcm-frontline").count() == 2
        pg.wait_for_timeout(500)
        assert requests == [] and sent == [], (requests, sent)
        assert frame.evaluate("() => window.lcmDraws") == draws  # no layer was sent again
    finally:
        context.close()


def test_a_stacked_mark_opens_fanned_out(page: tuple[Any, Watch]) -> None:
    """Ain Zara: a clash and a shelling at one point, in two layers. One cluster; a click fans it out."""
    pg, watch = page
    frame = map_frame(pg)
    frame.wait_for_function("""() => { const m = window.map;
        if (m.getZoom() !== 15) { m.setView([32.7952, 13.2869], 15, {animate: false}); }
        return m.getZoom() === 15; }""", polling=300, timeout=30_000)
    pg.wait_for_timeout(800)
    cluster = map_locator(pg).locator(".marker-cluster")
    cluster.first.wait_for(timeout=30_000)
    # Zoomed in to a quarter of Tripoli, the two events are still one numbered mark (not two icons on a pixel).
    assert cluster.count() == 1 and cluster.first.inner_text().strip() == "2"
    # Grey and white, not markercluster's green/yellow/orange, which the legend's side colours would explain
    # wrongly (a yellow cluster read as events of "another actor").
    colours = frame.evaluate("""() => { const c = document.querySelector('.marker-cluster');
        return [getComputedStyle(c).backgroundColor, getComputedStyle(c.querySelector('div')).backgroundColor]; }""")
    for colour in colours:
        r, g, b = (int(v) for v in re.findall(r"\d+", colour)[:3])
        assert r == g == b, colours
    cluster.first.click()
    # Fanned out: the cluster's two icons are on the map (with a leg each), not the cluster alone.
    frame.wait_for_function("() => document.querySelectorAll('.lcm-mark.leaflet-interactive').length === 2",
                            timeout=30_000)
    pg.wait_for_timeout(500)  # the fan-out animation
    icons = map_locator(pg).locator(".lcm-mark.leaflet-interactive")
    boxes = [icons.nth(i).bounding_box() for i in range(icons.count())]
    spots = {(round(b["x"]), round(b["y"])) for b in boxes if b is not None}
    assert len(spots) >= 2  # fanned out: two icons at two places
    assert_clean(watch)


def test_a_click_on_a_chart_bar_filters_to_that_week_and_category(page: tuple[Any, Watch]) -> None:
    pg, watch = page
    # Vega draws the bars as SVG paths, each described by its fields (aria-label).
    bars = pg.locator('[data-testid="stVegaLiteChart"] .mark-rect path')
    bars.first.wait_for(timeout=30_000)
    bar = bars.nth(bars.count() // 2)  # a week inside the range, so the new range differs from the old
    bar.scroll_into_view_if_needed()
    label = bar.get_attribute("aria-label") or ""
    week = re.search(r"week of: (\d{4}-\d{2}-\d{2})", label)
    category = re.search(r"category: ([^;]+)", label)
    count = re.search(r"events: (\d+)", label)
    assert week is not None and category is not None and count is not None, label
    bar.click(force=True)
    # The date range becomes that week (Monday to Sunday) and the category filter that category alone.
    monday = date.fromisoformat(week.group(1))
    sunday = monday + timedelta(days=6)
    pg.get_by_text(f"Map, {monday.isoformat()} – {sunday.isoformat()}:", exact=False).first.wait_for(timeout=30_000)
    # One "Remove" button per chosen value; the sidebar is drawn after the map, so wait for it too.
    chosen = pg.locator('[data-testid="stSidebar"] button[aria-label^="Remove "]')
    expect(chosen).to_have_count(1, timeout=30_000)
    assert chosen.first.get_attribute("aria-label") == f"Remove {category.group(1).strip()}"
    # The table and counts follow: that bar's events, no more (a filter that missed would show more).
    pg.get_by_text(f"{count.group(1)} events in the date range and filters", exact=True).first.wait_for(
        timeout=30_000)
    assert_clean(watch)


def test_heat_map_and_district_layers_toggle_and_the_city_basemap_orients(page: tuple[Any, Watch],
                                                                         tmp_path: Path) -> None:
    """The density layers switch on and off in the layer control; at city zoom the offline basemap
    labels Tripoli's quarters. Saves ``map_country.png`` and ``map_city.png`` in ``$LCM_ARTIFACTS_DIR``
    when set, else in the test's temporary folder."""
    pg, watch = page
    artifacts = Path(os.environ.get("LCM_ARTIFACTS_DIR") or tmp_path)
    frame = map_frame(pg)
    control = map_locator(pg).locator(".leaflet-control-layers")
    control.hover()

    def toggle(name: str) -> None:
        control.hover()
        control.locator("label", has_text=name).locator("input").click()
        pg.wait_for_timeout(400)

    assert map_locator(pg).locator("canvas.leaflet-heatmap-layer").count() == 0  # off when the map opens
    toggle("Heat map: events")
    map_locator(pg).locator("canvas.leaflet-heatmap-layer").wait_for(timeout=15_000)
    # The heat map follows the time control (test_app_map_e2e.py): no note that it counts the whole range.
    note = map_locator(pg).locator(".lcm-time-density")
    map_locator(pg).locator(".lcm-time .lcm-time-trail").select_option("7")
    pg.wait_for_timeout(300)
    assert not note.is_visible()
    map_locator(pg).locator(".lcm-time .lcm-time-trail").select_option("0")
    toggle("Heat map: events")
    frame.wait_for_function("() => document.querySelectorAll('canvas.leaflet-heatmap-layer').length === 0",
                            timeout=15_000)
    district_paths = "document.querySelectorAll('.leaflet-lcmDensity-pane path.leaflet-interactive').length"
    assert frame.evaluate(f"() => {district_paths}") == 0
    toggle("Districts: events")
    # Libya's 22 districts, in their own pane under the arrows and front lines (not over them).
    frame.wait_for_function(f"() => {district_paths} >= 22", timeout=15_000)
    # The districts count the whole range: while the time control shows less (a 7-day trail), it says so.
    assert not note.is_visible()
    map_locator(pg).locator(".lcm-time .lcm-time-trail").select_option("7")
    note.wait_for(state="visible", timeout=5_000)
    map_locator(pg).locator(".lcm-time .lcm-time-trail").select_option("0")
    note.wait_for(state="hidden", timeout=5_000)
    assert frame.evaluate("""() => +getComputedStyle(document.querySelector('.leaflet-lcmDensity-pane')).zIndex
        < +getComputedStyle(document.querySelector('.leaflet-overlay-pane')).zIndex""")
    pg.mouse.move(0, 0)
    artifacts.mkdir(parents=True, exist_ok=True)
    pg.wait_for_timeout(800)
    pg.locator(MAP_FRAME).screenshot(path=str(artifacts / "map_country.png"))
    toggle("Districts: events")
    frame.wait_for_function(f"() => {district_paths} === 0", timeout=15_000)
    # City zoom on Tripoli: the quarters' names appear (not at country zoom: they would collide).
    assert map_locator(pg).locator(".lcm-place-minor", has_text="Ain Zara").count() == 0
    frame.wait_for_function("""() => { const m = window.map;
        if (m.getZoom() !== 11) { m.setView([32.84, 13.22], 11, {animate: false}); }
        return m.getZoom() === 11; }""", polling=300, timeout=30_000)
    map_locator(pg).locator(".lcm-place-minor", has_text="Ain Zara").first.wait_for(timeout=15_000)
    # ... and Libya's coast is OpenStreetMap's, fetched from the app (credited), not the 1:10m outline.
    map_locator(pg).locator("path.lcm-coast-fine").first.wait_for(timeout=15_000)
    assert "OpenStreetMap" in map_locator(pg).locator(".leaflet-control-attribution").inner_text()
    pg.mouse.move(0, 0)
    pg.wait_for_timeout(800)
    pg.locator(MAP_FRAME).screenshot(path=str(artifacts / "map_city.png"))
    assert_clean(watch)


def test_a_shared_link_restores_the_view(browser: Any, server: Server) -> None:
    """Filters, dates and the map's centre and zoom travel in the URL; opening the link restores them."""
    context, pg, watch = open_page(browser, server.url)
    try:
        pg.locator('[data-testid="stSidebar"] button[aria-label="Remove Air / drone strike"]').click()
        wait_caption(pg, ": 9 events;")
        frame = map_frame(pg)
        frame.evaluate("() => window.map.setView([32.80, 13.25], 10, {animate: false})")
        pg.wait_for_function("() => location.search.includes('z=10')", timeout=30_000)
        link = pg.url
        assert "cat=" in link and "airstrike" not in link.split("cat=")[1].split("&")[0]
        assert_clean(watch)
    finally:
        context.close()
    context, pg, watch = open_page(browser, link)
    try:
        wait_caption(pg, ": 9 events;")  # the category filter came back
        removable = pg.locator('[data-testid="stSidebar"] button[aria-label^="Remove "]')
        labels = [removable.nth(i).get_attribute("aria-label") for i in range(removable.count())]
        assert "Remove Armed clash" in labels and "Remove Air / drone strike" not in labels
        frame = map_frame(pg)
        frame.wait_for_function("() => window.map.getZoom() === 10", timeout=30_000)
        centre = frame.evaluate("() => window.map.getCenter()")
        assert abs(centre["lat"] - 32.80) < 0.01 and abs(centre["lng"] - 13.25) < 0.01
        assert_clean(watch)
    finally:
        context.close()


def test_an_emptied_category_box_comes_back_empty_from_its_link(browser: Any, server: Server) -> None:
    """The bug: a link to a view with no category chosen opened with every category (``cat=``)."""
    context, pg, watch = open_page(browser, server.url)
    try:
        pg.locator('[data-testid="stSidebar"] [aria-label="Clear all"]').first.click()
        pg.get_by_text("No category chosen, so no events are shown").wait_for(timeout=30_000)
        pg.wait_for_function("() => location.search.includes('cat=none')", timeout=30_000)
        link = pg.url
        assert_clean(watch)
    finally:
        context.close()
    context, pg, watch = open_page(browser, link, marks=False)
    try:
        pg.get_by_text("No category chosen, so no events are shown").wait_for(timeout=30_000)
        wait_caption(pg, "no category chosen (sidebar)")
        assert pg.locator('[data-testid="stSidebar"] button[aria-label^="Remove "]').count() == 0
        assert events_drawn(pg) == 0
        assert_clean(watch)
    finally:
        context.close()
