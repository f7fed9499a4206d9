"""Time in the browser: a control on the map that steps and plays through the days of the range.

In: the date range of the events sent to the map (:class:`TimeRange`, one per render) and the
layers' dated rows (each mark, arrow and cell carries its day; each front line its first and
last valid day). Out: a Leaflet control (class ``lcm-time``) with a play button, a speed, a day
or week step, a "last N days" trail and a date slider, that shows on each frame the marks of
the trail ending on the chosen day and the front lines valid on it, without asking the server.

Why not folium's ``Timeline``/``TimelineSlider`` (Leaflet.timeline): it draws GeoJSON features
only, so the clustered category icons, the arrows and the aggregated cells would have to be
rebuilt as GeoJSON; and its slider holds the timeline layers it was given, while
streamlit-folium replaces the event layers on every rerun, which would leave the slider
driving layers no longer on the map. Here the control lives on the base map (kept between
reruns) and each new layer registers itself by name, replacing the one it succeeds.

The protocol, for a layer's script: ``window.lcmTime.register(name, function (from, to) {...}, kind)``
where ``from``/``to`` are day numbers (days since 1970-01-01, see :func:`day_number`) and
``from`` is ``-Infinity`` when the trail is "all days up to the chosen one". The function returns
how many of its rows it shows; ``kind`` ``"lines"`` (the front lines) counts them apart from the
events, as the page's caption does ("N events; front lines valid on DAY: M").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
from folium.template import Template

from geo.mapview.rendering import RenderedOnce, css_once

__all__ = ["NO_DAY", "SPEEDS", "TRAILS", "TimeControl", "TimeRange", "day_number"]

#: The day number of an undated event in a layer's sorted days: before every real day, so it counts in a
#: window that starts with the range ("all days up to") and in no other.
NO_DAY = -(10 ** 6)

#: Frames per second offered by the speed control.
SPEEDS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0, 8.0)
#: The trails offered: days shown up to the chosen one (0: every day from the start of the range).
TRAILS: tuple[int, ...] = (0, 1, 7, 30, 90)


def day_number(value: Any) -> int | None:
    """Days since 1970-01-01 of a date (None for a missing one): the time unit of the map's scripts.

    >>> day_number(date(1970, 1, 2)), day_number("2019-04-04"), day_number(None)
    (1, 17990, None)
    """
    if value is None or (not isinstance(value, (date, datetime, str)) and pd.isna(value)):
        return None
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    if pd.isna(stamp):
        return None
    return int((stamp.normalize() - pd.Timestamp("1970-01-01", tz=stamp.tz)).days)


_CSS = """
.lcm-time { background: rgba(255,255,255,0.94); padding: 5px 8px; border-radius: 5px; width: 330px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.4 system-ui, sans-serif; }
.lcm-time-row { display: flex; align-items: center; gap: 6px; }
.lcm-time-row + .lcm-time-row { margin-top: 3px; }
.lcm-time button { width: 28px; height: 24px; border: 1px solid #999; border-radius: 4px; background: #fff;
  cursor: pointer; padding: 0; font-size: 12px; }
.lcm-time input[type=range] { flex: 1; min-width: 0; }
.lcm-time-date { font-weight: 700; min-width: 84px; text-align: right; font-variant-numeric: tabular-nums; }
.lcm-time select { font-size: 11px; }
.lcm-time-count { color: #444; margin-left: auto; white-space: nowrap; }
.lcm-time-density { color: #7a4b00; font-size: 11px; }
"""


class TimeControl(RenderedOnce):
    """The time control, added once to the base map (bottom-right, away from the legend).

    Until a :class:`TimeRange` arrives it is hidden; the chosen day starts at the end of the
    range (everything in the range shows, front lines as on its last day) and stays at the
    end when a new range arrives, unless the reader moved it inside the new range.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
"""
        + css_once("lcm-time-css")
        + """\
            var T = window.lcmTime = {layers: {}, kinds: {}, first: null, last: null, day: null, atEnd: true,
                trail: 0, unit: 1, fps: 1, timer: null, frames: 0, lastFrameMs: 0, shown: 0, lines: 0};
            function iso(d) { return new Date(d * 86400000).toISOString().slice(0, 10); }
            T.from = function () { return T.trail > 0 ? T.day - T.trail + 1 : -Infinity; };
            T.apply = function () {
                if (T.day === null) { return; }
                var t0 = performance.now(), from = T.from(), n = 0, lines = 0;
                Object.keys(T.layers).forEach(function (k) {
                    var shown = T.layers[k](from, T.day) || 0;
                    if (T.kinds[k] === "lines") { lines += shown; } else { n += shown; }
                });
                T.shown = n;
                T.lines = lines;
                T.frames += 1;
                T.lastFrameMs = performance.now() - t0;
                ui.date.textContent = iso(T.day);
                ui.slider.value = T.day;
                // In the caption's words: events, and front lines apart (a front line is no event drawn).
                ui.count.textContent = n + (n === 1 ? " event" : " events") + " \\u00b7 " + lines
                    + (lines === 1 ? " front line" : " front lines");
                T.densityNote();
            };
            // The districts (and the heat maps of a view too big to send each event's day) count the
            // whole range: say so while one is on and the marks show less than that range, so a
            // reader does not take them for the day's.
            T.densityNote = function () {
                var chosen = window.lcmOverlays || {};
                var follows = window.lcmFollowsTime || {};  // the heat maps, unless the view is too big
                var on = {{ this.density_titles|tojson }}.some(function (t) { return chosen[t] && !follows[t]; });
                var narrowed = T.trail > 0 || !T.atEnd;
                ui.density.style.display = on && narrowed ? "" : "none";
            };
            T.register = function (name, fn, kind) {
                T.layers[name] = fn;
                T.kinds[name] = kind || "events";
                if (T.day !== null) { T.apply(); }
            };
            // [lo, hi): the positions of the window's days in a layer's sorted day numbers, by two binary
            // searches (an undated event, NO_DAY, sorts first: in the window only when from is -Infinity).
            T.span = function (days, from, to) {
                function lowerBound(x) {
                    var lo = 0, hi = days.length;
                    while (lo < hi) { var mid = (lo + hi) >> 1; if (days[mid] < x) { lo = mid + 1; } else { hi = mid; } }
                    return lo;
                }
                return [from === -Infinity ? 0 : lowerBound(from), lowerBound(to + 1)];
            };
            T.setRange = function (first, last) {
                T.first = first; T.last = last;
                if (T.atEnd || T.day === null || T.day < first || T.day > last) { T.day = last; T.atEnd = true; }
                ui.slider.min = first; ui.slider.max = last;
                ui.box.style.display = first < last ? "" : "none";
                T.apply();
            };
            T.go = function (day) {
                T.day = Math.max(T.first, Math.min(T.last, day));
                T.atEnd = T.day === T.last;
                T.apply();
            };
            T.stop = function () {
                if (T.timer) { clearInterval(T.timer); T.timer = null; }
                ui.play.innerHTML = '<i class="fa-solid fa-play"></i>';
                ui.play.title = "Play";
            };
            T.play = function () {
                if (T.timer) { T.stop(); return; }
                if (T.day >= T.last) { T.go(T.first); }
                ui.play.innerHTML = '<i class="fa-solid fa-pause"></i>';
                ui.play.title = "Pause";
                T.timer = setInterval(function () {
                    if (T.day >= T.last) { T.stop(); return; }
                    T.go(T.day + T.unit);
                }, 1000 / T.fps);
            };
            var ui = {};
            var control = L.control({position: "bottomright"});
            control.onAdd = function () {
                var div = L.DomUtil.create("div", "lcm-time leaflet-control");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo(map);
            var box = control.getContainer();
            ui.box = box;
            ui.play = box.querySelector(".lcm-time-play");
            ui.back = box.querySelector(".lcm-time-back");
            ui.fwd = box.querySelector(".lcm-time-fwd");
            ui.slider = box.querySelector("input[type=range]");
            ui.date = box.querySelector(".lcm-time-date");
            ui.count = box.querySelector(".lcm-time-count");
            ui.density = box.querySelector(".lcm-time-density");
            // After the density layers' own overlayadd/overlayremove handlers have noted the choice.
            map.on("overlayadd overlayremove", function () { setTimeout(T.densityNote, 0); });
            box.style.display = "none";
            ui.play.addEventListener("click", T.play);
            ui.back.addEventListener("click", function () { T.stop(); T.go(T.day - T.unit); });
            ui.fwd.addEventListener("click", function () { T.stop(); T.go(T.day + T.unit); });
            ui.slider.addEventListener("input", function () { T.go(parseInt(ui.slider.value, 10)); });
            box.querySelector(".lcm-time-speed").addEventListener("change", function (e) {
                T.fps = parseFloat(e.target.value);
                if (T.timer) { T.stop(); T.play(); }
            });
            box.querySelector(".lcm-time-unit").addEventListener("change", function (e) {
                T.unit = parseInt(e.target.value, 10);
            });
            box.querySelector(".lcm-time-trail").addEventListener("change", function (e) {
                T.trail = parseInt(e.target.value, 10);
                T.apply();
            });
        })();
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "TimeControl"
        self.css = _CSS
        speeds = "".join(f'<option value="{s:g}"{" selected" if s == 1.0 else ""}>{s:g} frames/s</option>'
                         for s in SPEEDS)
        trails = "".join(f'<option value="{t}">{"all days up to" if t == 0 else f"last {t} days to" if t > 1 else "that day only"}</option>'
                         for t in TRAILS)
        self.html = (
            '<div class="lcm-time-row">'
            '<button type="button" class="lcm-time-back" title="Back one step">'
            '<i class="fa-solid fa-backward-step"></i></button>'
            '<button type="button" class="lcm-time-play" title="Play"><i class="fa-solid fa-play"></i></button>'
            '<button type="button" class="lcm-time-fwd" title="Forward one step">'
            '<i class="fa-solid fa-forward-step"></i></button>'
            '<input type="range" step="1" aria-label="Map date">'
            '<span class="lcm-time-date"></span></div>'
            '<div class="lcm-time-row">'
            f'<select class="lcm-time-trail" aria-label="Events shown">{trails}</select>'
            '<select class="lcm-time-unit" aria-label="Step"><option value="1">day</option>'
            '<option value="7">week</option></select>'
            f'<select class="lcm-time-speed" aria-label="Speed">{speeds}</select></div>'
            # A row of its own: "46 events · 4 front lines" beside the selects wrapped onto three lines.
            '<div class="lcm-time-row"><span class="lcm-time-count"'
            ' title="Events (marks and arrows) and front lines drawn for this day and trail"></span></div>'
            '<div class="lcm-time-row lcm-time-density" style="display:none">'
            'This density layer counts the whole date range, not this day or trail.</div>'
        )
        from geo.mapview.density import DENSITY_TITLES

        self.density_titles = list(DENSITY_TITLES.values())


class TimeRange(RenderedOnce):
    """The days the map's time control runs over, sent with each render's event layers."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.lcmTime) { window.lcmTime.setRange({{ this.first }}, {{ this.last }}); }
        {% endmacro %}
        """
    )

    def __init__(self, first: date, last: date) -> None:
        super().__init__()
        self._name = "TimeRange"
        self.first = day_number(first)
        self.last = day_number(last)
