"""English real-news structures (issue 11) on sentences written for these tests: a town inside an
institution's name, council words that look like places, bombs without aircraft, plans and orders,
a convoy that is attacked, the period names of Haftar's and Tripoli's forces."""

from __future__ import annotations

from datetime import date

import pytest

from geo.events.extract import extract_article_events
from geo.model import Article
from geo.places.geoparse import geoparse
from tests.reading import conflict_events

PUB = date(2015, 3, 10)  # a Tuesday


def placed(text: str, published: date = PUB) -> list[tuple[str, str | None]]:
    return [(e.category, e.place_name) for e in conflict_events(text, published)]


# ------------------------------------------------ a town that names where a government sits

@pytest.mark.parametrize("text", [
    "Fighters loyal to the Libyan Government in Tripoli clashed with their rivals.",
    "Tripoli's parliament said clashes killed three people on Monday.",
    "Forces of the Tobruk parliament clashed with Islamist militias.",
])
def test_the_seat_of_a_government_is_not_where_it_fought(text: str) -> None:
    assert placed(text) == []


def test_a_seat_of_government_leaves_the_place_the_sentence_names() -> None:
    assert placed("Tripoli's parliament said clashes killed three people in Sabratha on Monday.") \
        == [("clash", "Sabratha")]


# ------------------------------------------------ council words are no places

@pytest.mark.parametrize("text", [
    "Army units attacked positions of the Shura Council in the west of the city.",
    "The Majlis Shura Mujahideen fighters clashed with the army.",
])
def test_shura_is_a_council_not_the_sharara_field(text: str) -> None:
    assert [m.name for m in geoparse(text) if m.country_code == "LY"] == []


# ------------------------------------------------ bombs, snipers, convoys

@pytest.mark.parametrize("text, category", [
    ("Militants bombed the western gate of the army base in Sirte on Sunday.", "explosion"),
    ("Coalition jets bombed an ammunition depot in Sirte on Sunday.", "airstrike"),
    ("Canadian CF-18s bomb a depot in Sirte.", "airstrike"),
    ("Loyalist forces bomb Sirte.", "shelling"),
])
def test_bombed_is_an_airstrike_only_with_aircraft_and_shelling_by_an_army(text: str, category: str) -> None:
    assert placed(text) == [(category, "Sirte")]


def test_posted_snipers_are_no_fighting_but_their_shots_are() -> None:
    assert placed("The besiegers brought in tanks and posted snipers on the rooftops of Zliten.") == []
    assert placed("Snipers killed two fighters in Zliten on Monday.") == [("clash", "Zliten")]
    assert placed("Snipers hiding in a Zliten school hold back the advance.") == [("clash", "Zliten")]


@pytest.mark.parametrize("text", [
    "The attack on the convoy near Gharyan on Sunday killed four soldiers.",
    "The convoy was ambushed near Gharyan on Sunday.",
])
def test_an_attacked_convoy_is_the_attack_alone(text: str) -> None:
    assert placed(text) == [("clash", "Gharyan")]


# ------------------------------------------------ calls to arms and pulling back from the front

@pytest.mark.parametrize("text", [
    '"Today we announce the decisive battle for the capital, advance now," the commander told his men in Sirte.',
    "He added that his men had withdrawn from the Sirte front lines to guard the oil ports.",
])
def test_announced_battles_and_front_line_withdrawals_are_no_events(text: str) -> None:
    assert placed(text, date(2021, 7, 3)) == []


# ------------------------------------------------ the names of each period

@pytest.mark.parametrize("text, published, actor", [
    ("Forces loyal to Haftar shelled Ganfouda on Sunday.", date(2016, 2, 22), "Operation Dignity"),
    ("Forces loyal to Haftar shelled Ganfouda on Sunday.", date(2019, 5, 10), "LNA"),
    ("The Libyan National Army shelled Ganfouda on Sunday.", date(2016, 2, 22), "LNA"),
    ("Forces of the Tripoli-based government shelled Warshefana on Sunday.", date(2015, 3, 10), "Libya Dawn"),
    ("Forces of the Tripoli-based government shelled Warshefana on Sunday.", date(2019, 5, 10), "GNA"),
    ("Forces of the Tripoli-based government shelled Warshefana on Sunday.", date(2022, 5, 10), "GNU"),
])
def test_each_period_names_its_own_side(text: str, published: date, actor: str) -> None:
    assert [e.actor1 for e in extract_article_events(Article("t", text, published))] == [actor]


def test_dignity_operation_is_operation_dignity() -> None:
    found = conflict_events("Fighting between the Benghazi Shura Council and Dignity Operation in Benghazi.",
                            date(2016, 2, 22))
    assert {e.actor1 for e in found} | {e.actor2 for e in found} >= {"Operation Dignity"}


def test_the_prime_ministers_surname_is_no_quarter_of_tripoli() -> None:
    # "Al-Sarraj" with its article is also the Tripoli neighbourhood Al-Serraj
    text = "The air force bombed a convoy of fighters loyal to Fayez Al-Sarraj near Sirte on Sunday."
    assert [m.name for m in geoparse(text) if m.country_code == "LY"] == ["Sirte"]


# ------------------------------------------------ datelines, codes, months and goals

def test_a_dateline_city_is_no_actor() -> None:
    found = conflict_events("CAIRO — Rival militias clashed in Tripoli on Saturday, killing 12 people.",
                            date(2022, 8, 28))
    assert [(e.category, e.place_name, e.actor1) for e in found] == [("clash", "Tripoli", None)]


def test_an_airport_code_is_no_english_word() -> None:
    # the ICAO code HLLT of Tripoli International Airport has the consonants of "Health"
    text = "The Ministry of Health said 32 people were killed in the clashes in Tripoli."
    assert [m.name for m in geoparse(text) if m.country_code == "LY"] == ["Tripoli"]


def test_the_month_of_march_is_no_protest() -> None:
    assert placed("Output at Sharara oil field restarted on 4 March after the guards left.") == []
    assert placed("Thousands marched in Benghazi on Friday.") == [("protest", "Benghazi")]


@pytest.mark.parametrize("text", [
    "Oil flows again after the fighters of the commander who's been battling to seize Tripoli for a year fell back.",
    "The commander's forces fought on Monday in their bid to take Gharyan.",
    "Output resumed after the withdrawal of forces hostile to the Tripoli-based government.",
])
def test_a_campaigns_goal_and_a_governments_seat_are_no_takeover(text: str) -> None:
    assert [c for c, _ in placed(text, date(2020, 6, 8)) if c == "territory"] == []


def test_a_failed_assault_took_nothing() -> None:
    assert placed("Army units failed to overrun the defences in the old city of Derna.", date(2018, 6, 5)) == []


def test_a_history_of_an_old_siege_has_no_events() -> None:
    text = ("The siege of Tobruk began on 11 April 1941, when Axis tanks attacked the port. "
            "The garrison repulsed assaults until the siege was lifted on 10 December 1941.")
    assert conflict_events(text, date(2021, 4, 11)) == []


def test_a_report_that_recalls_an_old_siege_keeps_its_own_events() -> None:
    text = "On the anniversary of the 1941 siege, gunmen attacked a checkpoint in Tobruk on Monday."
    assert placed(text, date(2021, 4, 13)) == [("clash", "Tobruk")]


# ------------------------------------------------ who fired, raids and hostages

def test_fire_from_names_the_side_that_fired() -> None:
    found = conflict_events("Rebels in Zliten came under heavy fire from government troops on Saturday.",
                            date(2011, 4, 2))
    assert [(e.category, e.actor1) for e in found] == [("clash", "Gaddafi forces")]


def test_a_raid_by_armed_men_and_a_hostage_taking_are_attacks() -> None:
    assert placed("Armed men raided a fishing boat in the port of Zuwara and took its crew hostage.",
                  date(2013, 5, 2)) == [("civilian_attack", "Zuwara")]


def test_a_town_that_is_attacked_is_a_clash() -> None:
    assert placed("Zliten was attacked by loyalist troops on Saturday.", date(2011, 4, 2)) == [("clash", "Zliten")]


def test_entering_is_a_takeover_like_entered() -> None:
    assert placed("Rebels were entering Zawiya on Sunday.", date(2011, 4, 4)) == [("territory", "Zawiya")]


def test_a_ship_named_after_a_town_is_not_the_town() -> None:
    assert placed("The tanker Misrata was attacked by pirates in the Gulf of Aden on Sunday.", date(2019, 6, 10)) == []
    assert placed("A ship was attacked in the port of Misrata on Sunday.", date(2019, 6, 10)) == [("clash", "Misrata")]


def test_each_side_shelling_the_other_at_one_place_and_day_is_two_events() -> None:
    text = ("LNA forces shelled GNA positions in Ain Zara on Sunday. "
            "GNA forces shelled LNA positions in Ain Zara on Sunday.")
    found = conflict_events(text, date(2019, 6, 10))
    assert sorted((e.category, e.actor1) for e in found) == [("shelling", "GNA"), ("shelling", "LNA")]


def test_the_group_an_english_attack_names_after_its_verb_is_its_target() -> None:
    found = conflict_events("Rebels attacked Gaddafi positions near Brega on Friday.", date(2011, 5, 13))
    assert [(e.actor1, e.actor2) for e in found] == [("Rebels", "Gaddafi forces")]


def test_the_capitals_possessive_is_still_the_capital() -> None:
    text = "Militiamen stormed the capital's port on Monday, residents said."
    assert [m.name for m in geoparse(text) if m.country_code == "LY"] == ["Tripoli"]


def test_an_attacked_checkpoint_is_a_clash() -> None:
    assert placed("Gunmen attacked an army checkpoint in Sirte.", date(2016, 5, 1)) == [("clash", "Sirte")]


@pytest.mark.parametrize("text", [
    "A car bomb exploded near a market in Zawiya, north of Baghdad, on Tuesday, killing seven people, Iraqi "
    "police said. The Iraqi interior ministry blamed Islamic State remnants. Security forces in Anbar were put "
    "on alert.",
    "Gunmen killed five soldiers in an attack on a checkpoint near Zawiya, a village in Zamfara state, police "
    "said on Monday. Nigerian troops were deployed to the area. Bandits have attacked several villages in "
    "northwest Nigeria this year.",
])
def test_a_zawiya_in_iraq_or_nigeria_is_no_libyan_event(text: str) -> None:
    assert conflict_events(text, date(2021, 3, 2)) == []


def test_a_fronted_statement_day_yields_to_the_events_own_date() -> None:
    from geo.text.dates import event_date
    pub = date(2017, 11, 21)
    text = "On 16 November, the ministry said that the attack on a police post in Sirte on 12 November killed four."
    assert event_date(text, pub) == (date(2017, 11, 12), 1)
    assert event_date("On 18 November, the army struck Derna.", pub) == (date(2017, 11, 18), 1)


@pytest.mark.parametrize("text, expected", [
    # what an escalation "includes" in the present is its plan (an accusation's content), not a report
    ("وقالت الحكومة إن هذا التصعيد يشمل ضربات جوية تستهدف مطار معيتيقة.", []),
    ("شنت طائرات حربية غارات جوية على مطار معيتيقة أمس، وشمل القصف مخازن الذخيرة.",
     [("airstrike", "Mitiga International Airport")]),
])
def test_what_a_plan_includes_has_not_happened(text: str, expected: list[tuple[str, str]]) -> None:
    assert placed(text, date(2019, 7, 20)) == expected


def test_where_the_losers_came_from_is_not_what_was_taken() -> None:
    found = placed("Dawn militias wrested control of Tripoli International Airport from fighters from the city of "
                   "Zintan on Sunday.", date(2014, 8, 25))
    assert found == [("territory", "Tripoli International Airport")]


def test_a_towns_men_fight_where_they_are_sent() -> None:
    assert placed("The Misrata men fought off an attack on Sunday.", date(2014, 8, 25)) == []


def test_the_surname_sarraj_is_the_gna_only_in_its_years() -> None:
    text = "Fighting was renewed on the Airport Road and in Al-Serraj on Sunday."
    assert {e.actor1 for e in conflict_events(text, date(2014, 8, 18))} == {None}


@pytest.mark.parametrize("text, expected", [
    ("Rebel forces push closer to Brega, and now are in control of a small edge of the city.", [("territory", "Brega")]),
    ("Rebel fighters in Zliten intercept a group of loyalist troops.", [("clash", "Zliten")]),
    ("Loyalist forces carried out raids on the homes of activists in Zawiya.", [("civilian_attack", "Zawiya")]),
])
def test_acled_style_notes(text: str, expected: list[tuple[str, str]]) -> None:
    assert placed(text, date(2011, 4, 10)) == expected


# ------------------------------------------------ an arrest is no attack on civilians

@pytest.mark.parametrize("text", [
    "Police arrested three men in Misrata on Tuesday.",
    "Security forces detained a journalist in Benghazi overnight.",
])
def test_an_arrest_is_no_event(text: str) -> None:
    assert placed(text) == []


def test_arbitrary_detention_stays_violence_against_civilians() -> None:
    assert placed("The militia arbitrarily detained dozens of residents in Tarhuna.") \
        == [("civilian_attack", "Tarhuna")]


def test_torture_among_alleged_crimes_is_no_event() -> None:
    assert placed("The lawyer said the people of Sirte were subjected to crimes including murder and torture.") == []


def test_a_death_from_torture_is_violence_against_civilians() -> None:
    # a death from torture (like Arabic تعذيب); the arrest beside it adds nothing
    assert placed("A former official died from torture a day after a militia in Gharyan detained him.") \
        == [("civilian_attack", "Gharyan")]


# ------------------------------------------------ people who flee are no military movement

@pytest.mark.parametrize("text", [
    "Thousands of civilians fled toward Benghazi as Gaddafi forces advanced on the coast road.",
    "Families fleeing to Tobruk passed army checkpoints on Tuesday.",
])
def test_civilians_who_flee_make_no_movement(text: str) -> None:
    assert placed(text) == []


def test_fighters_who_flee_stay_a_movement() -> None:
    assert placed("Rebel fighters fled toward Brega as Gaddafi forces advanced.") == [("movement", "Brega")]
