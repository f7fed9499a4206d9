"""Reading real-news structures (issue 11, classes 1-6) on sentences written for these tests:
lists of places, reports without an action verb, movements, territory, shootdowns, tolls."""

from __future__ import annotations

from datetime import date

import pytest

from geo.model import Event
from tests.reading import conflict_events

PUB = date(2020, 5, 18)  # a Monday


def events(text: str, published: date = PUB) -> list[Event]:
    return conflict_events(text, published)


def places(text: str) -> set[tuple[str, str | None]]:
    return {(e.category, e.place_name) for e in events(text)}


# ---------------------------------------------------------------- 6. death tolls

@pytest.mark.parametrize("text, killed", [
    ("قصفت قوات حفتر حي أبو سليم، وارتفع عدد قتلى القصف على الحي إلى تسعة مدنيين وإصابة 30 آخرين.", 9),
    ("Shelling hit Abu Salim on Sunday. Five people were killed, and the toll from the attack later rose to 12.", 12),
    ("سقطت قذائف على مطار معيتيقة ما أسفر عن مقتل حارس أمن.", 1),
    ("A rocket hit Mitiga airport and a security guard was killed.", 1),
])
def test_latest_toll_and_singular_victim(text: str, killed: int) -> None:
    found = events(text)
    assert [e.fatalities for e in found] == [killed]


@pytest.mark.parametrize("text", [
    "قصفت قوات حفتر حي أبو سليم ما أسفر عن مقتل عدد من المدنيين.",
    "LNA forces shelled Abu Salim, killing several civilians.",
])
def test_vague_toll_is_approximate_not_a_number(text: str) -> None:
    (e,) = events(text)
    assert e.fatalities is None and e.extra.get("fatalities_approximate") is True


@pytest.mark.parametrize("text, killed", [
    ("Clashes in Ain Zara near Bridge 31 killed two fighters.", 2),
    ("Clashes in Ain Zara on Road 7 killed three fighters.", 3),
])
def test_numbers_that_name_places_are_not_counts(text: str, killed: int) -> None:
    assert [e.fatalities for e in events(text)] == [killed]


# ---------------------------------------------------------------- 1. lists of places

@pytest.mark.parametrize("text, category, expected", [
    ("سقطت قذائف هاون على تاجوراء وسوق الجمعة وأبو سليم", "shelling", {"Tajoura", "Souq al-Juma", "Abu Salim"}),
    ("Mortar rounds fell on Tajoura, Souq al-Juma and Abu Salim on Sunday.", "shelling",
     {"Tajoura", "Souq al-Juma", "Abu Salim"}),
    ("سيطرت قوات الوفاق على صرمان وصبراتة والعجيلات", "territory", {"Surman", "Sabratha", "Al-Ajaylat"}),
    ("GNA forces took control of Surman, Sabratha and Al-Ajaylat.", "territory", {"Surman", "Sabratha", "Al-Ajaylat"}),
    ("دارت اشتباكات في عدة أحياء، منها عين زارة ووادي الربيع", "clash", {"Ain Zara", "Wadi al-Rabi"}),
    ("Clashes broke out in several districts, including Ain Zara and Abu Salim.", "clash", {"Ain Zara", "Abu Salim"}),
    ("Haftar's forces shelled Mitiga airport and surrounding districts such as Souq al-Juma as well as Abu Salim.",
     "shelling", {"Mitiga International Airport", "Souq al-Juma", "Abu Salim"}),
    ("استهدفت المدفعية، صباح اليوم، مواقع في قصر بن غشير ووادي الربيع بما في ذلك سوق الأحد", "shelling",
     {"Qasr bin Ghashir", "Wadi al-Rabi", "Souq al-Ahad"}),
])
def test_one_event_per_place_of_a_list(text: str, category: str, expected: set[str]) -> None:
    found = events(text)
    assert {e.category for e in found} == {category}
    assert {e.place_name for e in found} == expected


@pytest.mark.parametrize("text", [
    "The minister visited Tajoura, Souq al-Juma and Abu Salim.",  # a list with no trigger
    "زار الوزير تاجوراء وسوق الجمعة وأبو سليم",
    "Residents of Tajoura, Souq al-Juma and Abu Salim fear that shelling will resume.",  # a forecast
    "يخشى سكان تاجوراء وسوق الجمعة من تجدد القصف",
    "Israeli jets struck Gaza, Rafah and Khan Younis.",  # a foreign list
    "شنت طائرات إسرائيلية غارات على غزة ورفح وخان يونس",
])
def test_lists_without_a_libyan_event_stay_non_events(text: str) -> None:
    assert events(text) == []


def test_a_list_stops_where_another_statement_begins() -> None:
    found = events("LNA forces shelled Ain Zara and Abu Salim, and officials in Misrata condemned the attack.")
    assert {e.place_name for e in found} == {"Ain Zara", "Abu Salim"}


# ---------------------------------------------------------------- 3. movements

def movement(text: str) -> tuple[str | None, str | None]:
    found = [e for e in events(text) if e.category == "movement"]
    assert len(found) == 1, [(e.category, e.place_name) for e in events(text)]
    return found[0].place_name, found[0].origin_name


@pytest.mark.parametrize("text, dest, origin", [
    ("وصلت تعزيزات عسكرية إلى محاور القتال في جنوب طرابلس قادمة من مدينة مصراتة", "Tripoli", "Misrata"),
    ("وصول رتل عسكري إلى الجفرة قادما من بنغازي", "Al-Jufra Air Base", "Benghazi"),
    ("ووصلت مجموعة من القوات إلى منطقة \"تاورغاء\" مساء أمس", "Tawergha", None),
    ("أعلن الجيش أنه رصد عشرات الآليات المسلحة تتجه إلى مدينة سرت", "Sirte", None),
    ("دفعت قوات الوفاق بتعزيزات إلى سرت", "Sirte", None),
    ("بدأ تحشيد القوات قرب منطقة المطرد", "Al Mutrad", None),
    ("فر مقاتلون من المدينة نحو بني وليد", "Bani Walid", None),
    ("رتل عسكري يتجه إلى سرت قادما من مصراتة والخمس", "Sirte", None),  # two origins: none is the origin
    ("GNA reinforcements arriving from Zawiya reached the front lines south of Tripoli.", "Tripoli", "Zawiya"),
    ("A convoy of 200 vehicles left Misrata and arrived in Tawergha.", "Tawergha", "Misrata"),
    ("LNA fighters fled toward Bani Walid on Friday.", "Bani Walid", None),
])
def test_movement_destination_and_origin(text: str, dest: str, origin: str | None) -> None:
    assert movement(text) == (dest, origin)


@pytest.mark.parametrize("text, dest, origin", [
    # a column seen passing through a place toward another, no origin named: the route starts there
    ("شوهد رتل من المرتزقة أثناء مرور الآليات بمنطقة الشويرف باتجاه مدينة سبها", "Sabha", "Al-Shwayrif"),
    ("A convoy of fighters was seen passing through Brega toward Sirte.", "Sirte", "Brega"),
    # an origin named, the place passed through stays on the route
    ("تحرك رتل من مصراتة مرورا بتاورغاء باتجاه سرت", "Sirte", "Misrata"),
    # a bare from, or a setting-off phrase, after the destination
    ("وتوجهت أرتال إلى سرت انطلاقا من الجفرة", "Sirte", "Al-Jufra Air Base"),
    ("A column of vehicles headed to Sirte from Jufra.", "Sirte", "Al-Jufra Air Base"),
    ("وصلت تعزيزات إلى طرابلس من مصراتة", "Tripoli", "Misrata"),
    # a distance is no origin
    ("A convoy moved to Sirte, 450 km from Tripoli.", "Sirte", None),
    ("وصل رتل إلى سرت التي تبعد 450 كم من طرابلس", "Sirte", None),
])
def test_movement_origin_classes(text: str, dest: str, origin: str | None) -> None:
    assert movement(text) == (dest, origin)


@pytest.mark.parametrize("text, origin", [
    # the losers of the ground the article just reported fled from it
    ("سيطرت قوات الوفاق على مدينة ترهونة. وفر مقاتلو حفتر من الجهة الجنوبية نحو مدينة بني وليد", "Tarhuna"),
    ("GNA forces took Tarhuna on Friday. Haftar's fighters fled toward Bani Walid.", "Tarhuna"),
    # not a flight: a column that moves is not the losers of that ground
    ("سيطرت قوات الوفاق على مدينة ترهونة. وتحرك رتل من قوات حفتر نحو مدينة بني وليد", None),
    # too far to be the same retreat
    ("GNA forces took Tarhuna on Friday. Haftar's fighters fled toward Benghazi.", None),
])
def test_a_flight_with_no_origin_starts_at_the_ground_just_lost(text: str, origin: str | None) -> None:
    assert movement(text)[1] == origin


def test_a_withdrawal_toward_a_place_is_lost_ground_and_a_movement() -> None:
    found = {(e.category, e.place_name) for e in events("انسحبت قوات حفتر من ترهونة نحو بني وليد")}
    assert found == {("territory", "Tarhuna"), ("movement", "Bani Walid")}


@pytest.mark.parametrize("text", [
    "تتجه الأنظار إلى سرت بعد تصريحات الرئيس",  # a verb of going with no force
    "All eyes are heading to Sirte.",
    "The minister arrived in Tripoli on Sunday.",
    "وصل وزير الخارجية إلى طرابلس",
    "وافق البرلمان على إرسال قوات إلى طرابلس",  # a decision to send, not a movement
    "Turkey threatened to send troops to Tripoli.",
    "A convoy of 300 trucks left Aleppo and arrived in Idlib.",  # a foreign movement
    "تحدثت تقارير عن توجه رتل من معسكر في تاجوراء بطرابلس نحو المدينة",  # a place of the origin's phrase
])
def test_movements_that_are_not_events(text: str) -> None:
    assert [e for e in events(text) if e.category == "movement"] == []


def test_a_city_umbrella_does_not_swallow_the_quarters_of_a_list() -> None:
    text = ("سقطت صواريخ على طرابلس مساء اليوم.\n"
            "واستهدفت الصواريخ أحياء الفرناج وأبو سليم وفق شهود عيان.")
    assert places(text) == {("shelling", "Al-Furnaj"), ("shelling", "Abu Salim")}


def test_an_insertion_that_starts_another_statement_is_not_crossed() -> None:
    text = "أكد المتحدث أن مطار معيتيقة تضرر، وأن القصف تسبب في إصابة حارس، مشيرا إلى تحويل الرحلات إلى مطار مصراتة."
    assert places(text) == set()


# ---------------------------------------------------------------- 2. reports without an action verb

@pytest.mark.parametrize("text, category, place", [
    ("A clash was reported in Ain Zara on Sunday.", "clash", "Ain Zara"),
    ("Clashes erupted in Wadi al-Rabi overnight.", "clash", "Wadi al-Rabi"),
    ("Heavy fighting in Ain Zara, residents said.", "clash", "Ain Zara"),
    ("Shells fell on Abu Salim after midnight.", "shelling", "Abu Salim"),
    ("Mortar rounds landed on Tajoura.", "shelling", "Tajoura"),
    ("تركزت الاشتباكات في محور عين زارة", "clash", "Ain Zara"),
    ("سقوط قذائف على حي أبو سليم", "shelling", "Abu Salim"),
    ("تجدد الاشتباكات في وادي الربيع", "clash", "Wadi al-Rabi"),
    ("اندلاع معارك في محور الرملة", "clash", "Al-Ramla"),
])
def test_nominal_and_passive_reports(text: str, category: str, place: str) -> None:
    assert places(text) == {(category, place)}


@pytest.mark.parametrize("text, category, place", [
    ("The worst damage was in Tripoli's Abu Salim district, south of the centre, where rockets slammed into houses.",
     "shelling", "Abu Salim"),
    ("كانت أشد الأضرار في حي أبو سليم، حيث سقطت قذائف على المنازل", "shelling", "Abu Salim"),
])
def test_where_clause_takes_the_place_it_refers_back_to(text: str, category: str, place: str) -> None:
    assert places(text) == {(category, place)}


@pytest.mark.parametrize("text, expected", [
    ("Shelling hit Mitiga airport on Saturday. The attack on Mitiga airport damaged two planes.",
     {("shelling", "Mitiga International Airport")}),  # the attack is the shelling, not a clash
    ("Haftar's shelling set fire to jet fuel depots at Mitiga airport.",
     {("shelling", "Mitiga International Airport")}),  # jet fuel is no air strike
    ("GNA forces launched an attack on Tarhuna on Saturday.", {("clash", "Tarhuna")}),
])
def test_the_attack_that_is_the_strike_already_reported(text: str, expected: set[tuple[str, str]]) -> None:
    assert places(text) == expected


@pytest.mark.parametrize("text", [
    "Residents fear clashes could erupt in Ain Zara.",
    "يخشى السكان تجدد الاشتباكات في عين زارة",
    "Clashes erupted in Aleppo on Sunday.",
    "تجدد الاشتباكات في ريف إدلب",
])
def test_nominal_reports_that_are_not_libyan_events(text: str) -> None:
    assert events(text) == []


# ---------------------------------------------------------------- 4. territory

@pytest.mark.parametrize("text, place", [
    ("سيطرت قوات الوفاق على كامل منطقة الوشكة", "Al-Washka"),
    ("أعلن الجيش بسط السيطرة على مدينة سرت", "Sirte"),
    ("دخلت القوات مدينة ترهونة صباح اليوم", "Tarhuna"),
    ("GNA forces retook Gharyan on Wednesday.", "Gharyan"),
    ("The GNA has taken back control of Gharyan.", "Gharyan"),
    ("Gharyan fell to GNA forces.", "Gharyan"),
    ("Sirte has fallen to the LNA.", "Sirte"),
    ("Ajdabiya fell into the hands of the rebels.", "Ajdabiya"),
    ("Gharyan was recaptured by GNA forces on Wednesday.", "Gharyan"),
    ("Rebel forces consider Sirte in their control.", "Sirte"),
    ("One rebel was killed during a rebel advance upon Zliten.", "Zliten"),
])
def test_takeovers(text: str, place: str) -> None:
    assert places(text) == {("territory", place)}


@pytest.mark.parametrize("text", [
    "The LNA said it took Al-Asabaa, but the GNA denied the claim.",
    "نفت قوات الوفاق أن تكون قوات حفتر قد سيطرت على الأصابعة",
])
def test_a_denied_claim_stays_an_event_noted_as_denied(text: str) -> None:
    (e,) = events(text)
    assert (e.category, e.place_name, e.extra.get("claim_denied")) == ("territory", "Al-Asabaa", True)


@pytest.mark.parametrize("text", [
    "GNA forces, who retook Gharyan last year, said they were calm.",  # a past state
    "The LNA vowed to retake Gharyan.",  # a threat
    "تسعى قوات الوفاق إلى استعادة سرت",  # an intention
    "نفى الجيش قصف مدينة ترهونة",  # a denial of a strike is no strike
    "عززت القوات مواقعها تحسبا لهجوم لانتزاع السيطرة على مدينة سرت وقاعدة الجفرة",  # a purpose
])
def test_takeovers_that_are_not_events(text: str) -> None:
    assert events(text) == []


# ---------------------------------------------------------------- 5. shootdowns

@pytest.mark.parametrize("text, place", [
    ("إسقاط طائرة مسيرة تركية فوق ترهونة", "Tarhuna"),
    ("أسقطت الدفاعات الجوية طائرة مسيّرة جنوب طرابلس", "Tripoli"),
    ("LNA air defences shot down a Turkish drone over Misrata.", "Misrata"),
    ("A GNA drone was downed near Tarhuna.", "Tarhuna"),
])
def test_shootdowns_are_not_airstrikes(text: str, place: str) -> None:
    assert places(text) == {("shootdown", place)}


@pytest.mark.parametrize("text", [
    "Russia shot down a drone over Crimea.",  # foreign
    "أسقطت الدفاعات الجوية الروسية طائرة مسيرة فوق القرم",
    "The army said it would shoot down any drone over Sirte.",  # a threat
    "هدد الجيش بإسقاط أي طائرة تحلق فوق سرت",
    "The court downed the appeal in Tripoli.",  # no aircraft
])
def test_shootdowns_that_are_not_events(text: str) -> None:
    assert events(text) == []


@pytest.mark.parametrize("text", [
    # the group after مع is the other side; the side named before the clash fought it
    "وصلت قوات الوفاق إلى غريان ودارت اشتباكات مع مجموعات مسلحة تابعة لقوات حفتر في المدينة",
    "واصلت قوات الوفاق تقدمها في غريان، وبعد اشتباكات مع مجموعات موالية لقوات حفتر سيطرت على المدينة",
])
def test_the_group_a_with_phrase_names_is_the_other_side_of_a_clash(text: str) -> None:
    clash = next(e for e in events(text) if e.category == "clash")
    assert (clash.actor1, clash.actor2) == ("GNA", "LNA")


@pytest.mark.parametrize("text, found", [
    # "the capital" places an event only when the sentence names no other place
    ("سقطت قذائف على العاصمة مساء الأحد.", {("shelling", "Tripoli")}),
    ("Rockets hit the capital on Sunday.", {("shelling", "Tripoli")}),
    ("سقطت قذائف على حي أبو سليم في العاصمة مساء الأحد.", {("shelling", "Abu Salim")}),
    # a claim about the capital as a whole and the quarter the article then names are one event
    ("أعلنت قوات حفتر تقدمها في العاصمة.\n\nوسيطرت قوات حفتر على منطقة خلة الفرجان يوم الأحد.",
     {("territory", "Khallat al-Furjan")}),
])
def test_the_capital_is_the_vaguest_place_of_an_event(text: str, found: set[tuple[str, str]]) -> None:
    assert places(text) == found
