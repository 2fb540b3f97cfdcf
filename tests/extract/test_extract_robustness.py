"""analyze never raises on any string, and stays linear on pathological input."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trackrecord.extract import analyze

# Words that reach every stage (cues, quotes, numbers, dates, names), mixed with any characters.
_PIECES = st.sampled_from(
    [
        "likely", "won't", "may not", "think", "expected to", "I have no doubt", "will",
        '"', "\u201c", "\u201d", "said", "Mr.", "U.S.", "by next year", "in 2025", "more than",
        "162,500", "30% chance", "one in five", "Kim Yo Jong", "North Korea", ",", ".", "?",
        "\n", "\n\n", " ", "\x00", "\ud800", "\u2028", "\u0130", "\ufb03",
    ]
)  # fmt: skip
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=300), _TEXT))
def test_analyze_never_raises_and_offsets_hold(text: str) -> None:
    for j in analyze(text):
        assert text[j.start : j.end] == j.text
        assert j.start <= j.cue_start < j.cue_end <= j.end


def test_edge_cases() -> None:
    assert analyze("") == []
    assert analyze("\x00\x01\x02 likely \ud800\udfff may \u0000") is not None
    assert analyze("İİİ likely İİİ. Ñ may rise.") is not None  # lower() changes the length
    assert analyze("他们可能会赢。Они, вероятно, победят.") is not None


def test_a_megabyte_without_punctuation() -> None:
    text = "Prices may rise " * 70_000  # about 1.1 MB, one line without punctuation
    start = time.perf_counter()
    judgments = analyze(text)
    assert time.perf_counter() - start < 60
    assert judgments and all(text[j.start : j.end] == j.text for j in judgments)


def _seconds(text: str) -> float:
    start = time.perf_counter()
    analyze(text)
    return time.perf_counter() - start


def test_time_grows_linearly() -> None:
    sentence = 'Analysts said prices may rise by 5% next year, "he said", according to Mr Smith. '
    analyze(sentence)  # warm up
    small = min(_seconds(sentence * 300) for _ in range(2))
    large = min(_seconds(sentence * 2400) for _ in range(2))
    assert large < 8 * small * 2.5  # 8 times the text: at most 2.5 times the linear cost


def test_anaphors_do_not_chain_across_an_article() -> None:
    # each "it" points to the sentence before; the resolved proposition must not nest them all
    # (that made long articles quadratic)
    judgments = analyze("They said she expects it. " * 500)
    assert len(judgments) == 500
    assert max(len(j.proposition) for j in judgments) < 100


def test_deadlines_past_the_calendar_are_no_deadline() -> None:
    from datetime import date

    from trackrecord.extract import analyze

    found = analyze("Peace will likely come within 800 decades.", published=date(2024, 1, 1))
    assert found and all(j.timeframe_end is None for j in found)
