"""Place names on the offline basemap: the most important ones read, none covers another."""

from __future__ import annotations

from pathlib import Path

import pytest
from saved_map import saved_map_page, set_saved_map_view

from geo.mapview import build_map
from geo.mapview.assets import STATIC_DIR
from geo.mapview.basemap import LABEL_RANK, place_labels


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
