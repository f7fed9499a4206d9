"""The command line of the evaluation contract: geoparse and extract, bad lines reported, others kept."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = [
    {"id": "a1", "text": "قصفت قوات حفتر حي أبو سليم في طرابلس أمس", "published": "2019-05-10", "language": "ar"},
    {"id": "a2", "text": "GNA drones struck Al-Watiya airbase on Sunday", "published": "2020-05-18"},
]


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    lines = [json.dumps(GOOD[0], ensure_ascii=False), "{not json", "[1, 2]",
             json.dumps({"id": "no-text", "published": "2020-01-01"}),
             json.dumps({"id": "bad-date", "text": "Clashes in Sirte", "published": "2020-02-30"}),
             "", json.dumps(GOOD[1])]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True, text=True, timeout=300)


def test_geoparse_writes_contract_rows_and_reports_bad_lines(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "places.jsonl"
    proc = run("geoparse", str(articles), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    for problem in ("line 2: not JSON", "line 3: expected a JSON object", "line 4: missing 'text'",
                    "line 5: impossible publication date '2020-02-30'"):
        assert problem in proc.stderr
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["article_id"] for r in rows} == {"a1", "a2"}
    texts = {a["id"]: a["text"] for a in GOOD}
    for r in rows:
        assert texts[r["article_id"]][r["start"]:r["end"]] == r["surface"]
        assert set(r) >= {"place_id", "name", "lat", "lon", "country_code", "feature_type", "geo_precision"}


def test_extract_writes_a_geojson_feature_collection(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    proc = run("extract", str(articles), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection"
    cats = {(f["properties"]["article_ids"][0], f["properties"]["category"]) for f in fc["features"]}
    assert ("a1", "shelling") in cats and ("a2", "airstrike") in cats
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"] if f["geometry"]["type"] == "Point" else f["geometry"]["coordinates"][-1]
        assert 9 < lon < 26 and 19 < lat < 34  # [lon, lat] inside Libya
        assert len(f["properties"]["event_date"]) == 10


def test_missing_input_file_is_a_clear_error(tmp_path: Path) -> None:
    proc = run("extract", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "e.geojson"))
    assert proc.returncode == 2 and "nope.jsonl" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "e.geojson").exists()
