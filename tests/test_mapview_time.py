"""Time in the browser: the map's time control, each mark's days, cells' per-window counts, and
front-line labels, rendered by geo.mapview and checked in the HTML and in chromium."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from saved_map import saved_map_page

from geo.mapview import build_base, build_map, layer_groups
from geo.mapview.assets import STATIC_DIR
from geo.mapview.frontlines import FrontLines
from geo.mapview.movements import MovementArrows
from geo.mapview.points import EventMarkers, aggregate_cells
from geo.model import Event
from geo.outputs.layers import events_to_frame, split_layers


def test_time_control_gets_the_range_and_every_mark_its_day() -> None:
    from geo.mapview.timecontrol import day_number

    frame = events_to_frame([
        Event("airstrike", [(13.29, 32.89)], date(2019, 4, 8), ["a"], "x"),
        Event("movement", [(15.09, 32.37), (15.25, 31.45)], date(2020, 7, 26), ["b"], "y"),
    ])
    groups = layer_groups(split_layers(frame), time_range=(date(2019, 4, 1), date(2020, 7, 31)))
    assert groups.groups[0].layer_name == "Time range" and not groups.groups[0].control
    markers = EventMarkers(split_layers(frame)["strikes"])
    assert [r[5] for r in markers.rows] == [day_number(date(2019, 4, 8))]
    arrows = MovementArrows(split_layers(frame)["movements"])
    assert [r["day"] for r in arrows.rows] == [day_number(date(2020, 7, 26))]
    assert day_number(date(2019, 4, 8)) == (date(2019, 4, 8) - date(1970, 1, 1)).days


def test_a_front_line_carries_the_days_it_is_valid() -> None:
    frame = events_to_frame([Event("front_line", [(16.58, 31.21), (16.00, 29.20)], date(2020, 6, 20), ["f"], "z")])
    frame["valid_from"] = [date(2020, 6, 20)]
    frame["valid_to"] = [date(2020, 7, 14)]
    rows = FrontLines(frame).rows
    assert (rows[0]["from"], rows[0]["until"]) == ((date(2020, 6, 20) - date(1970, 1, 1)).days,
                                                  (date(2020, 7, 14) - date(1970, 1, 1)).days)


def test_aggregated_cells_keep_their_events_days_sorted() -> None:
    events = [Event("clash", [(13.29, 32.80)], date(2019, 5, d), [f"c{d}"], "w") for d in (9, 3, 5)]
    cells = aggregate_cells(events_to_frame(events), cell_deg=0.5)
    assert len(cells) == 1
    first = (date(2019, 5, 3) - date(1970, 1, 1)).days
    assert cells["days"][0] == [first, first + 2, first + 6]  # sorted: the browser binary-searches them


@pytest.mark.browser
def test_the_time_control_counts_a_cells_events_per_window_in_chromium(tmp_path: Path) -> None:
    """Cells send their days as differences (a repeated day is 0): the browser must add them up
    again and count each window's events exactly, repeated days included."""
    from geo.mapview.timecontrol import day_number

    days = [date(2019, 5, 3), date(2019, 5, 5), date(2019, 5, 5), date(2019, 5, 9), date(2019, 5, 9)]
    frame = events_to_frame([Event("clash", [(13.29, 32.80)], d, [f"c{i}"], "w") for i, d in enumerate(days)])
    m = build_base(base_url=STATIC_DIR.as_uri(), time_control=True)
    for group in layer_groups(split_layers(frame), max_markers=1,
                              time_range=(date(2019, 5, 1), date(2019, 5, 31))).groups:
        group.add_to(m)
    page_path = tmp_path / "map.html"
    m.save(str(page_path))
    first = day_number(date(2019, 5, 3))
    with saved_map_page(page_path) as (page, _errors):
        page.wait_for_function("() => window.lcmTime && window.lcmTime.last !== null")
        counts = page.evaluate("""(first) => {
            const T = window.lcmTime, out = [];
            for (const [trail, day] of [[0, first + 2], [0, first + 30], [1, first + 2], [1, first + 1],
                                        [3, first + 6], [7, first + 6]]) {
                T.trail = trail; T.go(day); out.push(T.shown);
            }
            return out; }""", first)
    # all up to 5 May: 3; the whole month: 5; 5 May only: 2; 4 May: 0; 7-9 May: 2; 3-9 May: 5
    assert counts == [3, 5, 2, 0, 2, 5]


@pytest.mark.browser
def test_the_time_control_counts_events_as_the_caption_does_and_front_lines_apart(tmp_path: Path) -> None:
    """The bug: the control said "47 drawn" beside the caption's "46 events": it added the front lines
    valid on its day to the events, and a movement without an origin was counted by the caption but
    never drawn. The caption counts every event in range that is not a front-line report."""
    frame = events_to_frame([
        Event("airstrike", [(13.29, 32.89)], date(2019, 5, 3), ["a"], "x"),
        Event("clash", [(13.10, 32.70)], date(2019, 5, 4), ["b"], "x"),
        Event("movement", [(15.09, 32.37), (15.25, 31.45)], date(2019, 5, 5), ["c"], "x"),
        Event("movement", [(16.59, 31.21)], date(2019, 5, 6), ["d"], "x"),  # no origin reported
        Event("front_line", [(15.0, 31.0), (15.5, 31.5)], date(2019, 5, 2), ["e"], "x"),
    ])
    caption_events = int((frame["category"] != "front_line").sum())
    m = build_base(base_url=STATIC_DIR.as_uri(), time_control=True)
    for group in layer_groups(split_layers(frame), time_range=(date(2019, 5, 1), date(2019, 5, 31))).groups:
        group.add_to(m)
    page_path = tmp_path / "map.html"
    m.save(str(page_path))
    with saved_map_page(page_path) as (page, errors):
        page.wait_for_function("() => window.lcmTime && window.lcmTime.last !== null")
        count = page.locator(".lcm-time-count").text_content()
        # On one line (beside the three selects it wrapped onto three, over the control's edge).
        lines = page.evaluate("""() => { const e = document.querySelector('.lcm-time-count');
            return Math.round(e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)); }""")
        drawn = page.evaluate("() => document.querySelectorAll('.lcm-movement').length")
    assert count == f"{caption_events} events \u00b7 1 front line"
    assert lines == 1
    assert drawn == 2  # the arrow's line and the disc of the movement without an origin
    assert errors == []


def test_the_base_map_has_the_time_control_only_when_asked() -> None:
    assert "lcm-time" in build_base(time_control=True).get_root().render()
    assert "lcm-time" not in build_base().get_root().render()


@pytest.mark.browser
def test_front_line_date_labels_do_not_cover_each_other(tmp_path: Path) -> None:
    """Two front lines crossing at their middle: one date label shows (the newer), not two on top.
    (In the desert, away from the towns' names, to which a date gives way: see test_map_labels.)"""
    frame = events_to_frame([
        Event("front_line", [(18.0, 28.0), (18.5, 28.5), (19.0, 29.0)], date(2020, 6, 1), ["a"], "x"),
        Event("front_line", [(19.0, 28.0), (18.5, 28.5), (18.0, 29.0)], date(2020, 7, 1), ["b"], "y"),
        Event("front_line", [(12.0, 30.0), (12.5, 30.0), (13.0, 30.0)], date(2020, 5, 1), ["c"], "z"),
    ])
    page_path = tmp_path / "map.html"
    build_map({"front_lines": frame}, base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path) as (page, _errors):
        page.locator(".lcm-frontline-label").first.wait_for(state="attached")
        page.wait_for_timeout(500)
        shown = page.evaluate("""() => [...document.querySelectorAll('.lcm-frontline-label')]
            .filter(e => e.style.visibility !== 'hidden').map(e => e.textContent)""")
    # The far line keeps its label; of the two crossing lines, the newer one's.
    assert sorted(shown) == ["front line 2020-05-01", "front line 2020-07-01"]


def test_a_heat_map_carries_each_cells_days_up_to_its_limit() -> None:
    """Each heat cell takes its events' days to the page, for the time control, unless the view holds
    more events than HEAT_DAYS_MAX (each day costs every rerun's page bytes): then the whole range."""
    from geo.mapview.density import HEAT_DAYS_MAX, density_of

    rng = np.random.default_rng(3)
    for n, follows in ((HEAT_DAYS_MAX, True), (HEAT_DAYS_MAX + 1, False)):
        lon, lat = rng.uniform(12.0, 16.0, n), rng.uniform(30.0, 33.0, n)
        killed, day = rng.integers(0, 4, n), rng.integers(17990, 18470, n)
        shown = density_of(lon, lat, killed, day=day)
        assert {len(c) for c in shown.heat_events + shown.heat_killed} == ({5} if follows else {3})
        assert sum(c[2] for c in shown.heat_events) == n and sum(c[2] for c in shown.heat_killed) == killed.sum()
