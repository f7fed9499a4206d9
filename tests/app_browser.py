"""The app in a browser: ``streamlit run app.py`` on a free port, driven by Debian chromium (Playwright),
offline, with what went wrong on the page recorded. The end-to-end tests' helpers; their fixtures
(``server``, ``browser``, ``page``) are in ``conftest.py``.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from saved_map import CHROMIUM, CHROMIUM_ARGS

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "LOCAL", "MAP_FRAME", "ROOT", "Server", "Watch", "assert_clean",
           "events_drawn", "free_port", "map_frame", "map_locator", "open_page", "set_date_range", "streamlit_app",
           "wait_caption", "wait_complete", "wait_marks"]

ROOT = Path(__file__).resolve().parent.parent
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL = ("http://localhost", "http://127.0.0.1", "data:", "blob:", "about:")

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    store: Path
    proc: subprocess.Popen[bytes]
    log: Path


@contextlib.contextmanager
def streamlit_app(store: Path, log: Path, entry: str = "app.py", **more_env: str) -> Iterator[Server]:
    """``streamlit run app.py`` (or ``entry``: ``serve.py`` is what scripts/app.sh runs) on a free port
    with ``LCM_STORE=store``, offline; stopped on exit."""
    port = free_port()
    env = {**os.environ, "LCM_STORE": str(store), "LCM_OFFLINE": "1", **more_env}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", entry, "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')}")
        else:
            raise RuntimeError(f"streamlit did not start: {log.read_text(errors='replace')}")
        yield Server(url, store, proc, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class Watch:
    """What went wrong on the page: errors, failed requests, dialogs, requests that tried to leave."""

    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


def open_page(browser: Any, url: str, *, marks: bool = True, width: int = 1500) -> tuple[Any, Any, Watch]:
    """A page on ``url`` in a fresh context that blocks and records every non-local request
    (``marks``: wait for the map's marks too)."""
    watch = Watch()
    context = browser.new_context(viewport={"width": width, "height": 1100}, accept_downloads=True)

    def route(r: Any) -> None:
        if r.request.url.startswith(LOCAL):
            r.continue_()
        else:  # offline: nothing leaves the machine
            watch.outside.append(r.request.url)
            r.abort()

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("pageerror", lambda e: watch.errors.append(f"pageerror: {e}"))
    pg.on("console", lambda m: watch.errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("requestfailed", lambda r: watch.failed.append(f"{r.url} ({r.failure})"))
    pg.on("dialog", on_dialog)
    pg.goto(url)
    map_locator(pg).locator(".leaflet-container").wait_for(timeout=90_000)
    if marks:
        wait_marks(pg)
    wait_complete(pg, chart=marks)
    return context, pg, watch


def wait_complete(pg: Any, *, chart: bool = True) -> None:
    """The map comes first; the page's second run adds the events table and the weekly chart (none
    without events: ``chart=False``). Wait for them, so that a test's first input does not race that run."""
    if chart:
        pg.locator('[data-testid="stVegaLiteChart"]').first.wait_for(timeout=60_000)
    pg.locator('[data-testid="stDataFrame"] canvas').first.wait_for(timeout=60_000)
    pg.wait_for_timeout(500)


def map_locator(pg: Any) -> Any:
    return pg.frame_locator(MAP_FRAME)


def wait_marks(pg: Any) -> None:
    map_locator(pg).locator(".lcm-mark.leaflet-interactive, .marker-cluster").first.wait_for(
        timeout=60_000)
    pg.wait_for_timeout(800)  # clusters settle


def events_drawn(pg: Any) -> int:
    """Point events on the map: single icons plus the counts written on clusters."""
    frame = pg.frame(url=lambda u: "streamlit_folium" in u)
    assert frame is not None
    return int(frame.evaluate("""() => {
        let n = document.querySelectorAll('.lcm-mark.leaflet-interactive').length;
        document.querySelectorAll('.marker-cluster span').forEach(s => { n += parseInt(s.textContent, 10); });
        return n; }"""))


def wait_caption(pg: Any, text: str) -> None:
    """Wait for the map caption ("<period>: N events; front lines valid on <day>: M") to contain ``text``."""
    pg.get_by_text(re.compile(r"events; front lines valid on .*" if not text else re.escape(text))).first.wait_for(
        timeout=30_000)
    pg.wait_for_timeout(1200)  # the map component receives its new layers


def set_date_range(pg: Any, start: str, end: str) -> None:
    """Type ``YYYYMMDD`` into the sidebar's date range (react-aria date segments), then close its calendar."""
    for which, value in (("start", start), ("end", end)):
        pg.locator(f'[data-testid="stSidebar"] [role="spinbutton"][aria-label="year, Date range {which} date"]'
                   ).focus()
        pg.keyboard.type(value)
    pg.keyboard.press("Escape")


def assert_clean(watch: Watch) -> None:
    assert watch.errors == [], watch.errors
    assert watch.failed == [], watch.failed
    assert watch.outside == [], watch.outside
    assert watch.dialogs == [], watch.dialogs


def map_frame(pg: Any) -> Any:
    frame = pg.frame(url=lambda u: "streamlit_folium" in u)
    assert frame is not None
    return frame
