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
    # in the war of 2019-2020 the shells that hit its side came from the other side
    assert e.actor1 == "LNA" and e.actor2 == "Civilians"


@pytest.mark.parametrize("text, actor1", [
    ("قال المتحدث باسم الجيش الوطني إن قذائف سقطت على حي أبو سليم", "GNA"),
    ("أفاد المركز الإعلامي لعملية بركان الغضب بسقوط قذائف على عين زارة", "LNA"),
    ("According to the GNA, mortar shells hit Ain Zara.", "LNA"),
    ("Mortar shells hit Ain Zara, according to the LNA media office.", "GNA"),
    ("سقطت قذائف على حي أبو سليم، وفق المتحدث باسم قوات الوفاق", "LNA"),
    # the spokesman named in an apposition to the reporter
    ("سقطت قذائف على مطار معيتيقة، بحسب ما أفاد فلان الفلاني، المتحدث باسم قوات حكومة الوفاق", "LNA"),
])
def test_a_spokesman_who_reports_shelling_did_not_shell(text: str, actor1: str) -> None:
    # In the two-sided war of 2019-2020 a side reports the strikes it suffers (its own it claims):
    # the other side shelled.
    assert only(text).actor1 == actor1


@pytest.mark.parametrize("text", [
    "قال المتحدث باسم جهاز الردع إن قذائف سقطت على حي أبو سليم",
    "According to the Radaa, mortar shells hit Ain Zara.",
    "The health ministry of the GNU said six civilians were killed when shells hit Abu Salim.",
])
def test_outside_a_two_sided_war_a_reporter_names_no_attacker(text: str) -> None:
    found = [e for e in extract_article_events(Article("t", text, date(2023, 8, 15))) if e.category != "political"]
    assert [e.actor1 for e in found] == [None]


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


def article_events(text: str) -> list[Event]:
    return [e for e in extract_article_events(Article("t", text, PUB)) if e.category != "political"]


@pytest.mark.parametrize("text, actor1", [
    # the spokesman's statement goes on in the next paragraph: his side's bare air force struck
    ("أعلن المتحدث باسم قوات الوفاق أن قواتها صدت هجوما.\n\nوأضاف في بيان أن سلاح الجو شن ضربات على تمركزات "
     "في مدينة بني وليد.", "GNA"),
    ("قال المتحدث باسم الجيش الوطني إن الدفاعات الجوية أسقطت طائرة مسيرة فوق مدينة الجفرة", "LNA"),
    ("The LNA spokesman said on Sunday that the front was calm.\n\nHe added that the air force struck a "
     "column near Bani Walid.", "LNA"),
    ("قال المتحدث باسم قوات الوفاق إن قواتنا قصفت تمركزات في ترهونة", "GNA"),
])
def test_a_sides_own_forces_named_bare_in_its_statement_are_that_side(text: str, actor1: str) -> None:
    found = article_events(text)
    assert [e.actor1 for e in found] == [actor1]


@pytest.mark.parametrize("text, actor1", [
    # no statement: a bare air force is nobody's
    ("شن سلاح الجو ضربات على تمركزات في مدينة بني وليد.", None),
    ("The air force struck a column near Bani Walid.", None),
    # a new paragraph that does not go on with the statement ends it
    ("أعلن المتحدث باسم قوات الوفاق أن قواتها صدت هجوما.\n\nوشن سلاح الجو ضربات على تمركزات في مدينة بني وليد.",
     None),
    # a health ministry counts victims: its side did not strike (the other side did)
    ("قالت وزارة الصحة بحكومة الوفاق إن سلاح الجو قصف حيا سكنيا في ترهونة", "LNA"),
    # the side's forces came under the strike, or were its object: the other side struck
    ("قال المتحدث باسم الجيش الوطني إن قواتنا تعرضت لقصف جوي قرب مدينة بني وليد", "GNA"),
    ("قال المتحدث باسم الجيش الوطني إن طائرة مسيرة قصفت قواتنا قرب مدينة بني وليد", "GNA"),
])
def test_a_bare_air_force_outside_a_sides_statement_is_not_that_side(text: str, actor1: str | None) -> None:
    assert [e.actor1 for e in article_events(text)] == [actor1]


@pytest.mark.parametrize("text, actor1", [
    # the force the statement names belongs to the other side, or is the target
    ("قال المتحدث باسم قوات الوفاق إن سلاح الجو التابع لقوات حفتر قصف حيا سكنيا في ترهونة", "LNA"),
    ("قال المتحدث باسم قوات الوفاق إن قوات حفتر قصفت قواتنا قرب مدينة بني وليد", "LNA"),
    # an English possessive names the force's side: "Haftar's" is Haftar's, not the speaker's
    ("The GNA spokesman said Haftar's air force struck a column near Bani Walid.", "LNA"),
    ("قال المتحدث باسم حكومة الوفاق إن طيران حفتر قصف تمركزات في مدينة بني وليد", "LNA"),
    ("The LNA spokesman said the GNA's drones struck a column near Bani Walid.", "GNA"),
])
def test_a_force_the_statement_gives_to_the_other_side_is_the_other_side(text: str, actor1: str) -> None:
    assert [e.actor1 for e in article_events(text)] == [actor1]


@pytest.mark.parametrize("text, actor1", [
    # the statement's side is known from before; "أنها أسقطت" / "it shot down": the speaker did it
    ("قال المتحدث باسم الجيش الوطني إن الوضع هادئ.\n\nوتابعت الشعبة في بيان أنها أسقطت طائرة مسيرة قرب ترهونة",
     "LNA"),
    ("The GNA spokesman said the front was calm. The operations room said it shot down a drone near Tarhuna.",
     "GNA"),
])
def test_a_side_speaking_of_its_own_act_through_a_pronoun_acted(text: str, actor1: str) -> None:
    assert [e.actor1 for e in article_events(text)] == [actor1]


@pytest.mark.parametrize("text", [
    # the pronoun is not right before the act: the side came under it
    "قال المتحدث باسم الجيش الوطني إن الوضع هادئ. وتابعت الشعبة أنها رصدت بعد ذلك قصفا على ترهونة",
])
def test_a_pronoun_far_from_the_act_is_not_the_speakers_act(text: str) -> None:
    # the speaking side (the LNA) did not shell; in 2019-2020 what it reports came from the GNA
    assert [e.actor1 for e in article_events(text)] == ["GNA"]


def test_a_quoted_speaker_name_stays_the_reporter() -> None:
    # The speaker's name in quotes: the quotes do not end the speaker, so the GNA's presidential
    # council it belongs to is the reporter too, and the group in the complement acted.
    text = 'أعلنت قوات "البنيان المرصوص" التابعة للمجلس الرئاسي أن تنظيم داعش نفذ هجوما انتحاريا في مدينة سرت'
    found = [(e.actor1, e.claimed_by) for e in extract_article_events(Article("t", text, date(2016, 8, 17)))]
    assert found == [("Islamic State", "Bunyan al-Marsous")]


@pytest.mark.parametrize("text, actor1", [
    ("Tebu fighters are reported to have fired mortars at the airport in Kufra.", "Tebu forces"),
    ("Tebu fighters were also said to have fired mortars at the airport in Kufra.", "Tebu forces"),
])
def test_a_passive_report_keeps_its_subject_as_the_actor(text: str, actor1: str) -> None:
    found = [e.actor1 for e in extract_article_events(Article("t", text, date(2015, 7, 28)))]
    assert found == [actor1]


@pytest.mark.parametrize("text, claimant", [
    # a correspondent or sources name no side: the side in what they report is not the speaker
    ("قال مراسل الجزيرة إن قوات الوفاق قصفت مواقع في مدينة ترهونة", None),
    ("Witnesses said GNA forces shelled positions in Tarhuna.", None),
    # a side named before its verb is the speaker ("وكانت الشعبة قد ذكرت أن ...")
    ("وكانت شعبة الإعلام الحربي قد ذكرت، مساء الجمعة، أن الدفاع الجوي أسقط طائرة مسيرة فوق ترهونة", "LNA"),
])
def test_the_claimant_is_the_speaker_not_the_side_it_reports_on(text: str, claimant: str | None) -> None:
    found = [e.claimed_by for e in extract_article_events(Article("t", text, PUB)) if e.category != "political"]
    assert found == [claimant]


@pytest.mark.parametrize("text, on, actor1", [
    # the source ends where its complement starts: the group in the complement shelled
    ("قتل ثلاثة أشخاص بحسب مصادر طبية أوضحت أن قوات القذافي قصفت مدينة مصراتة", date(2011, 4, 20),
     "Gaddafi forces"),
    # who claims an attack made it: "claimed" is no report here
    ("The Islamic State claimed an attack on a checkpoint in Sirte.", date(2016, 6, 12), "Islamic State"),
    ("ISIS claimed responsibility for a car bomb attack on a checkpoint in Sirte.", date(2016, 6, 12),
     "Islamic State"),
])
def test_a_complement_or_a_claim_names_the_actor(text: str, on: date, actor1: str) -> None:
    found = [e.actor1 for e in extract_article_events(Article("t", text, on)) if e.category != "political"]
    assert found == [actor1]
