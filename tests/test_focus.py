"""The article's country: a foreign story places its names abroad and makes no Libyan event.

Sentences written for the tests, in Arabic and English.
"""

from __future__ import annotations

from datetime import date

import pytest

from gazetteer.normalize import FoldedText
from geo.events.extract import extract_article_events
from geo.model import Article
from geo.places.focus import article_focus
from geo.places.geoparse import default_geoparser, geoparse

PUB = date(2020, 7, 15)


def libyan(text: str) -> list[str | None]:
    return [m.name for m in geoparse(text) if m.country_code == "LY" and m.feature_type != "country"]


def events(text: str) -> list[str]:
    return [f"{e.category}@{e.place_name}" for e in extract_article_events(Article("t", text, PUB))]


# ---------------------------------------------------------------- the focus decision

@pytest.mark.parametrize("text, country", [
    ("قصفت قوات النظام السوري قرى جبل الزاوية بريف إدلب الجنوبي", "SY"),
    ("Syrian regime artillery shelled villages of Jabal al-Zawiya in southern Idlib", "SY"),
    ("اشتباكات بين باب التبانة وجبل محسن في طرابلس شمال لبنان", "LB"),
    ("Gunmen in Bab al-Tabbaneh and Jabal Mohsen clashed in Tripoli, the Lebanese army said", "LB"),
    ("هاجم مسلحون ثكنة الجيش التونسي في بن قردان قرب الحدود الليبية", "TN"),
    ("Rapid Support Forces shelled El Fasher in North Darfur", "SD"),
    # a Lebanese city named once with its country, and its leaders
    ("انفجرت سيارة مفخخة أمام مسجد في مدينة طرابلس بشمالي لبنان قرب منزل رئيس الوزراء نجيب ميقاتي", "LB"),
    ("A car bomb exploded outside a mosque in Tripoli in northern Lebanon, near the home of Najib Mikati", "LB"),
    ("قصفت طائرات الحوثي مواقع الجيش اليمني في مأرب والبيضاء", "YE"),
    ("قتل مسلحون حوثيون إثر غارات لمقاتلات التحالف الذي تقوده السعودية واشتباكات مع المقاومة الشعبية في البيضاء", "YE"),
])
def test_a_foreign_story_has_a_foreign_focus(text: str, country: str) -> None:
    assert default_geoparser().parse(text).focus.country == country


@pytest.mark.parametrize("text", [
    "قصفت قوات حفتر حي أبو سليم في طرابلس",
    "Haftar's forces shelled Abu Salim in Tripoli",
    # Foreign names in a Libyan story: backers, neighbours, origins.
    "وصل مرتزقة سوريون إلى طرابلس للقتال مع قوات الوفاق",
    "Syrian mercenaries arrived in Misrata to fight alongside the GNA",
    "أغلقت السلطات معبر راس جدير على الحدود مع تونس بعد اشتباكات في زوارة",
    "Egyptian jets struck Derna after the killing of Egyptian workers in Sirte, Libya",
])
def test_a_libyan_story_stays_libyan(text: str) -> None:
    assert not default_geoparser().parse(text).focus.foreign


def test_a_neighbour_named_at_its_border_is_not_the_focus() -> None:
    # "the Libyan border" is where the Tunisian story is, not evidence of Libya.
    with_border = article_focus(FoldedText("اشتباكات في بن قردان التونسية قرب الحدود الليبية"), [])
    without = article_focus(FoldedText("اشتباكات في بن قردان التونسية قرب المدن الليبية"), [])
    assert with_border.evidence["LY"] < without.evidence["LY"]


# ---------------------------------------------------------------- places in a foreign story

def test_jabal_al_zawiya_in_idlib_is_not_zawiya() -> None:
    assert libyan("قصفت قوات النظام السوري قرى بجبل الزاوية في ريف إدلب") == []
    assert libyan("Regime forces shelled Jabal al-Zawiya in Idlib countryside") == []


def test_tripoli_among_lebanese_places_is_lebanon() -> None:
    found = [(m.name, m.country_code) for m in geoparse("تجددت الاشتباكات في طرابلس بين باب التبانة وجبل محسن شمال لبنان")]
    assert ("Tripoli", "LB") in found and ("Tripoli", "LY") not in found
    found = [(m.name, m.country_code) for m in geoparse(
        "Clashes in Tripoli between Bab al-Tabbaneh and Jabal Mohsen, the Lebanese army said")]
    assert ("Tripoli", "LB") in found


def test_a_libyan_looking_name_abroad_is_not_libyan() -> None:
    # Al-Bayda (Yemen) has no entry of its own: the Libyan one must not stand in for it.
    assert libyan("قصف الحوثيون مواقع الجيش اليمني في محافظة البيضاء وسط اليمن") == []


def test_a_libyan_place_named_with_libya_in_a_foreign_story_stays_libyan() -> None:
    text = "قصفت قوات النظام السوري بلدات في ريف إدلب وحماة، فيما قال المرصد السوري إن مقاتلين نقلوا إلى مصراتة في ليبيا"
    assert default_geoparser().parse(text).focus.country == "SY"
    assert libyan(text) == ["Misrata"]


def test_the_same_name_in_a_libyan_story_is_libyan() -> None:
    assert libyan("اشتباكات في الزاوية غرب طرابلس") == ["Zawiya", "Tripoli"]


# ---------------------------------------------------------------- street and mountain names

@pytest.mark.parametrize("text, kept", [
    ("انفجرت سيارة مفخخة في شارع طرابلس بمدينة مصراتة", ["Misrata"]),
    ("A car bomb exploded on Misrata Street in Tripoli", ["Tripoli"]),
    ("اشتباكات في جبل الزاوية", []),
])
def test_a_street_named_after_a_city_is_not_the_city(text: str, kept: list[str]) -> None:
    assert libyan(text) == kept


# ---------------------------------------------------------------- events

@pytest.mark.parametrize("text", [
    "قصفت قوات النظام السوري بلدات البارة وكنصفرة في جبل الزاوية بريف إدلب الجنوبي",
    "Syrian regime forces shelled Jabal al-Zawiya in southern Idlib, killing two",
    "اندلعت اشتباكات عنيفة في طرابلس بين باب التبانة وجبل محسن وتدخل الجيش اللبناني",
    "Heavy clashes erupted in Tripoli between Bab al-Tabbaneh and Jabal Mohsen; the Lebanese army deployed",
    # A Libyan place only mentioned in a foreign story.
    "قال الجيش السوري إن طائرات حربية قصفت مواقع في إدلب وحلب، بعد نقل مقاتلين إلى طرابلس في ليبيا",
])
def test_a_foreign_story_makes_no_libyan_event(text: str) -> None:
    assert events(text) == []


def test_a_libyan_story_with_foreign_backers_keeps_its_events() -> None:
    assert events("شنت طائرات تركية مسيرة غارات على مواقع قوات حفتر في ترهونة") == ["airstrike@Tarhuna"]
    assert events("Turkish drones struck LNA positions in Tarhuna, Syrian fighters said") == ["airstrike@Tarhuna"]
