"""The four public probability-word surveys: raw answers and per-phrase statistics.

Used by ``scripts/build_reader_yardstick.py`` (to build the ``reader`` yardstick) and by
`trackrecord eval` (to measure the shipped file, and the method, against the surveys).
"""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

__all__ = ["SAME_PHRASE", "SURVEYED", "load_surveys", "summarise"]

# Surveyed phrase (lower case) → cue key, where the phrase is the cue itself.
SURVEYED = {
    "almost certain": "almost certain",
    "highly likely": "highly likely",
    "very good chance": "very good chance",
    "probable": "probable",
    "likely": "likely",
    "probably": "probably",
    "we believe": "believe",
    "better than even": "better than even",
    "about even": "about even",
    "we doubt": "doubt",
    "improbable": "improbable",
    "unlikely": "unlikely",
    "little chance": "little chance",
    "almost no chance": "almost no chance",
    "highly unlikely": "highly unlikely",
    "chances are slight": "chances are slight",
    "maybe": "maybe",
    "might happen": "might",
    "may happen": "may",
    "could happen": "could",
    "will happen": "will",
    "possibly": "possibly",
    "real possibility": "real possibility",
    "serious possibility": "serious possibility",
    "realistic possibility": "realistic possibility",
    "remote chance": "remote chance",
}

# Spellings of one phrase that differ between surveys, pooled as one phrase (one vote per survey).
SAME_PHRASE = {"almost certainly": "almost certain"}

MIN_ANSWERS = 10
"""A survey's phrase with fewer usable answers than this is left out."""


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _value(cell: str) -> float | None:
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if 0.0 <= value <= 100.0 else None


def _wide(path: Path, first_answer: int = 0, stop: int | None = None) -> dict[str, list[float]]:
    """A survey with one column per phrase (header row) and one row per respondent."""
    rows = _rows(path)
    header = [h.strip().strip('"').replace("_", " ").lower() for h in rows[0]]
    out: dict[str, list[float]] = defaultdict(list)
    for row in rows[1:]:
        for i in range(first_answer, stop if stop is not None else len(header)):
            if i < len(row):
                value = _value(row[i])
                if value is not None:
                    out[header[i]].append(value)
    return out


def load_surveys(data: Path) -> dict[str, dict[str, list[float]]]:
    """Raw answers: survey name → phrase (lower case) → values in 0-100."""
    capphrase: dict[str, list[float]] = defaultdict(list)
    for row in _rows(data / "capphrase" / "absolute_judgements.csv")[1:]:
        value = _value(row[2])
        if value is not None:
            capphrase[row[1].strip().lower()].append(value)
    return {
        "capphrase": capphrase,
        "fagen-ulmschneider": _wide(
            data / "wep-survey-fagen-ulmschneider" / "survey-results.csv", 0, 17
        ),
        "zonination": _wide(data / "wep-perceptions-zonination" / "probly.csv"),
        "mauboussin": _wide(data / "wep-survey-mauboussin" / "probability_survey_results.csv", 3),
    }


def per_survey(
    surveys: Mapping[str, Mapping[str, list[float]]],
) -> dict[str, list[tuple[str, int, float, float, float]]]:
    """Phrase → [(survey, n, median, q1, q3)], spellings pooled, small cells left out."""
    out: dict[str, list[tuple[str, int, float, float, float]]] = defaultdict(list)
    for survey, phrases in surveys.items():
        for spelling, values in phrases.items():
            phrase = SAME_PHRASE.get(spelling, spelling)
            if len(values) < MIN_ANSWERS:
                continue
            q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
            out[phrase].append((survey, len(values), median, q1, q3))
    return out


def summarise(surveys: Mapping[str, Mapping[str, list[float]]]) -> dict[str, dict[str, object]]:
    """Phrase → {p, low, high, surveys, n}: medians across surveys of per-survey statistics."""
    out: dict[str, dict[str, object]] = {}
    for phrase, stats in per_survey(surveys).items():
        p = statistics.median(s[2] for s in stats) / 100
        low = min(p, statistics.median(s[3] for s in stats) / 100)
        high = max(p, statistics.median(s[4] for s in stats) / 100)
        out[phrase] = {
            "p": round(p, 4),
            "low": round(low, 4),
            "high": round(high, 4),
            "surveys": [s[0] for s in stats],
            "n": sum(s[1] for s in stats),
        }
    return out
