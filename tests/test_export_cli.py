"""python -m geo ingest, then python -m geo export: GeoJSON per layer, GeoPackage, ACLED CSV."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest

from tests.paths import tree, written_outside

ARTICLES = [
    {"id": "e1", "text": "GNA drones struck Al-Watiya airbase on Sunday, killing seven fighters.", "published": "2020-05-18"},
    {"id": "e2", "text": "تحرك رتل من مدينة مصراتة باتجاه مدينة سرت أمس", "published": "2020-07-20"},
    {"id": "e3", "text": "The front line now runs between Misrata and Sirte.", "published": "2020-07-20"},
]


def geo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exp")
    src = folder / "a.jsonl"
    src.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), encoding="utf-8")
    gpkg = folder / "events.gpkg"
    proc = geo("ingest", str(src), "--store", str(gpkg), "--no-progress")
    assert proc.returncode == 0, proc.stderr
    return gpkg


def test_geojson_per_layer_and_all(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "out"  # deep enough that "../../" still lands under tmp_path
    out.parent.mkdir(parents=True)
    before = tree(tmp_path)
    proc = geo("export", "--store", str(store), "-o", str(out), "--name", "../../evil")
    assert proc.returncode == 0, proc.stderr
    assert written_outside(out, tmp_path, before) == []  # the name cannot leave the folder
    every = [p for p in out.rglob("all.geojson")][0]
    fc = json.loads(every.read_text(encoding="utf-8"))
    cats = {f["properties"]["category"] for f in fc["features"]}
    assert {"airstrike", "movement", "front_line"} <= cats
    assert "crs" not in fc
    for f in fc["features"]:
        coords = f["geometry"]["coordinates"]
        lon, lat = coords if f["geometry"]["type"] == "Point" else coords[-1]
        assert 9 < lon < 26 and 19 < lat < 34  # RFC 7946: [lon, lat]


def test_geopackage_and_acled_csv(store: Path, tmp_path: Path) -> None:
    assert geo("export", "--store", str(store), "-o", str(tmp_path), "--format", "gpkg").returncode == 0
    layers = {name for name, _ in pyogrio.list_layers(tmp_path / "events.gpkg")}
    assert {"strikes", "movements", "front_lines"} <= layers
    assert geo("export", "--store", str(store), "-o", str(tmp_path), "--format", "csv",
               "--category", "airstrike").returncode == 0
    rows = list(csv.DictReader(open(tmp_path / "events.csv", encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["sub_event_type"] == "Air/drone strike" and rows[0]["fatalities"] == "7"


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    proc = geo("export", "--store", str(tmp_path / "none.gpkg"), "-o", str(tmp_path))
    assert proc.returncode == 2 and "no store" in proc.stderr
