"""Event reading on structures met in 2011-2025 reports (sentences written for these tests):
appositive distances, places that only name where an actor comes from, ambient sounds,
campaign tolls, deaths that are not conflict events."""

from __future__ import annotations

from datetime import date

import pytest

from geo.model import Event
from tests.reading import conflict_events

PUB = date(2011, 3, 7)  # a Monday


def events(text: str, published: date = PUB) -> list[Event]:
    return conflict_events(text, published)


def places(text: str, published: date = PUB) -> set[tuple[str, str | None]]:
    return {(e.category, e.place_name) for e in events(text, published)}


# ---------------------------------------------------------------- a distance in apposition

@pytest.mark.parametrize("text, expected", [
    ("Rebels clashed with loyalists in Zawiya, 50 km west of Tripoli, on Saturday.", {("clash", "Zawiya")}),
    ("دارت معارك طاحنة أمس في مدينة بني وليد (170 كلم جنوب شرق طرابلس) بين الثوار والكتائب.",
     {("clash", "Bani Walid")}),
    ("انفجرت سيارة مفخخة عند بوابة بلدة أبو قرين الواقعة على بعد 100 كلم جنوب مصراتة.", {("explosion", "Abu Qurayn")}),
    # right after the name, with only fillers between
    ("Rebels said they had gained ground, taking the town of Bin Jawad some 525 km east of Tripoli.",
     {("territory", "Bin Jawad")}),
    ("اندلعت اشتباكات في بلدة الأصابعة نحو 30 كلم غرب غريان أمس.", {("clash", "Al-Asabaa")}),
    # the thing described is not named: no point is made up from the distance
    ("Fierce fighting raged on Saturday for control of the coastal town, some 50 km west of Tripoli.", set()),
])
def test_a_distance_in_apposition_only_says_where_the_name_lies(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected


@pytest.mark.parametrize("text", [
    "Clashes broke out 50 km west of Tripoli on Saturday.",
    "اندلعت اشتباكات على بعد 30 كلم جنوب سرت أمس.",
])
def test_a_distance_that_places_the_event_is_kept(text: str) -> None:
    (e,) = events(text)
    assert e.place_name is not None and " km " in e.place_name


# ---------------------------------------------------------------- a place that names a group's home

@pytest.mark.parametrize("text, expected", [
    ("Aircraft from Misrata struck militant positions in Sirte on Sunday.", {("airstrike", "Sirte")}),
    ("Fighters from Zintan clashed with the Nawasi in Tripoli on Sunday.", {("clash", "Tripoli")}),
    ("قصفت القوات المتمركزة في ترهونة حي عين زارة أمس.", {("shelling", "Ain Zara")}),
    ("انفجرت سيارة مفخخة في أبو قرين أمس ونقل الجرحى إلى مستشفى في مدينة مصراتة.", {("explosion", "Abu Qurayn")}),
])
def test_a_group_s_home_is_not_where_it_struck(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text, date(2016, 6, 20)) == expected


@pytest.mark.parametrize("text, expected", [
    # a group often fights in its own town: its name alone still places the clash
    ("اندلعت اشتباكات أمس مع مقاتلي مجلس شورى ثوار بنغازي.", {("clash", "Benghazi")}),
    # an attack on people is placed at its only name, as ACLED places it
    ("A militia from Zintan abducted two journalists on Sunday.", {("civilian_attack", "Zintan")}),
    # a hospital that was struck is where it happened
    ("Shells hit a hospital in Tripoli on Sunday.", {("shelling", "Tripoli")}),
    # ground that changed hands keeps its 'from'
    ("The rebels withdrew from Brega on Sunday.", {("territory", "Brega")}),
])
def test_a_group_s_home_stays_when_nothing_else_places_the_event(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text, date(2016, 6, 20)) == expected


# ---------------------------------------------------------------- deaths that are no conflict event

@pytest.mark.parametrize("text", [
    "Rescuers recovered the bodies of 40 migrants who drowned when their boat capsized off Zuwara on Friday.",
    "انتشلت فرق الهلال الأحمر جثث 20 مهاجرا غرقوا قبالة سواحل الخمس أمس.",
    "قتل 150 مدنيا في درنة جراء السيول التي خلفها الإعصار أمس.",
    "قتل مدنيين وجرح آخرون في فيضانات درنة أمس.",
    "Floods killed dozens of residents in Derna on Sunday after two dams burst.",
    "لقي 12 شخصا حتفهم في حادث سير على الطريق بين أجدابيا وطبرق أمس.",
])
def test_drownings_floods_and_accidents_are_no_conflict_events(text: str) -> None:
    assert events(text, date(2023, 9, 12)) == []


@pytest.mark.parametrize("text", [
    "Gunmen shot dead two migrants near Zuwara on Friday, a day after a boat capsized there.",
    "اختطف مسلحون خمسة مهاجرين في الخمس أمس بعد غرق قاربهم.",
])
def test_a_violent_act_beside_a_shipwreck_is_still_one(text: str) -> None:
    assert [e.category for e in events(text, date(2023, 9, 12))] == ["civilian_attack"]


# ---------------------------------------------------------------- ground that changed hands

@pytest.mark.parametrize("text, place", [
    ("الثوار يسيطرون بالكامل على مدينة البريقة بعدما انسحبت منها الكتائب أمس.", "Brega"),
    ("نجح الثوار في إخراج القوات الموالية للقذافي من مدينة البريقة أمس.", "Brega"),
    ("أعلنت الغرفة سيطرة قوات الوفاق على منطقة صلاح الدين في طرابلس أمس.", "Salah al-Din"),
    ("Loyalist troops forced the rebels to flee the oil town of Brega on Sunday.", "Brega"),
    ("Rebels said they had gained ground on Saturday, taking the town of Bin Jawad.", "Bin Jawad"),
    ("State television said Brega had been cleansed of armed gangs on Sunday.", "Brega"),
])
def test_takeovers_written_as_real_reports_write_them(text: str, place: str) -> None:
    assert ("territory", place) in places(text)


@pytest.mark.parametrize("text", [
    "لا يزال القذافي يسيطر على سرت وسبها.",
    "تقع المدينة تحت سيطرة قوات الثوار منذ أشهر.",
    "The rebels still control Benghazi, the oil town of Tobruk and the border.",
])
def test_a_side_that_holds_ground_takes_none(text: str) -> None:
    assert [e for e in events(text) if e.category == "territory"] == []


# ---------------------------------------------------------------- sounds, buildings

@pytest.mark.parametrize("text", [
    "Gunfire and explosions were heard in Abu Salim on Monday night as clashes broke out.",
    "اندلعت اشتباكات في أبو سليم مساء الاثنين وسمع دوي انفجارات في أرجاء المنطقة.",
])
def test_explosions_heard_in_a_clash_are_its_sound_not_a_bombing(text: str) -> None:
    assert [e.category for e in events(text, date(2025, 5, 13))] == ["clash"]


def test_a_hotel_named_after_a_town_is_not_the_town() -> None:
    (e,) = events("A shell fell on the Waddan Hotel in Dahra district on Saturday.", date(2018, 9, 1))
    (lon, lat), = e.coords  # GeoJSON order
    assert e.place_name == "Dahra district" and 32.8 < lat < 33.0 and 13.1 < lon < 13.3


# ---------------------------------------------------------------- a toll in the next sentence

@pytest.mark.parametrize("text, killed", [
    ("Loyalist shelling closed the Wazin crossing on Tuesday. The forces shelled the road again, killing seven rebels.", 7),
    ("قصفت الكتائب منفذ وازن أمس. وقصفت الكتائب الطريق مرة أخرى ما أدى إلى مقتل سبعة من الثوار.", 7),
])
def test_the_next_sentence_about_the_same_strike_gives_its_toll(text: str, killed: int) -> None:
    (e,) = events(text, date(2011, 5, 18))
    assert (e.category, e.fatalities) == ("shelling", killed)


def test_the_next_sentence_about_another_kind_of_event_keeps_its_toll() -> None:
    found = events("Loyalist shelling closed the Wazin crossing on Tuesday. NATO jets struck a depot, killing three.",
                   date(2011, 5, 18))
    assert [(e.category, e.fatalities) for e in found] == [("shelling", 0)]


@pytest.mark.parametrize("text, place", [
    ("Fighting today in the east Tripoli district of Arada left four people dead.", "Arada"),
    ("Ten people were killed in clashes between two tribes in Al-Kofra city on Sunday.", "Kufra"),
])
def test_quarters_and_spellings_of_real_reports(text: str, place: str) -> None:
    assert {e.place_name for e in events(text, date(2017, 12, 25))} == {place}


@pytest.mark.parametrize("text", [
    "UNICEF said at least 20 children have been killed in weeks of fighting in Misrata.",
    "قتل 600 شخص في مصراتة منذ اندلاع المعارك.",
])
def test_fighting_summed_over_a_campaign_is_no_event_of_the_day(text: str) -> None:
    assert events(text, date(2011, 4, 19)) == []


@pytest.mark.parametrize("text", [
    "Fighting in Misrata killed 20 people on Monday.",
    "Fierce fighting raged in Misrata on Monday after weeks of calm.",
])
def test_the_day_s_fighting_stays(text: str) -> None:
    assert [e.category for e in events(text, date(2011, 4, 19))] == ["clash"]


@pytest.mark.parametrize("text", [
    "Islamic State suicide bombers struck government forces in Sirte on Thursday.",
    "Fighters in Sirte repelled an SVBIED attack on their checkpoint on Thursday.",
    "فجر انتحاريون أحزمة ناسفة قرب تجمع للقوات في سرت اليوم الخميس.",
])
def test_suicide_bombers_and_vehicle_bombs_are_explosions(text: str) -> None:
    assert "explosion" in [e.category for e in events(text, date(2016, 8, 18))]
