"""What the exports say they hold: ACLED admin1 names, the country, notes on what is left out,
the GeoJSON ``layer`` property and the ``reviewed`` mark."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

from geo.model import Event
from geo.outputs.export import acled_csv_bytes, acled_notes, event_countries, geojson_bytes
from geo.outputs.layers import events_to_frame
from geo.text.lexicon import load_data


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def _ev(eid: str, category: str, coords: list[tuple[float, float]], **kw: object) -> Event:
    return Event(category, coords, date(2020, 1, 19), [f"a-{eid}"], f"Test sentence {eid}.", event_id=eid,
                 **kw)  # type: ignore[arg-type]


def test_every_gazetteer_district_has_an_acled_admin1_name() -> None:
    from gazetteer import Gazetteer

    names = load_data("acled_admin1.json")["admin1"]
    districts = {p.id for p in Gazetteer.default() if p.feature_type == "district" and p.is_libyan}
    assert districts and districts <= set(names), sorted(districts - set(names))
    assert all(not n.startswith("ly-") for n in names.values())


def test_admin1_is_the_district_as_acled_writes_it() -> None:
    frame = events_to_frame([
        _ev("e1", "clash", [(13.02, 32.17)], district="ly-district-jabal-al-gharbi"),
        _ev("e2", "airstrike", [(15.09, 32.37)], district="ly-district-misrata"),
        _ev("e3", "protest", [(13.19, 32.88)], district=None),
    ])
    assert [r["admin1"] for r in _rows(acled_csv_bytes(frame))] == ["Al Jabal al Gharbi", "Misrata", ""]


def test_events_outside_libya_and_front_lines_are_left_out_and_counted() -> None:
    frame = events_to_frame([
        _ev("geneva", "political", [(6.1432, 46.2044)]),  # a meeting in Geneva
        _ev("tunis", "protest", [(10.1815, 36.8065)]),
        _ev("offshore", "shelling", [(13.19, 32.99)]),  # at sea off Tripoli: still Libya
        _ev("sirte", "clash", [(16.59, 31.21)]),
        _ev("nowhere", "political", []),  # no coordinates: kept, nothing says otherwise
        *[_ev(f"line{i}", "front_line", [(15.8 + i / 10, 31.0), (16.0, 31.6)]) for i in range(4)],
    ])
    countries = dict(zip(frame["event_id"], event_countries(frame), strict=True))
    assert countries["tunis"] == "Tunisia" and countries["geneva"] == "outside Libya"
    assert countries["offshore"] == "Libya" and countries["nowhere"] is None
    rows = _rows(acled_csv_bytes(frame))
    assert [r["event_id_cnty"] for r in rows] == ["offshore", "sirte", "nowhere"]
    assert {r["country"] for r in rows} == {"Libya"}
    notes = acled_notes(frame)
    assert "4 front lines are in the GeoJSON/GeoPackage export only" in notes[0]
    assert notes[1].startswith("2 events outside Libya (") and "Tunisia: 1" in notes[1]
    assert acled_notes(events_to_frame([_ev("sirte", "clash", [(16.59, 31.21)])])) == []


def test_geojson_features_carry_their_layer_and_the_reviewed_mark() -> None:
    frame = events_to_frame([_ev("s", "shelling", [(13.2, 32.8)]), _ev("m", "movement", [(15.0, 32.3), (15.2, 31.4)]),
                             _ev("f", "front_line", [(15.8, 31.0), (16.0, 31.6)])])
    frame["reviewed"] = [True, False, False]
    doc = json.loads(geojson_bytes(frame))
    got = {f["properties"]["event_id"]: (f["properties"]["layer"], f["properties"]["reviewed"])
           for f in doc["features"]}
    assert got == {"s": ("strikes", True), "m": ("movements", False), "f": ("front_lines", False)}
    assert [r["reviewed"] for r in _rows(acled_csv_bytes(frame))] == ["yes", ""]
