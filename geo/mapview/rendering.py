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
from typing import Any

from branca.element import Element, Figure, MacroElement

__all__ = ["RenderedOnce", "RenderedText", "script_json"]


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
