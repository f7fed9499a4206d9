"""The gazetteer's look-ups: every place the war's news names, in Arabic and two English spellings."""

from __future__ import annotations

import pytest

from gazetteer import Gazetteer
from gazetteer.verify import check_entries

# (expected id, Arabic, English spelling 1, English spelling 2)
WAR_PLACES = [
    ("ly-watiya-airbase", "قاعدة الوطية الجوية", "Al-Watiya airbase", "Uqba bin Nafi Air Base"),
    ("ly-jufra-airbase", "الجفرة", "Jufra", "Al Jufrah Airbase"),
    ("ly-mitiga-airport", "مطار معيتيقة", "Mitiga", "Maitiga"),
    ("ly-misrata-airport", "مطار مصراتة", "Misrata Airport", "Misurata airport"),
    ("ly-misrata-air-college", "الكلية الجوية بمصراتة", "Misrata Air College", "Misrata Air Academy"),
    ("ly-khadim-airbase", "قاعدة الخادم الجوية", "Al-Khadim airbase", "Al Khadim"),
    ("ly-ghardabiya-airbase", "قاعدة القرضابية الجوية", "Ghardabiya Air Base", "Gardabiya airbase"),
    ("ly-tamanhint-airbase", "قاعدة تمنهنت الجوية", "Tamanhint Air Base", "Tamenhint"),
    ("ly-brak-airbase", "قاعدة براك الجوية", "Brak Air Base", "Brak al-Shati air base"),
    ("ly-benina-airport", "مطار بنينا", "Benina airport", "Benina Air Base"),
    ("ly-abraq-airport", "مطار الأبرق", "Al-Abraq Airport", "Labraq airport"),
    ("ly-tripoli-international-airport", "مطار طرابلس العالمي", "Tripoli International Airport", "Tripoli Airport"),
    ("ly-zuwara-airport", "مطار زوارة", "Zuwara Airport", "Zuwarah International Airport"),
    ("ly-ain-zara", "عين زارة", "Ain Zara", "Ayn Zarah"),
    ("ly-salah-al-din", "صلاح الدين", "Salah al-Din", "Salaheddin"),
    ("ly-abu-salim", "أبو سليم", "Abu Salim", "Abu Sleem"),
    ("ly-qasr-bin-ghashir", "قصر بن غشير", "Qasr bin Ghashir", "Gasr Ben Gashir"),
    ("ly-wadi-al-rabi", "وادي الربيع", "Wadi al-Rabi", "Wadi Rabie"),
    ("ly-khallat-al-furjan", "خلة الفرجان", "Khallat al-Furjan", "Khalat al-Furjan"),
    ("ly-hadba", "الهضبة", "Al-Hadhba", "Hadba"),
    ("ly-sawani", "السواني", "Al-Sawani", "Swani"),
    ("ly-airport-road", "طريق المطار", "Airport Road", "Tripoli Airport Road"),
    ("ly-yarmouk-camp", "معسكر اليرموك", "Al-Yarmouk camp", "Yarmuk camp"),
    ("ly-hamza-camp", "معسكر حمزة", "Hamza camp", "Camp Hamza"),
    ("ly-souq-al-khamis", "سوق الخميس امسيحل", "Souq al-Khamis", "Suq al-Khamis"),
    ("ly-espiaa", "السبيعة", "Espiaa", "Al-Sbeaa"),
    ("ly-tajoura", "تاجوراء", "Tajoura", "Tajura"),
    ("ly-janzour", "جنزور", "Janzour", "Janzur"),
    ("ly-aziziya", "العزيزية", "Al-Aziziya", "Azizia"),
    ("ly-sabratha", "صبراتة", "Sabratha", "Sabrata"),
    ("ly-surman", "صرمان", "Surman", "Sorman"),
    ("ly-ajaylat", "العجيلات", "Al-Ajaylat", "Ajeilat"),
    ("ly-regdalin", "رقدالين", "Regdalin", "Riqdalin"),
    ("ly-jumayl", "الجميل", "Al-Jumayl", "Jmail"),
    ("ly-zaltan", "زلطن", "Zaltan", "Zelten"),
    ("ly-zintan", "الزنتان", "Zintan", "Az Zintan"),
    ("ly-gharyan", "غريان", "Gharyan", "Gharian"),
    ("ly-tarhuna", "ترهونة", "Tarhuna", "Tarhouna"),
    ("ly-bani-walid", "بني وليد", "Bani Walid", "Beni Walid"),
    ("ly-mizda", "مزدة", "Mizda", "Mizdah"),
    ("ly-asabaa", "الأصابعة", "Al-Asabaa", "Asabia"),
    ("ly-qaryat", "القريات", "Al-Qaryat", "Gariat"),
    ("ly-shwayrif", "الشويرف", "Al-Shwayrif", "Shweref"),
    ("ly-abu-grein", "أبو قرين", "Abu Grein", "Abu Qurayn"),
    ("ly-washka", "الوشكة", "Al-Wishka", "Washka"),
    ("ly-tawergha", "تاورغاء", "Tawergha", "Tawurgha"),
    ("ly-sirte", "سرت", "Sirte", "Surt"),
    ("ly-ras-lanuf", "رأس لانوف", "Ras Lanuf", "Ras Lanouf"),
    ("ly-es-sider", "السدرة", "Es Sider", "Sidra"),
    ("ly-brega", "البريقة", "Brega", "Marsa al Brega"),
    ("ly-zueitina", "الزويتينة", "Zueitina", "Zuwetina"),
    ("ly-bin-jawad", "بن جواد", "Bin Jawad", "Ben Jawad"),
    ("ly-sharara-field", "حقل الشرارة", "Sharara oil field", "El Sharara"),
    ("ly-el-feel-field", "حقل الفيل", "El Feel oil field", "Elephant oil field"),
    ("ly-sabha", "سبها", "Sabha", "Sebha"),
    ("ly-murzuq", "مرزق", "Murzuq", "Murzuk"),
    ("ly-ubari", "أوباري", "Ubari", "Awbari"),
    ("ly-hun", "هون", "Hun", "Houn"),
    ("ly-waddan", "ودان", "Waddan", "Wadan"),
    ("ly-sokna", "سوكنة", "Sokna", "Sukna"),
    ("ly-benghazi", "بنغازي", "Benghazi", "Bengasi"),
    ("ly-derna", "درنة", "Derna", "Darnah"),
    ("ly-ajdabiya", "اجدابيا", "Ajdabiya", "Agedabia"),
    ("ly-tobruk", "طبرق", "Tobruk", "Tubruq"),
    ("ly-misrata", "مصراته", "Misrata", "Misurata"),
    ("ly-tripoli", "طرابلس", "Tripoli", "Tarabulus"),
    ("ly-region-tripolitania", "إقليم طرابلس", "Tripolitania", "Tripolitania region"),
    ("ly-region-cyrenaica", "برقة", "Cyrenaica", "Barqa"),
    ("ly-region-fezzan", "فزان", "Fezzan", "Fazzan"),
    ("ly-region-oil-crescent", "الهلال النفطي", "Oil Crescent", "Libyan oil crescent"),
    ("ly-region-nafusa", "جبل نفوسة", "Nafusa Mountains", "Jebel Nafusa"),
    ("ly-region-jabal-al-akhdar", "الجبل الأخضر", "Jabal al-Akhdar", "Green Mountain"),
    ("ly-district-misrata", "شعبية مصراتة", "Misrata District", "Misurata District"),
    ("ly-district-jufra", "شعبية الجفرة", "Jufra District", "Al Jufrah District"),
    ("ly-district-murqub", "شعبية المرقب", "Murqub District", "Al Marqab"),
    ("ly-district-butnan", "شعبية البطنان", "Butnan District", "Al Butnan"),
]

# Places the news of the other wars names (2011; Benghazi 2014-2017, Derna 2015-2018, Sirte 2016;
# Tripoli 2022-2023; the oil fields), in the spellings reports use.
OTHER_WAR_PLACES = [
    ("ly-souq-al-hout", "سوق الحوت", "Souq al-Hout", "Suq al Hoot"),
    ("ly-sidi-akhribish", "سيدي اخريبيش", "Sidi Akhribish", "Sidi Ekhribish"),
    ("ly-kuwayfiya", "الكويفية", "Al-Kuwayfiya", "Kuwaifiya"),
    ("ly-tika", "تيكا", "Tika", "Teeka"),
    ("ly-hawari", "الهواري", "Al-Hawari", "Al-Hiwari"),
    ("ly-garyounis", "قاريونس", "Garyounis", "Ghar Yunis"),
    ("ly-shiha-gharbiya", "شيحا الغربية", "Western Shiha", "Shiha"),
    ("ly-shiha-sharqiya", "شيحا الشرقية", "Eastern Shiha", "Shiha al-Sharqiya"),
    ("ly-maghar-derna", "حي المغار", "Al-Maghar", "Maghar"),
    ("ly-dahr-al-hamr", "الظهر الحمر", "Dahr al-Hamr", "Dhahr al-Hamar"),
    ("ly-bab-tobruk-derna", "باب طبرق", "Bab Tobruk", "Bab Tubruq"),
    ("ly-jiza-bahriya-sirte", "الجيزة البحرية", "Jiza al-Bahriya", "Giza al-Bahriya"),
    ("ly-ouagadougou-centre", "قاعات واغادوغو", "Ouagadougou Conference Centre", "Ouagadougou complex"),
    ("ly-nofliyeen", "النوفليين", "Nofliyeen", "Nufliyin"),
    ("ly-sikka-road", "طريق السكة", "Sikka Road", "Tariq al-Sikka"),
    ("ly-shatt-road", "طريق الشط", "Al-Shatt Road", "Shatt Road"),
    ("ly-tariq-al-shok", "طريق الشوك", "Tariq al-Shok", "Shok Road"),
    ("ly-sabha-tayuri", "حي الطيوري", "Tayouri", "Taiora"),
    ("ly-sabha-qurda", "القرضة", "Gortha", "Al-Qurda (Sabha)"),
    ("ly-ghani-field", "حقل الغاني", "Ghani oil field", "Al-Ghani oil field"),
    ("ly-zella-field", "حقل زلة", "Zella oil field", "Zilla oil field"),
    ("ly-hamada-field", "حقل الحمادة", "Hamada oil field", "Al-Hamada oil field"),
    ("ly-tobruk-port", "ميناء الحريقة", "Tobruk port", "Marsa Hariga"),
    ("ly-camp-27", "البوابة 27", "Camp 27", "Bridge 27"),
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize("place_id, arabic, english1, english2", WAR_PLACES + OTHER_WAR_PLACES,
                         ids=[p[0] for p in WAR_PLACES + OTHER_WAR_PLACES])
def test_each_war_place_is_found_first_by_every_name(gaz: Gazetteer, place_id: str, arabic: str,
                                                    english1: str, english2: str) -> None:
    for name in (arabic, english1, english2):
        found = gaz.lookup(name)
        assert found, f"{name!r}: no entry"
        assert found[0].place.id == place_id, f"{name!r}: {found[0].place.id} first, expected {place_id}"


def test_spelling_variants_reach_the_same_entry(gaz: Gazetteer) -> None:
    ids = {gaz.lookup(n)[0].place.id for n in ("Misrata", "Misurata", "Misratah", "مصراته", "مصراتة", "مُصراتة")}
    assert ids == {"ly-misrata"}


def test_libya_prior_beats_foreign_namesakes(gaz: Gazetteer) -> None:
    assert gaz.lookup("Tripoli")[0].place.country_code == "LY"
    lebanon = gaz.lookup("Tripoli", country="LB")
    assert any(c.place.country_code == "LB" for c in lebanon), "Tripoli in Lebanon is a candidate too"


def test_foreign_places_are_known_as_foreign(gaz: Gazetteer) -> None:
    assert gaz.lookup("الدوحة")[0].place.country_code == "QA"
    assert gaz.lookup("Ankara")[0].place.country_code == "TR"
    assert gaz.lookup("تركيا")[0].place.feature_type == "country"


def test_fuzzy_lookup_finds_misspellings_above_threshold_only(gaz: Gazetteer) -> None:
    assert gaz.fuzzy("Tarhounah")[0].place.id == "ly-tarhuna"
    assert gaz.fuzzy("Gharyaan")[0].place.id == "ly-gharyan"
    assert gaz.fuzzy("Xqzvw") == []


def test_lookup_by_id_and_merged_source_ids(gaz: Gazetteer) -> None:
    assert gaz.get("ly-sirte").name == "Sirte"  # type: ignore[union-attr]
    merged = [p for p in gaz if p.source == "curated" and any(n == "Misratah" for n in p.names)]
    assert merged and gaz.get("nonexistent") is None


def test_nearest_entries_to_a_point(gaz: Gazetteer) -> None:
    near = gaz.nearest(32.3146, 15.0593, k=3, libyan_only=True)  # the Air College
    assert near[0][0].id in {"ly-misrata-air-college", "ly-misrata-airport"}
    assert [d for _, d in near] == sorted(d for _, d in near)
    assert near[0][1] < 3


def test_ambiguity_is_recorded_as_data(gaz: Gazetteer) -> None:
    assert gaz.ambiguity("الخضراء") is not None
    assert gaz.ambiguity("هون") is not None


def test_counts_and_arabic_share(gaz: Gazetteer) -> None:
    libyan = [p for p in gaz if p.is_libyan and p.feature_type != "country"]
    assert len(libyan) >= 1200
    # OpenStreetMap's hamlets often have a name in one script only; the other sources are bilingual.
    main = [p for p in libyan if p.source != "osm"]
    assert sum(1 for p in main if p.name_ar) / len(main) >= 0.95
    osm = [p for p in libyan if p.source == "osm"]
    assert len(osm) >= 700 and sum(1 for p in osm if p.name_ar) / len(osm) >= 0.5


def test_every_entry_passes_the_structural_checks(gaz: Gazetteer) -> None:
    problems = list(check_entries(gaz))
    assert not problems, "\n".join(map(str, problems[:30]))
