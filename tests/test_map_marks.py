"""What a point mark says: the category by its glyph, actor 1's side by its colour, the killed by its
size; the category colours told apart by colour-blind readers; the legend that explains them and folds."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from saved_map import saved_map_page, set_saved_map_view

from geo.mapview import build_map
from geo.mapview.assets import STATIC_DIR
from geo.mapview.legend import legend_html
from geo.mapview.points import EventMarkers
from geo.mapview.style import CATEGORY_STYLE, SIDE_STYLE, mark_diameter, side_of
from geo.model import Event
from geo.outputs.layers import events_to_frame, split_layers


def _marked() -> list[Event]:
    """Five events far enough apart to be drawn as five marks at zoom 9, each a different toll and side."""
    return [
        Event("clash", [(13.00, 32.40)], date(2019, 5, 1), ["k0"], "Fighting, nobody killed.", actor1="GNA",
              fatalities=0),
        Event("clash", [(13.40, 32.40)], date(2019, 5, 1), ["k9"], "Fighting, nine killed.", actor1="LNA",
              fatalities=9),
        Event("airstrike", [(13.80, 32.40)], date(2019, 5, 1), ["kx"], "A strike, toll not given.",
              actor1="Radaa"),
        Event("shelling", [(14.20, 32.40)], date(2019, 5, 1), ["k500"], "Shelling, many killed.",
              actor1="Turkey", fatalities=500),
        Event("protest", [(14.60, 32.40)], date(2019, 5, 1), ["p"], "A protest.", fatalities=0),
    ]


def test_mark_size_grows_with_the_killed_is_capped_and_tells_unknown_from_zero() -> None:
    rows = EventMarkers(events_to_frame(_marked()), cluster=False).rows
    zero, nine, unknown, many, _ = (r[6] for r in rows)
    assert zero is not None and nine is not None and many is not None
    assert zero < nine < many  # bigger toll, bigger mark
    assert unknown is None  # not reported: drawn apart from 0, not as 0
    assert mark_diameter(500) == mark_diameter(50_000)  # capped: one massacre does not cover a town
    assert mark_diameter(float("nan")) is None and mark_diameter(-3) is None


def test_mark_colour_is_actor1s_side_from_the_actor_table() -> None:
    rows = EventMarkers(events_to_frame(_marked()), cluster=False).rows
    assert [r[7] for r in rows] == ["west", "east", "west", "other", "none"]
    # Tripoli's groups of later years are the western camp; a group of neither camp is "other".
    assert side_of("Stability Support Apparatus") == "west" and side_of("GNS") == "east"
    assert side_of("Wagner") == "other" and side_of("") == "none"


def test_every_category_has_its_own_colour_even_to_colour_blind_readers() -> None:
    """The bug: "Front line" and "Drone / aircraft downed" were both #303030 in the chart and the cells."""
    from coloraide import Color

    colours = {cat: style.color.lower() for cat, style in CATEGORY_STYLE.items()}
    assert len(set(colours.values())) == len(colours), colours
    glyphs = [style.icon for style in CATEGORY_STYLE.values()]
    assert len(set(glyphs)) == len(glyphs)
    # CIEDE2000 of 10 or more between any two, as seen with full vision and, simulated, by readers
    # with deuteranopia or protanopia (red-green colour blindness, about 1 man in 12).
    for vision in (None, "deutan", "protan"):
        seen = {cat: Color(c) if vision is None else Color(c).filter(vision) for cat, c in colours.items()}
        closest = min((seen[a].delta_e(seen[b], method="2000"), a, b) for a, b in itertools.combinations(seen, 2))
        assert closest[0] >= 10, (vision, closest)
    sides = [Color(c) for c, _ in SIDE_STYLE.values()]
    for vision in (None, "deutan", "protan"):
        seen_sides = [c if vision is None else c.filter(vision) for c in sides]
        assert min(a.delta_e(b, method="2000") for a, b in itertools.combinations(seen_sides, 2)) >= 10


def test_the_legend_explains_glyph_colour_and_size() -> None:
    html = legend_html()
    for text in ("Glyph: what happened", "Colour: who acted (actor 1)", "Size: killed (reported)",
                 "not reported", "LNA, Haftar&#x27;s forces", "GNA, GNU, Tripoli forces", "22+"):
        assert text in html, text
    assert "<details open>" in html  # folds away
    # Every category's glyph and every side's colour is explained.
    assert all(f"fa-{style.icon}" in html for cat, style in CATEGORY_STYLE.items()
               if cat not in ("movement", "front_line"))
    assert all(color in html for color, _ in SIDE_STYLE.values())


@pytest.mark.browser
def test_marks_in_chromium_glyph_colour_size_and_a_legend_that_folds(tmp_path: Path) -> None:
    """The saved map, offline (assets via file://): each mark a disc with its category's glyph in
    the locally served Font Awesome font, its side's colour, its size; the legend folds on a click."""
    page_path = tmp_path / "map.html"
    build_map(split_layers(events_to_frame(_marked())), base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path) as (page, errors):
        set_saved_map_view(page, 32.4, 13.8, 9)
        # Five marks at their places, about 110 px apart (not still flying out of a cluster).
        page.wait_for_function("""() => { const xs = [...document.querySelectorAll('.lcm-mark')].map(e => {
            const r = e.getBoundingClientRect(); return r.x + r.width / 2; }).sort((a, b) => a - b);
            return xs.length === 5 && xs.every((x, i) => i === 0 || x - xs[i - 1] > 80); }""", polling=200)
        marks = page.evaluate("""() => [...document.querySelectorAll('.lcm-mark')].map(e => {
            const s = getComputedStyle(e), r = e.getBoundingClientRect();
            return {x: r.x + r.width / 2, w: r.width, bg: s.backgroundColor, border: s.borderTopStyle,
                    glyph: e.querySelector('i').className}; }).sort((a, b) => a.x - b.x)""")
        font = page.evaluate("""async () => { await document.fonts.ready;
            return document.fonts.check('900 16px "Font Awesome 6 Free"'); }""")
        summary = page.locator(".lcm-legend summary")
        row = page.locator(".lcm-legend-row").first
        assert row.is_visible()
        summary.click()
        folded = not row.is_visible()
        summary.click()
        unfolded = row.is_visible()
    assert errors == [], errors
    zero, nine, unknown, many, protest = marks  # west to east, as placed
    assert zero["w"] < nine["w"] < many["w"]
    assert unknown["border"] == "dashed" and zero["border"] == "solid"
    assert zero["bg"] == unknown["bg"] != nine["bg"]  # GNA and Radaa: one camp; the LNA another
    assert len({zero["bg"], nine["bg"], many["bg"], protest["bg"]}) == 4  # west, east, other, none
    assert "fa-fire" in zero["glyph"] and "fa-jet-fighter" in unknown["glyph"] and "fa-bomb" in many["glyph"]
    assert font  # the glyphs' font came from the vendored files
    assert folded and unfolded


@pytest.mark.browser
def test_marks_clusters_and_popups_work_without_jquery(tmp_path: Path) -> None:
    """The bug: the point layer (and the map bundle) loaded jQuery, which nothing on the map uses (only
    folium's Popup does; ours are built by window.lcmPopup). Without it a cluster still fans out and a
    mark's popup still opens with its facts."""
    page_path = tmp_path / "map.html"
    build_map(split_layers(events_to_frame(_marked())), base_url=STATIC_DIR.as_uri()).save(str(page_path))
    assert "jquery" not in page_path.read_text(encoding="utf-8").lower()
    with saved_map_page(page_path) as (page, errors):
        set_saved_map_view(page, 32.4, 13.8, 9)
        page.locator(".lcm-mark").first.wait_for()
        page.wait_for_timeout(500)
        page.locator(".lcm-mark").first.click()
        page.locator(".leaflet-popup .lcm-popup table.lcm-facts").wait_for()
        jquery = page.evaluate("() => [typeof window.jQuery, typeof window.$]")
    assert jquery == ["undefined", "undefined"]
    assert errors == [], errors
