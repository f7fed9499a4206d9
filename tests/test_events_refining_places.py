"""A place named right after an event's place with a proximity word ("in X near Y") refines it:
one event with the toll once, not one per name (geo/events/place_roles.py). Sentences written
for these tests; places and distances from the project's gazetteer."""

from __future__ import annotations

from datetime import date

import pytest

from geo.events.place_roles import REFINING_REACH_KM
from geo.model import Article, Event
from geo.pipeline import process_article

PUB = date(2020, 5, 18)


def events(text: str) -> list[Event]:
    return process_article(Article("t", text, PUB)).events


@pytest.mark.parametrize("text, killed", [
    ("Clashes in Ain Zara near Bridge 27 killed two fighters.", 2),
    ("Clashes in Ain Zara near Tripoli airport killed two fighters.", 2),
    ("Fighting in Qasr bin Ghashir on the outskirts of Tripoli International Airport killed three.", 3),
    ("اشتباكات في عين زارة قرب مطار طرابلس أسفرت عن مقتل اثنين", 2),
    ("اشتباكات في عين زارة بالقرب من مطار معيتيقة أسفرت عن مقتل اثنين", 2),
    ("اشتباكات في قصر بن غشير على مشارف مطار طرابلس العالمي أسفرت عن مقتل ثلاثة", 3),
    ("دارت اشتباكات في منطقة عين زارة عند مدخل مطار معيتيقة أسفرت عن مقتل أربعة", 4),
])
def test_a_landmark_after_the_place_makes_one_event_with_the_toll_once(text: str, killed: int) -> None:
    found = events(text)
    assert [(e.category, e.fatalities) for e in found] == [("clash", killed)]


@pytest.mark.parametrize("text, place", [
    # Mitiga airport is some 10 km from Ain Zara: the clash was by the airport.
    ("Clashes in Ain Zara near Mitiga airport killed two fighters.", "Mitiga International Airport"),
    ("اشتباكات في عين زارة بالقرب من مطار معيتيقة أسفرت عن مقتل اثنين", "Mitiga International Airport"),
    # Tripoli International Airport is about 19 km from Ain Zara, Camp 27 farther: the landmark only
    # says where Ain Zara is.
    ("Clashes in Ain Zara near Tripoli airport killed two fighters.", "Ain Zara"),
    ("Clashes in Ain Zara near Bridge 27 killed two fighters.", "Ain Zara"),
    ("اشتباكات في عين زارة قرب مطار طرابلس أسفرت عن مقتل اثنين", "Ain Zara"),
    # A town near a town: no more precise, the first is where it happened.
    ("Airstrikes hit Sirte near Jufra, killing four.", "Sirte"),
])
def test_the_event_sits_at_the_landmark_only_when_it_is_close_and_more_precise(text: str, place: str) -> None:
    assert [e.place_name for e in events(text)] == [place]


def test_the_landmark_reach_tells_the_two_airports_apart() -> None:
    """The distances the placement test relies on: if the gazetteer moved either airport, the
    test above would test something else."""
    from gazetteer import Gazetteer
    from gazetteer.core import haversine_km

    gaz = Gazetteer.default()
    ain_zara, mitiga, tip = (gaz.get(k) for k in (
        "ly-ain-zara", "ly-mitiga-airport", "ly-tripoli-international-airport"))
    assert haversine_km(ain_zara.lat, ain_zara.lon, mitiga.lat, mitiga.lon) < REFINING_REACH_KM
    assert haversine_km(ain_zara.lat, ain_zara.lon, tip.lat, tip.lon) > REFINING_REACH_KM


def test_the_other_place_stays_a_mention() -> None:
    result = process_article(Article("t", "Clashes in Ain Zara near Mitiga airport killed two fighters.", PUB))
    assert len(result.events) == 1
    assert {"ly-ain-zara", "ly-mitiga-airport"} <= {m.place_id for m in result.mentions}


@pytest.mark.parametrize("text, places", [
    # A list is one event per place.
    ("Shelling hit Tajoura and Ain Zara, killing four.", {"Tajoura", "Ain Zara"}),
    ("قصفت قوات حفتر تاجوراء وعين زارة", {"Tajoura", "Ain Zara"}),
    # "and near Y", "and areas near Y": a second place of the list, not a refinement of the first.
    ("Clashes erupted in Ain Zara and near Mitiga airport.", {"Ain Zara", "Mitiga International Airport"}),
    ("Shelling hit Tajoura and areas near Ain Zara.", {"Tajoura", "Ain Zara"}),
    ("دارت اشتباكات في تاجوراء وقرب مطار معيتيقة", {"Tajoura", "Mitiga International Airport"}),
])
def test_a_list_of_places_is_not_a_refinement(text: str, places: set[str]) -> None:
    assert {e.place_name for e in events(text)} == places


@pytest.mark.parametrize("text, place", [
    ("Clashes near Mitiga airport killed two fighters.", "Mitiga International Airport"),
    ("اشتباكات قرب مطار معيتيقة أسفرت عن مقتل اثنين", "Mitiga International Airport"),
])
def test_a_place_named_only_with_near_is_the_place(text: str, place: str) -> None:
    found = events(text)
    assert [(e.place_name, e.fatalities) for e in found] == [(place, 2)]


@pytest.mark.parametrize("text", [
    "GNA forces moved from Ain Zara toward Mitiga airport.",
    "تحركت قوات الوفاق من عين زارة باتجاه مطار معيتيقة",
])
def test_a_movement_keeps_its_origin_and_destination(text: str) -> None:
    (e,) = [e for e in events(text) if e.category == "movement"]
    assert (e.origin_name, e.place_name) == ("Ain Zara", "Mitiga International Airport")
