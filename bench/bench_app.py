"""Dashboard speed with 100,000 events: first map render and re-render after a filter change.

Builds a GeoPackage store of synthetic events around Libyan places (or reuses
one), starts ``streamlit run serve.py`` on it offline (as ``scripts/app.sh`` does),
and drives Debian chromium through Playwright:

* server start: from launching the server to its first answer; ``serve.py`` loads
  the events (and imports the map's libraries) in that time, before any visitor;
* first render: from navigation to the first marks drawn in the map, for the
  first visitor, arriving as the server first answers, and for a later visitor
  (the server's frame is cached);
* re-render: from a click that changes a filter to the map's marks changing;
* time frames: the map's own time control (``geo.mapview.timecontrol``) stepped
  across the range in the browser with a 7-day trail, per frame until painted.

    python bench/bench_app.py                          # 100,000 events in a temporary store
    python bench/bench_app.py --events 100000 --keep /tmp/bench-app.gpkg   # build once, reuse
    python bench/bench_app.py --keep /tmp/bench-app.gpkg --breakdown  # + where the browser's time goes

Targets: first render < 3 s (later visitors < 2 s), re-render < 0.7 s, a time frame < 100 ms. Design choices that get there:
the store is read once per revision (column-wise, or from the Parquet snapshot
of that revision, ``geo.app.snapshot``) and filtered in memory (``geo.app.appdata``);
a session's first run draws the map and leaves the data grids and the Vega
chart (about 2 MB of JavaScript) to a rerun a moment later;
above ``geo.mapview.MAX_MARKERS`` point events the map draws grid cells
instead of markers; movements and front lines are capped at the latest
``MAX_LINES``; the table shows the newest 2,000 rows; the base map stays the
same between reruns and only the event layers are swapped into the live map;
each view's layer elements (rows, popups, their JSON) and density are built once
per store revision and filters and copied into each rerun's map; popups travel as
their escaped parts and are joined in the page when opened; cells send their days
as differences; layer data is compact JSON.

The machine's load scales every wall time: the table gives each figure's ratio to
the floor (a page with only the base map, measured in the same run) and the load
average at the start and the end; the ``script`` notes are the server's run times.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.app_breakdown import CHANGE_MILESTONES, print_breakdown, traced_visit  # noqa: E402
from geo.model import Article, Event  # noqa: E402
from geo.pipeline import ArticleResult  # noqa: E402
from geo.store import open_store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'

#: (name, lon, lat, district) of places the war touched.
PLACES: tuple[tuple[str, float, float, str], ...] = (
    ("Tripoli", 13.191, 32.887, "ly-district-tripoli"), ("Ain Zara", 13.287, 32.795, "ly-district-tripoli"),
    ("Abu Salim", 13.171, 32.850, "ly-district-tripoli"), ("Salah al-Din", 13.220, 32.824, "ly-district-tripoli"),
    ("Mitiga", 13.288, 32.892, "ly-district-tripoli"), ("Tajoura", 13.353, 32.883, "ly-district-tripoli"),
    ("Qasr bin Ghashir", 13.177, 32.686, "ly-district-jafara"), ("Wadi al-Rabi", 13.310, 32.730, "ly-district-jafara"),
    ("Al-Aziziya", 13.018, 32.533, "ly-district-jafara"), ("Gharyan", 13.021, 32.172, "ly-district-jabal-al-gharbi"),
    ("Tarhuna", 13.635, 32.435, "ly-district-murqub"), ("Bani Walid", 13.983, 31.757, "ly-district-misrata"),
    ("Misrata", 15.091, 32.375, "ly-district-misrata"), ("Tawergha", 15.050, 32.020, "ly-district-misrata"),
    ("Abu Grein", 15.255, 31.450, "ly-district-misrata"), ("Sirte", 16.584, 31.206, "ly-district-sirte"),
    ("Al-Jufra", 16.001, 29.198, "ly-district-jufra"), ("Sabratha", 12.483, 32.791, "ly-district-zawiya"),
    ("Surman", 12.574, 32.755, "ly-district-zawiya"), ("Zawiya", 12.728, 32.757, "ly-district-zawiya"),
    ("Al-Ajaylat", 12.377, 32.758, "ly-district-nuqat-al-khams"), ("Zaltan", 11.867, 32.946, "ly-district-nuqat-al-khams"),
    ("Al-Watiya", 11.898, 32.473, "ly-district-nuqat-al-khams"), ("Benghazi", 20.081, 32.120, "ly-district-benghazi"),
    ("Ajdabiya", 20.226, 30.755, "ly-district-al-wahat"), ("Sabha", 14.428, 27.038, "ly-district-sabha"),
    ("Derna", 22.637, 32.767, "ly-district-derna"), ("Brega", 19.579, 30.406, "ly-district-al-wahat"),
)
#: Stretches of front line, (one end, other end).
FRONTS = ((PLACES[14], PLACES[15]), (PLACES[12], PLACES[15]), (PLACES[6], PLACES[7]), (PLACES[8], PLACES[9]),
          (PLACES[10], PLACES[11]), (PLACES[15], PLACES[16]))
#: Category weights: strikes and clashes dominate, front lines are rare statements.
WEIGHTS = {"airstrike": 18, "shelling": 22, "explosion": 5, "clash": 20, "territory": 5, "movement": 8,
           "front_line": 0.2, "shootdown": 2, "civilian_attack": 6, "protest": 5, "political": 8.8}
START, DAYS = date(2019, 4, 4), 570
#: Pause before each timed page load, so one visitor's teardown is not measured in the next one's time.
SETTLE_SECONDS = 1.5
PER_ARTICLE = 50


def synthetic_results(n_events: int, seed: int = 5) -> Iterator[ArticleResult]:
    """``n_events`` synthetic events, ``PER_ARTICLE`` per article."""
    rng = random.Random(seed)
    cats, weights = list(WEIGHTS), list(WEIGHTS.values())
    for a in range(0, n_events, PER_ARTICLE):
        aid = f"bench-app-{a // PER_ARTICLE:06d}"
        published = START + timedelta(days=rng.randrange(DAYS))
        events = []
        for i in range(min(PER_ARTICLE, n_events - a)):
            name, lon, lat, district = rng.choice(PLACES)
            cat = rng.choices(cats, weights)[0]
            point = (round(lon + rng.gauss(0, 0.05), 5), round(lat + rng.gauss(0, 0.05), 5))
            coords = [point]
            origin = None
            if cat == "movement":
                origin, lon2, lat2, _ = rng.choice(PLACES)
                coords = [(lon2, lat2), point]
            elif cat == "front_line":
                # A few stretches of front, re-reported: each report supersedes the last one between
                # the same places, as in the real war (a handful of lines valid on any day).
                (origin, lon2, lat2, _), (name, lon, lat, district) = rng.choice(FRONTS)
                coords = [(lon2, lat2), (lon, lat)]
            actor = rng.choice(("GNA", "LNA"))
            events.append(Event(
                category=cat, coords=coords, event_date=published - timedelta(days=rng.randrange(3)),
                article_ids=[aid], evidence=f"Synthetic {cat} near {name} ({i}).", place_name=name,
                place_id=f"bench-{name}" if cat == "front_line" else f"bench-{name}-{i}", origin_name=origin,
                origin_id=f"bench-{origin}" if origin else None, actor1=actor, actor2="LNA" if actor == "GNA" else "GNA",
                fatalities=rng.choice([None, 0, 0, 1, 2, 5]), district=district,
                source=rng.choice(["Libya Herald", "Al-Wasat", "Libya Observer"]), geo_precision=rng.choice([1, 1, 2, 3]),
            ))
        yield ArticleResult(Article(aid, f"Synthetic article {aid}.", published, "en", source="bench"), [], events)


def build_store(path: Path, n_events: int) -> float:
    t = time.perf_counter()
    with open_store(path) as store:
        store.add_results(synthetic_results(n_events), batch_size=200)
        assert store.event_count() == n_events, store.event_count()
    return time.perf_counter() - t


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_BASELINE_APP = """
import sys
sys.path.insert(0, {repo!r})
import streamlit as st
from streamlit_folium import st_folium
from geo import mapview
from geo.outputs.layers import empty_frame, split_layers
st.caption("baseline")
base = mapview.build_base(offline=True)
st_folium(base, key="map", height=560, use_container_width=True,
          feature_group_to_add=mapview.layer_groups(split_layers(empty_frame())).groups)
"""


def make_baseline_app(folder: Path) -> Path:
    """The floor: a Streamlit page holding only the base map (same assets, same component)."""
    (folder / ".streamlit").mkdir(parents=True, exist_ok=True)
    (folder / ".streamlit" / "config.toml").write_text((REPO / ".streamlit" / "config.toml").read_text())
    (folder / "static").symlink_to(REPO / "geo" / "static", target_is_directory=True)
    app = folder / "app.py"
    app.write_text(_BASELINE_APP.format(repo=str(REPO)))
    return app


def start_app(store: Path, port: int, log: Path, app: Path = REPO / "serve.py",
              snapshots: Path | None = None) -> subprocess.Popen[bytes]:
    """``streamlit run app`` (default: ``serve.py``, as ``scripts/app.sh`` starts the app) on ``store``,
    offline; returns once the server answers."""
    return start_app_timed(store, port, log, app, snapshots)[0]


def start_app_timed(store: Path, port: int, log: Path, app: Path = REPO / "serve.py",
                    snapshots: Path | None = None, python: str = sys.executable,
                    **more_env: str) -> tuple[subprocess.Popen[bytes], float]:
    """:func:`start_app`, and the seconds from launching the server to its first answer (``serve.py``
    loads the events before it answers: that time is the server start, not the first visit).
    ``python`` runs the server (another checkout's own interpreter, say)."""
    env = {**os.environ, "LCM_STORE": str(store), "LCM_OFFLINE": "1", "LCM_TIMING": "1",
           "LCM_SNAPSHOT_DIR": str(snapshots) if snapshots else "", **more_env}
    started = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [python, "-m", "streamlit", "run", app.name, "--server.headless", "true", "--server.port",
             str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
            cwd=app.parent, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc, time.perf_counter() - started
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    proc.terminate()
    raise RuntimeError(log.read_text(errors="replace"))


_DRAWS = "() => window.lcmDraws || 0"
_PAINTED = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def _map_frame(page: Any) -> Any:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        frame = page.frame(url=lambda u: "streamlit_folium" in u)
        if frame is not None:
            return frame
        page.wait_for_timeout(20)
    raise TimeoutError("no map frame")


def script_runs(log: Path) -> list[float]:
    """Durations of the app's script runs so far (``LCM_TIMING=1`` lines of the server log)."""
    out = []
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("lcm-timing script_run "):
            out.append(float(line.split()[-1]))
    return out


def first_render(browser: Any, url: str) -> tuple[float, Any, Any]:
    """Seconds from navigation to the first marks in the map; also the open page and its context."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    page = context.new_page()
    t = time.perf_counter()
    page.goto(url)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=120_000)
    frame = _map_frame(page)
    frame.wait_for_function("() => (window.lcmDraws || 0) > 0", timeout=120_000)
    frame.evaluate(_PAINTED)
    return time.perf_counter() - t, page, context


def page_complete(page: Any, started: float) -> float:
    """Seconds from ``started`` until the deferred parts (events table, weekly chart) are drawn."""
    page.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=120_000)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=120_000)
    page.evaluate(_PAINTED)
    return time.perf_counter() - started


def rerender(page: Any, action: str) -> float:
    """Seconds from a filter change (``action``) to the map's new layers drawn and painted.

    The layer scripts count their redraws in ``window.lcmDraws``; cells and
    many lines are on a canvas, so the DOM alone cannot tell a redraw.
    """
    frame = _map_frame(page)
    before = frame.evaluate(_DRAWS)
    t = time.perf_counter()
    if action.startswith("remove:"):
        page.locator(f'[data-testid="stSidebar"] button[aria-label="Remove {action[7:]}"]').click()
    elif action.startswith("precision:"):
        slider = page.locator('[data-testid="stSidebar"] input[type="range"][aria-label="Minimum location precision"]')
        slider.focus()
        page.keyboard.press("ArrowLeft")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now_frame = _map_frame(page)
        try:
            now = now_frame.evaluate(_DRAWS)
        except Exception:  # noqa: BLE001 - the frame was replaced mid-evaluation; look again
            now = before
        if now > before or (now_frame is not frame and now > 0):
            now_frame.evaluate(_PAINTED)
            return time.perf_counter() - t
        page.wait_for_timeout(10)
    raise TimeoutError(f"the map did not change after {action}")


_FRAMES = """async (n) => {
    const T = window.lcmTime;
    const paint = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r())));
    T.trail = 0; T.go(T.last); await paint();
    const inRange = T.shown;
    T.trail = 7;
    const script = [], painted = [];
    for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        T.go(T.first + Math.round((T.last - T.first) * (i + 1) / n));
        script.push(T.lastFrameMs);
        await paint();
        painted.push(performance.now() - t0);
    }
    T.trail = 0; T.go(T.last); await paint();
    const rank = (a, q) => a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * q))];
    return [inRange, rank(script, 0.5), rank(painted, 0.5), rank(painted, 0.95), Math.max(...painted)];
}"""


def time_frames(page: Any, n: int = 40) -> tuple[int, float, float, float, float]:
    """Frames of the map's time control (a 7-day trail stepped across the range), in the browser:
    ``(events in range, median script ms, median, 95th percentile and slowest ms until painted)``."""
    result = _map_frame(page).evaluate(_FRAMES, n)
    return int(result[0]), float(result[1]), float(result[2]), float(result[3]), float(result[4])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="store path to build once and reuse")
    parser.add_argument("--repeat", type=int, default=3, help="page loads and filter changes to time")
    parser.add_argument("--breakdown", action="store_true",
                        help="also trace one later visit of the floor page and of the app: browser milestones "
                             "(bench/app_breakdown.py)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    load_start = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-app-") as tmp:
        store = args.keep or Path(tmp) / "events.gpkg"
        snapshots = Path(tmp) / "snapshots"  # empty: the first start reads the store itself
        if not store.exists():
            print(f"building a store of {args.events:,} events in {store} ...", flush=True)
            print(f"  built in {build_store(store, args.events):.1f} s")
        with open_store(store) as s:
            print(f"store: {store} ({s.event_count():,} events)", flush=True)
        traces: dict[str, dict[str, float]] = {}
        traced_change: dict[str, float] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # The floor: Streamlit + the component + Leaflet with no events and no other widgets.
            port = _free_port()
            proc = start_app(store, port, Path(tmp) / "baseline.log", make_baseline_app(Path(tmp) / "baseline"))
            try:
                floor = []
                for _ in range(args.repeat):
                    time.sleep(SETTLE_SECONDS)
                    seconds, _page, context = first_render(browser, f"http://127.0.0.1:{port}")
                    floor.append(seconds)
                    context.close()
                if args.breakdown:
                    time.sleep(SETTLE_SECONDS)
                    traces["floor (base map only)"] = traced_visit(browser, f"http://127.0.0.1:{port}", MAP_FRAME)[0]
            finally:
                proc.terminate()
                proc.wait(timeout=15)
            print(f"  baseline page (base map only): {statistics.median(floor):.2f} s", flush=True)

            # First visitors after a server start: without a snapshot (the store was just written),
            # then after a restart, with the snapshot the first start saved (the usual laptop start).
            # serve.py (scripts/app.sh) loads the events before the server answers: the server start
            # is timed apart, from launch to the first answer; the visitor arrives at that moment.
            cold: dict[str, tuple[float, float]] = {}
            starts: dict[str, float] = {}
            for label in ("no snapshot", "with snapshot"):
                port = _free_port()
                log = Path(tmp) / f"cold-{len(cold)}.log"
                proc, starts[label] = start_app_timed(store, port, log, snapshots=snapshots)
                try:
                    seconds, page, context = first_render(browser, f"http://127.0.0.1:{port}")
                    cold[label] = (seconds, script_runs(log)[0])
                    print(f"  server start ({label}): {starts[label]:.2f} s; first render after it: "
                          f"{seconds:.2f} s", flush=True)
                    context.close()
                finally:
                    proc.terminate()
                    proc.wait(timeout=15)

            port = _free_port()
            log = Path(tmp) / "streamlit.log"
            proc = start_app(store, port, log, snapshots=snapshots)
            url = f"http://127.0.0.1:{port}"
            try:
                _s, _page, context = first_render(browser, url)  # loads the index into the server
                context.close()
                warm, complete = [], []
                for i in range(args.repeat):
                    time.sleep(SETTLE_SECONDS)  # each visitor arrives at an idle server and browser
                    t = time.perf_counter()
                    seconds, page, context = first_render(browser, url)
                    warm.append(seconds)
                    complete.append(page_complete(page, t))
                    if i < args.repeat - 1:
                        context.close()
                page.wait_for_timeout(1500)
                load_runs = script_runs(log)
                if args.breakdown:
                    time.sleep(SETTLE_SECONDS)
                    traces["app, later visitor"], traced_change = traced_visit(
                        browser, url, MAP_FRAME, change=lambda p: rerender(p, "remove:Air / drone strike"))
                changes: dict[str, tuple[float, float]] = {}
                frames_all = time_frames(page)  # every event of the range in the map
                print(f"  time frames, every event: {frames_all}", flush=True)
                for action in ("remove:Air / drone strike", "remove:Shelling, rockets, missiles",
                               "precision:", "remove:Armed clash"):
                    n_runs = len(script_runs(log))
                    seconds = rerender(page, action)
                    page.wait_for_timeout(1500)  # let the app settle before the next change
                    runs = script_runs(log)[n_runs:]
                    changes[action] = (seconds, max(runs) if runs else float("nan"))
                    print(f"  re-render [{action}]: {seconds:.2f} s (script {changes[action][1]:.2f} s)", flush=True)
                frames_now = time_frames(page)
                print(f"  time frames: {frames_now}", flush=True)
                markers_now = _map_frame(page).evaluate(
                    "() => document.querySelectorAll('.lcm-mark.leaflet-interactive, .marker-cluster').length")
                context.close()
            finally:
                proc.terminate()
                proc.wait(timeout=15)
            browser.close()

    load_end = os.getloadavg()[0]
    floor_s = statistics.median(floor)
    print(f"load average: {load_start:.1f} at the start, {load_end:.1f} at the end, on {os.cpu_count()} cores "
          "(times scale with load: compare ratios to the floor, or rerun on a quiet machine)")
    print(f"floor, a page with only the base map: median {floor_s:.2f} s")
    for action, (seconds, script) in changes.items():
        print(f"  re-render after filter change [{action}]: {seconds:.2f} s (script {script:.2f} s)")
    warm_script = statistics.median(load_runs[1:]) if len(load_runs) > 1 else float("nan")
    change_s = statistics.median(v[0] for v in changes.values())
    rows: list[tuple[str, str, float, str]] = [
        (f"first map render, later visitor (median of {len(warm)})", "< 2.0 s", statistics.median(warm),
         f"script {warm_script:.2f} s"),
    ]
    for label, (seconds, script) in cold.items():
        rows.append((f"first map render, first visitor after start, {label}",
                     "< 3.0 s" if label == "with snapshot" else "", seconds, f"script {script:.2f} s"))
    for label, seconds in starts.items():
        rows.append((f"server start, launch to first answer, {label}", "", seconds,
                     "serve.py: events loaded"))
    rows.append((f"filter change, map redrawn (median of {len(changes)})", "< 0.7 s", change_s,
                 f"script {statistics.median(v[1] for v in changes.values()):.2f} s"))
    rows.append(("page complete (table, chart), later visitor", "", statistics.median(complete), ""))
    print()
    print(f"{'figure':<62} {'target':>8} {'measured':>9} {'/ floor':>8}  note")
    for label, target, seconds, note in rows:
        print(f"{label:<62} {target:>8} {seconds:>8.2f}s {seconds / floor_s:>7.1f}x  {note}")
    for label, (n_range, script_ms, painted_ms, p95_ms, worst_ms) in (
            ("every category", frames_all), ("after the filter changes", frames_now)):
        print(f"{'time frame, ' + label + f' ({n_range:,} events, 7-day trail)':<62} {'< 100 ms':>8} "
              f"{painted_ms:>7.1f}ms {'':>8}  p95 {p95_ms:.1f} ms, slowest {worst_ms:.1f} ms, "
              f"script {script_ms:.1f} ms median")
    print(f"(the last view draws {markers_now} markers/clusters)")
    if traces:
        print_breakdown(traces)
        print_breakdown({"filter change": traced_change}, CHANGE_MILESTONES, "filter change (ms from click)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
