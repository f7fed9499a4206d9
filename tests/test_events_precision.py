"""Event precision on real-news structures, on sentences written for these tests: what must stay
a non-event (a group's home town, background, court cases, accidents, sport) and what must stay
an event beside it."""

from __future__ import annotations

import pytest

from geo.events.extract import extract_article_events
from geo.model import Article
from tests.test_events_periods import PUB, places

# ---------------------------------------------------------------- a group's home town

@pytest.mark.parametrize("text", [
    "Three car bombs struck Misrata's forces on Thursday, killing 12 fighters.",
    "Heavy clashes with the Zintan militia erupted on Sunday.",
    "هاجمت سيارات مفخخة تجمعا لقوات مصراتة أمس ما أسفر عن مقتل خمسة عناصر.",
    "اشتبكت قوات الجيش أمس مع كتائب الزنتان.",
])
def test_a_town_that_only_names_a_group_places_no_event(text: str) -> None:
    # Zintan's militias fought in Tripoli, Misrata's brigades in Sirte: their town is not the place.
    assert places(text) == set()


@pytest.mark.parametrize("text, expected", [
    ("Heavy clashes with the Zintan militia erupted in Warshefana on Sunday.", {("clash", "Wershefana")}),
    ("اندلعت اشتباكات عنيفة مع ثوار بنغازي أمس.", {("clash", "Benghazi")}),
    ("Clashes with the Benghazi revolutionaries continued on Sunday.", {("clash", "Benghazi")}),
    ("قصفت القوات مصراتة بالمدفعية أمس.", {("shelling", "Misrata")}),
])
def test_other_places_and_a_towns_own_fighters_still_place_the_event(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected


# ---------------------------------------------------------------- words that hold a trigger but report no attack

@pytest.mark.parametrize("text", [
    "The prosecutor issued an arrest warrant for the commander over the shelling of Abu Salim.",  # a court case
    "The court sentenced five men to death for the bombing of the police academy in Zliten.",
    "قضت المحكمة بإدانة المتهمين في تفجير مسجد في بنغازي.",
    "At least 15 people have been killed in Tripoli since the clashes between the two militias.",  # background
    "Rebels fired at a government helicopter over Ras Lanuf on Friday.",  # the aircraft is the target
    "أطلق الثوار النار على طائرة مسيرة فوق راس لانوف.",
    "انفجار السد في درنة أودى بحياة الآلاف.",  # accidents and disasters
    "انفجار صهريج وقود في بنت بية أودى بحياة العشرات.",
    "A gas cylinder explosion in a Tripoli restaurant killed two people.",
])
def test_court_cases_background_targeted_aircraft_and_accidents_are_no_events(text: str) -> None:
    assert places(text) == set()


@pytest.mark.parametrize("text, expected", [
    ("Gaddafi's forces shelled the besieged city of Misrata on Tuesday.", {("shelling", "Misrata")}),  # no siege clash
    ("A car bomb exploded near a gas station in Benghazi, killing four.", {("explosion", "Benghazi")}),
    ("An army helicopter fired on rebel positions in Brega on Friday.", {("airstrike", "Brega")}),
    ("Artillery has shelled Tajoura since the early morning.", {("shelling", "Tajoura")}),
])
def test_the_attack_beside_such_words_stays_an_event(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected


# ---------------------------------------------------------------- sport

@pytest.mark.parametrize("text", [
    "Al-Madina clashes with Al-Zahra in Tripoli\nAt the Tripoli stadium, Al-Madina meets Al-Zahra in the derby;"
    " the match kicks off at four and the winner takes three points.",
    "معركة قوية بين الأهلي والاتحاد في طرابلس\nتقام المباراة على ملعب طرابلس الدولي ضمن الدوري الليبي لكرة القدم.",
])
def test_a_match_in_a_sport_report_is_no_clash(text: str) -> None:
    assert places(text) == set()


@pytest.mark.parametrize("text, expected", [
    ("Gunmen opened fire at the stadium in Tripoli during a football match, and clashes with the police killed"
     " two fans. The league suspended its matches.", {("civilian_attack", "Tripoli"), ("clash", "Tripoli")}),
    ("Shells fell on the stadium in Misrata during the derby, and the football league suspended all matches.",
     {("shelling", "Misrata")}),
    ("Clashes broke out near the stadium in Tripoli.", {("clash", "Tripoli")}),
])
def test_violence_at_a_match_stays_an_event(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected


# ---------------------------------------------------------------- a past state, the country's war

@pytest.mark.parametrize("text, expected", [
    ("The envoy warned of the threat posed by ISIL, which has overrun parts of Sirte.", set()),
    ("تحدث المبعوث عن المناطق التي كانت قد سيطرت عليها قوات حفتر في ترهونة.", set()),
    ("ISIL fighters have overrun parts of Sirte.", {("territory", "Sirte")}),
    ("Misrata shelled as battle for Libya rages.", {("shelling", "Misrata")}),  # the war of a country is no clash
    ("قصفت قوات القذافي مصراتة مع احتدام المعارك في ليبيا.", {("shelling", "Misrata")}),
])
def test_a_relative_clause_states_and_the_countrys_war_is_placed_nowhere(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected


# ---------------------------------------------------------------- orders

@pytest.mark.parametrize("text, expected", [
    ("Haftar has ordered his forces to advance on Tripoli to clear it of militias.", set()),
    ("The commander instructed his units to shell Gharyan.", set()),
    ("أصدر حفتر أوامره لقواته بدخول طرابلس.", set()),
    ("أصدر القائد أوامر بقصف مواقع الوفاق في غريان.", set()),
    ("Forces under orders from the GNA shelled Tarhuna on Sunday.", {("shelling", "Tarhuna")}),
])
def test_an_order_to_attack_is_no_attack(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected


# ---------------------------------------------------------------- a quarter in its city, with a place noun or a compass word between

@pytest.mark.parametrize("text, expected", [
    ("Shelling by LNA forces hit the al-Kuraimiyyah area in southwestern Tripoli on Friday.",
     {("shelling", "Al-Krimiya")}),
    ("Clashes erupted in the Ain Zara district of southern Tripoli.", {("clash", "Ain Zara")}),
    ("سقطت قذائف على منطقة أبو سليم في جنوب طرابلس.", {("shelling", "Abu Salim")}),
    ("Clashes erupted in Ain Zara and in Tripoli's Souq al-Juma.", {("clash", "Ain Zara"), ("clash", "Souq al-Juma")}),
])
def test_a_quarter_named_in_its_city_is_one_event(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected


# ---------------------------------------------------------------- the toll of an attack reported before

def test_victims_of_the_attack_are_its_toll_not_a_new_attack() -> None:
    text = "Rockets hit Abu Salim on Tuesday. Six civilians were killed and 20 people wounded in the attack."
    found = [(e.category, e.place_name, e.fatalities) for e in extract_article_events(Article("t", text, PUB))]
    assert found == [("shelling", "Abu Salim", 6)]


@pytest.mark.parametrize("text, expected", [
    ("A spokesman for the health ministry in Tripoli said six civilians were killed and 26 people wounded in the"
     " attack.", set()),
    ("وقال متحدث باسم وزارة الصحة في طرابلس إن ستة مدنيين قتلوا في الهجوم.", set()),
    ("Six civilians were killed in Abu Salim when gunmen opened fire on a wedding.", {("civilian_attack", "Abu Salim")}),
])
def test_a_ministrys_toll_of_the_attack_is_placed_nowhere(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected
