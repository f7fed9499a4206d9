"""The optional online fallback: off by default, cached, and harmless when offline."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from geo.places.geoparse import Geoparser, default_geoparser
from geo.places.online import OnlineGeocoder


class CountingGeocoder:
    """Stands in for the Nominatim server (the network), answering from a table."""

    def __init__(self, table: dict[str, tuple[float, float]]) -> None:
        self.table, self.calls = table, 0

    def geocode(self, query: str, **kwargs: Any) -> Any:
        self.calls += 1
        assert kwargs.get("country_codes") == "ly"
        hit = self.table.get(query)
        return None if hit is None else SimpleNamespace(latitude=hit[0], longitude=hit[1], address=query)


class FailingGeocoder:
    def geocode(self, query: str, **kwargs: Any) -> Any:
        raise OSError("network unreachable")


def test_default_geoparser_has_no_online_fallback() -> None:
    assert default_geoparser().online is None


def test_unknown_announced_name_is_geocoded_once_and_cached(tmp_path: Path) -> None:
    server = CountingGeocoder({"القطيفية": (32.80, 13.05)})
    online = OnlineGeocoder(tmp_path / "cache.json", geocoder=server, min_delay_seconds=0)
    gp = Geoparser(online=online)
    text = "اشتباكات في منطقة القطيفية قرب طرابلس"
    found = [m for m in gp.parse(text).mentions if m.place_id and m.place_id.startswith("osm:")]
    assert [(m.surface, m.lat) for m in found] == [("القطيفية", 32.80)]
    assert text[found[0].start:found[0].end] == "القطيفية"
    again = OnlineGeocoder(tmp_path / "cache.json", geocoder=server, min_delay_seconds=0)
    assert again.geocode("القطيفية") is not None and server.calls == 1  # answered from the disk cache


def test_known_names_are_not_sent(tmp_path: Path) -> None:
    server = CountingGeocoder({})
    gp = Geoparser(online=OnlineGeocoder(tmp_path / "c.json", geocoder=server, min_delay_seconds=0))
    gp.parse("قصف على مدينة مصراتة")
    assert server.calls == 0


def test_network_failure_degrades_to_not_found(tmp_path: Path) -> None:
    online = OnlineGeocoder(tmp_path / "c.json", geocoder=FailingGeocoder(), min_delay_seconds=0)
    assert online.geocode("Nowhere Town") is None
    assert Geoparser(online=online).parse("Fighting in the town of Nowhereville").mentions == []


@pytest.mark.network
def test_real_nominatim_finds_a_libyan_town(tmp_path: Path) -> None:
    place = OnlineGeocoder(tmp_path / "c.json").geocode("Gharyan")
    assert place is not None and 31.5 < place.lat < 32.5
