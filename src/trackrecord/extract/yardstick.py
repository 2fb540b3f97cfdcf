"""Yardsticks: named, versioned mappings from cue keys to probabilities.

Each yardstick is a JSON data file in ``yardsticks/`` (built by the scripts in ``scripts/``)::

    {"name": "icd203", "version": "1.0", "source": "...",
     "entries": {"likely": {"p": 0.675, "low": 0.55, "high": 0.8,
                            "basis": "official", "note": "..."}, ...}}

``basis`` says where a number comes from: ``survey`` (public probability-word surveys),
``official`` (the institution's own table) or ``analogy`` (no entry of its own: the value of the
nearest term, with the reasoning in ``note``). Negation flips a range: P(proposition) = 1 - p,
[1 - high, 1 - low].
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from trackrecord.errors import ScaleError
from trackrecord.extract.lexicon import cue_key

__all__ = ["SCALES", "Yardstick", "YardstickEntry", "load_yardstick"]

SCALES: tuple[str, ...] = ("reader", "icd203", "phia", "nato", "ipcc", "kent1964")
"""The yardsticks shipped with trackrecord; ``reader`` is the default."""

_BASES = frozenset(("survey", "official", "analogy"))


@dataclass(frozen=True, slots=True)
class YardstickEntry:
    """The probability a yardstick gives one cue key.

    Attributes:
        p: the point value in [0, 1].
        low: the lower end of the range.
        high: the upper end of the range.
        basis: ``survey``, ``official`` or ``analogy``.
        note: where the number comes from.
    """

    p: float
    low: float
    high: float
    basis: str
    note: str


@dataclass(frozen=True, slots=True)
class Yardstick:
    """A named, versioned mapping from cue keys to probabilities.

    Attributes:
        name: the name used by ``scale=`` ("reader", "icd203", ...).
        version: the data version; bump it when any number changes.
        source: where the numbers come from.
        entries: cue key → `YardstickEntry`.
    """

    name: str
    version: str
    source: str
    entries: Mapping[str, YardstickEntry]

    def probability(self, cue: str, negated: bool = False) -> tuple[float, float, float] | None:
        """(p, low, high) for the proposition, from a cue string as stored in a judgment.

        Args:
            cue: the cue text ("likely won't", "think ... may not", "a 30% chance").
            negated: whether the judgment is about the negation of its proposition.

        Returns:
            The probability and range after negation, or None when the cue names no key this
            yardstick knows.
        """
        parsed = cue_key(cue)
        if parsed is None:
            return None
        if parsed.value is not None:
            p = low = high = parsed.value
        else:
            entry = self.entries.get(parsed.key)
            if entry is None:
                return None
            p, low, high = entry.p, entry.low, entry.high
        if negated:
            p, low, high = 1.0 - p, 1.0 - high, 1.0 - low
        return round(p, 4), round(low, 4), round(high, 4)


def _entry(name: str, key: str, raw: Any) -> YardstickEntry:
    try:
        entry = YardstickEntry(
            p=float(raw["p"]),
            low=float(raw["low"]),
            high=float(raw["high"]),
            basis=str(raw["basis"]),
            note=str(raw.get("note", "")),
        )
    except (TypeError, KeyError, ValueError) as exc:
        raise ScaleError(
            f"yardstick {name!r}: entry {key!r} needs numeric p, low, high and a basis ({exc})"
        ) from exc
    if not 0.0 <= entry.low <= entry.p <= entry.high <= 1.0:
        raise ScaleError(f"yardstick {name!r}: entry {key!r} needs 0 <= low <= p <= high <= 1")
    if entry.basis not in _BASES:
        raise ScaleError(
            f"yardstick {name!r}: entry {key!r} has basis {entry.basis!r}; "
            f"use one of {', '.join(sorted(_BASES))}"
        )
    return entry


def parse_yardstick(data: Any, name: str) -> Yardstick:
    """Build a `Yardstick` from parsed JSON, checking every field.

    Raises:
        ScaleError: when a field is missing or out of range.
    """
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        raise ScaleError(f"yardstick {name!r}: expected an object with an 'entries' object")
    entries = {str(k): _entry(name, str(k), v) for k, v in data["entries"].items()}
    return Yardstick(
        name=str(data.get("name", name)),
        version=str(data.get("version", "")),
        source=str(data.get("source", "")),
        entries=MappingProxyType(entries),
    )


@cache
def load_yardstick(name: str) -> Yardstick:
    """Load a shipped yardstick by name.

    Args:
        name: one of `SCALES`.

    Returns:
        The yardstick (cached: loaded once per process).

    Raises:
        ScaleError: for an unknown name or a data file that does not parse.
    """
    if name not in SCALES:
        raise ScaleError(f"unknown yardstick {name!r}: choose one of {', '.join(SCALES)}")
    path = resources.files("trackrecord.extract") / "yardsticks" / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScaleError(f"yardstick {name!r}: cannot read {path} ({exc})") from exc
    return parse_yardstick(data, name)
