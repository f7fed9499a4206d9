"""Icons and colours shared by the map layers and the legend."""

from __future__ import annotations

from typing import Any

__all__ = ["CATEGORY_STYLE", "FRONT_LINE_COLOR", "MOVEMENT_COLOR", "actor_color", "category_style"]

#: category -> (Font Awesome 6 solid icon, awesome-markers colour name, the same colour as hex, label).
#: The hex values approximate the awesome-markers sprite so legend swatches and aggregated cells match.
CATEGORY_STYLE: dict[str, tuple[str, str, str, str]] = {
    "airstrike": ("jet-fighter", "red", "#d63e2a", "Air / drone strike"),
    "shelling": ("bomb", "darkred", "#a23336", "Shelling, rockets, missiles"),
    "explosion": ("burst", "orange", "#f69730", "Explosion, IED, mine"),
    "clash": ("fire", "purple", "#d252b9", "Armed clash"),
    "territory": ("flag", "darkpurple", "#5b396b", "Territory taken / retaken"),
    "movement": ("truck-moving", "blue", "#38aadd", "Movement, convoy, deployment"),
    "front_line": ("grip-lines", "black", "#303030", "Front line"),
    "shootdown": ("plane-slash", "black", "#303030", "Drone / aircraft downed"),
    "civilian_attack": ("user-injured", "pink", "#ff8ee9", "Attack on civilians"),
    "protest": ("bullhorn", "cadetblue", "#436978", "Protest"),
    "political": ("handshake", "gray", "#575757", "Political: talks, statements"),
}
_UNKNOWN = ("circle-question", "lightgray", "#a3a3a3", "Other")

#: Movement arrows are coloured by the side that moves; unknown sides are grey.
_ACTOR_COLORS = {"GNA": "#1f5fbf", "LNA": "#c0392b"}
MOVEMENT_COLOR = "#6c6c6c"
FRONT_LINE_COLOR = "#3b1f5c"


def category_style(category: Any) -> tuple[str, str, str, str]:
    """``(icon, marker colour, hex colour, label)`` of a category (a neutral style when unknown)."""
    return CATEGORY_STYLE.get(str(category), _UNKNOWN)


def actor_color(actor: Any) -> str:
    """Hex colour of a side (GNA blue, LNA red), grey for anyone else or nobody."""
    if not isinstance(actor, str):
        return MOVEMENT_COLOR
    return _ACTOR_COLORS.get(actor.strip().upper(), MOVEMENT_COLOR)
