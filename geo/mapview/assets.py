"""Serve Leaflet and the plugin assets the map needs from our own server.

folium points every map at CDNs (jsDelivr, cdnjs, code.jquery.com,
netdna.bootstrapcdn.com). A browser without internet then shows a blank map
and a console full of errors, so the map always uses the copies vendored in
``geo/static/`` (origins and licences: ``geo/static/README.md``), whatever the
tile source. Streamlit serves them when ``[server] enableStaticServing = true``:
the folder ``static/`` next to ``app.py`` is served at ``/app/static/``. That
folder is a symlink to ``geo/static`` (one copy of the files, shipped with the
package); :func:`ensure_app_static` recreates it (or copies, where symlinks are
not allowed) if a checkout lost it.

Which folium defaults we keep, and which we drop
------------------------------------------------
* kept (vendored): Leaflet 1.9.3 (js+css), Font Awesome Free 6.2.0 (css + woff2 fonts: the marks' glyphs, under folium's name for
  it, ``awesome_markers_font_css``), Leaflet.markercluster 1.5.3, Leaflet.heat 0.2.0 (folium's ``HeatMap``).
* dropped: jQuery (only folium's ``Popup`` and ``Map(objects_to_stay_in_front)`` use ``$``; every popup of
  ours is built by ``window.lcmPopup`` and bound with Leaflet's ``bindPopup``; markercluster and heat
  need no jQuery: it was 87 kB of the map bundle for nothing), Leaflet.awesome-markers (js, css, sprites): only folium's ``Icon`` uses it, and the event
  marks are divIcon discs (:mod:`geo.mapview.points`); Bootstrap 5 js/css, Bootstrap 3 glyphicons css
  and folium's ``leaflet.awesome.rotate`` css. Our marks use Font Awesome glyphs without rotation, and
  nothing we draw uses Bootstrap; Bootstrap's reboot would only restyle the popups. A folium element
  that needs one of them (``folium.Icon``, ``folium.Popup``) would not draw offline: the map links only :data:`ASSETS`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from branca.element import Element

__all__ = [
    "APP_STATIC_URL",
    "ASSETS",
    "BUNDLE",
    "BUNDLE_NAME",
    "BUNDLE_PATH",
    "bundle_text",
    "STATIC_DIR",
    "AssetMode",
    "asset_links",
    "ensure_app_static",
    "localize",
    "missing_assets",
    "offline_env",
]

#: The vendored assets, shipped inside the package.
STATIC_DIR: Path = Path(__file__).resolve().parents[1] / "static"

#: Where Streamlit serves ``./static`` with ``enableStaticServing`` (relative to the server root).
APP_STATIC_URL = "/app/static"

AssetMode = Literal["local", "cdn"]

#: name -> (kind, path under ``geo/static``, the CDN URL it replaces). Order matters: a script
#: must come after what it extends (Leaflet first, plugins after it).
ASSETS: dict[str, tuple[str, str, str]] = {
    "leaflet": ("js", "leaflet/1.9.3/leaflet.js", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"),
    "markerclusterjs": (
        "js", "leaflet.markercluster/1.5.3/leaflet.markercluster.js",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js",
    ),
    "leaflet_heat": (
        "js", "leaflet.heat/0.2.0/leaflet-heat.js",
        "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js",
    ),
    "leaflet_css": ("css", "leaflet/1.9.3/leaflet.css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"),
    "awesome_markers_font_css": (
        "css", "fontawesome-free/6.2.0/css/all.min.css",
        "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css",
    ),
    "markerclustercss": (
        "css", "leaflet.markercluster/1.5.3/MarkerCluster.css",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css",
    ),
    "markerclusterdefaultcss": (
        "css", "leaflet.markercluster/1.5.3/MarkerCluster.Default.css",
        "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css",
    ),
}


#: Scripts served as one file, in this order. streamlit-folium loads a map's scripts one after
#: another, each waiting for the last; one request instead of four drew the first map 0.2-0.4 s
#: sooner in the app benchmark. The file is built by ``scripts/build_map_bundle.py`` from the
#: vendored files (a test checks it is exactly them); folium's CDN mode keeps the separate files.
BUNDLE: tuple[str, ...] = ("leaflet", "markerclusterjs", "leaflet_heat")
BUNDLE_PATH = "bundle/map.js"
#: One name for every bundled script: folium keys header links by name, so the bundle is linked once.
BUNDLE_NAME = "lcm_map_bundle"


def bundle_text(static_dir: Path = STATIC_DIR) -> str:
    """The content of :data:`BUNDLE_PATH`: the :data:`BUNDLE` scripts joined, source-map comments
    dropped (they would point at files the bundle does not have)."""
    parts = []
    for name in BUNDLE:
        rel = ASSETS[name][1]
        code = (static_dir / rel).read_text(encoding="utf-8")
        code = "\n".join(line for line in code.splitlines() if not line.startswith("//# sourceMappingURL="))
        parts.append(f"/* {rel} (unmodified; licence in its folder) */\n{code}\n")
    return ";\n".join(parts)


def offline_env() -> bool | None:
    """The ``LCM_OFFLINE`` environment variable: True for 1/true/yes, False for 0/false/no, else None."""
    raw = os.environ.get("LCM_OFFLINE", "").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    return None


def asset_links(
    names: Iterable[str] | None = None, *, mode: AssetMode = "local", base_url: str = APP_STATIC_URL
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(default_js, default_css)`` lists in folium's format for the named assets.

    Parameters
    ----------
    names
        Keys of :data:`ASSETS`; all of them when None.
    mode
        ``"local"``: URLs under ``base_url``; ``"cdn"``: folium's original CDN URLs.
    base_url
        Where ``geo/static`` is served (``/app/static`` under Streamlit).
    """
    js: list[tuple[str, str]] = []
    css: list[tuple[str, str]] = []
    base = base_url.rstrip("/")
    for name in names if names is not None else ASSETS:
        kind, rel, cdn = ASSETS[name]
        if mode == "local" and name in BUNDLE:
            if (BUNDLE_NAME, f"{base}/{BUNDLE_PATH}") not in js:
                js.append((BUNDLE_NAME, f"{base}/{BUNDLE_PATH}"))
            continue
        url = f"{base}/{rel}" if mode == "local" else cdn
        (js if kind == "js" else css).append((name, url))
    return js, css


def localize(
    element: Element, names: Iterable[str] | None = None, *, mode: AssetMode = "local",
    base_url: str = APP_STATIC_URL,
) -> Element:
    """Point one folium element's ``default_js``/``default_css`` at our assets.

    Set on the instance, never the class: other maps in the same process (tests,
    notebooks) keep folium's defaults, and folium's ``add_js_link`` would
    otherwise mutate the shared class-level list.
    """
    js, css = asset_links(names, mode=mode, base_url=base_url)
    element.default_js = js  # type: ignore[attr-defined]
    element.default_css = css  # type: ignore[attr-defined]
    return element


def missing_assets(static_dir: Path = STATIC_DIR) -> list[str]:
    """Paths of :data:`ASSETS` (and the files their CSS loads) absent from ``static_dir``."""
    needed = [rel for _, rel, _ in ASSETS.values()] + [BUNDLE_PATH]
    needed += [
        "leaflet/1.9.3/images/layers.png", "leaflet/1.9.3/images/layers-2x.png",
        "leaflet/1.9.3/images/marker-icon.png", "leaflet/1.9.3/images/marker-icon-2x.png",
        "leaflet/1.9.3/images/marker-shadow.png",
        "fontawesome-free/6.2.0/webfonts/fa-solid-900.woff2",
        "fontawesome-free/6.2.0/webfonts/fa-regular-400.woff2",
        "fontawesome-free/6.2.0/webfonts/fa-brands-400.woff2",
        "fontawesome-free/6.2.0/webfonts/fa-v4compatibility.woff2",
        "basemap/libya_osm.geojson",  # the offline basemap's coast at city zoom (geo.mapview.basemap)
    ]
    return [rel for rel in needed if not (static_dir / rel).is_file()]


def ensure_app_static(app_dir: Path) -> Path:
    """Make ``app_dir/static`` serve ``geo/static``; return that folder.

    Streamlit only serves a folder named ``static`` beside the main script. The
    repository keeps it as a symlink to ``geo/static``; a checkout that lost the
    link (a zip download, Windows without symlink rights) gets it back, or a copy.
    Streamlit resolves the symlink and confines requests to its target.
    """
    target = app_dir / "static"
    if target.exists():
        return target
    if target.is_symlink():  # dangling link: replace it
        target.unlink()
    try:
        target.symlink_to(os.path.relpath(STATIC_DIR, app_dir), target_is_directory=True)
    except OSError:
        shutil.copytree(STATIC_DIR, target)
    return target
