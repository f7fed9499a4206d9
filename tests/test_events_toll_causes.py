"""A toll whose cause is an event noun is that event (sentences written for these tests).

"قتل ثلاثة مقاتلين في اشتباكات عند X", "three fighters were killed in clashes near X": the
passive or intransitive verb of the toll comes first, the event noun (اشتباكات، قصف، غارة،
معارك، clashes, shelling, air strike, fighting) follows behind في/خلال/جراء/إثر or in/during/
after, and a place cue (عند، قرب، في، بمنطقة، على, near, in, of, on) names where. One event of the
noun's category, at that place, with that toll. A commemoration of a past battle, a foreign
place and a Libyan name spelt as one word with أبو are covered too.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.model import Event
from tests.reading import conflict_events

PUB = date(2019, 5, 6)  # a Monday


def events(text: str, published: date = PUB) -> list[Event]:
    return conflict_events(text, published)


@pytest.mark.parametrize("text, category, place, killed, injured", [
    ("قتل ثلاثة مقاتلين في اشتباكات عند العزيزية.", "clash", "Al-Aziziya", 3, None),
    ("قُتل أربعة عناصر في اشتباكات قرب غريان.", "clash", "Gharyan", 4, None),
    ("قتل مقاتلان في اشتباكات في منطقة عين زارة.", "clash", "Ain Zara", 2, None),
    ("قُتل مقاتلان في اشتباكات بمنطقة الطويشة.", "clash", "Al-Twaisha", 2, None),
    ("لقي خمسة أشخاص حتفهم في قصف على ترهونة.", "shelling", "Tarhuna", 5, None),
    ("لقي سبعة مقاتلين مصرعهم خلال معارك في محور الرملة.", "clash", "Al-Ramla", 7, None),
    ("قتل أربعة أشخاص إثر غارة جوية على مرزق.", "airstrike", "Murzuq", 4, None),
    ("قُتل مدنيان جراء قصف على حي الهضبة في طرابلس.", "shelling", "Al-Hadba", 2, None),
    ("أصيب ثلاثة أشخاص في اشتباكات بغريان.", "clash", "Gharyan", 0, 3),
    ("توفي طفل متأثرا بإصابته في القصف الذي استهدف حي الفرناج.", "shelling", "Al-Furnaj", 1, None),
    ("أصيب عشرة أشخاص بجروح في قصف على أبوسليم.", "shelling", "Abu Salim", 0, 10),  # أبو glued
    ("قتل خمسة أشخاص في هجوم بطائرة مسيرة على مزرعة قرب سبها.", "airstrike", "Sabha", 5, None),  # هجوم + a weapon
    ("Three fighters were killed in clashes near Gharyan.", "clash", "Gharyan", 3, None),
    ("Two civilians died in shelling of Tarhuna.", "shelling", "Tarhuna", 2, None),
    ("Five civilians were killed in an air strike on Murzuq.", "airstrike", "Murzuq", 5, None),
    ("Seven soldiers lost their lives in fighting around Sirte.", "clash", "Sirte", 7, None),
    ("Two people were killed after shelling hit Abu Salim.", "shelling", "Abu Salim", 2, None),
    ("Four people were wounded during fighting in Ain Zara.", "clash", "Ain Zara", 0, 4),
])
def test_a_toll_caused_by_an_event_noun_is_that_event(text: str, category: str, place: str,
                                                      killed: int, injured: int | None) -> None:
    found = events(text)
    assert [(e.category, e.place_name) for e in found] == [(category, place)]
    assert (found[0].fatalities, found[0].injured) == (killed, injured)


@pytest.mark.parametrize("text", [
    "قتل ثلاثة مقاتلين في اشتباكات عند الحدود السورية التركية قرب إدلب.",  # not Libya
    "Three fighters were killed in clashes near Aleppo, Syria.",
    "أحيا أهالي مصراتة ذكرى من قتلوا في معارك عام 2011.",  # a commemoration
    "يستذكر الليبيون من قتلوا في قصف طرابلس قبل عشر سنوات.",
    "Misrata marked the anniversary of the 2011 battles in which hundreds were killed.",
    "A memorial ceremony in Misrata remembered those killed in the clashes of 2011.",
    "بحث المجلس في اجتماعه عند طرابلس ملف المصالحة.",  # عند a place, no event noun
])
def test_tolls_and_event_nouns_that_are_no_new_libyan_event(text: str) -> None:
    assert events(text, date(2021, 5, 3)) == []


@pytest.mark.parametrize("text", [
    "شن رئيس البرلمان هجوما لاذعا على الحكومة في طرابلس.",
    "تعرض موقع وزارة الخارجية في طرابلس لهجوم إلكتروني.",
    "Parliament's speaker launched a scathing attack on the government in Tripoli.",
    "Hackers carried out a cyber attack on the ministry website in Tripoli.",
])
def test_an_attack_in_words_or_on_computers_is_no_event(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize("text, killed", [
    ("At least four people were killed in renewed fighting in Ain Zara in Tripoli.", 4),
    ("At least four people were killed in renewed fighting in Tripoli's Ain Zara.", 4),
    ("Clashes in Ain Zara, Tripoli, killed two.", 2),
    ("قتل أربعة أشخاص في اشتباكات في عين زارة بطرابلس.", 4),
])
def test_a_quarter_named_with_its_city_is_one_event_in_the_quarter(text: str, killed: int) -> None:
    found = events(text)
    assert [(e.category, e.place_name, e.fatalities) for e in found] == [("clash", "Ain Zara", killed)]


@pytest.mark.parametrize("text", [
    "قتل أربعة أشخاص في اشتباكات في طرابلس وعين زارة.",
    "Shells fell on Tripoli and Ain Zara.",
])
def test_a_city_listed_with_its_quarter_stays_a_place_of_its_own(text: str) -> None:
    assert {e.place_name for e in events(text)} == {"Tripoli", "Ain Zara"}


def test_a_toll_in_no_events_clause_is_the_cause_named_after_it() -> None:
    # the toll's clause ("but seven died ... in the assault") names the ground attack, not the strikes
    found = events("The rebels entered Zliten after NATO air strikes, but seven died and 20 were wounded "
                   "in the assault.", date(2011, 8, 10))
    tolls = {(e.category, e.fatalities, e.injured) for e in found}
    assert ("clash", 7, 20) in tolls and ("airstrike", 0, None) in tolls, tolls
