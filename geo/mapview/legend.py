"""The map legend: a Leaflet control listing the category icons, arrows and front lines.

A Leaflet control built in the map script (not HTML appended to the page) so it
renders the same in a saved HTML map and inside streamlit-folium, which drops
the page body around the map.
"""

from __future__ import annotations

from collections.abc import Iterable

from branca.element import MacroElement
from folium.template import Template

from geo.mapview.popup import esc
from geo.mapview.style import CATEGORY_STYLE, FRONT_LINE_COLOR, actor_color

__all__ = ["Legend", "legend_html"]


def legend_html(categories: Iterable[str] | None = None, *, title: str = "Events",
                note: str | None = None) -> str:
    """The legend's inner HTML: one line per category (icon in its marker colour), then line styles."""
    cats = list(categories) if categories is not None else [
        c for c in CATEGORY_STYLE if c not in ("movement", "front_line")
    ]
    items = []
    for cat in cats:
        icon, _, color, label = CATEGORY_STYLE[cat]
        items.append(
            f'<div class="lcm-legend-row"><span class="lcm-legend-swatch" style="background:{color}">'
            f'<i class="fa fa-{icon}"></i></span>{esc(label)}</div>'
        )
    gna, lna = actor_color("GNA"), actor_color("LNA")
    items.append(
        '<div class="lcm-legend-row"><svg width="30" height="12"><line x1="1" y1="6" x2="22" y2="6" '
        f'stroke="{gna}" stroke-width="3"/><path d="M20 1 L29 6 L20 11 Z" fill="{gna}"/></svg>'
        'Movement (GNA)</div>'
    )
    items.append(
        '<div class="lcm-legend-row"><svg width="30" height="12"><line x1="1" y1="6" x2="22" y2="6" '
        f'stroke="{lna}" stroke-width="3"/><path d="M20 1 L29 6 L20 11 Z" fill="{lna}"/></svg>'
        'Movement (LNA)</div>'
    )
    items.append(
        '<div class="lcm-legend-row"><svg width="30" height="12"><line x1="1" y1="6" x2="29" y2="6" '
        f'stroke="{FRONT_LINE_COLOR}" stroke-width="3" stroke-dasharray="6 4"/></svg>Front line (date)</div>'
    )
    foot = f'<div class="lcm-legend-note">{esc(note)}</div>' if note else ""
    # <details>: the reader can fold the legend away on a small map.
    return (f'<details open><summary class="lcm-legend-title">{esc(title)}</summary>'
            + "".join(items) + foot + "</details>")


_LEGEND_CSS = """
.lcm-legend { background: rgba(255,255,255,0.92); padding: 4px 8px; border-radius: 5px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 11px/1.35 system-ui, sans-serif; max-width: 230px; }
.lcm-legend-title { font-weight: 700; cursor: pointer; }
.lcm-legend-row { display: flex; align-items: center; gap: 6px; white-space: nowrap; }
.lcm-legend-swatch { display: inline-flex; width: 16px; height: 16px; border-radius: 50%; color: #fff;
  align-items: center; justify-content: center; font-size: 10px; flex: none; }
.lcm-legend svg { flex: none; }
.lcm-legend-note { color: #555; font-size: 11px; margin-top: 3px; white-space: normal; }
"""


class Legend(MacroElement):
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
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            if (!document.getElementById("lcm-legend-css")) {
                var s = document.createElement("style");
                s.id = "lcm-legend-css";
                s.textContent = {{ this.css|tojson }};
                document.head.appendChild(s);
            }
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "lcm-legend leaflet-control");
                div.innerHTML = {{ this.html|tojson }};
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
