"""Armed groups of every period (2011, 2014-2018, Tripoli 2018-2025), in Arabic and English.

Sentences are written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.normalize import name_key
from geo.events.actors import actor_finder, actor_type, inter_code
from geo.events.extract import extract_article_events
from geo.model import Article

WAR_2019 = date(2019, 6, 1)


def actors(text: str, on: date | None = None) -> list[str]:
    return [a.actor for a in actor_finder().find(name_key(text), on=on)]


@pytest.mark.parametrize("text, on, expected", [
    # 2011
    ("قصفت كتائب القذافي أحياء المدينة بصواريخ غراد", date(2011, 4, 20), ["Gaddafi forces"]),
    ("Pro-Gadhafi forces pounded the port with rockets", date(2011, 4, 20), ["Gaddafi forces"]),
    ("Forces loyal to longtime Libyan leader Muammar Gaddafi shelled the port", date(2011, 3, 22), ["Gaddafi forces"]),
    ("قصفت كتائب العقيد الليبي معمر القذافي المدينة بالصواريخ", date(2011, 4, 18), ["Gaddafi forces"]),
    ("شنت القوات الجوية المصرية غارات على المدينة", date(2017, 5, 26), ["Egypt"]),
    ("تقدم الثوار نحو البلدة بدعم من طائرات الناتو", date(2011, 8, 1), ["Rebels", "NATO"]),
    # the owner of a named group is no party of its own
    ("Opposition fighters loyal to the National Transitional Council entered the town", date(2011, 8, 21),
     ["Rebels"]),
    # 2014-2018
    ("قوات فجر ليبيا تهاجم مطار العاصمة", date(2014, 7, 20), ["Libya Dawn"]),
    ("Operation Dignity jets struck Ansar al-Sharia positions", date(2014, 10, 15),
     ["Operation Dignity", "Ansar al-Sharia"]),
    ("اشتباكات بين قوات الكرامة ومجلس شورى ثوار بنغازي", date(2015, 2, 1),
     ["Operation Dignity", "Benghazi Revolutionaries Shura Council"]),
    ("The Derna Mujahideen Shura Council expelled the Islamic State from the city", date(2015, 6, 12),
     ["Derna Mujahideen Shura Council", "Islamic State"]),
    ("هاجم تنظيم الدولة مواقع حرس المنشآت النفطية", date(2016, 1, 4), ["Islamic State", "Petroleum Facilities Guard"]),
    ("قوات البنيان المرصوص تتقدم في سرت", date(2016, 8, 1), ["Bunyan al-Marsous"]),
    ("Misratan brigades and Tebu fighters were both in the area", date(2016, 3, 1), ["Misratan brigades", "Tebu forces"]),
    ("اشتباكات بين مسلحين من التبو والطوارق في أوباري", date(2015, 9, 1), ["Tebu forces", "Tuareg forces"]),
    # Tripoli 2018-2025
    ("اندلعت اشتباكات بين جهاز الردع واللواء 444", date(2023, 8, 14), ["Radaa", "444 Brigade"]),
    ("Fighting between the Special Deterrence Force and the 444th Combat Brigade", date(2023, 8, 14),
     ["Radaa", "444 Brigade"]),
    ("قوات جهاز دعم الاستقرار تنتشر في أبو سليم", date(2022, 5, 1), ["Stability Support Apparatus"]),
    ("The Nawasi and the Tripoli Revolutionaries Brigade exchanged fire", date(2022, 7, 22),
     ["Nawasi", "Tripoli Revolutionaries Brigade"]),
    ("مسلحو الكانيات ولواء الصمود", date(2018, 9, 1), ["Kaniyat", "Sumood Brigade"]),
    ("The 7th Brigade and the 777 Brigade", date(2018, 9, 1), ["Kaniyat", "777 Brigade"]),
    ("تشكيلات مسلحة من مدينة الزاوية تتحرك نحو العاصمة", date(2025, 5, 14), ["Zawiya groups"]),
    ("حكومة الوحدة الوطنية وحكومة الاستقرار", date(2022, 5, 17), ["GNU", "GNS"]),
    ("Wagner mercenaries and the Russian Africa Corps", date(2024, 2, 1), ["Wagner", "Africa Corps"]),
    ("أعلنت أفريكوم تنفيذ ضربة جوية", date(2019, 9, 20), ["AFRICOM"]),
    ("US Africa Command said a US airstrike hit the camp", date(2019, 9, 20), ["AFRICOM", "AFRICOM"]),
])
def test_groups_of_every_period_are_named_as_the_text_names_them(text: str, on: date, expected: list[str]) -> None:
    assert actors(text, on) == expected


@pytest.mark.parametrize("text", [
    "عاد الهدوء إلى شوارع المدينة وفتحت المحلات أبوابها",
    "Schools reopened and traffic returned to normal in the city centre",
    "قصفت القوات مصراتة",  # "the forces shelled Misrata": not "Misrata's forces"
])
def test_a_sentence_that_names_no_group_has_no_actor(text: str) -> None:
    assert actors(text, date(2023, 1, 10)) == []


@pytest.mark.parametrize("text, expected", [
    ("قصفت قوة الردع مواقع قوات حفتر", ["GNA", "LNA"]),
    ("The Nawasi brigade and Kaniyat fighters clashed south of the capital", ["GNA", "LNA"]),
    ("Bunyan al-Marsous units and Operation Dignity forces", ["GNA", "LNA"]),
])
def test_in_2019_2020_groups_are_written_as_the_side_they_fought_for(text: str, expected: list[str]) -> None:
    assert actors(text, WAR_2019) == expected


@pytest.mark.parametrize("text, expected", [
    ("Haftar's air force struck the camp", ["LNA"]),  # folds to "haftars": the possessive names him
    ("The GNA's drones hit the column", ["GNA"]),
    ("Misratans marched in the city centre", []),  # a longer word that starts with a name is not it
])
def test_an_english_possessive_names_the_group(text: str, expected: list[str]) -> None:
    assert actors(text, WAR_2019) == expected


def test_without_a_date_a_group_keeps_its_own_name() -> None:
    assert actors("قصفت قوة الردع مواقع قوات حفتر") == ["Radaa", "LNA"]


@pytest.mark.parametrize("text, on, expected", [
    ("قصفت الكتائب المدينة", date(2011, 4, 1), ["Gaddafi forces"]),
    ("قصفت الكتائب المدينة", date(2019, 4, 1), []),
    ("قصفت الكتائب المدينة", None, []),
    ("Government forces shelled the town", date(2011, 3, 10), ["Gaddafi forces"]),
    ("Government forces shelled the town", date(2018, 3, 10), ["GNA"]),
    ("Government forces shelled the town", date(2022, 3, 10), ["GNU"]),
    ("The Tripoli-based government condemned the attack", date(2020, 3, 10), ["GNA"]),
    ("The Tripoli-based government condemned the attack", date(2022, 3, 10), ["GNU"]),
    # Bashagha was the GNA's interior minister in 2019-2020, the rival prime minister in 2022
    ("Forces loyal to Fathi Bashagha entered the capital", date(2022, 5, 17), ["GNS"]),
    ("اندلعت اشتباكات بعد دخول باشاغا العاصمة", date(2022, 5, 17), ["GNS"]),
    ("Bashagha ordered the counter-attack", date(2019, 6, 1), ["GNA"]),
])
def test_words_that_name_a_group_only_in_its_period(text: str, on: date | None, expected: list[str]) -> None:
    assert actors(text, on) == expected


@pytest.mark.parametrize("name, kind, code", [
    ("GNA", "state_forces", 1), ("Gaddafi forces", "state_forces", 1), ("Radaa", "state_forces", 1),
    ("Islamic State", "rebel_group", 2), ("Rebels", "rebel_group", 2),
    ("Libya Dawn", "political_militia", 3), ("Nawasi", "political_militia", 3),
    ("Tebu forces", "identity_militia", 4), ("Tuareg forces", "identity_militia", 4),
    ("Protesters", "protesters", 6), ("Civilians", "civilians", 7),
    ("NATO", "external_forces", 8), ("Africa Corps", "external_forces", 8), ("Turkey", "external_forces", 8),
])
def test_actor_type_gives_acled_inter_codes(name: str, kind: str, code: int) -> None:
    assert actor_type(name) == kind and inter_code(name) == code


def test_every_group_has_a_known_type() -> None:
    from geo.text.lexicon import load_data

    data = load_data("actors.json")
    unknown = {k: v.get("type") for k, v in data["actors"].items() if v.get("type") not in data["actor_types"]}
    assert not unknown


# ---------------------------------------------------------------- through the extractor


def _events(text: str, on: date, language: str) -> list[tuple[str, str | None, int | None]]:
    art = Article(id="t", text=text, published=on, language=language)
    return [(e.category, e.actor1, e.fatalities) for e in extract_article_events(art)]


@pytest.mark.parametrize("text, on, language, actor1", [
    ("قصفت كتائب القذافي مدينة مصراتة يوم الأحد.", date(2011, 4, 18), "ar", "Gaddafi forces"),
    ("Gaddafi forces shelled Misrata on Sunday.", date(2011, 4, 18), "en", "Gaddafi forces"),
    ("شنت طائرات الناتو غارات على طرابلس الليلة الماضية.", date(2011, 6, 1), "ar", "NATO"),
    ("قصفت قوات عملية الكرامة مواقع في بنغازي يوم الجمعة.", date(2015, 3, 6), "ar", "Operation Dignity"),
    ("The Petroleum Facilities Guard clashed with Islamic State fighters near Ras Lanuf.",
     date(2016, 1, 5), "en", "Petroleum Facilities Guard"),
    ("The Stability Support Apparatus clashed with the 444 Brigade in Tripoli on Monday.",
     date(2025, 5, 13), "en", "Stability Support Apparatus"),
    ("اندلعت اشتباكات عنيفة يوم الاثنين في طرابلس بين جهاز الردع واللواء 444.", date(2023, 8, 15), "ar", "Radaa"),
])
def test_extracted_events_name_the_group(text: str, on: date, language: str, actor1: str) -> None:
    found = _events(text, on, language)
    assert found and found[0][1] == actor1, found


@pytest.mark.parametrize("text, actors12", [
    # "an attack that targeted X": the subject of نفذ/شن acted, the object of استهدف is the target
    ("نفذ تنظيم داعش هجوما انتحاريا في مدينة سرت استهدف قوات البنيان المرصوص", ("Islamic State", "GNA")),
    ("شنت قوات حفتر غارة جوية في مدينة ترهونة استهدفت قوات الوفاق", ("LNA", "GNA")),
    # opening its clause the verb comes before its subject: that side acted
    ("واستهدفت قوات الوفاق بقصف مدفعي تمركزات في مدينة ترهونة", ("GNA", None)),
    ("وقد استهدفت قوات الوفاق بقصف مدفعي تمركزات في مدينة ترهونة", ("GNA", None)),
])
def test_the_object_of_a_targeting_verb_is_the_target(text: str, actors12: tuple[str, str | None]) -> None:
    found = [(e.actor1, e.actor2) for e in extract_article_events(Article("t", text, WAR_2019, "ar"))]
    assert found == [actors12]


@pytest.mark.parametrize("text, language", [
    ("The Stability Support Apparatus clashed with the 444 Brigade in Tripoli on Monday.", "en"),
    ("اندلعت اشتباكات عنيفة يوم الاثنين في طرابلس بين جهاز الردع واللواء 444.", "ar"),
    ("اشتباكات بين اللواء 777 واللواء 444 في طرابلس.", "ar"),
])
def test_the_number_in_a_brigade_name_is_no_toll(text: str, language: str) -> None:
    found = _events(text, date(2023, 8, 15), language)
    assert found and all(killed in (None, 0) for _, _, killed in found), found


@pytest.mark.parametrize("text, on, expected", [
    ("Rebels and militias clashed with loyalist troops in the town", date(2011, 5, 1), ["Rebels", "Rebels", "Gaddafi forces"]),
    ("قصف الثوار مواقع الكتائب", date(2011, 5, 1), ["Rebels", "Gaddafi forces"]),
    # after the 2011 war the same words name no 2011 rebel: a 2016 'مجلس الثوار' is Benghazi's Shura Council
    ("انفجرت سيارة مفخخة تابعة لمجلس الثوار", date(2016, 2, 26), ["Benghazi Revolutionaries Shura Council"]),
    ("انفجرت سيارة مفخخة تابعة لمجلس الثوار", date(2022, 2, 26), []),
    ("Rival militias clashed in the capital", date(2022, 8, 27), []),
])
def test_the_rebels_of_2011_are_named_in_2011_only(text: str, on: date, expected: list[str]) -> None:
    assert actors(text, on) == expected


@pytest.mark.parametrize("text, on, expected", [
    # transliterations whose vowels and articles move
    ("Bunyan Marsus forces advanced on the power station", date(2016, 6, 1), ["Bunyan al-Marsous"]),
    ("The Benghazi Defence Brigades attacked the oil ports", date(2017, 3, 3), ["Benghazi Defense Brigades"]),
    ("هاجمت سرايا الدفاع عن بنغازي الموانئ النفطية", date(2017, 3, 3), ["Benghazi Defense Brigades"]),
    # 2011: the coalition is NATO, "the Libyan army" is Gaddafi's
    ("قصفت قوات التحالف مواقع الكتائب", date(2011, 3, 26), ["NATO", "Gaddafi forces"]),
    ("Libyan troops shelled the town", date(2011, 4, 2), ["Gaddafi forces"]),
    ("Coalition forces struck the convoy", date(2015, 4, 2), []),
])
def test_transliterations_and_period_names(text: str, on: date, expected: list[str]) -> None:
    assert actors(text, on) == expected


@pytest.mark.parametrize("text, expected", [
    # a generic group followed by its owner is the owner
    ("استقدم الجيش الليبي التابع لـ حكومة الوفاق تعزيزات", ["GNA"]),
    ("قصفت مجموعات مسلحة موالية لقوات حفتر الحي", ["LNA"]),
    ("Armed groups loyal to the GNA shelled the district", ["GNA"]),
    # without an owner the generic group stays what it is
    ("قصفت مجموعات مسلحة الحي", ["Unidentified armed groups"]),
    ("Unknown gunmen shot dead a guard", ["Unidentified armed groups"]),
])
def test_a_generic_group_tied_to_its_owner_is_the_owner(text: str, expected: list[str]) -> None:
    assert actors(text, WAR_2019) == expected


@pytest.mark.parametrize("text, on, expected", [
    ("اشتباكات بين جهاز الردع التابع للمجلس الرئاسي واللواء 444 التابع لحكومة الوحدة", date(2023, 8, 15),
     ["Radaa", "444 Brigade"]),
    ("Clashes between the Radaa, affiliated with the Presidential Council, and the 444 Brigade loyal to the GNU",
     date(2023, 8, 15), ["Radaa", "444 Brigade"]),
])
def test_a_named_group_keeps_its_name_and_its_owner_is_no_party(text: str, on: date, expected: list[str]) -> None:
    assert actors(text, on) == expected


@pytest.mark.parametrize("text, on, expected", [
    # the GNA was the "unity government" and the Presidential Council's in 2016; the GNU from 2021
    ("Forces of the unity government advanced into the city", date(2016, 6, 12), ["GNA"]),
    ("Forces of the unity government advanced into the city", date(2022, 6, 12), ["GNU"]),
    ("قوات المجلس الرئاسي تتقدم في المدينة", date(2016, 6, 12), ["GNA"]),
    ("قوات المجلس الرئاسي تتقدم في المدينة", date(2023, 6, 12), []),
    ("Soldiers from the 111th and 444th brigades stormed the headquarters", date(2025, 5, 13),
     ["Misratan brigades", "444 Brigade"]),
])
def test_government_names_by_period(text: str, on: date, expected: list[str]) -> None:
    assert actors(text, on) == expected
