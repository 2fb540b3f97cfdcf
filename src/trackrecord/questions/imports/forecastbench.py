"""ForecastBench question sets and resolution sets (forecastingresearch/forecastbench-datasets).

Only the **market** questions (Manifold, Metaculus, INFER, Polymarket) are imported: for them the
question set's ``freeze_datetime_value`` is the crowd's probability at the freeze, which is
imported as one forecaster's forecast (holder ``ForecastBench crowd``, published at
``freeze_datetime``). Dataset questions (ACLED, FRED, ...) carry the series' current value there,
not a probability, and resolve at several horizons; they are counted and not imported.
Combined questions (a list of ids in the resolution set) are left out for the same reason.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from trackrecord.errors import UsageError
from trackrecord.models import Outcome, Question, Resolution
from trackrecord.questions.imports.common import ImportBatch, probability, utc_naive
from trackrecord.store import ImportedForecast

ORIGIN = "forecastbench"
HOLDER = "ForecastBench crowd"
MARKET_SOURCES = ("manifold", "metaculus", "infer", "polymarket")


def _load(path: Path, key: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path} is not a ForecastBench JSON file ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise UsageError(f"{path} is not a ForecastBench file: it has no {key!r} list")
    return data


def _files(path: Path) -> tuple[Path, Path]:
    if path.is_dir():
        sets = sorted((path / "question_sets").glob("*-human.json"))
        if not sets:
            raise UsageError(f"{path} holds no question_sets/*-human.json from ForecastBench")
        question_set = sets[-1]
        root = path
    else:
        question_set = path
        root = path.parent.parent
    due = question_set.name.split("-human")[0]
    resolution_set = root / "resolution_sets" / f"{due}_resolution_set.json"
    if not resolution_set.is_file():
        raise UsageError(f"no resolution set for {question_set.name}: expected {resolution_set}")
    return question_set, resolution_set


def _resolution(row: dict[str, Any], url: str | None) -> Resolution | None:
    if not row.get("resolved"):
        return None
    value = float(row["resolved_to"])
    if value not in (0.0, 1.0):
        raise ValueError(f"resolved_to {row['resolved_to']!r} is neither 0 nor 1")
    outcome: Outcome = "yes" if value == 1.0 else "no"
    return Resolution(
        question_id=0,
        outcome=outcome,
        resolved_on=utc_naive(str(row["resolution_date"])).date(),
        evidence=f"ForecastBench resolution set: resolved_to {value:g}",
        url=url,
        resolved_by=ORIGIN,
    )


def read_forecastbench(path: Path) -> ImportBatch:
    """Parse a ForecastBench human question set and its resolution set into a batch.

    Args:
        path: the forecastbench folder (with question_sets/ and resolution_sets/) or a
            ``question_sets/*-human.json`` file.

    Raises:
        UsageError: the files are missing or of another kind.
    """
    question_path, resolution_path = _files(path)
    question_set = _load(question_path, "questions")
    resolution_rows = _load(resolution_path, "resolutions")["resolutions"]
    single = {r["id"]: r for r in resolution_rows if isinstance(r.get("id"), str)}
    batch = ImportBatch(origin=ORIGIN)
    for number, q in enumerate(question_set["questions"], start=1):
        where = f"{question_path.name}: question {number} (id {q.get('id')})"
        if q.get("source") not in MARKET_SOURCES:
            continue
        try:
            p = probability(str(q["freeze_datetime_value"]))
            made = utc_naive(str(q["freeze_datetime"]))
            row = single.get(q["id"])
            resolution = None if row is None else _resolution(row, q.get("url"))
            question = Question(
                title=str(q["question"]),
                criteria=str(q.get("resolution_criteria") or ""),
                fine_print=str(q.get("background") or "") or None,
                tags=(ORIGIN, str(q["source"])),
                external_id=f"{ORIGIN}:{q['source']}:{q['id']}",
            )
        except (KeyError, ValueError, TypeError) as exc:
            batch.skipped.append(f"{where}: {exc}")
            continue
        batch.questions.append((question, resolution))
        batch.forecasts.append(ImportedForecast(len(batch.questions) - 1, HOLDER, p, made))
    return batch
