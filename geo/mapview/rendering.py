"""Rendering big layers once: their script goes into the page as text, not as a template.

branca's ``MacroElement.render`` wraps each rendered macro (header, html, script) in a new
``Element(text)``, and ``Element`` compiles its text as a Jinja template. For the event layers
that text is the layer's data (hundreds of kB of JSON at 100,000 events): Jinja's lexer ran over
it on every rerun (about 0.3 s of a 1 s map rerun) to produce the same text again.
:class:`RenderedOnce` adds the rendered text as it is; the page is byte for byte the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from branca.element import Element, Figure, MacroElement
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

if TYPE_CHECKING:
    import geopandas as gpd
    from shapely.geometry.base import BaseGeometry

__all__ = ["EventLayer", "RenderedOnce", "RenderedText", "css_once", "event_layer_template", "event_records",
           "script_json"]


#: What could end a script element or open a comment in it: ``</``, ``<!`` and ``<script``.
_SCRIPT_BREAKS = re.compile(r"<(?=/|!|[sS][cC][rR][iI][pP][tT])")


def script_json(value: Any) -> str:
    """``value`` as JSON for a script element of an HTML page, compact.

    A ``<`` that could close the script or open a comment in it (``</``, ``<!``, ``<script``) is
    written ``\\u003c``; other characters stay as they are: the event layers' popups are markup
    (their text already escaped by :func:`~geo.mapview.popup.esc`), and Jinja's ``tojson``
    wrote each of their ``<``, ``>``, ``&`` and every Arabic letter as six bytes. No spaces
    after ``,`` and ``:`` either. Still JSON (``json.loads`` reads it back).

    >>> print(script_json({"a": [1, 2], "b": "<b>x</b> &rarr; </SCRIPT><!-- ليبيا"}))
    {"a":[1,2],"b":"<b>x\\u003c/b> &rarr; \\u003c/SCRIPT>\\u003c!-- ليبيا"}
    """
    return _SCRIPT_BREAKS.sub(r"\\u003c", json.dumps(value, separators=(",", ":"), ensure_ascii=False))


class RenderedText(Element):
    """Markup already rendered: it renders to itself (no template, nothing compiled)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RenderedText"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class RenderedOnce(MacroElement):
    """``MacroElement`` whose rendered macros join the figure as :class:`RenderedText`.

    A mixin for layers with large data: list it after folium's layer classes, so that
    ``JSCSSMixin`` (asset links) and ``Layer`` (the add-to-parent statement) still run first,
    e.g. ``class EventCells(JSCSSMixin, Layer, RenderedOnce)``.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # as MacroElement.render: None
        figure = self.get_root()
        assert isinstance(figure, Figure), "You cannot render this Element if it is not in a Figure."
        macros = self._template.module.__dict__
        for part, box in (("header", figure.header), ("html", figure.html), ("script", figure.script)):
            macro = macros.get(part)
            if macro is not None:
                box.add_child(RenderedText(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


def event_records(gdf: gpd.GeoDataFrame) -> Iterator[tuple[Any, dict[str, Any], BaseGeometry]]:
    """``(index, record, geometry)`` of each event of ``gdf`` with a geometry to draw (not missing,
    not empty): what the layers' row builders read."""
    records = gdf.drop(columns=gdf.geometry.name).to_dict("records")
    for idx, rec, geom in zip(gdf.index, records, gdf.geometry.values, strict=True):
        if geom is not None and not geom.is_empty:
            yield idx, rec, geom


def css_once(style_id: str) -> str:
    """Template lines (a function body's indent) that add the element's ``css`` to the page as
    ``<style id=style_id>`` unless the page has it: from a script, since streamlit-folium keeps only
    the first header it sees, and once, since the script runs again on every rerun."""
    return (f'            if (!document.getElementById("{style_id}")) {{\n'
            '                var s = document.createElement("style");\n'
            f'                s.id = "{style_id}";\n'
            "                s.textContent = {{ this.css|tojson }};\n"
            "                document.head.appendChild(s);\n"
            "            }\n")


def event_layer_template(body: str) -> Template:
    """The template of an event layer: ``body`` (script statements that read ``rows`` and build the
    Leaflet layer ``group``) inside the wrapper every event layer shares: a function that returns
    ``group``, counts the draw in ``window.lcmDraws`` (tests and benchmarks watch it), and the
    statement that adds the layer to its parent."""
    return Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
"""
        + body
        + """\
            window.lcmDraws = (window.lcmDraws || 0) + 1;  // lets tests and benchmarks see a redraw
            return group;
        })();
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


class EventLayer(JSCSSMixin, Layer, RenderedOnce):
    """A layer of events drawn by one script from :attr:`rows` (serialised once, :attr:`rows_json`),
    registered with the map's time control under :attr:`time_key`.

    Subclasses set ``_template`` (:func:`event_layer_template`), ``default_js``/``default_css`` and
    fill :attr:`rows`; ``kind`` names the layer in its default time key (``markers:Events``).
    """

    rows: Sequence[Any]

    def __init__(self, name: str, *, kind: str, show: bool = True, time_key: str | None = None) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
        self._name = type(self).__name__
        # The name this layer registers under with the time control; its successor replaces it.
        self.time_key = time_key or f"{kind}:{name}"

    def __len__(self) -> int:
        return len(self.rows)

    @cached_property
    def rows_json(self) -> str:
        """:attr:`rows` as the script's data (:func:`script_json`)."""
        return script_json(self.rows)
