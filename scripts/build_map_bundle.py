"""Write ``geo/static/bundle/map.js``: Leaflet and the two plugins the map uses, in one file.

Run after updating any of them (``geo.mapview.assets.BUNDLE``); ``tests/test_mapview.py``
fails while the committed bundle differs from what this writes.

    python scripts/build_map_bundle.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo.mapview.assets import BUNDLE_PATH, STATIC_DIR, bundle_text  # noqa: E402


def main() -> None:
    out = STATIC_DIR / BUNDLE_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(bundle_text(), encoding="utf-8")
    tmp.replace(out)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
