"""Where a visitor's first map render goes in the browser: milestones of one traced page load.

``bench/bench_app.py --breakdown`` loads the page once more with an init script in every frame
that stamps, on the page's clock (ms from navigation start):

* the Streamlit page's own load, and each websocket message (the largest one before the map's
  iframe exists is the delta carrying the map: base map, layer scripts and their data);
* the component's iframe element added to the page, its bundle loaded, its render message;
* Leaflet defined (the map bundle evaluated), the map object created, the event layers drawn
  (``window.lcmDraws``, counted by the layer scripts) and the frame after that painted;
* long tasks (over 50 ms) of the page's main thread between two milestones.

The same trace of the floor page (base map only) shows which gaps the event layers and the
widgets add. Nothing is changed in the page: the stamps are setters and listeners.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

#: Runs in the page and in the map's iframe before their own scripts (Playwright init script).
TRACE_SCRIPT = r"""
(() => {
  const top = window === window.top;
  const stamp = (name, value) => {
    try {
      (window.top.__lcmTrace = window.top.__lcmTrace || []).push(
        [name, performance.timeOrigin + performance.now(), value === undefined ? null : value]);
    } catch (e) {}
  };
  if (top) {
    window.addEventListener('load', () => stamp('page load event'));
    const Socket = window.WebSocket;
    window.WebSocket = function (...args) {
      const ws = new Socket(...args);
      ws.addEventListener('message', (e) => stamp('ws', e.data.byteLength || e.data.size || e.data.length || 0));
      return ws;
    };
    window.WebSocket.prototype = Socket.prototype;
    Object.assign(window.WebSocket, Socket);
    new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes)
        if (n.nodeType === 1 && (n.tagName === 'IFRAME' || n.querySelector('iframe'))) stamp('iframe added');
    }).observe(document, {childList: true, subtree: true});
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) stamp('longtask', [performance.timeOrigin + e.startTime, e.duration]);
      }).observe({type: 'longtask', buffered: true});
    } catch (e) {}
    return;
  }
  window.addEventListener('load', () => stamp('component bundle loaded'));
  window.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'streamlit:render') stamp('render message');
  }, true);
  const watch = (prop, name) => {
    let value;
    Object.defineProperty(window, prop, {configurable: true, get() { return value; }, set(v) {
      value = v; stamp(name, typeof v === 'number' ? v : null);
      if (prop === 'lcmDraws') requestAnimationFrame(() => requestAnimationFrame(() => stamp('painted', v)));
    }});
  };
  watch('L', 'Leaflet defined');
  watch('map', 'map created');
  watch('lcmDraws', 'layer drawn');
})();
"""

#: A filter change's milestones, from the click (``0``).
CHANGE_MILESTONES = ("map delta received", "render message", "layers drawn", "painted")
MILESTONES = ("page load event", "map delta received", "iframe added", "component bundle loaded",
              "render message", "Leaflet defined", "map created", "layers drawn", "painted")


def traced_visit(browser: Any, url: str, map_frame: str,
                 change: Callable[[Any], object] | None = None) -> tuple[dict[str, float], dict[str, float]]:
    """Milestones (ms from navigation start) of one page load until the first layers are painted;
    also ``map delta bytes`` and ``long tasks ms <milestone>`` (main-thread long tasks that started
    after the previous milestone and before this one). With ``change`` (a function of the page that
    changes a filter and returns once the map is redrawn), the same page's milestones of that change
    (ms from the click) follow as the second dict (empty without ``change``)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    context.add_init_script(TRACE_SCRIPT)
    page = context.new_page()
    try:
        page.goto(url)
        page.frame_locator(map_frame).locator(".leaflet-container").wait_for(timeout=120_000)
        deadline = time.monotonic() + 120
        while not page.evaluate("() => (window.__lcmTrace || []).some(s => s[0] === 'painted')"):
            if time.monotonic() > deadline:
                raise TimeoutError("the map's layers were not painted")
            page.wait_for_timeout(20)
        origin = float(page.evaluate("performance.timeOrigin"))
        stamps = [(str(n), float(t) - origin, v) for n, t, v in page.evaluate("window.__lcmTrace")]
        changed: dict[str, float] = {}
        if change is not None:
            page.wait_for_timeout(4000)  # the first run's follow-up rerun (table, chart) is over
            clicked = float(page.evaluate("performance.timeOrigin + performance.now()"))
            n_before = int(page.evaluate("window.__lcmTrace.length"))
            change(page)
            page.wait_for_timeout(300)
            later = [(str(n), float(t) - clicked, v) for n, t, v in page.evaluate("window.__lcmTrace")[n_before:]]
            changed = _milestones(later, origin=clicked)
    finally:
        context.close()
    return _milestones(stamps, origin=origin), changed


def _milestones(stamps: list[tuple[str, float, Any]], origin: float) -> dict[str, float]:
    """The first time of each milestone in ``stamps`` (name, ms from ``origin``, value)."""
    first: dict[str, float] = {}
    for name, t, _v in stamps:
        if name not in ("ws", "longtask", "layer drawn", "painted"):
            first.setdefault(name, t)
    painted = min(t for n, t, _v in stamps if n == "painted")
    first["painted"] = painted
    first["layers drawn"] = max(t for n, t, _v in stamps if n == "layer drawn" and t <= painted)
    before_iframe = [(v, t) for n, t, v in stamps if n == "ws" and t < first.get("iframe added", painted)]
    size, first["map delta received"] = max(before_iframe) if before_iframe else (0, float("nan"))
    first["map delta bytes"] = float(size)
    tasks = [(float(v[0]) - origin, float(v[1])) for n, _t, v in stamps if n == "longtask"]
    previous = 0.0
    for name in MILESTONES if "page load event" in first else CHANGE_MILESTONES:
        at = first.get(name, float("nan"))
        first[f"long tasks ms {name}"] = sum(d for s, d in tasks if previous <= s < at)
        previous = at if at == at else previous
    return first


def print_breakdown(traces: dict[str, dict[str, float]], milestones: tuple[str, ...] = MILESTONES,
                    title: str = "browser milestone (ms from navigation)") -> None:
    """A table: one row per milestone, per trace its time, the gap from the previous milestone
    and the main thread's long tasks in that gap."""
    names = list(traces)
    print()
    print(f"{title:<28}" + "".join(f" {n[:30]:>30}" for n in names))
    print(f"{'':<28}" + "".join(f" {'at':>8} {'gap':>7} {'long tasks':>12}" for _ in names))
    previous = {n: 0.0 for n in names}
    for milestone in milestones:
        cells = []
        for n in names:
            at = traces[n].get(milestone, float("nan"))
            cells.append(f" {at:>8.0f} {at - previous[n]:>7.0f} {traces[n][f'long tasks ms {milestone}']:>12.0f}")
            if at == at:
                previous[n] = at
        print(f"{milestone:<28}" + "".join(cells))
    print(f"{'map delta size (kB)':<28}" + "".join(f" {traces[n]['map delta bytes'] / 1000:>8.0f}{'':>20}" for n in names))
