"""A map report: the current view as one HTML file that opens offline in any browser.

In: the view's layers (:func:`geo.outputs.layers.split_layers`, front lines as the map
shows them), a title and the filters in words. Out: one HTML document with the map
(:func:`geo.mapview.build_map`), Leaflet, its plugins, their CSS, images and fonts
inlined (``data:`` URIs, no request leaves the file), the legend, the filter summary and
a table of the events with their sources. Every value that comes from an article is
escaped (:func:`geo.mapview.popup.esc`); links are only http(s) and open in a new tab.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.mapview.assets import STATIC_DIR
from geo.mapview.popup import district_label, esc, fmt_date, is_arabic, safe_url
from geo.mapview.style import category_style
from geo.outputs.layers import LAYER_NAMES

__all__ = ["MAX_TABLE_ROWS", "map_report_html"]

#: The events table lists at most this many events (the newest); the map shows them all.
MAX_TABLE_ROWS = 5000

# The map is built with this asset base, then each asset link is replaced by the asset itself.
_PLACEHOLDER = "lcm-inline-asset:"
_SCRIPT = re.compile(r'<script src="' + re.escape(_PLACEHOLDER) + r'/([^"]+)"></script>')
_STYLE = re.compile(r'<link rel="stylesheet" href="' + re.escape(_PLACEHOLDER) + r'/([^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\(\s*['\"]?(?!data:)([^'\")?#]+)(?:[?#][^'\")]*)?['\"]?\s*\)")


def _data_uri(path: Path) -> str:
    mime = {".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf"}.get(path.suffix) \
        or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(rel: str) -> str:
    """A vendored stylesheet with every file it loads (images, fonts) as a ``data:`` URI."""
    path = (STATIC_DIR / rel).resolve()
    if STATIC_DIR.resolve() not in path.parents:
        raise ValueError(f"asset outside geo/static: {rel}")
    text = path.read_text(encoding="utf-8")

    def embed(match: re.Match[str]) -> str:
        target = (path.parent / match.group(1)).resolve()
        return f'url("{_data_uri(target)}")' if target.is_file() else 'url("data:,")'  # nothing fetched
    return f"<style>/* {esc(rel)} */\n{_CSS_URL.sub(embed, text)}</style>"


def _inline_js(rel: str) -> str:
    path = (STATIC_DIR / rel).resolve()
    if STATIC_DIR.resolve() not in path.parents:
        raise ValueError(f"asset outside geo/static: {rel}")
    code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
    return f"<script>/* {esc(rel)} */\n{code}</script>"


def _events_table(frame: pd.DataFrame) -> str:
    rows = []
    for rec in frame.to_dict("records"):
        url = safe_url(rec.get("url"))
        source = esc(rec.get("source")) or "source"
        if url:
            source = f'<a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{source}</a>'
        evidence = "" if rec.get("evidence") is None else str(rec.get("evidence"))
        direction = ' dir="rtl" lang="ar"' if is_arabic(evidence, rec.get("language")) else ""
        place = esc(rec.get("place_name"))
        if isinstance(rec.get("origin_name"), str):
            place = f"{esc(rec.get('origin_name'))} &rarr; {place}"
        actors = " &rarr; ".join(esc(a) for a in (rec.get("actor1"), rec.get("actor2")) if isinstance(a, str) and a)
        killed = rec.get("fatalities")
        rows.append(
            f"<tr><td>{fmt_date(rec.get('event_date')) or 'undated'}</td>"
            f"<td>{esc(category_style(str(rec.get('category'))).label)}</td><td>{place}</td>"
            f"<td>{esc(district_label(rec.get('district')))}</td><td>{actors}</td>"
            f"<td>{'' if pd.isna(killed) else esc(killed)}</td><td{direction}>{esc(evidence)}</td>"
            f"<td>{source}</td><td>{'yes' if rec.get('reviewed') is True else ''}</td>"
            f"<td class=\"ref\">{esc(rec.get('event_id'))}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Date", "Category", "Place", "District", "Actors", "Killed",
                                              "Evidence", "Source", "Corrected", "Event id"))
    return f'<table class="events"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


_PAGE_CSS = """
body { font: 14px/1.4 system-ui, sans-serif; color: #222; }
h1 { font-size: 20px; margin: 12px 16px 6px; }
h2 { font-size: 17px; margin: 12px 16px 6px; }
.summary { color: #444; margin: 0 16px 10px; padding: 0; list-style: none; }
.note { margin: 6px 16px; }
table.events { margin: 0 16px 16px; width: calc(100% - 32px); }
.lcm-report-map { height: 560px; border: 1px solid #ccc; margin-bottom: 14px; position: relative; }
table.events { border-collapse: collapse; font-size: 12.5px; }
table.events th, table.events td { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left;
  vertical-align: top; }
table.events td[dir=rtl] { text-align: right; }
table.events td.ref { color: #777; font-size: 11px; }
.note { color: #555; font-size: 12.5px; }
"""


def map_report_html(
    layers: Mapping[str, gpd.GeoDataFrame],
    *,
    title: str,
    summary: Sequence[str] = (),
    generated: datetime | None = None,
) -> bytes:
    """The view as one self-contained HTML page (UTF-8): title, filter summary, map, events table.

    Parameters
    ----------
    layers
        Layer name -> frame, as :func:`geo.app.appdata.export_layers` gives them
        (``front_lines``: the lines valid on the map date).
    title
        The page's title (escaped).
    summary
        The filters in words, one line each (escaped).
    generated
        When the report was made (now by default), printed under the title.
    """
    from geo.mapview import build_map

    present = {name: frame for name, frame in layers.items() if name in LAYER_NAMES}
    # No fetch of the finer coast: the report is one file, and a file opened from disk may not fetch.
    m = build_map(present, offline=True, asset_mode="local", base_url=_PLACEHOLDER, fine_coast=False)
    root = m.get_root()
    m.height = (560.0, "px")  # the map sits in the page, not over all of it
    html = root.render()
    html = _SCRIPT.sub(lambda mt: _inline_js(mt.group(1)), html)
    html = _STYLE.sub(lambda mt: _inline_css(mt.group(1)), html)
    if _PLACEHOLDER in html:  # an asset the patterns missed would be a request to nowhere
        raise ValueError("the map report still links an asset instead of holding it")
    events = pd.concat([f.drop(columns=f.geometry.name) for n, f in present.items() if len(f)] or [pd.DataFrame()])
    total = len(events)
    if total:
        events = events.sort_values(["event_date", "event_id"], ascending=[False, True], na_position="last")
    shown = events.head(MAX_TABLE_ROWS)
    when = (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    lines = "".join(f"<li>{esc(line)}</li>" for line in summary)
    more = (f'<p class="note">The newest {len(shown):,} of {total:,} events are listed; the map shows all.</p>'
            if total > len(shown) else "")
    header = (f'<h1>{esc(title)}</h1><ul class="summary">{lines}<li>{total:,} events · made {esc(when)}</li></ul>')
    footer = (f"<h2>Events</h2>{more}{_events_table(shown) if total else '<p>No events in this view.</p>'}"
              '<p class="note">Map data: events extracted from news reports; the basemap is Libya\'s outline'
              " (Natural Earth). Leaflet and its plugins are included under their licences.</p>")
    html = html.replace("<head>", f"<head><title>{esc(title)}</title><style>{_PAGE_CSS}</style>", 1)
    body = re.search(r"<body>\s*", html)
    if body is None:
        raise ValueError("folium rendered no <body>")
    html = html[:body.end()] + header + html[body.end():]
    html = html.replace("</body>", footer + "</body>", 1) if "</body>" in html else html + footer
    return html.encode("utf-8")
