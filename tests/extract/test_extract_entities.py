"""Entities: one actor per country or organisation, however it is named."""

from __future__ import annotations

from trackrecord.extract import analyze
from trackrecord.extract.entities import find_entities


def test_aliases_resolve_to_one_actor() -> None:
    text = "The DPRK, Pyongyang, the Hermit Kingdom and North Korean troops"
    assert find_entities(text) == ("North Korea",)
    assert find_entities("the Kremlin and Moscow, like Russian officials") == ("Russia",)
    assert find_entities("Washington, the US and the U.S. government") == ("United States",)
    assert find_entities("Kyiv and Ukrainian forces") == ("Ukraine",)


def test_order_of_first_mention_and_titled_people() -> None:
    text = "Russia and Syria used North Korean troops for President Bashar al-Asad."
    assert find_entities(text) == ("Russia", "Syria", "North Korea", "Bashar al-Asad")


def test_case_and_whole_words() -> None:
    assert find_entities("us and turkey and china plates") == ()
    assert find_entities("Russians in Georgia and Chadwick") == ("Russia", "Georgia")


def test_judgments_carry_the_entities_of_what_they_judge() -> None:
    [j] = [j for j in analyze("Why Russia likely won't use North Korean troops in Ukraine")]
    assert j.entities == ("Russia", "North Korea", "Ukraine")


def test_every_iso_country_is_an_actor_under_one_name() -> None:
    # Countries the curated table does not list come from ISO 3166 (pycountry).
    text = "Laos, the Lao People's Democratic Republic, Burkina Faso and Costa Rica"
    assert find_entities(text) == ("Laos", "Burkina Faso", "Costa Rica")
    # ISO's official names lead to the curated actor where there is one
    assert find_entities("the Syrian Arab Republic and Viet Nam") == ("Syria", "Vietnam")


def test_us_states_named_after_countries_are_not_those_countries() -> None:
    assert find_entities("New Mexico and New Jersey voters") == ()
