"""A saved map HTML file opened in Debian chromium (Playwright), offline, with what went wrong recorded."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.contextmanager
def saved_map_page(path: Path, *, width: int = 1000, height: int = 800) -> Iterator[tuple[Any, list[str]]]:
    """``(page, errors)``: ``path`` open in chromium. ``errors`` collects page errors, console errors,
    failed requests, dialogs and every request that is not to a local file (aborted: offline).
    Skips the test, saying why, without Debian chromium."""
    if not CHROMIUM.exists() or shutil.which("chromium") is None:
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
            page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
            page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))

            def on_dialog(dialog: Any) -> None:
                errors.append(f"dialog: {dialog.message}")
                dialog.dismiss()

            def route(r: Any) -> None:
                if r.request.url.startswith(("file:", "data:", "about:")):
                    r.continue_()
                else:
                    errors.append(f"left the machine: {r.request.url}")
                    r.abort()

            page.on("dialog", on_dialog)
            page.route("**/*", route)
            page.goto(path.as_uri())
            yield page, errors
        finally:
            browser.close()


def set_saved_map_view(page: Any, lat: float, lon: float, zoom: int) -> None:
    """Move the saved map (folium's global ``map_...``) to ``(lat, lon)`` at ``zoom``, without animation.

    Retried: Leaflet ignores a setView that arrives while its first fitBounds is still settling.
    """
    page.wait_for_function("""([lat, lon, zoom]) => { for (const k in window) {
        if (k.startsWith('map_') && window[k].setView) {
            const m = window[k];
            if (m.getZoom() !== zoom) { m.setView([lat, lon], zoom, {animate: false}); }
            return m.getZoom() === zoom; } } return false; }""", arg=[lat, lon, zoom], polling=200)
