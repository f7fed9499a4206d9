"""Who acted: the subject of a relative clause, a trigger that holds its subject, a speaker's
own act in a noun, and the enemy of a struck side in a war of two sides.

Sentences are written for these tests, in Arabic and English.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.events.extract import extract_article_events
from geo.model import Article

WAR_2020 = date(2020, 6, 5)


def sides(text: str, on: date) -> list[tuple[str, str | None, str | None]]:
    return [(e.category, e.actor1, e.actor2) for e in extract_article_events(Article("t", text, on))
            if e.category != "political"]


def test_the_subject_of_a_relative_clause_is_the_group_before_it() -> None:
    # "مقاتلي" marks Haftar's fighters as chased, but they are who fled
    assert sides("طاردت قوات الوفاق مقاتلي حفتر الذين فروا نحو مدينة بني وليد", WAR_2020) == [
        ("movement", "LNA", "GNA")]


def test_a_trigger_that_holds_its_subject_names_the_actor() -> None:
    # "سيطرة الثوار على": the rebels took Ajdabiya, not the brigades named before
    found = sides("انسحبت كتائب القذافي من البريقة بعد سيطرة الثوار على مدينة أجدابيا", date(2011, 3, 26))
    assert ("territory", "Rebels", None) in found


@pytest.mark.parametrize("text, on, actor1", [
    ("أعلن مقاتلو المجلس الانتقالي دخولهم مدينة سرت", date(2011, 9, 17), "NTC"),
    ("أكدت القيادة العامة إحكام سيطرتها على ميناء السدرة", date(2016, 9, 19), "LNA"),
])
def test_a_noun_with_the_speakers_pronoun_is_the_speakers_act(text: str, on: date, actor1: str) -> None:
    assert [a1 for _, a1, _ in sides(text, on)] == [actor1]


@pytest.mark.parametrize("text, actors12", [
    ("سقطت قذائف على تمركزات قوات الوفاق في عين زارة", ("LNA", "GNA")),
    ("Shells fell on GNA positions in Ain Zara.", ("LNA", "GNA")),
    # "المدني" is a spokesman's name, not civilians: the struck side is Haftar's
    ("قال المدني إن المدفعية استهدفت تمركزات لمليشيات حفتر في عين زارة", ("GNA", "LNA")),
])
def test_in_the_war_of_2019_2020_the_struck_sides_enemy_acted(text: str, actors12: tuple[str, str]) -> None:
    assert [(a1, a2) for _, a1, a2 in sides(text, WAR_2020)] == [actors12]


@pytest.mark.parametrize("text", [
    "Shells fell on Radaa positions in Ain Zara.",
    "سقطت قذائف على تمركزات جهاز الردع في عين زارة",
])
def test_outside_a_two_sided_war_a_struck_group_names_no_attacker(text: str) -> None:
    assert [(a1, a2) for _, a1, a2 in sides(text, date(2023, 8, 15))] == [(None, "Radaa")]


def test_clashes_between_two_long_named_sides_have_both() -> None:
    text = ("تجددت الاشتباكات في مدينة الزاوية بين قوات تابعة لحكومة الوحدة الوطنية برئاسة رئيس الحكومة، "
            "وأخرى موالية لحكومة فتحي باشاغا")
    assert sides(text, date(2022, 9, 2)) == [("clash", "GNU", "GNS")]


@pytest.mark.parametrize("text, on, expected", [
    # the report goes on about the same side's attacks without naming it again
    ("Haftar's forces shelled Ain Zara on Monday. Rockets also hit Abu Salim.", WAR_2020, ["LNA", "LNA"]),
    ("قصفت قوات حفتر حي عين زارة يوم الاثنين. كما سقطت صواريخ على حي أبو سليم.", WAR_2020, ["LNA", "LNA"]),
    ("Gaddafi forces shelled Misrata on Sunday. Grad rockets were also fired on Zintan.", date(2011, 4, 20),
     ["Gaddafi forces", "Gaddafi forces"]),
    # not onto an attack on that side, nor onto one its own camp reports (it suffered it)
    ("Radaa forces shelled Ain Zara on Monday. Later rockets hit Radaa positions in Salah al-Din.",
     date(2023, 8, 15), ["Radaa", None]),
    ("Bunyan al-Marsous forces shelled Sirte on Monday. The Bunyan al-Marsous media office said a car bomb "
     "hit a checkpoint at Abu Qurain.", date(2016, 6, 16), ["Bunyan al-Marsous", None]),
])
def test_an_attack_with_no_named_attacker_is_the_last_attackers(text: str, on: date, expected: list) -> None:
    assert [a1 for _, a1, _ in sides(text, on)] == expected


@pytest.mark.parametrize("text, on, expected", [
    # an agent marker names the actor of its own clause's act, not of the act before the comma
    ("وكان الثوار قد استعادوا السيطرة على مدينة البريقة، وصدوا هجوما شنته كتائب القذافي.", date(2011, 3, 3),
     ("territory", "Rebels")),
    ("وقعت اشتباكات عند ميناء السدرة صباح الأحد بعد الهجوم على الميناء من قبل قوات تابعة لحرس المنشآت",
     date(2016, 9, 19), ("clash", "Petroleum Facilities Guard")),
    # an enabling verb's subject did the act of its verbal noun, not the noun's object
    ("نجح الثوار في إخراج القوات الموالية للعقيد القذافي من مدينة البريقة", date(2011, 3, 14),
     ("territory", "Rebels")),
    ("وتمكنت قوات الوفاق، يوم الاثنين، من السيطرة على مدينة ترهونة بعد انسحاب قوات حفتر", WAR_2020,
     ("territory", "GNA")),
    # in 2011 the foreign press's "Libyan" shelling is the government's
    ("Further west, Libyan shelling closed the Wazen crossing.", date(2011, 5, 18), ("shelling", "Gaddafi forces")),
])
def test_the_actor_is_read_from_the_acts_own_clause(text: str, on: date, expected: tuple[str, str]) -> None:
    assert expected in [(c, a1) for c, a1, _ in sides(text, on)]


def test_a_group_after_a_subordinator_is_not_the_subject_of_the_verb_before_it() -> None:
    # "after the withdrawal of Haftar's forces": they withdrew, they did not take Tarhuna
    found = sides("سيطرت القوات على مدينة ترهونة بعد انسحاب قوات حفتر", WAR_2020)
    assert ("territory", "LNA") not in [(c, a1) for c, a1, _ in found]


@pytest.mark.parametrize("text, on, actor1", [
    # groups named before "fighting" are its sides; the first named is the main clause's subject
    ("Rebels pushed Gaddafi forces out of Brega after heavy fighting.", date(2011, 3, 14), "Rebels"),
    ("طرد الثوار كتائب القذافي من البريقة بعد معارك عنيفة.", date(2011, 3, 14), "Rebels"),
])
def test_a_clash_after_its_sides_names_the_first_as_actor(text: str, on: date, actor1: str) -> None:
    assert ("clash", actor1) in [(c, a1) for c, a1, _ in sides(text, on)]


@pytest.mark.parametrize("text, on, actors12", [
    # the weapon is the verb's subject: the group after it was struck
    ("استهدفت طائرة مسيرة قوات الوفاق في مدينة غريان", WAR_2020, ("LNA", "GNA")),
    ("استهدفت ثلاثة تفجيرات بسيارات مفخخة صباح اليوم قوات البنيان المرصوص في مدينة سرت", date(2016, 6, 16),
     (None, "Bunyan al-Marsous")),
    # a lone weapon noun before the group, or one tied to it, is the group's
    ("قصفت طائرات حفتر مدينة غريان", WAR_2020, ("LNA", None)),
    ("استهدفت طائرة مسيرة تابعة لقوات حفتر مدينة غريان", WAR_2020, ("LNA", None)),
])
def test_a_weapon_that_is_the_subject_leaves_the_group_after_it_struck(
        text: str, on: date, actors12: tuple[str | None, str | None]) -> None:
    assert [(a1, a2) for _, a1, a2 in sides(text, on)] == [actors12]


@pytest.mark.parametrize("text, on, actor1", [
    # a group the sentence names anywhere took part in its fighting
    ("دارت معارك عنيفة أمس في مدينة بني وليد أحد آخر معاقل النظام السابق بعد أن دخلتها أعداد كبيرة من الثوار.",
     date(2011, 10, 11), "Rebels"),
    # the fighting's own clause names its side before another clause's subject
    ("NATO struck targets around Sirte, a stronghold of loyalist forces fighting to stop the rebel advance.",
     date(2011, 8, 27), "Gaddafi forces"),
])
def test_a_clash_takes_a_side_the_sentence_names(text: str, on: date, actor1: str) -> None:
    assert ("clash", actor1) in [(c, a1) for c, a1, _ in sides(text, on)]
