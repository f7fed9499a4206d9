"""Tests of the curated gazetteer tables as data.

``gazetteer/data/libya_places.csv`` (the project's own table of the war's places) and
``gazetteer/data/ambiguous_names.csv`` (names that are also common words, people or
several places). The curated coordinates are checked against the reference data in
``tests/test_curated_reference.py``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import pytest

from gazetteer import Gazetteer
from gazetteer.normalize import is_arabic, name_key, skeleton, strip_arabic_article

DATA = Path(__file__).resolve().parents[1] / "gazetteer" / "data"
PLACES_CSV = DATA / "libya_places.csv"
AMBIGUOUS_CSV = DATA / "ambiguous_names.csv"
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"

COLUMNS = [
    "id", "name_en", "name_ar", "variants_en", "variants_ar", "lat", "lon", "feature_type", "district",
    "parent_id", "prominence", "coord_source", "notes",
]
FEATURE_TYPES = {
    "region", "district", "city", "town", "village", "neighbourhood", "airbase", "airport", "port", "oil_port",
    "oil_field", "camp", "road", "site", "border_crossing", "island", "mountain", "wadi",
}
AREA_TYPES = {"region", "district"}
COORD_SOURCES = {"osm-places", "osm-2019", "ourairports", "geonames", "geonames-admin1", "manual"}
AMBIGUOUS_COLUMNS = ["name", "script", "kind", "places", "note"]
AMBIGUOUS_KINDS = {"common_word", "person_or_org", "shared"}
LAT_RANGE = (19.4, 33.3)
LON_RANGE = (9.3, 25.2)

# The places of the 2019-2020 war news the table must carry:
# (an English spelling, an Arabic spelling, the row that must own both).
WAR_PLACES: list[tuple[str, str, str]] = [
    # airbases and airports
    ("Al-Watiya", "الوطية", "ly-watiya-airbase"),
    ("Uqba bin Nafi Air Base", "قاعدة عقبة بن نافع الجوية", "ly-watiya-airbase"),
    ("Okba Ibn Nafa Air Base", "قاعدة الوطية الجوية", "ly-watiya-airbase"),
    ("Jufra", "الجفرة", "ly-jufra-airbase"),
    ("Giofra", "قاعدة الجفرة", "ly-jufra-airbase"),
    ("Mitiga", "معيتيقة", "ly-mitiga-airport"),
    ("Maitiga airport", "مطار معيتيقة", "ly-mitiga-airport"),
    ("Misrata airport", "مطار مصراتة", "ly-misrata-airport"),
    ("Misrata Air College", "الكلية الجوية بمصراتة", "ly-misrata-air-college"),
    ("Misrata Air Academy", "الكلية الجوية", "ly-misrata-air-college"),
    ("Al-Khadim", "قاعدة الخادم", "ly-khadim-airbase"),
    ("Ghardabiya", "القرضابية", "ly-ghardabiya-airbase"),
    ("Gardabiya airbase", "مطار سرت", "ly-ghardabiya-airbase"),
    ("Tamanhint", "قاعدة تمنهنت", "ly-tamanhint-airbase"),
    ("Brak al-Shati air base", "قاعدة براك الشاطئ", "ly-brak-airbase"),
    ("Benina airport", "مطار بنينا", "ly-benina-airport"),
    ("Al-Abraq airport", "مطار الأبرق", "ly-abraq-airport"),
    ("Labraq", "مطار الابرق", "ly-abraq-airport"),
    ("Tripoli International Airport", "مطار طرابلس العالمي", "ly-tripoli-international-airport"),
    ("Zuwara airport", "مطار زوارة", "ly-zuwara-airport"),
    ("Gamal Abdel Nasser Air Base", "قاعدة جمال عبد الناصر", "ly-gamal-abdel-nasser-airbase"),
    ("Sabha airport", "مطار سبها", "ly-sabha-airport"),
    ("Ubari airport", "مطار أوباري", "ly-ubari-airport"),
    ("Al-Wigh", "الويغ", "ly-wigh-airbase"),
    ("Ras Lanuf airport", "مطار رأس لانوف", "ly-ras-lanuf-airport"),
    ("Brega airport", "مطار البريقة", "ly-brega-airport"),
    ("Kufra airport", "مطار الكفرة", "ly-kufra-airport"),
    ("Ghat airport", "مطار غات", "ly-ghat-airport"),
    ("Zintan airport", "مطار الزنتان", "ly-zintan-airport"),
    ("Matan al-Sarra", "معطن السارة", "ly-matan-al-sarra"),
    # Tripoli and its fronts
    ("Tripoli", "طرابلس", "ly-tripoli"),
    ("Ain Zara", "عين زارة", "ly-ain-zara"),
    ("Salah al-Din", "صلاح الدين", "ly-salah-al-din"),
    ("Abu Salim", "أبو سليم", "ly-abu-salim"),
    ("Qasr bin Ghashir", "قصر بن غشير", "ly-qasr-bin-ghashir"),
    ("Gasr Ben Gashir", "قصر بن غشير", "ly-qasr-bin-ghashir"),
    ("Wadi al-Rabi", "وادي الربيع", "ly-wadi-al-rabi"),
    ("Wadi Rabie", "محور وادي الربيع", "ly-wadi-al-rabi"),
    ("Khallat al-Furjan", "خلة الفرجان", "ly-khallat-al-furjan"),
    ("Al-Hadhba", "الهضبة", "ly-hadba"),
    ("Al-Sawani", "السواني", "ly-sawani"),
    ("Airport Road", "طريق المطار", "ly-airport-road"),
    ("Airport road axis", "محور طريق المطار", "ly-airport-road"),
    ("Yarmouk camp", "معسكر اليرموك", "ly-yarmouk-camp"),
    ("Hamza camp", "معسكر حمزة", "ly-hamza-camp"),
    ("7th April camp", "معسكر 7 أبريل", "ly-7-april-camp"),
    ("Takbali camp", "معسكر التكبالي", "ly-takbali-camp"),
    ("Bab al-Aziziya", "باب العزيزية", "ly-bab-al-aziziya"),
    ("Souq al-Khamis", "سوق الخميس", "ly-souq-al-khamis"),
    ("Al-Sbeaa", "السبيعة", "ly-espiaa"),
    ("Espiaa", "إسبيعة", "ly-espiaa"),
    ("Tajoura", "تاجوراء", "ly-tajoura"),
    ("Janzour", "جنزور", "ly-janzour"),
    ("Al-Aziziya", "العزيزية", "ly-aziziya"),
    ("Souq al-Juma", "سوق الجمعة", "ly-souq-al-juma"),
    ("Gargaresh", "قرقارش", "ly-gargaresh"),
    ("Ghut al-Shaal", "غوط الشعال", "ly-ghut-al-shaal"),
    ("Al-Krimiya", "الكريمية", "ly-krimiya"),
    ("Al-Twaisha", "الطويشة", "ly-twaisha"),
    ("Tajoura detention centre", "مركز إيواء تاجوراء", "ly-tajoura-detention-centre"),
    ("Tripoli port", "ميناء طرابلس", "ly-tripoli-port"),
    # west
    ("Sabratha", "صبراتة", "ly-sabratha"),
    ("Surman", "صرمان", "ly-surman"),
    ("Al-Ajaylat", "العجيلات", "ly-ajaylat"),
    ("Regdalin", "رقدالين", "ly-regdalin"),
    ("Al-Jumayl", "الجميل", "ly-jumayl"),
    ("Zaltan", "زلطن", "ly-zaltan"),
    ("Zuwara", "زوارة", "ly-zuwara"),
    ("Abu Kammash", "أبو كماش", "ly-abu-kammash"),
    ("Ras Jdir", "منفذ رأس اجدير", "ly-ras-ajdir"),
    ("Zawiya", "الزاوية", "ly-zawiya"),
    ("Zintan", "الزنتان", "ly-zintan"),
    ("Gharyan", "غريان", "ly-gharyan"),
    ("Tarhuna", "ترهونة", "ly-tarhuna"),
    ("Tarhouna", "ترهونه", "ly-tarhuna"),
    ("Bani Walid", "بني وليد", "ly-bani-walid"),
    ("Mizda", "مزدة", "ly-mizda"),
    ("Al-Asabaa", "الأصابعة", "ly-asabaa"),
    ("Al-Qaryat", "القريات", "ly-qaryat"),
    ("Al-Shwayrif", "الشويرف", "ly-shwayrif"),
    ("Abu Grein", "أبو قرين", "ly-abu-grein"),
    ("Al-Wishka", "الوشكة", "ly-washka"),
    ("Tawergha", "تاورغاء", "ly-tawergha"),
    ("Nalut", "نالوت", "ly-nalut"),
    ("Jadu", "جادو", "ly-jadu"),
    ("Yefren", "يفرن", "ly-yafran"),
    ("Kikla", "ككلة", "ly-kikla"),
    ("Al-Rujban", "الرجبان", "ly-rujban"),
    ("Wazin", "وازن", "ly-wazin"),
    ("Ghadames", "غدامس", "ly-ghadames"),
    ("Al-Riyayna", "الرياينة", "ly-riyayna"),
    ("Al-Qawalish", "القواليش", "ly-qawalish"),
    ("Al-Khums", "الخمس", "ly-khums"),
    ("Zliten", "زليتن", "ly-zliten"),
    ("Msallata", "مسلاتة", "ly-msallata"),
    ("Garabulli", "القره بوللي", "ly-garabulli"),
    ("Qasr al-Akhyar", "قصر الأخيار", "ly-qasr-al-akhyar"),
    ("Al-Maya", "الماية", "ly-maya"),
    ("Wershefana", "ورشفانة", "ly-wershefana"),
    ("Tiji", "تيجي", "ly-tiji"),
    ("Badr", "بدر", "ly-badr"),
    ("Kabaw", "كاباو", "ly-kabaw"),
    ("Dehiba-Wazin crossing", "معبر وازن", "ly-dehiba-wazin-crossing"),
    ("Mellitah", "مليتة", "ly-mellitah"),
    ("Zawiya refinery", "مصفاة الزاوية", "ly-zawiya-refinery"),
    ("Misrata port", "ميناء مصراتة", "ly-qasr-ahmed-port"),
    ("Khums port", "ميناء الخمس", "ly-khums-port"),
    # centre, oil crescent and fields
    ("Misrata", "مصراتة", "ly-misrata"),
    ("Misurata", "مصراته", "ly-misrata"),
    ("Sirte", "سرت", "ly-sirte"),
    ("Ras Lanuf", "رأس لانوف", "ly-ras-lanuf"),
    ("Es Sider", "السدرة", "ly-es-sider"),
    ("Brega", "البريقة", "ly-brega"),
    ("Zueitina", "الزويتينة", "ly-zueitina"),
    ("Bin Jawad", "بن جواد", "ly-bin-jawad"),
    ("Nofaliya", "النوفلية", "ly-nofaliya"),
    ("Harawa", "هراوة", "ly-harawa"),
    ("Umm al-Khanfis", "أم الخنفس", "ly-umm-al-khanfis"),
    ("Sharara oil field", "حقل الشرارة", "ly-sharara-field"),
    ("El Feel", "حقل الفيل", "ly-el-feel-field"),
    ("Zella", "زلة", "ly-zella"),
    ("Marada", "مرادة", "ly-marada"),
    ("Hun", "هون", "ly-hun"),
    ("Waddan", "ودان", "ly-waddan"),
    ("Sokna", "سوكنة", "ly-sokna"),
    ("Al-Fuqaha", "الفقهاء", "ly-fuqaha"),
    ("Sultan", "سلطان", "ly-sultan"),
    # south and east
    ("Sabha", "سبها", "ly-sabha"),
    ("Sebha", "سبها", "ly-sabha"),
    ("Murzuq", "مرزق", "ly-murzuq"),
    ("Ubari", "أوباري", "ly-ubari"),
    ("Ghat", "غات", "ly-ghat"),
    ("Brak", "براك", "ly-brak"),
    ("Wadi al-Shati", "وادي الشاطئ", "ly-district-wadi-al-shatii"),
    ("Traghan", "تراغن", "ly-traghan"),
    ("Umm al-Aranib", "أم الأرانب", "ly-umm-al-aranib"),
    ("Al-Qatrun", "القطرون", "ly-qatrun"),
    ("Tmassah", "تمسة", "ly-tmassah"),
    ("Waw al-Kabir", "واو الكبير", "ly-waw-al-kabir"),
    ("Kufra", "الكفرة", "ly-kufra"),
    ("Rebiana", "ربيانة", "ly-rebiana"),
    ("Tazirbu", "تازربو", "ly-tazirbu"),
    ("Jalu", "جالو", "ly-jalu"),
    ("Awjila", "أوجلة", "ly-awjila"),
    ("Ajdabiya", "اجدابيا", "ly-ajdabiya"),
    ("Benghazi", "بنغازي", "ly-benghazi"),
    ("Ganfouda", "قنفودة", "ly-ganfouda"),
    ("Sabri", "الصابري", "ly-sabri"),
    ("Al-Laithi", "الليثي", "ly-laithi"),
    ("Benina", "بنينا", "ly-benina"),
    ("Bu Atni", "بوعطني", "ly-bu-atni"),
    ("Gwarsha", "القوارشة", "ly-gwarsha"),
    ("Al-Hawari", "الهواري", "ly-hawari"),
    ("Al-Marj", "المرج", "ly-marj"),
    ("Al-Bayda", "البيضاء", "ly-bayda"),
    ("Shahat", "شحات", "ly-shahat"),
    ("Susa", "سوسة", "ly-susa"),
    ("Derna", "درنة", "ly-derna"),
    ("Ras al-Hilal", "رأس الهلال", "ly-ras-al-hilal"),
    ("Tobruk", "طبرق", "ly-tobruk"),
    ("Bardia", "البردية", "ly-bardia"),
    ("Jaghbub", "الجغبوب", "ly-jaghbub"),
    ("Emsaed", "امساعد", "ly-emsaed"),
    ("Al-Abyar", "الأبيار", "ly-abyar"),
    ("Tolmeita", "طلميثة", "ly-tolmeita"),
    ("Qaminis", "قمينس", "ly-qaminis"),
    ("Suluq", "سلوق", "ly-suluq"),
    ("Al-Qubba", "القبة", "ly-qubba"),
    ("Martuba", "مرتوبة", "ly-martuba"),
    ("Umm al-Rizam", "أم الرزم", "ly-umm-al-rizam"),
    ("Benghazi port", "ميناء بنغازي", "ly-benghazi-port"),
    # regions and districts
    ("Tripolitania", "طرابلس الغرب", "ly-region-tripolitania"),
    ("Cyrenaica", "برقة", "ly-region-cyrenaica"),
    ("Fezzan", "فزان", "ly-region-fezzan"),
    ("Oil Crescent", "الهلال النفطي", "ly-region-oil-crescent"),
    ("Nafusa Mountains", "جبل نفوسة", "ly-region-nafusa"),
    ("Western Mountains", "الجبل الغربي", "ly-region-nafusa"),
    ("Green Mountain", "الجبل الأخضر", "ly-region-jabal-al-akhdar"),
    ("Jufra District", "شعبية الجفرة", "ly-district-jufra"),
    ("Tripoli District", "شعبية طرابلس", "ly-district-tripoli"),
    ("Zawiya District", "شعبية الزاوية", "ly-district-zawiya"),
    ("Jafara", "الجفارة", "ly-district-jafara"),
    ("Butnan", "البطنان", "ly-district-butnan"),
]

# The 22 districts (GeoNames admin1 LY.63-LY.84).
DISTRICT_IDS = {
    "ly-district-" + d for d in (
        "tripoli", "jafara", "zawiya", "nuqat-al-khams", "jabal-al-gharbi", "nalut", "murqub", "misrata", "sirte",
        "jufra", "wadi-al-shatii", "sabha", "wadi-al-hayaa", "ghat", "murzuq", "kufra", "wahat", "benghazi", "marj",
        "jabal-al-akhdar", "derna", "butnan",
    )
}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@lru_cache(maxsize=1)
def _places() -> tuple[list[str], list[dict[str, str]]]:
    return _read(PLACES_CSV)


def places() -> list[dict[str, str]]:
    return _places()[1]


def by_id() -> dict[str, dict[str, str]]:
    return {r["id"]: r for r in places()}


def split(field: str) -> list[str]:
    return [v for v in field.split("|")] if field else []


def names_of(row: dict[str, str]) -> list[str]:
    return [n for n in [row["name_en"], row["name_ar"], *split(row["variants_en"]), *split(row["variants_ar"])] if n]


def keys_of(name: str) -> set[str]:
    """Exact key, the Arabic key without its article, and the Latin spelling skeleton."""
    key = name_key(name)
    out = {key}
    if is_arabic(key):
        out.add(" ".join(strip_arabic_article(w) for w in key.split()))
    elif len(skeleton(name)) >= 3:
        out.add("sk:" + skeleton(name))
    out.discard("")
    return out


# ---------------------------------------------------------------- libya_places.csv


def test_columns_in_order():
    assert _places()[0] == COLUMNS


def test_row_count():
    assert len(places()) >= 420


def test_ids_unique_and_slugs():
    ids = [r["id"] for r in places()]
    dupes = [i for i, n in Counter(ids).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    bad = [i for i in ids if not re.fullmatch(r"ly-[a-z0-9]+(?:-[a-z0-9]+)*", i)]
    assert not bad, f"ids that are not ly-<slug>: {bad}"


def test_required_columns_filled():
    required = ["id", "name_en", "lat", "lon", "feature_type", "prominence", "coord_source"]
    missing = [(r["id"], c) for r in places() for c in required if not r[c].strip()]
    assert not missing, f"empty required fields: {missing}"


def test_arabic_names_share():
    rows = places()
    with_ar = [r for r in rows if r["name_ar"].strip()]
    assert len(with_ar) / len(rows) >= 0.97
    not_arabic = [r["id"] for r in with_ar if not is_arabic(r["name_ar"])]
    assert not not_arabic, f"name_ar not in Arabic script: {not_arabic}"


def test_variants_are_in_their_script_and_not_repeated():
    problems = []
    for r in places():
        for v in split(r["variants_en"]):
            if not v.strip() or is_arabic(v) or v != v.strip():
                problems.append((r["id"], "variants_en", v))
        for v in split(r["variants_ar"]):
            if not v.strip() or not is_arabic(v) or v != v.strip():
                problems.append((r["id"], "variants_ar", v))
        keys = [name_key(n) for n in names_of(r)]
        for k, n in Counter(keys).items():
            if n > 1:
                problems.append((r["id"], "repeated after normalisation", k))
    assert not problems, problems


def test_no_name_shared_by_two_rows():
    """Two rows never share a normalised name: the place news means gets the plain name."""
    owners: dict[str, set[str]] = {}
    for r in places():
        for n in names_of(r):
            owners.setdefault(name_key(n), set()).add(r["id"])
    shared = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    assert not shared, shared


def test_coordinates_in_libya_bbox():
    bad = []
    for r in places():
        lat, lon = float(r["lat"]), float(r["lon"])
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            bad.append((r["id"], lat, lon))
        for c in ("lat", "lon"):
            decimals = len(r[c].partition(".")[2])
            if not 4 <= decimals <= 5:
                bad.append((r["id"], c, r[c]))
    assert not bad, bad


def test_feature_types_and_sources():
    bad = [(r["id"], r["feature_type"]) for r in places() if r["feature_type"] not in FEATURE_TYPES]
    bad += [(r["id"], r["coord_source"]) for r in places() if r["coord_source"] not in COORD_SOURCES]
    assert not bad, bad


def test_manual_coordinates_are_explained():
    unexplained = [r["id"] for r in places() if r["coord_source"] == "manual" and len(r["notes"].strip()) < 15]
    assert not unexplained, f"manual coordinates need a note saying why: {unexplained}"


def test_prominence_is_0_to_100():
    bad = [(r["id"], r["prominence"]) for r in places()
           if not r["prominence"].isdigit() or not 0 <= int(r["prominence"]) <= 100]
    assert not bad, bad


def test_district_and_parent_references():
    rows = by_id()
    problems = []
    for r in places():
        if r["feature_type"] in AREA_TYPES:
            if r["district"]:
                problems.append((r["id"], "an area has a district", r["district"]))
        elif not r["district"]:
            problems.append((r["id"], "no district", ""))
        elif rows.get(r["district"], {}).get("feature_type") != "district":
            problems.append((r["id"], "district is not a district row", r["district"]))
        if r["parent_id"] and (r["parent_id"] not in rows or r["parent_id"] == r["id"]):
            problems.append((r["id"], "bad parent_id", r["parent_id"]))
    assert not problems, problems


def test_the_22_districts():
    districts = {r["id"] for r in places() if r["feature_type"] == "district"}
    assert districts == DISTRICT_IDS


@pytest.mark.parametrize(("english", "arabic", "place_id"), WAR_PLACES, ids=[t[0] for t in WAR_PLACES])
def test_war_place_names(english, arabic, place_id):
    row = by_id().get(place_id)
    assert row is not None, f"{place_id} missing"
    assert row["name_ar"], f"{place_id} has no Arabic name"
    latin = [n for n in names_of(row) if not is_arabic(n)]
    assert len({name_key(n) for n in latin}) >= 2, f"{place_id} needs at least two English spellings"
    row_keys = set().union(*(keys_of(n) for n in names_of(row)))
    assert keys_of(english) & row_keys, f"{english!r} is not a name of {place_id}: {latin}"
    assert keys_of(arabic) & row_keys, f"{arabic!r} is not a name of {place_id}"
    for name in (english, arabic):  # and the built gazetteer, merged with the other sources, gives that row first
        found = Gazetteer.default().lookup(name)
        assert found and found[0].place.id == place_id, f"{name!r}: {[c.place.id for c in found[:3]]}"


def test_news_names_go_to_the_place_news_means():
    rows = by_id()
    jufra, district = rows["ly-jufra-airbase"], rows["ly-district-jufra"]
    assert int(jufra["prominence"]) > int(district["prominence"])
    assert {"jufra", "الجفره"} <= {name_key(n) for n in names_of(jufra)}
    uqba = name_key("Uqba bin Nafi")
    assert [r["id"] for r in places() if uqba in {name_key(n) for n in names_of(r)}] == ["ly-watiya-airbase"]
    for city, dist in [("ly-tripoli", "ly-district-tripoli"), ("ly-zawiya", "ly-district-zawiya"),
                       ("ly-misrata", "ly-district-misrata"), ("ly-sirte", "ly-district-sirte"),
                       ("ly-benghazi", "ly-district-benghazi"), ("ly-sabha", "ly-district-sabha"),
                       ("ly-derna", "ly-district-derna"), ("ly-murzuq", "ly-district-murzuq"),
                       ("ly-ghat", "ly-district-ghat"), ("ly-kufra", "ly-district-kufra"),
                       ("ly-nalut", "ly-district-nalut"), ("ly-marj", "ly-district-marj")]:
        plain_en, plain_ar = name_key(rows[city]["name_en"]), name_key(rows[city]["name_ar"])
        assert plain_ar not in {name_key(n) for n in names_of(rows[dist])}, dist
        assert plain_en in {name_key(n) for n in names_of(rows[city])}
        assert int(rows[city]["prominence"]) > int(rows[dist]["prominence"]), city


# ---------------------------------------------------------------- ambiguous_names.csv


def test_ambiguous_names_table():
    header, rows = _read(AMBIGUOUS_CSV)
    assert header == AMBIGUOUS_COLUMNS
    assert len(rows) >= 60
    ids = set(by_id())
    problems = []
    for r in rows:
        if not r["name"].strip() or not r["note"].strip():
            problems.append((r["name"], "empty name or note"))
        if r["script"] != ("ar" if is_arabic(r["name"]) else "en"):
            problems.append((r["name"], "script", r["script"]))
        if r["kind"] not in AMBIGUOUS_KINDS:
            problems.append((r["name"], "kind", r["kind"]))
        for pid in split(r["places"]):
            if pid not in ids:
                problems.append((r["name"], "unknown place", pid))
    dupes = [k for k, n in Counter((name_key(r["name"]), r["kind"]) for r in rows).items() if n > 1]
    assert not dupes, f"duplicate entries: {dupes}"
    assert not problems, problems


def test_ambiguous_names_belong_to_their_places():
    """A listed name is a name of one of its places, a spelling variant of one, or words of one."""
    rows = by_id()
    _, amb = _read(AMBIGUOUS_CSV)
    orphans = []
    for r in amb:
        pids = split(r["places"])
        if not pids:
            continue
        names = [n for pid in pids for n in names_of(rows[pid])]
        keys = set().union(*(keys_of(n) for n in names))
        words = f" {name_key(r['name'])} "
        if not keys_of(r["name"]) & keys and not any(words in f" {name_key(n)} " for n in names):
            orphans.append((r["name"], pids))
    assert not orphans, orphans
