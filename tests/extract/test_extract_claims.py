"""Claims: attributed quantities with their qualifier, unit and source."""

from __future__ import annotations

import pytest

from trackrecord.extract import analyze
from trackrecord.extract.numbers import find_quantities
from trackrecord.models import Judgment


def claims(text: str) -> list[Judgment]:
    return [j for j in analyze(text) if j.kind == "claim"]


def test_more_than_with_source_and_verb() -> None:
    text = (
        "As of this writing, the Ukraine Ministry of Defence estimates it eliminated more than "
        "162,500 Russian personnel in the war."
    )
    [c] = claims(text)
    assert c.quantity == 162500 and c.quantity_qualifier == "more_than"
    assert c.unit == "Russian personnel"
    assert c.source == "the Ukraine Ministry of Defence" and c.holder_type == "named"
    assert c.reporting_verb == "estimates" == text[c.cue_start : c.cue_end]
    assert c.probability is None and c.scale is None


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit"),
    [
        ("one in five adults", 0.2, "exactly", "adults"),
        ("about 3.5 million people", 3.5e6, "about", "people"),
        ("sales rose 18% in 2004", 18, "exactly", "%"),
        ("a $1.3bn bill", 1.3e9, "exactly", "$"),
        ("a thousand laborers", 1000, "exactly", "laborers"),
        ("growth of 6-6.5% in 2004", 6, "exactly", "%"),
        ("fewer than 40 seats", 40, "less_than", "seats"),
    ],
)
def test_quantities(text: str, value: float, qualifier: str, unit: str) -> None:
    [q] = find_quantities(text)
    assert q.value == pytest.approx(value)
    assert (q.qualifier, q.unit) == (qualifier, unit)


@pytest.mark.parametrize(
    "text", ["In 2016, Russia", "April 2019", "a 30% chance", "COVID-19", "at 9.30", "Channel 4"]
)
def test_years_dates_probabilities_and_names_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_trailing_attribution_and_according_to() -> None:
    [c] = claims("Unemployment rose to 5.1% last month, the Office for National Statistics said.")
    assert c.quantity == pytest.approx(5.1) and c.source == "the Office for National Statistics"
    [c] = claims("Some 2,000 jobs will go, according to the union.")
    assert c.quantity == 2000 and c.quantity_qualifier == "about" and c.source == "the union"


def test_pronoun_source_resolves_to_the_organisation_named_before() -> None:
    text = "The Bank of England held rates on Thursday. It said inflation would reach 3%."
    [c] = claims(text)
    assert c.source == "The Bank of England"


def test_unattributed_numbers_and_stated_probabilities_are_not_claims() -> None:
    assert claims("North Korea offered to send a thousand laborers to Donbas.") == []
    assert claims("Forecasters give a 30% chance of rain, the Met Office said.") == []


def test_a_span_of_time_is_not_a_claimed_quantity() -> None:
    text = "The pound fell to a near 30 year low against the dollar, traders said."
    assert [j.quantity for j in analyze(text) if j.kind == "claim"] == []
