"""The map report: one HTML file, opened offline in Debian chromium from disk, with no request
that leaves it, the right number of marks, the legend, the table and escaped article text."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from app_browser import CHROMIUM
from test_app import XSS_TEXT, build_fixture_store, fixture_results, store_file  # noqa: F401

from geo.outputs.layers import events_to_frame, split_layers
from geo.outputs.report import map_report_html

ROOT = Path(__file__).resolve().parent.parent


def _layers() -> dict[str, Any]:
    return split_layers(events_to_frame([e for r in fixture_results() for e in r.events]))


def test_the_report_holds_its_assets_and_escapes_article_text() -> None:
    html = map_report_html(_layers(), title="Tripoli <b>April</b>", summary=["Sources: <img src=x>"]).decode()
    assert not re.search(r"<script[^>]+src=", html) and not re.search(r"<link[^>]+href=", html)
    assert "<title>Tripoli &lt;b&gt;April&lt;/b&gt;</title>" in html
    assert "Sources: &lt;img src=x&gt;" in html
    assert XSS_TEXT not in html  # the evidence with <script> is in the table, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.count('<tr><td>') == 14  # one table row per event
    assert 'href="https://example.org/f-06" target="_blank" rel="noopener noreferrer"' in html


def test_cli_writes_the_report(tmp_path: Path) -> None:
    store = build_fixture_store(tmp_path / "events.gpkg")
    out = tmp_path / "out" / "reports"
    proc = subprocess.run([sys.executable, "-m", "geo", "export", "--store", str(store), "-o", str(out),
                           "--format", "html", "--name", "may", "--from", "2020-05-01", "--to", "2020-05-31"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = (out / "may.html").read_text(encoding="utf-8")
    assert "Dates: 2020-05-01 – 2020-05-31" in html
    assert html.count("<tr><td>") == 2  # Al-Watiya: the strike and the capture


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed: apt-get install chromium")
def test_the_report_opens_offline_with_every_mark(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    path.write_bytes(map_report_html(_layers(), title="Fixture events", summary=["Dates: all"]))
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    asked: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def route(r: Any) -> None:
        asked.append(r.request.url)
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    pg = context.new_page()
    pg.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        pg.goto(path.as_uri())
        pg.locator(".lcm-mark.leaflet-interactive, .marker-cluster").first.wait_for(timeout=30_000)
        pg.wait_for_timeout(800)
        drawn = pg.evaluate("""() => {
            let n = document.querySelectorAll('.lcm-mark.leaflet-interactive').length;
            document.querySelectorAll('.marker-cluster span').forEach(s => { n += parseInt(s.textContent, 10); });
            return n; }""")
        assert drawn == 11  # 14 events: 2 front lines and 1 movement are lines
        assert pg.locator("path.lcm-frontline").count() == 2
        assert pg.locator(".lcm-arrowhead").count() == 1
        assert pg.locator(".lcm-legend").count() == 1
        assert pg.locator("table.events tbody tr").count() == 14
        assert pg.get_by_text("<script>alert(1)</script>", exact=False).count() == 1  # shown as text
        # Every request the page made was for the file itself or data: URIs inside it.
        assert [u for u in asked if not u.startswith(("file:", "data:"))] == []
        assert failed == [] and errors == [] and dialogs == []
    finally:
        context.close()


def test_the_export_tab_offers_the_report_and_says_what_the_csv_leaves_out(store_file: Path) -> None:  # noqa: F811
    from test_app import _app, _open_tab

    at = _app()
    _open_tab(at, "Export")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Map report (one HTML file that opens offline)" in labels
    # The fixture's two front lines have no ACLED row: the tab says so beside the CSV button.
    assert any("2 front lines are in the GeoJSON/GeoPackage export only" in c.value for c in at.caption)
