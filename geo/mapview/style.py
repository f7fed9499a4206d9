"""Icons, colours and sizes shared by the map layers, the legend and the weekly chart.

A point event's mark says three things at once: the category by its glyph (Font Awesome), the side
that acted (actor 1) by its colour, and the reported dead by its size. Category colours serve where
there is no glyph: the weekly chart's bars and the aggregated grid cells.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from geo.events.actors import actor_side

__all__ = ["CATEGORY_STYLE", "FRONT_LINE_COLOR", "MARK_MAX", "MARK_MIN", "MARK_UNKNOWN", "SIDE_STYLE",
           "CategoryStyle", "actor_color", "category_style", "glyph_color", "mark_diameter", "side_of"]


class CategoryStyle(NamedTuple):
    """How a category is drawn: a Font Awesome 6 solid icon, a hex colour and a label."""

    icon: str
    color: str
    label: str


#: category -> style. The colours are distinct to readers with deuteranopia or protanopia too
#: (CIEDE2000 >= 10 between any two, simulated; tests/test_mapview.py checks it): drawn from Okabe
#: & Ito's and Paul Tol's colour-blind-safe sets.
CATEGORY_STYLE: dict[str, CategoryStyle] = {
    "airstrike": CategoryStyle("jet-fighter", "#EE3377", "Air / drone strike"),
    "shelling": CategoryStyle("bomb", "#882255", "Shelling, rockets, missiles"),
    "explosion": CategoryStyle("burst", "#F0E442", "Explosion, IED, mine"),
    "clash": CategoryStyle("fire", "#999933", "Armed clash"),
    "territory": CategoryStyle("flag", "#117733", "Territory taken / retaken"),
    "movement": CategoryStyle("truck-moving", "#0072B2", "Movement, convoy, deployment"),
    "front_line": CategoryStyle("grip-lines", "#332288", "Front line"),
    "shootdown": CategoryStyle("plane-slash", "#88CCEE", "Drone / aircraft downed"),
    "civilian_attack": CategoryStyle("user-injured", "#000000", "Attack on civilians"),
    "protest": CategoryStyle("bullhorn", "#BBBBBB", "Protest"),
    "political": CategoryStyle("handshake", "#777777", "Political: talks, statements"),
}
_UNKNOWN = CategoryStyle("circle-question", "#DDDDDD", "Other")

#: Front lines are drawn in their category's colour.
FRONT_LINE_COLOR = CATEGORY_STYLE["front_line"].color

#: The side of actor 1 -> (colour, legend label), as distinct to colour-blind readers as the categories. ``west`` and ``east`` are the camps of
#: ``map_sides`` in ``geo/data/actors.json``; ``other``: a named actor of neither camp (foreign
#: forces, civilians, the 2011 sides ...); ``none``: no actor reported.
SIDE_STYLE: dict[str, tuple[str, str]] = {
    "west": ("#1F5FBF", "GNA, GNU, Tripoli forces"),
    "east": ("#CC3311", "LNA, Haftar's forces"),
    "other": ("#DDAA33", "another actor"),
    "none": ("#8C8C8C", "actor not reported"),
}

#: Diameters in pixels of a point mark: no one killed, the largest, and a toll not reported.
MARK_MIN = 18
MARK_MAX = 46
MARK_UNKNOWN = 22


def category_style(category: Any) -> CategoryStyle:
    """How a category is drawn (a neutral style when unknown).

    >>> category_style("clash").label, category_style("bogus").label
    ('Armed clash', 'Other')
    """
    return CATEGORY_STYLE.get(str(category), _UNKNOWN)


def side_of(actor: Any) -> str:
    """The key of :data:`SIDE_STYLE` for an event's actor 1.

    >>> side_of("GNA"), side_of("Radaa"), side_of("LNA"), side_of("Turkey"), side_of(None), side_of(" ")
    ('west', 'west', 'east', 'other', 'none', 'none')
    """
    if not isinstance(actor, str) or not actor.strip():
        return "none"
    return actor_side(actor.strip()) or "other"


def actor_color(actor: Any) -> str:
    """Hex colour of an actor's side (:func:`side_of`): movements and marks use the same."""
    return SIDE_STYLE[side_of(actor)][0]


def mark_diameter(killed: Any) -> int | None:
    """A point mark's diameter in pixels for ``killed`` reported dead; None when not reported.

    The area grows with the square root of the toll (a mark of 25 dead is not 25 times as big
    as one of 1, or it would hide its neighbours), capped at :data:`MARK_MAX` from 22 dead on.
    A toll not reported is drawn :data:`MARK_UNKNOWN` wide with a dashed edge: unknown is not 0.

    >>> mark_diameter(0), mark_diameter(1), mark_diameter(9), mark_diameter(500), mark_diameter(None)
    (18, 24, 36, 46, None)
    """
    if killed is None or isinstance(killed, bool):
        return None
    try:
        value = float(killed)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(value) or value < 0:
        return None
    return int(min(MARK_MAX, round(MARK_MIN + 6 * math.sqrt(value))))


def glyph_color(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (``#RRGGBB``), by WCAG contrast.

    >>> glyph_color("#F0E442"), glyph_color("#1F5FBF")
    ('#000000', '#FFFFFF')
    """
    def linear(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    lum = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    return "#000000" if (lum + 0.05) / 0.05 > 1.05 / (lum + 0.05) else "#FFFFFF"
