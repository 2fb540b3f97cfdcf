"""Time frames resolved against the publication date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from trackrecord.extract import analyze
from trackrecord.extract.timeframe import resolve_timeframe

PUBLISHED = date(2023, 2, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia will win by next year", date(2024, 12, 31)),
        ("troops may arrive before 2025", date(2024, 12, 31)),
        ("the deal could close by 2030", date(2030, 12, 31)),
        ("rates may rise this year", date(2023, 12, 31)),
        ("prices may fall next month", date(2023, 3, 31)),
        ("growth will slow over the next two years", date(2025, 2, 1)),
        ("a deal is possible within six months", date(2023, 8, 1)),
        ("inflation could peak by the end of March", date(2023, 3, 31)),
        ("elections are expected by mid-2024", date(2024, 6, 30)),
        ("a vote is likely in early 2024", date(2024, 3, 31)),
        ("the plant could open by 3 March 2024", date(2024, 3, 3)),
        ("talks may resume tomorrow", date(2023, 2, 2)),
        ("growth will slow to 2% in both 2024 and 2025", date(2025, 12, 31)),
    ],
)
def test_resolution_against_the_publication_date(text: str, expected: date) -> None:
    assert resolve_timeframe(text, PUBLISHED) == expected


def test_past_dates_and_missing_dates_give_none() -> None:
    assert resolve_timeframe("In 2016, Russia reportedly used the troops", PUBLISHED) is None
    assert resolve_timeframe("prices will probably rise", PUBLISHED) is None


def test_relative_expressions_need_a_publication_date() -> None:
    assert resolve_timeframe("prices will rise by next year", None) is None
    assert resolve_timeframe("prices will rise before 2025", None) == date(2024, 12, 31)


def test_analyze_sets_the_deadline_of_forecasts_only() -> None:
    text = "Inflation is likely to fall by next year. In 2016 prices reportedly fell."
    found = {j.cue: j for j in analyze(text, published=datetime(2023, 2, 1, 9, 30))}
    assert found["likely"].timeframe_end == date(2024, 12, 31)
    assert found["reportedly"].timeframe_end is None
    assert analyze(text)[0].timeframe_end is None  # no publication date: unresolved


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Elections are likely before the end of 2025.", date(2025, 12, 31)),
        ("A deal is likely before the end of March.", date(2025, 3, 31)),
        ("A deal is likely before March.", date(2025, 2, 28)),
        ("A deal is likely before the end of next year.", date(2025, 12, 31)),
        ("Talks will probably go on until the end of the week.", date(2024, 11, 10)),
        ("Profits for the year are likely to rise.", date(2024, 12, 31)),
        ("Russia will likely withdraw by year-end.", date(2024, 12, 31)),
        ("The treaty could be signed by the summer.", date(2025, 8, 31)),
        ("It is likely in the fall of 2026.", date(2026, 11, 30)),
    ],
)
def test_parts_of_periods_and_seasons(text: str, deadline: date) -> None:
    # published on Sunday 10 November 2024
    assert resolve_timeframe(text, date(2024, 11, 10)) == deadline


def test_the_fall_in_prices_is_no_season() -> None:
    assert (
        resolve_timeframe("The fall in prices is likely to continue.", date(2024, 11, 10)) is None
    )
