"""OpenStreetMap places in the gazetteer, generic words, and transliterations whose vowels move.

The build-script test reads ``../shared/reference`` and is skipped when that folder is absent.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from gazetteer import Gazetteer, sources
from gazetteer.core import _source_fingerprint, merge_sources
from gazetteer.model import Place
from geo.places.geoparse import default_geoparser
from geo.places.resolve import prior

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT.parent / "shared" / "reference"


def resolved(text: str) -> list[tuple[str, Place | None]]:
    return [(r.match.surface, r.place) for r in default_geoparser().parse(text).resolved]


def _place(pid: str, name: str, lat: float, lon: float, source: str, prominence: float = 0.0) -> Place:
    return Place(id=pid, name=name, name_ar=None, lat=lat, lon=lon, country_code="LY", feature_type="village",
                 district=None, parent_id=None, prominence=prominence, population=0, source=source,
                 coord_source=source, names=(name,))


# ---------------------------------------------------------------- OSM villages are found


@pytest.mark.parametrize("text, surface", [
    ("اندلعت اشتباكات عنيفة صباح اليوم في منطقة البراشيش قرب غريان.", "البراشيش"),
    ("Fighting broke out in Barashish, south of Gharyan, on Monday morning.", "Barashish"),
])
def test_osm_village_resolves_in_arabic_and_english(text: str, surface: str) -> None:
    found = dict(resolved(text))
    place = found.get(surface)
    assert place is not None, f"{surface!r} not resolved in {found}"
    assert place.source == "osm" and place.district == "ly-district-jabal-al-gharbi"


def test_osm_village_in_the_nafusa_mountains_both_scripts_one_place() -> None:
    ar = dict(resolved("قصفت طائرة مسيرة موقعا في تملوشايت غرب نالوت."))["تملوشايت"]
    en = dict(resolved("A drone struck a position near Tamlushayt, west of Nalut."))["Tamlushayt"]
    assert ar is not None and en is not None and ar.id == en.id


@pytest.mark.parametrize("text, surface, curated_id", [
    ("سقطت قذائف على جنزور مساء الأحد.", "جنزور", "ly-janzour"),  # OSM: a hamlet جنزور near Tobruk
    ("Shells landed in Suq al Khamis on Sunday evening.", "Suq al Khamis", "ly-souq-al-khamis"),
])
def test_curated_entry_wins_over_an_osm_namesake(text: str, surface: str, curated_id: str) -> None:
    gaz = Gazetteer.default()
    # The premise: OpenStreetMap has a namesake of the curated place elsewhere.
    assert any(c.place.source == "osm" for c in gaz.lookup(surface)), f"no OSM namesake of {surface!r}"
    place = dict(resolved(text))[surface]
    assert place is not None and place.id == curated_id


def test_osm_rows_rank_below_geonames_and_curated() -> None:
    osm = _place("osm:1", "Qasr X", 31.0, 13.0, "osm", prominence=8.0)
    geonames = _place("gn:1", "Qasr X", 31.0, 13.0, "geonames", prominence=0.0)
    curated = _place("ly-x", "Qasr X", 31.0, 13.0, "curated", prominence=0.0)
    assert prior(osm) < prior(geonames) < prior(curated)


def test_an_osm_row_at_a_geonames_place_of_the_same_name_merges_into_it() -> None:
    geonames = _place("gn:1", "Bir Tarfas", 31.00, 13.00, "geonames")
    same = _place("osm:1", "Bir Tarafas", 31.02, 13.01, "osm")  # 2.4 km away, vowels moved
    far = _place("osm:2", "Bir Tarfas", 32.00, 13.00, "osm")  # a namesake 111 km away
    places, aliases = merge_sources([geonames], [same, far])
    assert aliases == {"osm:1": "gn:1"}
    assert [p.id for p in places] == ["gn:1", "osm:2"]
    assert "Bir Tarafas" in places[0].names


# ---------------------------------------------------------------- words that are not places


@pytest.mark.parametrize("word", ["Wadi", "Bir", "Ras", "Jabal", "Qasr", "Suq", "Souq", "Bab", "Sidi", "Ain", "Bani",
                                  "وادي", "بئر", "رأس", "جبل", "سوق", "قصر", "باب", "بني"])
def test_a_lone_generic_word_names_no_place(word: str) -> None:
    gaz = Gazetteer.default()
    assert gaz.lookup(word) == []
    assert gaz.fuzzy(word) == []


@pytest.mark.parametrize("text", [
    "Heavy fighting was reported in Wadi on Tuesday, and later near Ras after dawn.",
    "The convoy stopped at Bir before it moved on to Jabal.",
    "وصلت القوات إلى وادي بعد الفجر ثم تمركزت قرب بئر وجبل.",
    "Fighters seized most of Bani Wadi, a town still held by loyalists.",  # a misspelt Bani Walid, not Baneh
])
def test_a_sentence_with_only_generic_words_has_no_place(text: str) -> None:
    assert resolved(text) == []


@pytest.mark.parametrize("text", [
    "قال المتحدث إن الاجتماع الجديد سيعقد يوم السبت أو الخميس في الجزيرة.",
    "تجمع المحتجون أمام بوابة الثانوية في حي الكيلو.",
    "Hay was stacked by the road as the new council met on Saturday.",
    "صلى المصلون الجمعة في جامع عمرو بن العاص بالقاهرة.",  # a person's name, an OSM quarter of Tripoli
])
def test_osm_names_that_are_common_words_make_no_place(text: str) -> None:
    # Each sentence holds words that OpenStreetMap uses as village or quarter names.
    assert [(s, p.id) for s, p in resolved(text) if p is not None and p.source == "osm"] == []


@pytest.mark.parametrize("text, surface, place_id", [
    ("تقدمت القوات في حي المغار وسط درنة بعد اشتباكات عنيفة.", "حي المغار", "ly-maghar-derna"),
    ("دارت اشتباكات في منطقة الساحل الشرقي بمدينة درنة.", "الساحل الشرقي", "ly-sahel-sharqi-derna"),
    ("سقطت قذيفة على حي عمرو بن العاص في طرابلس.", "عمرو بن العاص", "osm:village-571"),
])
def test_a_quarter_named_by_a_common_word_or_a_person_is_found_after_its_place_noun(
        text: str, surface: str, place_id: str) -> None:
    place = dict(resolved(text)).get(surface)
    assert place is not None and place.id == place_id


@pytest.mark.parametrize("text", [
    "عثر الباحثون على نقوش قديمة داخل المغار في الجبل.",  # 'the caves'
    "تمتد المنتجعات على الساحل الشرقي للبحر الأحمر.",  # 'the eastern coast'
    "تنمو الشيحة في البادية بعد الأمطار.",  # 'wormwood'
    "وصل الوفد إلى واغادوغو للقاء المجلس العسكري.",  # the capital, not Sirte's conference centre
])
def test_words_that_also_name_quarters_make_no_libyan_place(text: str) -> None:
    assert [(s, p.id) for s, p in resolved(text) if p is not None and p.is_libyan] == []


# ---------------------------------------------------------------- transliterations whose vowels move


@pytest.mark.parametrize("spelling, place_id", [
    ("Grayat", "ly-qaryat"), ("Qaser Bin Ghashir", "ly-qasr-bin-ghashir"), ("Zwara", "ly-zuwara"),
])
def test_vowels_moved_still_name_the_place(spelling: str, place_id: str) -> None:
    cands = Gazetteer.default().lookup(spelling)
    assert cands and cands[0].place.id == place_id


@pytest.mark.parametrize("text, surface, place_id", [
    ("Government forces took control of Grayat on Sunday.", "Grayat", "ly-qaryat"),
    ("Clashes continued in Qaser Ben Gashir overnight.", "Qaser Ben Gashir", "ly-qasr-bin-ghashir"),
])
def test_vowels_moved_in_running_text(text: str, surface: str, place_id: str) -> None:
    place = dict(resolved(text)).get(surface)
    assert place is not None and place.id == place_id


# ---------------------------------------------------------------- the data file and its cache


def _build_script():
    spec = importlib.util.spec_from_file_location("build_osm_places", ROOT / "scripts" / "build_osm_places.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_build_script_output_equals_the_committed_file() -> None:
    if not (REFERENCE / "osm_places_LY_mosabsomaer.csv").is_file():
        pytest.skip(f"reference data not found at {REFERENCE}")
    pytest.importorskip("wordfreq")
    build = _build_script()
    committed = (sources.DATA_DIR / "osm_places.csv").read_text(encoding="utf-8")
    assert build.render(build.build_rows(REFERENCE)) == committed, \
        "gazetteer/data/osm_places.csv is stale: run scripts/build_osm_places.py"


def test_cache_key_changes_when_the_osm_table_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(sources.DATA_DIR, data)
    monkeypatch.setattr(sources, "DATA_DIR", data)
    before = _source_fingerprint()
    with open(data / "osm_places.csv", "a", encoding="utf-8") as f:
        f.write("osm:test,Test Village,,,,31.00000,13.00000,village,,test\n")
    assert _source_fingerprint() != before


def test_bad_osm_row_is_named(tmp_path: Path) -> None:
    path = tmp_path / "osm_places.csv"
    path.write_text("id,name_en,name_ar,variants_en,variants_ar,lat,lon,feature_type,district,osm_file\n"
                    "osm:n1,Good,,,,31.0,13.0,village,,x\nosm:n2,Bad,,,,north,13.0,village,,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"osm_places.csv:3 \(osm:n2\)"):
        list(sources.read_osm(path))


def test_a_village_whose_arabic_name_is_hyphenated_with_its_town_is_not_the_town() -> None:
    # OSM writes "الخضراء-ترهونة" (Al-Khadra, Tarhuna): cut at the hyphen, the part "ترهونة" made
    # the village 8 km away one place with the town; two villages of one name far apart stay two.
    pytest.importorskip("wordfreq")
    build = _build_script()
    ar, en = build.split_names("الخضراء-ترهونة")
    town = build.OsmPlace("osm:1", 32.435, 13.635, "city", "f", ["ترهونة"], ["Tarhuna"])
    village = build.OsmPlace("osm:2", 32.438, 13.717, "town", "f", ar, en)
    namesake = build.OsmPlace("osm:3", 31.435, 13.635, "village", "f", ["ترهونة"], [])  # 111 km south
    assert [p.id for p in build.merge_extracts([town, village, namesake])] == ["osm:1", "osm:2", "osm:3"]


def test_build_script_examples() -> None:
    pytest.importorskip("wordfreq")
    import doctest

    result = doctest.testmod(_build_script())
    assert result.attempted > 0 and result.failed == 0
