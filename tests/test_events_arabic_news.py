"""Arabic real-news structures (issue 11) on sentences written for these tests: a reporter's town
and a dateline, arrests, unit names with numbers, the verb 'attack' and its target, words that name
no attack, pluperfect background, where a town lies, who acted, two-sided wars of other periods."""

from __future__ import annotations

from datetime import date

import pytest

from geo.model import Event
from tests.reading import conflict_events

PUB = date(2022, 5, 16)  # a Monday


def events(text: str, published: date = PUB) -> list[Event]:
    return conflict_events(text, published)


def places(text: str) -> set[tuple[str, str | None]]:
    return {(e.category, e.place_name) for e in events(text)}


# ------------------------------------------------------- where the reporter is, not the event

@pytest.mark.parametrize("text, expected", [
    ("قال مراسل قناة الأحرار في طرابلس إن اشتباكات اندلعت فجر اليوم في منطقة عين زارة.", {("clash", "Ain Zara")}),
    ("وأفاد مراسلنا من مصراتة بأن غارة جوية استهدفت تمركزات في سرت.", {("airstrike", "Sirte")}),
    ("Our correspondent in Tripoli said clashes broke out in Ain Zara.", {("clash", "Ain Zara")}),
    ("قال مراسلنا في بنغازي إن قذائف سقطت على أحياء سكنية دون أن يحدد مكانها.", set()),
])
def test_reporter_town_is_no_event_place(text: str, expected: set[tuple[str, str | None]]) -> None:
    assert places(text) == expected


@pytest.mark.parametrize("text, expected", [
    # the name after the reporter's words is in what was said: it stays the event's
    ("قال مراسلنا إن اشتباكات اندلعت في طرابلس.", {("clash", "Tripoli")}),
    # a local source alone is where it happened
    ("قال مصدر عسكري في سرت إن غارة جوية استهدفت المدينة.", {("airstrike", "Sirte")}),
    # a source's town beside another place is not
    ("قال مصدر أمني في طرابلس إن اشتباكات اندلعت في الزاوية.", {("clash", "Zawiya")}),
])
def test_place_in_what_was_said_stays(text: str, expected: set[tuple[str, str | None]]) -> None:
    assert places(text) == expected


def test_reporter_quoting_a_group_leaves_the_group_its_town() -> None:
    # "في ككلة" says where the rebels are whom the reporter quotes, and the clash is there
    found = places("نقل مراسل القناة عن الثوار في ككلة أنهم شنوا هجوما على القوات التي تحاصر البلدة.")
    assert ("clash", "Kikla") in found


# ------------------------------------------------------- unit names with a number

@pytest.mark.parametrize("text", [
    "اندلعت اشتباكات بين اللواء (444) وقوة الردع في طرابلس.",
    "اندلعت اشتباكات بين اللواء 444 وقوة الردع في طرابلس.",
])
def test_unit_number_in_brackets_names_the_unit(text: str) -> None:
    found = events(text)
    assert [(e.category, e.actor1, e.actor2, e.fatalities) for e in found] == [("clash", "444 Brigade", "Radaa", 0)]


# ------------------------------------------------------- words that name no attack here

@pytest.mark.parametrize("text, expected", [
    # a fire that broke out is no clash
    ("سقطت قذائف على مطار معيتيقة وأصابت طائرة قديمة اندلعت فيها النار.", {("shelling", "Mitiga International Airport")}),
    # "the situation may explode" is a fear, not a bombing
    ("تشهد مدينة طرابلس توترا بين المجموعات المسلحة ينذر بانفجار الوضع في العاصمة.", set()),
    # a passenger on board a flight from Benghazi: an airline, not aircraft of war
    ("أدى الهجوم على المطار إلى إصابة مسافرة كانت قادمة على متن طيران الأجنحة من بنغازي.", set()),
    # where a faction's fighters come from is not where the strike was
    ("وقال الفصيل الذي تعرض للهجوم ومعظم قواته من مصراتة إن الغارات أسفرت عن مقتل عشرة أشخاص.", set()),
    # two warplanes attacked: an air strike
    ("هاجمت طائرتان حربيتان فجر اليوم موقعين لتنظيم داعش في مدينة سرت.", {("airstrike", "Sirte")}),
])
def test_words_that_name_no_attack_or_place(text: str, expected: set[tuple[str, str | None]]) -> None:
    assert places(text) == expected


def test_american_aircraft_are_africom() -> None:
    found = events("نفذت الطائرات الأميركية غارات على مواقع التنظيم في مدينة سرت.", date(2016, 8, 2))
    assert [(e.category, e.place_name, e.actor1) for e in found] == [("airstrike", "Sirte", "AFRICOM")]


# ------------------------------------------------------- arrests

@pytest.mark.parametrize("text", [
    "أعلنت مديرية أمن الزاوية القبض على عصابة متخصصة في الخطف والسطو في المدينة.",
    "أعلن الجيش القبض على عناصر من تنظيم داعش متورطين في تفجيرات بنغازي.",
])
def test_the_crime_of_arrested_suspects_is_no_event(text: str) -> None:
    assert places(text) == set()


def test_a_clash_after_an_arrest_stays() -> None:
    found = places("بعد اعتقال قيادي في جهاز الردع اندلعت اشتباكات عنيفة في منطقة عين زارة.")
    assert found == {("clash", "Ain Zara")}


# ------------------------------------------------------- the verb 'attack' with its target

@pytest.mark.parametrize("text, expected", [
    ("هاجمت قوات الوفاق مواقع قوات حفتر في منطقة السواني.", {("clash", "Al-Sawani")}),
    # the gunmen are what was attacked, not gunmen attacking civilians
    ("هاجمت الكتيبة (301) مواقع مسلحين في منطقة صلاح الدين.", {("clash", "Salah al-Din")}),
    # aircraft that attacked: the strike alone
    ("هاجمت طائرات حربية مواقع قوات الوفاق في منطقة السواني.", {("airstrike", "Al-Sawani")}),
    # attacked in words: no target, no event
    ("هاجم رئيس المجلس في طرابلس قرار الحكومة بشدة.", set()),
])
def test_attack_verb_takes_its_category_from_its_target(text: str, expected: set[tuple[str, str | None]]) -> None:
    assert places(text) == expected


def test_numbered_battalion_is_an_actor() -> None:
    found = events("هاجمت الكتيبة (301) مواقع مسلحين في منطقة صلاح الدين.")
    assert [e.actor1 for e in found] == ["301 Brigade"]


# ------------------------------------------------------- what had happened before the news

def test_pluperfect_without_a_date_is_background() -> None:
    text = ("أعلنت المؤسسة الوطنية للنفط أن إيراداتها بلغت مليار دولار الشهر الماضي.\n\n"
            "وأشارت المؤسسة إلى ارتفاع الإنتاج في الحقول.\n\n"
            "وكانت القوات المسلحة قد تمكنت من السيطرة على منطقة الهلال النفطي وطرد المليشيات منها.")
    assert places(text) == set()


def test_pluperfect_lead_is_the_news() -> None:
    found = places("وكان الثوار قد استعادوا السيطرة على مدينة البريقة بعد معارك عنيفة.")
    assert ("territory", "Brega") in found


def test_pluperfect_with_its_own_date_is_an_event() -> None:
    assert places("وكانت قوات حفتر قد قصفت أمس مطار معيتيقة بعدة قذائف.") == {("shelling", "Mitiga International Airport")}


def test_pluperfect_in_a_report_of_fighting_is_the_news() -> None:
    text = ("اندلعت أمس اشتباكات في مدينة البريقة أسفرت عن مقتل ستة أشخاص.\n\n"
            "وكان الثوار قد استعادوا السيطرة على مدينة البريقة بعد معارك عنيفة.")
    assert ("territory", "Brega") in places(text)


# ------------------------------------------------------- where a town lies, in brackets or quotes

@pytest.mark.parametrize("text, expected", [
    ("سيطر التنظيم على مدينة هراوة (شرقي سرت) يوم الجمعة.", {("territory", "Harawa")}),
    ("قصفت المدفعية بلدة الأصابعة (جنوب غريان) صباح اليوم.", {("shelling", "Al-Asabaa")}),
    # the two towns only say where Sirte lies, quoted or not
    ("أحكم الجيش سيطرته على مدينة سرت الواقعة بين «طرابلس وبنغازي» اليوم.", {("territory", "Sirte")}),
    ("أحكم الجيش سيطرته على مدينة سرت الواقعة بين طرابلس وبنغازي اليوم.", {("territory", "Sirte")}),
])
def test_where_a_town_lies_is_not_another_event(text: str, expected: set[tuple[str, str | None]]) -> None:
    assert places(text) == expected


def test_between_two_towns_is_still_a_place() -> None:
    found = events("أسقطت الدفاعات الجوية طائرة مسيرة بين زوارة والجميل.")
    assert [(e.category, e.place_name) for e in found] == [("shootdown", "between Zuwara and Al-Jumayl")]


# ------------------------------------------------------- who acted, when the report opens with ب

def test_report_opening_with_a_verbal_noun_ends_the_source() -> None:
    text = ("أفادت وسائل إعلام محلية، مساء الأحد، بشن طيران الجيش بقيادة خليفة حفتر غارة جوية "
            "على معسكر تابع لقوات حكومة الوفاق في منطقة السواني.")
    found = events(text, date(2019, 4, 7))
    assert [(e.category, e.actor1, e.actor2) for e in found] == [("airstrike", "LNA", "GNA")]


# ------------------------------------------------------- a town in a group's name, aircraft, a repelled attack

@pytest.mark.parametrize("text, expected", [
    # "قوات مصراتة" names a group: the ground taken is Sirte's, a withdrawal has no place
    ("سيطرت قوات مصراتة على مدينة سرت بعد معارك عنيفة.", {("territory", "Sirte"), ("clash", "Sirte")}),
    ("أفادت تقارير بانسحاب واسع لقوات مصراتة من المنطقة.", set()),
    # aircraft that destroyed a building: an air strike
    ("دمرت طائرات تابعة لحلف الناتو مقرا عسكريا في باب العزيزية بطرابلس.", {("airstrike", "Bab al-Aziziya")}),
    # soldiers killed while repelling an attack: the attack is a clash
    ("قتل عشرة جنود خلال صدهم لهجوم على مطار بنينا.", {("clash", "Benina International Airport")}),
])
def test_group_towns_aircraft_and_repelled_attacks(text: str, expected: set[tuple[str, str | None]]) -> None:
    assert places(text) == expected


# ------------------------------------------------------- two-sided wars of other periods

@pytest.mark.parametrize("text, published, expected", [
    # 2016, the battle of Sirte: a suicide car bomb on GNA forces was the Islamic State's
    ("استهدف تفجير بسيارة مفخخة يقودها انتحاري قوات حكومة الوفاق في مدينة سرت.", date(2016, 8, 11),
     ("explosion", "Islamic State", "GNA")),
    # 2011: shells that fell on the rebels' positions were Gaddafi's forces'
    ("سقطت قذائف على مواقع الثوار في مدينة أجدابيا.", date(2011, 4, 10), ("shelling", "Gaddafi forces", "Rebels")),
])
def test_unnamed_attacker_is_the_targets_enemy(text: str, published: date, expected: tuple[str, str, str]) -> None:
    assert [(e.category, e.actor1, e.actor2) for e in events(text, published)] == [expected]


def test_a_camp_named_after_a_weapon_is_no_rocket_attack() -> None:
    # the Missiles camp (معسكر الصواريخ) is the place attacked, not rockets fired
    found = places("شن مقاتلو المجلس هجوما على معسكر الصواريخ غرب مدينة بنغازي.")
    assert found == {("clash", "Benghazi")}


def test_arabic_dateline_town_is_where_the_report_was_filed() -> None:
    text = "بنغازي 19 سبتمبر 2016 (وال) – اندلعت اشتباكات عنيفة صباح اليوم في منطقة رأس لانوف."
    assert {(e.category, e.place_name) for e in events(text, date(2016, 9, 19))} == {("clash", "Ras Lanuf")}
    # a town and a dash alone may open the news itself
    assert places("طرابلس - اندلعت اشتباكات عنيفة صباح اليوم في العاصمة.") == {("clash", "Tripoli")}


def test_a_strike_fired_from_a_place_is_not_there() -> None:
    found = places("قصفت ميليشيات فجر ليبيا منطقة العزيزية من مطار طرابلس الدولي بصواريخ غراد.")
    assert found == {("shelling", "Al-Aziziya")}


def test_warplanes_with_the_verbal_noun_of_targeting_strike() -> None:
    # "قيام طائرات حربية ... باستهداف": the verbal noun, not the verb, says they attacked
    found = events("أعلنت قوات الوفاق عن قيام طائرات حربية تابعة لحفتر باستهداف مواقع مدنية بمدينة طرابلس.",
                   date(2019, 10, 17))
    assert [(e.category, e.place_name, e.actor1) for e in found] == [("airstrike", "Tripoli", "LNA")]


# ------------------------------------------------------- people who flee

def test_families_who_flee_make_no_movement() -> None:
    assert places("فرت العائلات نحو بنغازي مع تقدم قوات القذافي.") == set()


def test_forces_that_flee_stay_a_movement() -> None:
    assert places("فرت قوات القذافي نحو سرت.") == {("movement", "Sirte")}
