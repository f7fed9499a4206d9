"""Reporter is not actor: who reports an attack did not make it.

Sentences written for the tests, in Arabic and English.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.events.extract import extract_article_events
from geo.model import Article, Event

PUB = date(2020, 5, 18)


def only(text: str) -> Event:
    found = [e for e in extract_article_events(Article("t", text, PUB)) if e.category != "political"]
    assert len(found) == 1, [(e.category, e.place_name) for e in found]
    return found[0]


@pytest.mark.parametrize("text", [
    "The health ministry of the GNA said six civilians were killed when shells hit Abu Salim.",
    "قالت وزارة الصحة بحكومة الوفاق إن ستة مدنيين قتلوا في قصف على حي أبو سليم",
    "A hospital in Tripoli run by the GNA said four civilians died after mortar rounds hit Abu Salim.",
])
def test_a_ministry_or_hospital_that_counts_victims_is_not_the_attacker(text: str) -> None:
    e = only(text)
    assert e.actor1 is None and e.actor2 == "Civilians"


@pytest.mark.parametrize("text", [
    "قال المتحدث باسم الجيش الوطني إن قذائف سقطت على حي أبو سليم",
    "أفاد المركز الإعلامي لعملية بركان الغضب بسقوط قذائف على عين زارة",
    "According to the GNA, mortar shells hit Ain Zara.",
    "Mortar shells hit Ain Zara, according to the LNA media office.",
    "سقطت قذائف على حي أبو سليم، وفق المتحدث باسم قوات الوفاق",
])
def test_a_spokesman_who_reports_shelling_did_not_shell(text: str) -> None:
    assert only(text).actor1 is None


@pytest.mark.parametrize("text, actor1", [
    ("LNA forces shelled Abu Salim, the GNA health ministry said.", "LNA"),
    ("قصفت قوات حفتر حي أبو سليم، وفق وزارة الصحة بحكومة الوفاق", "LNA"),
    ("أعلن المتحدث باسم قوات الوفاق أن طائرات حفتر قصفت مستشفى في طرابلس", "LNA"),
])
def test_the_attacker_named_beside_the_reporter_is_the_actor(text: str, actor1: str) -> None:
    assert only(text).actor1 == actor1


@pytest.mark.parametrize("text, actor1", [
    # The complement's pronoun is the speaker: the speaker acted.
    ("قالت قوات الوفاق، يوم الأحد، إنها قصفت تمركزات قوات حفتر في ترهونة", "GNA"),
    ("The LNA said it shelled GNA positions in Ain Zara", "LNA"),
    # A side that announces hitting the other side acted.
    ("أعلن المتحدث باسم قوات الوفاق استهداف تمركزات قوات حفتر في ترهونة بقصف مدفعي", "GNA"),
])
def test_a_side_that_says_it_struck_is_the_actor(text: str, actor1: str) -> None:
    assert only(text).actor1 == actor1


@pytest.mark.parametrize("text", [
    "قالت وزارة الصحة بحكومة الوفاق إنها افتتحت مستشفى ميدانيا في طرابلس",
    "The GNA health ministry said it opened a field hospital in Tripoli.",
    "قال المتحدث باسم الجيش الوطني إن قواته ستقصف مواقع الوفاق في مصراتة",
])
def test_statements_that_report_no_attack_make_no_event(text: str) -> None:
    assert [e for e in extract_article_events(Article("t", text, PUB)) if e.category != "political"] == []
