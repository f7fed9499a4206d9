"""Place names on the offline basemap: the most important ones read, none covers another."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from saved_map import saved_map_page, set_saved_map_view

from geo.mapview import build_map
from geo.mapview.assets import STATIC_DIR
from geo.mapview.basemap import LABEL_RANK, place_labels
from geo.model import Event
from geo.outputs.layers import events_to_frame, split_layers


def test_place_labels_come_most_important_first() -> None:
    from gazetteer.sources import read_curated

    kind = {p.name: (p.feature_type, p.prominence) for p in read_curated()}
    ranks = [(LABEL_RANK[kind[name][0]], kind[name][1]) for name, *_ in place_labels()]
    assert ranks == sorted(ranks, reverse=True)
    names = [name for name, *_ in place_labels()]
    # Central Tripoli: its most named quarter before a lesser one.
    assert names.index("Ain Zara") < names.index("Al-Sabaa")


@pytest.mark.browser
def test_no_two_place_names_overlap_over_tripoli_at_zoom_11(tmp_path: Path) -> None:
    """The bug: at zoom 11 the names of central Tripoli's quarters were drawn over one another."""
    page_path = tmp_path / "map.html"
    build_map({}, base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path) as (page, errors):
        set_saved_map_view(page, 32.86, 13.19, 11)
        page.wait_for_timeout(600)
        shown = page.evaluate("""() => [...document.querySelectorAll('.lcm-place-label')]
            .filter(e => getComputedStyle(e).visibility !== 'hidden')
            .map(e => { const b = e.getBoundingClientRect(); return [e.textContent, b.left, b.top, b.right, b.bottom]; })
            .filter(b => b[3] > 0 && b[1] < window.innerWidth && b[4] > 0 && b[2] < window.innerHeight)""")
        hidden = page.evaluate("""() => [...document.querySelectorAll('.lcm-place-label')]
            .filter(e => getComputedStyle(e).visibility === 'hidden').map(e => e.textContent)""")
    names = [s[0] for s in shown]
    # The city and its best-known quarters read; less prominent names that would cover them do not.
    assert {"Tripoli", "Ain Zara", "Abu Salim", "Tajoura"} <= set(names), names
    assert len(names) >= 15 and hidden, (names, hidden)
    overlaps = [(a[0], b[0]) for i, a in enumerate(shown) for b in shown[i + 1:]
                if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]
    assert overlaps == []
    assert errors == []


#: The place names shown in the window that something other than a map control covers at their centre
#: (pointer events turned on, so that elementFromPoint sees the labels), with what covers them.
_COVERED_LABELS = """() => {
    document.querySelectorAll('*').forEach(e => { e.style.pointerEvents = 'auto'; });
    const out = [];
    document.querySelectorAll('.lcm-place-label').forEach(e => {
        if (getComputedStyle(e).visibility === 'hidden') { return; }
        const b = e.getBoundingClientRect(), x = b.left + b.width / 2, y = b.top + b.height / 2;
        if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) { return; }
        const top = document.elementFromPoint(x, y);
        if (top !== e && !top.closest('.leaflet-control-container')) {
            out.push(e.textContent + ' under ' + top.tagName + ' ' + (top.className.baseVal ?? top.className));
        }
    });
    return out; }"""


@pytest.mark.browser
def test_place_names_are_drawn_over_the_land(tmp_path: Path) -> None:
    """The bug: in the outlines' pane, Leaflet's svg (z-index 200) covered each name whose z-index (its
    pixel row) was lower: the names in the top 200 pixels of the map vanished under Libya's fill
    (Benghazi at country zoom; Tripoli and its northern quarters with the city at the map's top)."""
    page_path = tmp_path / "map.html"
    build_map({}, base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path) as (page, errors):
        set_saved_map_view(page, 32.70, 13.19, 11)  # Tripoli near the top of the window
        page.wait_for_timeout(600)
        covered = page.evaluate(_COVERED_LABELS)
        shown = page.evaluate("""() => [...document.querySelectorAll('.lcm-place-label')]
            .filter(e => getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().top < 200
                         && e.getBoundingClientRect().top > 0).length""")
    assert shown >= 5  # names in the top 200 pixels to check
    assert covered == []
    assert errors == []


#: The saved map (folium's global ``map_...``).
_MAP = "Object.values(window).find(v => v instanceof L.Map)"

#: Every place name in the DOM: text, shown, box relative to the map, and the map's size.
_LABELS = f"""() => {{
    const m = {_MAP}, box = m.getContainer().getBoundingClientRect();
    return {{w: box.width, h: box.height, labels: [...document.querySelectorAll('.lcm-place-label')].map(e => {{
        const b = e.getBoundingClientRect();
        return {{name: e.textContent, shown: e.style.visibility !== 'hidden', flipped: e.classList.contains('lcm-flipped'),
                left: b.left - box.left, right: b.right - box.left, top: b.top - box.top, bottom: b.bottom - box.top}};
    }})}}; }}"""


def _pan_place_to(page: Any, lat: float, lon: float, x: float) -> None:
    """Pan the saved map (no animation) so that ``(lat, lon)`` is ``x`` pixels from its left edge."""
    page.evaluate(f"""([lat, lon, x]) => {{ const m = {_MAP};
        m.panBy([m.latLngToContainerPoint([lat, lon]).x - x, 0], {{animate: false}}); }}""", [lat, lon, x])
    page.wait_for_timeout(700)  # the labels settle 300 ms after a move


@pytest.mark.browser
def test_place_names_stay_inside_the_map_and_hide_their_dots_with_them(tmp_path: Path) -> None:
    """The bug: at the app's width the Ghadames label was cut at the map's left edge (its dot just
    outside), a name near the right edge ran off the map, and a dot stayed where its name was hidden."""
    page_path = tmp_path / "map.html"
    build_map({}, base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path, width=620, height=560) as (page, errors):
        set_saved_map_view(page, 30.0, 16.0, 6)
        _pan_place_to(page, 30.134, 9.501, -12)  # Ghadames' dot just outside the left edge
        left = page.evaluate(_LABELS)
        _pan_place_to(page, 32.767, 22.637, 600)  # Derna's dot 20 px from the right edge
        right = page.evaluate(_LABELS)
        dots = page.evaluate("""() => [...document.querySelectorAll('path.lcm-place-dot')]
            .filter(p => p.getAttribute('stroke-opacity') !== '0').length""")
    assert errors == []
    for view in (left, right):
        shown = [lab for lab in view["labels"] if lab["shown"]]
        cut = [lab["name"] for lab in shown if lab["left"] < 0 or lab["right"] > view["w"]
               or lab["top"] < 0 or lab["bottom"] > view["h"]]
        assert len(shown) >= 5 and cut == [], cut
    ghadames = next(lab for lab in left["labels"] if lab["name"] == "Ghadames")
    assert not ghadames["shown"]
    derna = next(lab for lab in right["labels"] if lab["name"] == "Derna")
    assert derna["shown"] and derna["flipped"] and derna["right"] <= 600  # on the dot's left
    # One dot per name shown: a hidden name's dot goes with it.
    assert dots == sum(lab["shown"] for lab in right["labels"])


@pytest.mark.browser
def test_a_place_name_moves_aside_from_an_event_mark_and_is_drawn_above_marks(tmp_path: Path) -> None:
    """The bug: the Sirte label sat under an event mark at Sirte (the names' pane was under the marks');
    and a front line's date drawn across a name left neither readable: the date gives way."""
    frame = events_to_frame([
        Event("airstrike", [(16.589, 31.209)], date(2020, 7, 1), ["a"], "x"),
        Event("front_line", [(16.2, 30.8), (16.45, 31.2), (16.7, 31.6)], date(2020, 7, 2), ["b"], "x"),
    ])
    page_path = tmp_path / "map.html"
    build_map(split_layers(frame), base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path, width=620, height=560) as (page, errors):
        set_saved_map_view(page, 30.5, 16.5, 6)
        page.locator(".lcm-mark").first.wait_for()
        page.wait_for_timeout(700)
        got = page.evaluate("""() => {
            const sirte = [...document.querySelectorAll('.lcm-place-label')].find(e => e.textContent === 'Sirte');
            const s = sirte.getBoundingClientRect(), k = document.querySelector('.lcm-mark').getBoundingClientRect();
            const overlap = s.left < k.right && k.left < s.right && s.top < k.bottom && k.top < s.bottom;
            const panes = getComputedStyle(sirte.parentElement).zIndex - getComputedStyle(document.querySelector(
                '.leaflet-marker-pane')).zIndex;
            const box = e => e.getBoundingClientRect(), on = e => e.style.visibility !== 'hidden';
            const crossed = [...document.querySelectorAll('.lcm-frontline-label')].filter(on).some(d => [...document
                .querySelectorAll('.lcm-place-label')].filter(on).some(n => { const a = box(d), c = box(n);
                    return a.left < c.right && c.left < a.right && a.top < c.bottom && c.top < a.bottom; }));
            return [on(sirte), overlap, panes, crossed]; }""")
    assert errors == []
    shown, overlap, above, crossed = got
    assert not crossed
    assert shown and not overlap
    assert above > 0  # where a name cannot move aside, it is drawn over the marks, not under them
