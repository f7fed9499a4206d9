"""Movement arrows in chromium: a head at each destination, pointing the way the movement went, drawn
as a path (SVG for a few movements, canvas past ``SVG_MAX``), not as one marker element per head."""

from __future__ import annotations

import math
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from saved_map import saved_map_page

from geo.mapview import build_map
from geo.mapview.assets import STATIC_DIR
from geo.mapview.movements import SVG_MAX
from geo.mapview.style import SIDE_STYLE
from geo.model import Event
from geo.outputs.layers import events_to_frame, split_layers

#: Where the four test arrows end, and the way each went (screen degrees: 0 east, -90 north).
CENTRE = (15.0, 31.0)
ENDS = {0: (15.4, 31.0), -90: (15.0, 31.35), 180: (14.6, 31.0), 90: (15.0, 30.65)}


def _movements(far: int) -> list[Event]:
    """Four GNA movements out of ``CENTRE`` (east, north, west, south) and ``far`` more far away, in
    the south (they only push the layer past ``SVG_MAX``, onto a canvas)."""
    out = [Event("movement", [CENTRE, end], date(2020, 1, 1), [f"m{angle}"], "A column moved.", actor1="GNA")
           for angle, end in ENDS.items()]
    out += [Event("movement", [(11.0 + i * 0.02, 24.0), (11.0 + i * 0.02, 24.5)], date(2020, 1, 1), [f"f{i}"],
                  "A column moved.", actor1="LNA") for i in range(far)]
    return out


@pytest.mark.browser
@pytest.mark.parametrize("far", [0, SVG_MAX + 10], ids=["svg", "canvas"])
def test_each_arrow_head_points_the_way_its_movement_went(tmp_path: Path, far: int) -> None:
    from PIL import Image

    page_path = tmp_path / "map.html"
    build_map(split_layers(events_to_frame(_movements(far))), base_url=STATIC_DIR.as_uri()).save(str(page_path))
    with saved_map_page(page_path) as (page, errors):
        page.wait_for_function("""() => { for (const k in window) {
            if (k.startsWith('map_') && window[k].setView) {
                const m = window[k]; window.testMap = m;
                if (m.getZoom() !== 9) { m.setView([31.0, 15.0], 9, {animate: false}); }
                return m.getZoom() === 9; } } return false; }""", polling=200)
        page.wait_for_timeout(500)
        ends = page.evaluate("""(ends) => ends.map(([lon, lat]) => {
            const p = window.testMap.latLngToContainerPoint([lat, lon]);
            const box = window.testMap.getContainer().getBoundingClientRect();
            return [p.x + box.left, p.y + box.top]; })""", list(ENDS.values()))
        # The bug this guards: one marker element (moved by a 3D transform, so composited on its own)
        # per head made every frame of the page slow once hundreds of movements were drawn.
        markers = page.locator(".leaflet-marker-pane .lcm-arrowhead").count()
        paths = page.locator("path.lcm-arrowhead").count()
        shot = Image.open(BytesIO(page.screenshot())).convert("RGB")
    assert errors == [], errors
    assert markers == 0
    assert paths == (len(ENDS) if far == 0 else 0)  # SVG paths, or on the canvas
    colour = SIDE_STYLE["west"][0].lstrip("#")
    want = tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))
    for (angle, _end), (x, y) in zip(ENDS.items(), ends, strict=True):
        # 4 px past the line's end, the way it went: inside the head (its tip is 8 px out), beyond the
        # line's round cap. A missing head, or one turned the wrong way, leaves the basemap there.
        px = shot.getpixel((round(x + 4 * math.cos(math.radians(angle))), round(y + 4 * math.sin(math.radians(angle)))))
        assert sum(abs(a - b) for a, b in zip(px, want, strict=True)) < 90, (angle, px, want)
