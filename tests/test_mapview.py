"""The folium map (geo.mapview): rendered HTML, escaping, layers, local assets, and the page in chromium."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from saved_map import saved_map_page, set_saved_map_view

from geo.mapview import (
    LAYER_TITLES,
    MAX_MARKERS,
    ElementCache,
    build_map,
    data_bounds,
    layer_elements,
    layer_groups,
)
from geo.mapview.assets import (
    ASSETS,
    BUNDLE,
    BUNDLE_PATH,
    STATIC_DIR,
    bundle_text,
    ensure_app_static,
    missing_assets,
    offline_env,
)
from geo.mapview.basemap import LIBYA_BOUNDS, OSM_TILES, country_outlines
from geo.mapview.frontlines import FrontLines
from geo.mapview.movements import MovementArrows, screen_bearing
from geo.mapview.points import EventCells, EventMarkers, PointArrays, aggregate_cells
from geo.mapview.popup import esc, is_arabic, popup_html, popup_join, safe_url, tooltip_html
from geo.mapview.style import SIDE_STYLE
from geo.model import Event
from geo.outputs.layers import events_to_frame, split_layers

XSS_EVIDENCE = "Shelling hit Ain Zara <script>alert(1)</script> <img src=x onerror=alert(2)> ${alert(3)} `x` \\u0041"


def _events() -> list[Event]:
    return [
        Event("airstrike", [(13.2879, 32.8918)], date(2019, 4, 8), ["s-004"], "A jet struck Mitiga airport.",
              actor1="LNA", actor2="GNA", place_name="Mitiga", fatalities=0, url="https://example.org/s-004",
              source="sample"),
        Event("shelling", [(13.2869, 32.7952)], date(2019, 5, 6), ["xss"], XSS_EVIDENCE,
              place_name="<b>Ain Zara</b>", actor1="<i>LNA</i>", url="javascript:alert(4)",
              source="<img src=y onerror=alert(5)>"),
        Event("shelling", [(13.1712, 32.8496)], date(2019, 4, 16), ["s-006"],
              "سقطت صواريخ غراد ليلة أمس على أحياء سكنية في منطقة أبو سليم", language="ar", fatalities=6,
              place_name="أبو سليم"),
        Event("territory", [(13.0212, 32.1716)], date(2019, 6, 26), ["s-011"], "GNA retook Gharyan.",
              actor1="GNA"),
        Event("movement", [(15.0906, 32.3746), (15.2550, 31.4497)], date(2020, 7, 26), ["s-045"],
              "A column moved from Misrata toward Abu Grein.", actor1="GNA", origin_name="Misrata",
              place_name="Abu Grein"),
        Event("movement", [(13.6351, 32.4346), (16.5836, 31.2060)], date(2020, 6, 7), ["s-037"],
              "LNA units moved from Tarhuna toward Sirte.", actor1="LNA"),
        Event("front_line", [(15.85, 31.04), (15.99, 31.61)], date(2020, 7, 15), ["s-043"],
              "The front line now runs between Abu Grein and Sirte."),
        Event("shootdown", [(13.2879, 32.8918)], date(2019, 6, 30), ["s-013"], "A drone was shot down."),
    ]


@pytest.fixture
def layers() -> dict[str, Any]:
    return split_layers(events_to_frame(_events()))


def _rows(html: str) -> list[list[Any]]:
    """The JSON data arrays embedded by our layer elements, in drawing order."""
    return [json.loads(m) for m in re.findall(r"var rows = (\[.*?\]);\n", html)]


# --------------------------------------------------------------------------- escaping


def test_esc_neutralises_html_and_template_literals() -> None:
    assert esc("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert esc('"quoted" & \'single\'') == "&quot;quoted&quot; &amp; &#x27;single&#x27;"
    assert esc("${alert(1)} `x` \\") == "&#36;{alert(1)} &#96;x&#96; &#92;"
    assert esc(None) == "" and esc(float("nan")) == ""


def test_popup_escapes_every_untrusted_value() -> None:
    row = events_to_frame(_events()).iloc[1].to_dict()
    html = popup_html(row, "#ref")
    assert "<script" not in html and "<img" not in html and "<b>Ain" not in html and "<i>LNA" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    assert "${" not in html and "`" not in html
    assert "href" not in html  # javascript: URL is not linked
    assert "&lt;img src=y onerror=alert(5)&gt;" in html  # the source name, as text
    tip = tooltip_html(row, "#ref")
    assert "<b>" not in tip and "&lt;b&gt;Ain Zara&lt;/b&gt;" in tip


def test_popup_content() -> None:
    row = events_to_frame(_events()).iloc[0].to_dict()
    html = popup_html(row, "#ev-1")
    for text in ("2019-04-08", "airstrike", "Mitiga", "LNA &rarr; GNA", "Killed", "1 &ndash; the place itself",
                 "A jet struck Mitiga airport.", "#ev-1"):
        assert text in html
    assert '<a href="https://example.org/s-004" target="_blank" rel="noopener noreferrer">sample</a>' in html
    assert 'dir="ltr"' in html


def test_arabic_evidence_is_right_to_left() -> None:
    row = events_to_frame(_events()).iloc[2].to_dict()
    html = popup_html(row)
    assert 'dir="rtl" lang="ar"' in html
    assert is_arabic("قصف على أبو سليم") and not is_arabic("shelling on Abu Salim")
    assert is_arabic("x", "ar")


@pytest.mark.parametrize(
    ("url", "ok"),
    [("https://example.org/a?b=1", True), ("http://example.org", True), ("javascript:alert(1)", False),
     ("JAVASCRIPT:alert(1)", False), ("data:text/html,<script>", False), ("//example.org", False),
     ("https://exa mple.org", False), ("ftp://example.org/x", False), ("", False), (None, False),
     ("https:///nohost", False), ("https://example.org/\nx", False)],
)
def test_safe_url(url: Any, ok: bool) -> None:
    assert (safe_url(url) is not None) == ok


# --------------------------------------------------------------------------- rendered map


def test_map_html_has_escaped_text_and_no_raw_markup(layers: dict[str, Any]) -> None:
    html = build_map(layers).get_root().render()
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<img src=y" not in html
    assert "${alert" not in html
    # The markers' popups travel as their parts (popup_parts) and are joined in the page.
    popups = [popup_join(r[4]) for rows in _rows(html) for r in rows if isinstance(r, list) and len(r) == 8]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in p for p in popups)
    assert any("&lt;img src=x onerror=alert(2)&gt;" in p for p in popups)


@pytest.mark.browser
def test_the_page_joins_a_popup_exactly_as_popup_html_does(tmp_path: Path) -> None:
    """The map sends popup parts and builds the popup in the browser (window.lcmPopup): for an
    article full of markup, an Arabic one and a corrected one, the page's popup must be
    popup_html's, character for character, so the two can never say different things."""
    from geo.mapview import build_base
    from geo.mapview.popup import popup_parts

    frame = events_to_frame(_events())
    frame["reviewed"] = [True] + [False] * (len(frame) - 1)
    frame["history"] = ["moved <b>here</b>\nsecond line"] + [None] * (len(frame) - 1)
    rows = [(row, f"#{i}") for i, row in zip(frame.index, frame.drop(columns="geometry").to_dict("records"),
                                            strict=True)]
    page_path = tmp_path / "map.html"
    build_base(base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path) as (page, _errors):
        page.wait_for_function("() => typeof window.lcmPopup === 'function'")
        joined = page.evaluate("(all) => all.map(p => window.lcmPopup(p))",
                               [popup_parts(row, ref) for row, ref in rows])
    assert joined == [popup_html(row, ref) for row, ref in rows]
    assert 'dir="rtl"' in joined[2] and "&lt;b&gt;here&lt;/b&gt;<br>second line" in joined[0]


def test_markers_are_clustered_with_a_category_icon(layers: dict[str, Any]) -> None:
    html = build_map(layers).get_root().render()
    assert "L.markerClusterGroup(" in html
    marker_rows = [r for rows in _rows(html) for r in rows if isinstance(r, list) and len(r) == 8]
    assert sorted(r[2] for r in marker_rows) == ["airstrike", "shelling", "shelling", "shootdown", "territory"]
    assert '"jet-fighter"' in html and '"bomb"' in html and '"plane-slash"' in html and '"flag"' in html
    assert all(r[0] > 30 and r[1] > 10 for r in marker_rows)  # [lat, lon] for Leaflet


def test_one_arrow_per_movement(layers: dict[str, Any]) -> None:
    arrows = MovementArrows(layers["movements"])
    assert len(arrows) == 2
    first = arrows.rows[0]
    assert first["line"][0] == [32.3746, 15.0906] and first["line"][-1] == [31.4497, 15.255]
    assert first["color"] == SIDE_STYLE["west"][0] and arrows.rows[1]["color"] == SIDE_STYLE["east"][0]  # GNA, LNA
    html = build_map(layers).get_root().render()
    arrow_rows = [r for rows in _rows(html) for r in rows if isinstance(r, dict) and "angle" in r]
    assert len(arrow_rows) == 2
    assert "lcm-arrowhead" in html and "lcm-movement" in html


def test_screen_bearing() -> None:
    assert screen_bearing((15.0, 31.0), (16.0, 31.0)) == 0.0  # east
    assert screen_bearing((15.0, 31.0), (15.0, 32.0)) == -90.0  # north is up
    assert screen_bearing((15.0, 31.0), (15.0, 30.0)) == 90.0  # south
    assert screen_bearing((15.0, 31.0), (14.0, 31.0)) == 180.0  # west


def test_a_movement_known_only_by_where_it_went_is_a_disc_there() -> None:
    """The bug: a movement without a reported origin (a point, or a line of one repeated vertex) was left
    off the map while the page counted it among the events "drawn as marks and arrows"."""
    frame = events_to_frame([Event("movement", [(15.0, 32.0), (15.0, 32.0)], None, ["a"], "x"),
                             Event("movement", [(15.5, 32.5)], None, ["b"], "y")])
    arrows = MovementArrows(frame)
    assert [(r["line"], r["angle"]) for r in arrows.rows] == [([[32.0, 15.0]], None), ([[32.5, 15.5]], None)]
    assert "lcm-movement-end" in build_map({"movements": frame}).get_root().render()


def test_one_dashed_dated_line_per_front_line(layers: dict[str, Any]) -> None:
    lines = FrontLines(layers["front_lines"])
    assert len(lines) == 1
    assert lines.rows[0]["date"] == "front line 2020-07-15"
    html = build_map(layers).get_root().render()
    assert 'dashArray: "10 8"' in html and "lcm-frontline" in html
    assert len([r for rows in _rows(html) for r in rows if isinstance(r, dict) and "lines" in r]) == 1


def test_front_lines_argument_replaces_the_layer(layers: dict[str, Any]) -> None:
    valid_on_day = events_to_frame([
        Event("front_line", [(16.58, 31.2), (16.0, 29.2)], date(2020, 6, 20), ["s-040"], "red line"),
        Event("front_line", [(15.4, 31.5), (16.2, 32.1)], date(2020, 7, 20), ["s-044"], "Misrata - Sirte"),
    ])
    parts = layer_groups(layers, front_lines=valid_on_day)
    assert parts.drawn["front_lines"] == 2


def test_many_points_are_aggregated_into_cells(layers: dict[str, Any]) -> None:
    parts = layer_groups(layers, max_markers=3)
    assert parts.aggregated
    html = build_map(layers, max_markers=3).get_root().render()
    assert "lcm-cell" in html and "L.markerClusterGroup(" not in html
    cells = aggregate_cells(layers["strikes"], cell_deg=0.1)
    assert int(cells["count"].sum()) == len(layers["strikes"])
    assert len(EventCells(layers["strikes"])) == len(cells)


def test_markers_turn_into_cells_only_past_the_limit(layers: dict[str, Any]) -> None:
    strikes = layers["strikes"]
    many = {"strikes": strikes.iloc[[i % len(strikes) for i in range(MAX_MARKERS + 1)]]}
    assert not layer_groups({"strikes": many["strikes"].head(MAX_MARKERS)}).aggregated  # the default limit
    assert layer_groups(many).aggregated
    assert "L.markerClusterGroup(" in build_map({"strikes": many["strikes"].head(MAX_MARKERS)}).get_root().render()


def test_a_layer_left_as_it_was_keeps_its_element_and_a_changed_one_is_made_again(layers: dict[str, Any]) -> None:
    """A filter change made every layer's rows, popups and JSON again, also those it left as they
    were (most of a filter change's server time with 100,000 events)."""
    reuse = ElementCache()

    def by_layer(parts: Any) -> dict[str, Any]:
        return {title.rsplit(" (", 1)[0]: element for title, element, _control in parts.layers}

    before = by_layer(layer_elements(layers, reuse=reuse))
    after = by_layer(layer_elements({**layers, "strikes": layers["strikes"].iloc[1:]}, reuse=reuse))
    for name in ("movements", "front_lines", "ground", "other"):
        assert after[LAYER_TITLES[name]] is before[LAYER_TITLES[name]], name
    strikes = LAYER_TITLES["strikes"]
    assert after[strikes] is not before[strikes] and len(after[strikes]) == len(before[strikes]) - 1
    # Aggregated points: the same values (in new arrays) are the same layer; a changed category is not.
    lon, lat, day = np.array([13.1, 13.2]), np.array([32.8, 32.9]), np.array([18000, 18001])

    def cells(*cats: str) -> Any:
        points = PointArrays(lon.copy(), lat.copy(), np.array(cats, dtype=object), day.copy())
        return by_layer(layer_elements({"strikes": points}, reuse=reuse))[strikes]

    assert cells("airstrike", "shelling") is cells("airstrike", "shelling")
    assert cells("airstrike", "shelling") is not cells("airstrike", "airstrike")


def test_element_cache_keeps_the_most_recently_used() -> None:
    reuse = ElementCache(size=2)
    a, b, c = (EventCells(PointArrays(np.array([13.0 + i]), np.array([32.0]), np.array(["clash"])))
               for i in range(3))
    reuse.put("a", a)
    reuse.put("b", b)
    assert reuse.get("a") is a  # now used after "b"
    reuse.put("c", c)
    assert len(reuse) == 2 and reuse.get("b") is None and reuse.get("a") is a and reuse.get("c") is c


def test_offline_map_uses_local_assets_and_no_tiles(layers: dict[str, Any]) -> None:
    html = build_map(layers, offline=True).get_root().render()
    urls = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert urls and all(u.startswith("/app/static/") for u in urls), urls
    assert "tile.openstreetmap.org" not in html
    assert not re.search(r"https?://(?!example\.org|www\.openstreetmap\.org)", html.replace("http://www.w3.org", ""))
    assert '"libya": true' in html  # the outline of Libya is drawn instead of tiles
    for url in urls:
        assert (STATIC_DIR / url.removeprefix("/app/static/")).is_file(), url


def test_online_map_has_osm_tiles(layers: dict[str, Any]) -> None:
    html = build_map(layers, offline=False).get_root().render()
    assert OSM_TILES in html
    assert "/app/static/bundle/map.js" in html  # the libraries stay local even online


def test_cdn_mode_restores_folium_urls(layers: dict[str, Any]) -> None:
    html = build_map(layers, asset_mode="cdn").get_root().render()
    assert "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" in html
    assert "/app/static/" not in html


def test_vendored_assets_are_complete() -> None:
    assert missing_assets() == []
    # Every file a vendored stylesheet loads (images, fonts) is vendored too.
    for kind, rel, _ in ASSETS.values():
        if kind != "css":
            continue
        css = STATIC_DIR / rel
        for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "#")) or ref.endswith(".ttf"):
                continue  # .ttf is only a fallback for browsers without woff2
            assert (css.parent / ref).resolve().is_file(), f"{rel} -> {ref}"
    readme = (STATIC_DIR / "README.md").read_text(encoding="utf-8")
    for _, rel, _ in ASSETS.values():
        assert rel.split("/")[0] in readme


def test_the_committed_bundle_is_exactly_the_vendored_scripts() -> None:
    # Rebuild with scripts/build_map_bundle.py after updating a bundled asset.
    assert (STATIC_DIR / BUNDLE_PATH).read_text(encoding="utf-8") == bundle_text()
    text = bundle_text()
    for name in BUNDLE:
        code = (STATIC_DIR / ASSETS[name][1]).read_text(encoding="utf-8")
        body = [line for line in code.splitlines() if line and not line.startswith("//# sourceMappingURL=")]
        assert body[0] in text and body[-1] in text, name
    positions = [text.index(ASSETS[name][1]) for name in BUNDLE]
    assert positions == sorted(positions)  # Leaflet before the plugins that extend it


def test_a_map_links_the_bundle_once(layers: dict[str, Any]) -> None:
    html = build_map(layers, offline=True).get_root().render()
    assert html.count("/app/static/bundle/map.js") == 1
    assert "leaflet/1.9.3/leaflet.js" not in html and "jquery.min.js" not in html
    # folium's Leaflet.awesome-markers is neither linked nor bundled: no mark uses it.
    assert "awesome-markers" not in html.lower()
    assert "AwesomeMarkers" not in (STATIC_DIR / BUNDLE_PATH).read_text(encoding="utf-8")


def test_ensure_app_static_links_the_vendored_assets(tmp_path: Path) -> None:
    served = ensure_app_static(tmp_path)
    assert (served / "leaflet" / "1.9.3" / "leaflet.js").is_file()
    assert served.resolve() == STATIC_DIR.resolve()
    assert ensure_app_static(tmp_path) == served  # idempotent
    # A dangling link (the checkout moved) is replaced.
    other = tmp_path / "other"
    other.mkdir()
    (other / "static").symlink_to(tmp_path / "gone", target_is_directory=True)
    assert (ensure_app_static(other) / "leaflet" / "1.9.3" / "leaflet.js").is_file()
    # The repository's own link, which Streamlit serves at /app/static.
    repo_static = Path(__file__).resolve().parent.parent / "static"
    assert repo_static.resolve() == STATIC_DIR.resolve()


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("true", True), ("0", False), ("no", False),
                                               ("", None), ("maybe", None)])
def test_offline_env(raw: str, expected: bool | None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LCM_OFFLINE", raw)
    assert offline_env() is expected


def test_long_evidence_is_cut_in_popups() -> None:
    row = events_to_frame([Event("clash", [(13.2, 32.8)], None, ["a"], "word " * 1000)]).iloc[0].to_dict()
    assert len(popup_html(row)) < 2500


def test_legend_lists_categories_arrows_and_front_lines(layers: dict[str, Any]) -> None:
    html = build_map(layers).get_root().render()
    for label in ("Air / drone strike", "Shelling, rockets, missiles", "Drone / aircraft downed",
                  "Movement (coloured by side)", "Front line (date)"):
        assert label in html


def test_the_city_zoom_coast_is_finer_small_and_says_its_source() -> None:
    """Natural Earth's 1:10m outline puts Tripoli's harbour basin on land; OSM's coast does not."""
    from shapely.geometry import Point, shape

    from geo.mapview.basemap import FINE_COAST_PATH, OfflineBasemap

    path = STATIC_DIR / FINE_COAST_PATH
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert path.stat().st_size < 200_000
    assert "OpenStreetMap" in doc["source"] and doc["license"].startswith("ODbL") and "OpenStreetMap" in doc["attribution"]
    fine = shape(doc["features"][0]["geometry"])
    harbour, old_city = Point(13.1842, 32.9025), Point(13.1739, 32.8962)  # (lon, lat)
    coarse = next(shape(f["geometry"]) for f in country_outlines()["features"] if f["properties"]["libya"])
    assert coarse.contains(harbour) and not fine.contains(harbour)
    assert fine.contains(old_city)
    assert OfflineBasemap("/app/static").fine_url == f"/app/static/{FINE_COAST_PATH}"


def test_district_lines_stay_off_the_sea() -> None:
    """The districts' outer edges are the 1:10m coast: drawn at city zoom they ran as a dashed line
    through the sea beside OSM's coast. Only the borders between districts are drawn: none of them
    leaves the OSM outline on the coast (a few hundred metres do in the desert, at land borders)."""
    from shapely.geometry import shape

    from geo.mapview.basemap import FINE_COAST_PATH, district_lines

    fine = shape(json.loads((STATIC_DIR / FINE_COAST_PATH).read_text(encoding="utf-8"))["features"][0]["geometry"])
    lines = shape(district_lines())
    assert lines.length > 50  # degrees: the borders between 22 districts are there
    outside = lines.difference(fine)
    assert all(part.bounds[3] < 29.0 for part in getattr(outside, "geoms", [outside]) if not part.is_empty)


def test_country_outlines_and_bounds() -> None:
    outlines = country_outlines()
    assert any(f["properties"]["libya"] for f in outlines["features"])
    frame = events_to_frame(_events() + [Event("political", [(6.14, 46.2)], None, ["g"], "Geneva talks")])
    (south, west), (north, east) = data_bounds(frame)
    assert west > 9 and north < 34  # Geneva does not drag the view to Europe
    assert data_bounds(events_to_frame([])) == LIBYA_BOUNDS


def test_marker_layer_skips_rows_without_geometry() -> None:
    frame = events_to_frame([Event("political", [], None, ["a"], "x"),
                             Event("protest", [(20.07, 32.12)], None, ["b"], "y")])
    assert len(EventMarkers(frame)) == 1


# --------------------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_standalone_map_renders_in_chromium(layers: dict[str, Any], tmp_path: Path) -> None:
    """The saved map, assets from geo/static via file://, in Debian chromium: no errors, no dialogs."""
    page_path = tmp_path / "map.html"
    build_map(layers, base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path) as (page, errors):
        page.locator(".marker-cluster").first.wait_for()  # the clusters are built (chunked loading)
        assert page.locator("path.lcm-frontline").count() == 1
        assert page.locator(".lcm-arrowhead").count() == 2
        assert page.locator(".lcm-legend").count() == 1
        # Zoom in past the clustering limit so each event has its own icon, then open the XSS popup.
        set_saved_map_view(page, 32.7952, 13.2869, 13)
        icons = page.locator(".lcm-mark.leaflet-interactive")
        page.wait_for_function("() => document.querySelectorAll('.lcm-mark .fa-bomb').length >= 1")
        page.wait_for_timeout(600)  # the cluster layer finishes its zoom animation
        # The XSS event is the map centre now (the page is 1000 x 800); click the mark nearest to it.
        boxes = [icons.nth(i).bounding_box() for i in range(icons.count())]
        centres = [(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2) for b in boxes if b is not None]
        nearest = min(range(len(centres)), key=lambda i: abs(centres[i][0] - 500) + abs(centres[i][1] - 400))
        icons.nth(nearest).click()
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for()
        assert "<script>alert(1)</script>" in popup.inner_text()
        assert "<img src=x onerror=alert(2)>" in popup.inner_text()
        assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    assert errors == []


@pytest.mark.browser
def test_event_layers_share_one_canvas_and_each_answers_the_mouse(tmp_path: Path) -> None:
    """Two bugs of a canvas per layer: a canvas over another takes every mouse event, so the cells
    (and lines) of the one under it had no tooltip; and streamlit-folium replacing the layers on
    every rerun stacked one more canvas each time. One canvas now serves every event layer."""
    events = [Event(cat, [lonlat], date(2020, 1, 1), [f"{cat}{i}"], "x")
              for cat, lonlat in (("airstrike", (13.0, 32.0)), ("protest", (14.0, 31.0))) for i in range(30)]
    page_path = tmp_path / "map.html"
    build_map(split_layers(events_to_frame(events)), max_markers=10, base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path) as (page, errors):
        page.wait_for_function("() => (window.lcmDraws || 0) >= 2")
        tips = []
        for lat, lon in ((32.0, 13.0), (31.0, 14.0)):  # strikes (the first canvas was under), other
            x, y = page.evaluate("""([lat, lon]) => { let m; for (const k in window) {
                if (k.startsWith('map_') && window[k].setView) { m = window[k]; } }
                const p = m.latLngToContainerPoint([lat, lon]), box = m.getContainer().getBoundingClientRect();
                return [p.x + box.left, p.y + box.top]; }""", [lat, lon])
            page.mouse.move(x + 40, y + 40)
            page.wait_for_timeout(200)
            page.mouse.move(x, y)
            page.locator(".leaflet-tooltip").first.wait_for(timeout=5000)
            tips.append(page.locator(".leaflet-tooltip").first.inner_text())
        canvases = page.evaluate("""() => {
            const map = Object.keys(window).filter(k => k.startsWith('map_')).map(k => window[k])[0];
            const groups = Object.keys(window).filter(k => k.startsWith('feature_group_')).map(k => window[k]);
            groups.forEach(g => map.removeLayer(g));
            groups.forEach(g => map.addLayer(g));  // as a rerun's new layers would be
            return document.querySelectorAll('.leaflet-overlay-pane canvas').length; }""")
    assert errors == [], errors
    assert "airstrike 30" in tips[0] and "protest 30" in tips[1], tips
    assert canvases == 1


def test_braces_in_article_text_reach_the_page_as_text() -> None:
    # Jinja syntax in untrusted text: branca used to compile each layer's rendered script as a
    # template, so "{% ... %}" broke the map (TemplateSyntaxError) and "{{ 7 * 7 }}" came out "49".
    said = "Witnesses wrote {{ 7 * 7 }} on a wall {% raw %} near the port."
    events = [
        Event("shelling", [(13.2869, 32.7952)], date(2019, 5, 6), ["b-1"], said),
        Event("movement", [(13.6351, 32.4346), (16.5836, 31.2060)], date(2020, 6, 7), ["b-2"], said),
        Event("front_line", [(15.85, 31.04), (15.99, 31.61)], date(2020, 7, 15), ["b-3"], said),
    ]
    layers = split_layers(events_to_frame(events))
    for cap in (MAX_MARKERS, 0):  # markers, then grid cells
        page = build_map(layers, max_markers=cap, asset_mode="cdn").get_root().render()
        assert page.count("{{ 7 * 7 }}") >= (3 if cap else 2)  # cells carry no evidence, lines do
        assert "{% raw %}" in page


def test_district_counts_find_each_events_district_once_per_revision() -> None:
    """Events counted per district: by the polygon each point falls in (a point at sea counts in none),
    the same whether the app passes the districts it found once per store revision or not."""
    import numpy as np

    from geo.app.appdata import EventIndex, density_arrays
    from geo.mapview.density import district_counts, district_index

    frame = events_to_frame([
        Event("airstrike", [(13.19, 32.89)], date(2019, 4, 8), ["a"], "x", fatalities=3),  # Tripoli
        Event("shelling", [(13.20, 32.88)], date(2019, 4, 9), ["b"], "x", fatalities=0),  # Tripoli
        Event("clash", [(20.08, 32.12)], date(2019, 4, 9), ["c"], "x", fatalities=5),  # Benghazi
        Event("airstrike", [(13.0, 34.5)], date(2019, 4, 9), ["d"], "x", fatalities=1),  # at sea
    ])
    frame.index = frame.index.astype(str)
    index = EventIndex(frame)
    lon, lat, killed, district, _day = density_arrays(index, np.ones(len(frame), dtype=bool))
    assert (district == district_index(lon, lat)).all()
    counted = {k: v for k, v in district_counts(lon, lat, killed, district).items() if v[0]}
    assert counted == {"Tripoli District": (2, 3), "Benghazi": (1, 5)}
    assert district_counts(lon, lat, killed) == district_counts(lon, lat, killed, district)


def test_a_point_on_a_shared_district_border_counts_in_the_first_district_only() -> None:
    import numpy as np
    import shapely

    from geo.mapview.density import DISTRICTS_FILE, district_index

    feats = json.loads(DISTRICTS_FILE.read_text(encoding="utf-8"))["features"]
    owners: dict[tuple[float, float], set[int]] = {}
    for i, feat in enumerate(feats):
        for x, y in shapely.get_coordinates(shapely.from_geojson(json.dumps(feat["geometry"]))).tolist():
            owners.setdefault((x, y), set()).add(i)
    (x, y), both = next((xy, ids) for xy, ids in owners.items() if len(ids) >= 2)  # a vertex of two districts
    assert district_index(np.array([x]), np.array([y])).tolist() == [min(both)]
