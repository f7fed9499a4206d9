"""Popup and tooltip HTML for map marks, with every untrusted value escaped.

Article text, titles, places, actors and URLs come from the web: any of them may
hold ``<script>`` or ``<img onerror=...>``. Everything that reaches the map goes
through :func:`esc`, which also neutralises the characters that matter inside
the JavaScript template literals folium and Leaflet wrap HTML in (backtick,
``${``, backslash), so escaped text can never become markup or code.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from folium.template import Template

from gazetteer.normalize import script_letter_counts
from geo.mapview.rendering import RenderedOnce
from geo.model import PRECISION

__all__ = ["DECLUTTER_JS", "POPUP_JS", "THEME_STYLES_JS", "MapStyles", "district_label", "esc", "is_arabic", "popup_html", "popup_join", "popup_parts", "safe_url", "tooltip_html", "fmt_date", "event_ref"]

#: Longest evidence text shown in a popup; longer text is cut (the table and exports keep all of it).
MAX_EVIDENCE = 800

_TIME_PRECISION = {1: "day", 2: "week", 3: "month"}


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, list | tuple | dict) else False
    except (TypeError, ValueError):
        return False


def _as_int(value: Any) -> int | None:
    """``int(value)``, or None when the value is missing or not a number."""
    if _missing(value):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def esc(value: Any) -> str:
    """HTML-escape ``value`` (None/NaN -> ""), safe inside attributes and JS template literals."""
    if _missing(value):
        return ""
    text = html.escape(str(value), quote=True)
    # Template literals: `...${expr}...` would evaluate expr; "\" starts escapes.
    return text.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def is_arabic(text: str | None, language: str | None = None) -> bool:
    """True when ``language`` is Arabic or the text is mostly Arabic script."""
    if language and str(language).lower().startswith("ar"):
        return True
    if not text:
        return False
    # Right to left as soon as Arabic is a good part of the letters: an Arabic sentence quoting
    # Latin names still reads right to left.
    arabic, latin = script_letter_counts(text)
    return arabic > 0 and arabic / (arabic + latin) > 0.3


def safe_url(url: Any) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None (no javascript:, data:, ...)."""
    if _missing(url):
        return None
    text = str(url).strip()
    if any(ord(c) < 32 or c.isspace() for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def fmt_date(value: Any) -> str:
    """``YYYY-MM-DD`` for dates, datetimes and pandas timestamps; "" when unknown."""
    if _missing(value):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def district_label(value: Any) -> str:
    """A district id as a reader sees it: ``ly-district-jabal-al-gharbi`` -> ``Jabal Al Gharbi`` (not escaped)."""
    if _missing(value):
        return ""
    text = str(value)
    if not text.startswith("ly-district-"):
        return text
    return text.removeprefix("ly-district-").replace("-", " ").title()


def event_ref(index: Any) -> str:
    """The short reference shown in tooltips and the table (``#12``), used to link a click to a row."""
    return f"#{index}"


def _actors(row: Mapping[str, Any]) -> str:
    a1, a2 = esc(row.get("actor1")), esc(row.get("actor2"))
    if a1 and a2:
        return f"{a1} &rarr; {a2}"
    return a1 or a2


def tooltip_html(row: Mapping[str, Any], ref: str = "") -> str:
    """One escaped line: date, category and place (and the event reference)."""
    parts = [fmt_date(row.get("event_date")) or "undated", esc(row.get("category"))]
    place = esc(row.get("place_name"))
    if row.get("category") == "movement" and not _missing(row.get("origin_name")):
        place = f"{esc(row.get('origin_name'))} &rarr; {place}"
    if place:
        parts.append(place)
    text = " &middot; ".join(p for p in parts if p)
    return f"{text} <span class=\"lcm-ref\">{esc(ref)}</span>" if ref else text


def popup_parts(row: Mapping[str, Any], ref: str = "") -> list[Any]:
    """What the popup of one event says, escaped, without its markup: ``[category, reference,
    [[label, value], ...], evidence, 1 if the evidence is Arabic else 0, source]``.

    The map sends these parts and builds the popup from them in the browser when it opens
    (``window.lcmPopup``, :class:`MapStyles`), exactly as :func:`popup_join` does: the markup
    around them was 40% of each popup's bytes, and a popup nobody opens is never built.

    Parameters
    ----------
    row
        An events-frame row (``geo.outputs.layers.events_to_frame`` columns) as a mapping.
    ref
        The event reference (:func:`event_ref`) shown in the title.
    """
    category = esc(row.get("category"))
    rows: list[tuple[str, str]] = []
    day = fmt_date(row.get("event_date"))
    tp = _as_int(row.get("time_precision"))
    if day and tp is not None and tp > 1:
        day += f" (&plusmn; {_TIME_PRECISION.get(tp, '')})"
    rows.append(("Date", day or "unknown"))
    if not _missing(row.get("valid_to")):
        rows.append(("Valid to", fmt_date(row.get("valid_to"))))
    place = esc(row.get("place_name"))
    if not _missing(row.get("origin_name")):
        place = f"{esc(row.get('origin_name'))} &rarr; {place}"
    if not _missing(row.get("district")):
        place += f" ({esc(district_label(row.get('district')))})"
    rows.append(("Place", place or "&ndash;"))
    actors = _actors(row)
    if actors:
        rows.append(("Actors", actors))
    if not _missing(row.get("claimed_by")):
        rows.append(("Claimed by", esc(row.get("claimed_by"))))
    killed = _as_int(row.get("fatalities"))
    rows.append(("Killed", esc(killed) if killed is not None else "not reported"))
    injured = _as_int(row.get("injured"))
    if injured is not None:
        rows.append(("Injured", esc(injured)))
    gp = _as_int(row.get("geo_precision"))
    if gp is not None:
        rows.append(("Precision", f"{gp} &ndash; {esc(PRECISION.get(gp, ''))}"))
    corr = _as_int(row.get("corroboration"))
    if corr is not None and corr > 1:
        rows.append(("Reports", esc(corr)))

    if row.get("reviewed") is True or row.get("reviewed") == 1:
        lines = [] if _missing(row.get("history")) else str(row.get("history")).splitlines()
        rows.append(("Corrected", "<br>".join(esc(line) for line in lines[-5:]) or "yes"))
    if not _missing(row.get("notes")):
        rows.append(("Notes", esc(row.get("notes"))))
    evidence = "" if _missing(row.get("evidence")) else str(row.get("evidence"))
    if len(evidence) > MAX_EVIDENCE:  # one pasted article can be a whole page: keep the map light
        evidence = evidence[:MAX_EVIDENCE].rstrip() + " …"
    rtl = is_arabic(evidence, None if _missing(row.get("language")) else str(row.get("language")))

    source_name = esc(row.get("source")) or "source"
    url = safe_url(row.get("url"))
    if url:
        source = (f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{source_name}</a>')
    else:
        source = source_name if not _missing(row.get("source")) else ""
    ids = row.get("article_ids")
    if isinstance(ids, list | tuple) and ids:
        shown = ", ".join(esc(i) for i in list(ids)[:5])
        more = f" +{len(ids) - 5}" if len(ids) > 5 else ""
        source = f"{source} <span class=\"lcm-ids\">[{shown}{more}]</span>".strip()
    return [category, esc(ref), [list(r) for r in rows], esc(evidence), int(rtl), source]




def popup_join(parts: list[Any]) -> str:
    """The popup's HTML from :func:`popup_parts`; ``window.lcmPopup`` in the page does the same."""
    category, ref, rows, evidence, rtl, source = parts
    title = f"<b>{category}</b>" + (f' <span class="lcm-ref">{ref}</span>' if ref else "")
    table = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
    direction = 'dir="rtl" lang="ar"' if rtl else 'dir="ltr"'
    quote = f'<blockquote class="lcm-evidence" {direction}>{evidence}</blockquote>' if evidence else ""
    footer = f'<div class="lcm-source">{source}</div>' if source else ""
    return (f'<div class="lcm-popup"><div class="lcm-title">{title}</div>'
            f'<table class="lcm-facts">{table}</table>{quote}{footer}</div>')


#: ``window.lcmPopup(parts)``: :func:`popup_join` in the page (the parts are escaped already).
POPUP_JS = """window.lcmPopup = function (p) {
    var rows = p[2].map(function (r) { return "<tr><th>" + r[0] + "</th><td>" + r[1] + "</td></tr>"; }).join("");
    var title = "<b>" + p[0] + "</b>" + (p[1] ? ' <span class="lcm-ref">' + p[1] + "</span>" : "");
    var quote = p[3] ? '<blockquote class="lcm-evidence" ' + (p[4] ? 'dir="rtl" lang="ar"' : 'dir="ltr"') + ">"
        + p[3] + "</blockquote>" : "";
    var footer = p[5] ? '<div class="lcm-source">' + p[5] + "</div>" : "";
    return '<div class="lcm-popup"><div class="lcm-title">' + title + '</div><table class="lcm-facts">' + rows
        + "</table>" + quote + footer + "</div>";
};
// A popup bound to a layer, built from its parts when it opens.
window.lcmPopupOf = function (p) { return function () { return window.lcmPopup(p); }; };"""


def popup_html(row: Mapping[str, Any], ref: str = "") -> str:
    """The popup of one event as HTML: :func:`popup_join` of :func:`popup_parts` (same arguments).

    Date, category, place, actors, killed, precision, evidence, source. Every value is escaped;
    the evidence sentence gets ``dir="rtl"`` when it is Arabic; the source becomes a link only
    for http(s) URLs (opened with ``rel="noopener noreferrer"``).
    """
    return popup_join(popup_parts(row, ref))


#: ``window.lcmDeclutter(elements, margin, options)``: labels (DOM elements) given most important first;
#: each shows unless its box, widened by ``margin`` pixels, overlaps a label shown before it (then it is
#: hidden, still laid out). Returns how many show. The one collision pass of the map's labels: the
#: place names of the offline basemap and the front lines' dates. ``options`` (all optional):
#: ``within``, a box the label must fit in (the map: a name cut at its edge is hidden or flipped);
#: ``flip``, the gap in pixels between a label and its point: a label that does not fit, or covers
#: an obstacle, may go to the other side of its point (its ``marginLeft`` moved, class
#: ``lcm-flipped``); ``obstacles``, boxes a label should not cover (the event marks): it moves to
#: the other side when that side is free, else just past the marks (its near edge at most ``reach``
#: pixels from its point, 28 by default: past the largest mark or a cluster centred on it), else where it covers the
#: least of them (drawn over the marks) rather than vanish.
DECLUTTER_JS = """window.lcmDeclutter = function (elements, margin, options) {
    var m = margin || 0, o = options || {}, placed = [], shown = 0;
    var within = o.within || null, obstacles = o.obstacles || [], gap = o.flip, reach = o.reach || 28;
    elements.forEach(function (el) {
        el.style.visibility = "";
        if (gap !== undefined) {  // back to the side Leaflet put it on before measuring
            if (el.dataset.lcmMargin === undefined) { el.dataset.lcmMargin = el.style.marginLeft || "0px"; }
            el.style.marginLeft = el.dataset.lcmMargin;
            el.classList.remove("lcm-flipped");
        }
    });
    var boxes = elements.map(function (el) { return el.getBoundingClientRect(); });  // one layout for all
    function hit(b, list, pad) {
        for (var k = 0; k < list.length; k++) {
            var p = list[k];
            if (b.left < p.right + pad && b.right + pad > p.left && b.top < p.bottom + pad && b.bottom + pad > p.top) {
                return true;
            }
        }
        return false;
    }
    function fits(b) {
        return !within || (b.left >= within.left && b.right <= within.right && b.top >= within.top
                           && b.bottom <= within.bottom);
    }
    function covered(c) { return obstacles.filter(function (q) { return hit(c, [q], 0); }); }
    function overlap(c) {  // pixels of marks a box covers
        return covered(c).reduce(function (sum, q) {
            return sum + (Math.min(c.right, q.right) - Math.max(c.left, q.left))
                * (Math.min(c.bottom, q.bottom) - Math.max(c.top, q.top));
        }, 0);
    }
    for (var i = 0; i < elements.length; i++) {
        var b = boxes[i];
        if (b.width === 0 && b.height === 0) { continue; }  // not laid out
        var box = function (dx) { return {left: b.left + dx, right: b.right + dx, top: b.top, bottom: b.bottom}; };
        // Where the label may go, as shifts from where Leaflet put it: there, the other side of its
        // point, then just past the marks either side covers (its near edge at most `reach` pixels
        // from its point). The first clear of marks wins; where none is, the one covering least.
        var clear = null, free = [];
        var consider = function (dx) {
            var c = box(dx);
            if (clear !== null || !fits(c) || hit(c, placed, m)) { return; }
            if (!hit(c, obstacles, 0)) { clear = dx; } else { free.push(dx); }
        };
        consider(0);
        if (gap !== undefined) {
            var shift = b.width + 2 * gap, point = b.left - gap;
            consider(-shift);
            var right = clear === null ? covered(box(0)) : [], left = clear === null ? covered(box(-shift)) : [];
            if (right.length) {
                var dxr = Math.max.apply(null, right.map(function (q) { return q.right; })) + gap - b.left;
                if (b.left + dxr - point <= reach) { consider(dxr); }
            }
            if (left.length) {
                var dxl = Math.min.apply(null, left.map(function (q) { return q.left; })) - gap - b.right;
                if (point - (b.right + dxl) <= reach) { consider(dxl); }
            }
        }
        var least = free.length
            ? free.reduce(function (best, dx) { return overlap(box(dx)) < overlap(box(best)) ? dx : best; }) : null;
        var dx = clear !== null ? clear : least;
        if (dx === null) { elements[i].style.visibility = "hidden"; continue; }
        if (dx !== 0) {
            elements[i].style.marginLeft = (parseFloat(elements[i].dataset.lcmMargin) + dx) + "px";
            if (dx < 0) { elements[i].classList.add("lcm-flipped"); }
        }
        placed.push(box(dx));
        shown++;
    }
    return shown;
};"""

#: Keeps one Streamlit theme ``<style>`` in the map's frame. streamlit-folium 0.27 bundles a
#: streamlit-component-lib whose theme injection appends a new ``<style>`` (``:root { --primary-color:
#: ...}``) on every render message, so one more piled up inside the map frame on every rerun (streamlit
#: PR 7914 made the library reuse one element; the bundled copy predates it). The newest one stays:
#: the same rules, the theme as it is now.
THEME_STYLES_JS = """if (!window.lcmThemeStyles && window.MutationObserver) {
    window.lcmThemeStyles = new MutationObserver(function () {
        var themes = Array.prototype.filter.call(document.head.getElementsByTagName("style"), function (s) {
            return !s.id && /^\\s*:root\\s*\\{\\s*--primary-color:/.test(s.textContent);
        });
        themes.slice(0, -1).forEach(function (s) { s.parentNode.removeChild(s); });
    });
    window.lcmThemeStyles.observe(document.head, {childList: true});
}"""

_CSS = """
.lcm-popup { font: 13px/1.35 system-ui, sans-serif; min-width: 220px; }
.lcm-popup .lcm-title { font-size: 14px; margin-bottom: 4px; }
.lcm-popup .lcm-title b { text-transform: capitalize; }
.lcm-popup table.lcm-facts { border-collapse: collapse; }
.lcm-popup table.lcm-facts th { text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600;
  vertical-align: top; }
.lcm-popup blockquote.lcm-evidence { margin: 6px 0; padding: 4px 8px; border-left: 3px solid #999;
  background: #f6f6f6; white-space: pre-wrap; }
.lcm-popup blockquote.lcm-evidence[dir=rtl] { border-left: none; border-right: 3px solid #999;
  text-align: right; font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif; }
.lcm-popup .lcm-source { font-size: 12px; color: #444; }
.lcm-ref { color: #777; font-size: 11px; }
.leaflet-tooltip .lcm-ref { display: none; }
.lcm-selected { animation: lcm-pulse 1.2s ease-in-out infinite alternate; }
@keyframes lcm-pulse { from { stroke-opacity: 1; } to { stroke-opacity: 0.3; } }
.lcm-frontline-label { background: rgba(255,255,255,0.85); border: 1px solid #3b1f5c; color: #3b1f5c;
  font: 11px sans-serif; padding: 0 4px; white-space: nowrap; border-radius: 3px; }
.lcm-place-label { background: none; border: none; box-shadow: none; color: #333; font: 600 11px sans-serif;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff; white-space: nowrap; }
.lcm-place-label::before { display: none; }
.lcm-place-minor { font-weight: 400; color: #555; }
.leaflet-overlay-pane .leaflet-heatmap-layer { z-index: -1; }  /* heat under the arrows and front lines */
"""


class MapStyles(RenderedOnce):
    """CSS for popups, labels and arrow heads, injected by script, and the map's shared scripts
    (popups built when opened, :data:`DECLUTTER_JS`, :data:`THEME_STYLES_JS`).

    A script (not a ``<style>`` in the page header) because streamlit-folium keeps
    only the first header it sees; the ``id`` check makes re-injection harmless.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            // Popups keep clear of the layer control in the top-right corner: a popup opened near
            // the top is panned down until its close button is below the control, not under it.
            L.Popup.prototype.options.autoPanPaddingTopLeft = L.point(12, 64);
            L.Popup.prototype.options.autoPanPaddingBottomRight = L.point(12, 12);
            {{ this.popup_js }}
            {{ this.declutter_js }}
            {{ this.theme_js }}
            if (document.getElementById("lcm-styles")) { return; }
            var s = document.createElement("style");
            s.id = "lcm-styles";
            s.textContent = {{ this.css|tojson }};
            document.head.appendChild(s);
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapStyles"
        self.css = _CSS
        self.popup_js = POPUP_JS
        self.declutter_js = DECLUTTER_JS
        self.theme_js = THEME_STYLES_JS
