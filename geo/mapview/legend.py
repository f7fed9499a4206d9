"""The map legend: a Leaflet control saying what a mark's glyph, colour and size mean, and the lines.

A Leaflet control built in the map script (not HTML appended to the page) so it
renders the same in a saved HTML map and inside streamlit-folium, which drops
the page body around the map.
"""

from __future__ import annotations

from collections.abc import Iterable

from folium.template import Template

from geo.mapview.popup import esc
from geo.mapview.rendering import RenderedOnce, css_once
from geo.mapview.style import (
    CATEGORY_STYLE,
    FRONT_LINE_COLOR,
    MARK_UNKNOWN,
    SIDE_STYLE,
    glyph_color,
    mark_diameter,
)

__all__ = ["Legend", "legend_html"]


def _disc(color: str, diameter: int, *, glyph: str | None = None, dashed: bool = False) -> str:
    border = "dashed" if dashed else "solid"
    inner = (f'<i class="fa-solid fa-{glyph}" style="color:{glyph_color(color)}"></i>' if glyph else "")
    return (f'<span class="lcm-legend-swatch" style="background:{color};width:{diameter}px;height:{diameter}px;'
            f'border:2px {border} #fff;box-shadow:0 0 0 1px #888">{inner}</span>')


def _arrow(color: str) -> str:
    return (f'<svg width="30" height="12"><line x1="1" y1="6" x2="22" y2="6" stroke="{color}" stroke-width="3"/>'
            f'<path d="M20 1 L29 6 L20 11 Z" fill="{color}"/></svg>')


def legend_html(categories: Iterable[str] | None = None, *, title: str = "Events",
                note: str | None = None) -> str:
    """The legend's inner HTML: what a mark's glyph, colour and size mean, then the line styles.

    A point event is a disc: its glyph is the category (shown here on the category's colour,
    which the grid cells and the weekly chart use), its colour the side that acted (actor 1),
    its size the killed (dashed: not reported).
    """
    cats = list(categories) if categories is not None else [
        c for c in CATEGORY_STYLE if c not in ("movement", "front_line")
    ]
    # Two columns: the legend must leave the map's data (and the layer control) room on a 560 px map.
    items = ['<div class="lcm-legend-head">Glyph: what happened</div><div class="lcm-legend-grid">']
    for cat in cats:
        style = CATEGORY_STYLE[cat]
        items.append(f'<div class="lcm-legend-row">{_disc(style.color, 16, glyph=style.icon)}{esc(style.label)}</div>')
    items.append('</div><div class="lcm-legend-head">Colour: who acted (actor 1)</div><div class="lcm-legend-grid">')
    for color, label in SIDE_STYLE.values():
        items.append(f'<div class="lcm-legend-row">{_disc(color, 14)}{esc(label)}</div>')
    items.append("</div>")
    items.append('<div class="lcm-legend-head">Size: killed (reported)</div>')
    sizes = [(0, "0"), (1, "1"), (10, "10"), (22, "22+")]
    items.append('<div class="lcm-legend-row lcm-legend-sizes">' + "".join(
        f'<span class="lcm-legend-size">{_disc("#7F7F7F", mark_diameter(k) or MARK_UNKNOWN)}{text}</span>'
        for k, text in sizes)
        + f'<span class="lcm-legend-size">{_disc("#7F7F7F", MARK_UNKNOWN, dashed=True)}not reported</span></div>')
    items.append('<div class="lcm-legend-row"><span class="lcm-legend-swatch lcm-legend-cluster">5</span>'
                 "Several events close together: a click zooms in or fans them out</div>")
    items.append('<div class="lcm-legend-head">Lines</div><div class="lcm-legend-grid">')
    items.append(f'<div class="lcm-legend-row">{_arrow(SIDE_STYLE["west"][0])}{_arrow(SIDE_STYLE["east"][0])}'
                 "Movement (coloured by side)</div>")
    items.append(
        '<div class="lcm-legend-row"><svg width="30" height="12"><line x1="1" y1="6" x2="29" y2="6" '
        f'stroke="{FRONT_LINE_COLOR}" stroke-width="3" stroke-dasharray="6 4"/></svg>Front line (date)</div></div>'
    )
    foot = f'<div class="lcm-legend-note">{esc(note)}</div>' if note else ""
    # <details>: the reader can fold the legend away on a small map.
    return (f'<details open><summary class="lcm-legend-title">{esc(title)}</summary>'
            + "".join(items) + foot + "</details>")


_LEGEND_CSS = """
.lcm-legend { background: rgba(255,255,255,0.92); padding: 4px 8px; border-radius: 5px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 10.5px/1.3 system-ui, sans-serif; max-width: 320px;
  max-height: 52vh; overflow-y: auto; }
.lcm-legend-grid { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px; }
.lcm-legend-title { font-weight: 700; cursor: pointer; }
.leaflet-top.leaflet-right { z-index: 1001; }  /* an opened layer control goes over the legend */
.lcm-legend-head { font-weight: 600; color: #333; margin-top: 4px; }
.lcm-legend-row { display: flex; align-items: center; gap: 5px; min-height: 17px; }
.lcm-legend-sizes { gap: 7px; flex-wrap: wrap; white-space: normal; }
.lcm-legend-size { display: inline-flex; flex-direction: column; align-items: center; font-size: 10px; }
.lcm-legend-swatch { display: inline-flex; box-sizing: border-box; border-radius: 50%;
  align-items: center; justify-content: center; font-size: 9px; flex: none; }
.lcm-legend svg { flex: none; }
.lcm-legend-cluster { width: 18px; height: 18px; background: #fff; color: #222; font-weight: 700; font-size: 10px;
  box-shadow: inset 0 0 0 2px #444, 0 0 0 3px rgba(70,70,70,0.35); }
.lcm-legend-note { color: #555; font-size: 11px; margin-top: 3px; white-space: normal; }
"""


class Legend(RenderedOnce):
    """A legend control (CSS class ``lcm-legend``) at a corner of the map.

    Parameters
    ----------
    categories
        The point categories to list (all but movement and front line by default).
    position
        A Leaflet control position. Bottom-left by default: on a map of Libya that corner is
        the south-western desert, where few events are, while the bottom-right corner covers
        Benghazi, Ajdabiya and Brega at the zoom that shows the whole country.
    note
        A line of text under the entries (escaped).

    The legend starts folded on a map smaller than :attr:`fold_below` (width, height in pixels).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
"""
        + css_once("lcm-legend-css")
        + """\
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function (map) {
                var div = L.DomUtil.create("div", "lcm-legend leaflet-control");
                div.innerHTML = {{ this.html|tojson }};
                // On a small map (the app's column) the open legend would cover a third of the data:
                // it starts folded there, one click away; a full-window map shows it open.
                var size = map.getSize();
                if (size.x < {{ this.fold_below[0] }} || size.y < {{ this.fold_below[1] }}) {
                    div.querySelector("details").open = false;
                }
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, categories: Iterable[str] | None = None, *, position: str = "bottomleft",
                 title: str = "Events", note: str | None = None) -> None:
        super().__init__()
        self._name = "Legend"
        self.position = position
        self.css = _LEGEND_CSS
        self.html = legend_html(categories, title=title, note=note)
        self.fold_below = (720, 640)
