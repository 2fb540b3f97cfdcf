"""``trackrecord import forecastbench``: the crowd's Brier on the 2024-07-21 market questions."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult

Run = Callable[..., CliResult]


def _independent_brier(folder: Path) -> tuple[float, int]:
    questions = json.loads((folder / "question_sets" / "2024-07-21-human.json").read_text())
    rows = json.loads((folder / "resolution_sets" / "2024-07-21_resolution_set.json").read_text())[
        "resolutions"
    ]
    resolved = {
        r["id"]: r["resolved_to"] for r in rows if isinstance(r["id"], str) and r["resolved"]
    }
    losses = [
        (float(q["freeze_datetime_value"]) - resolved[q["id"]]) ** 2
        for q in questions["questions"]
        if q["source"] in ("manifold", "metaculus", "infer", "polymarket") and q["id"] in resolved
    ]
    return sum(losses) / len(losses), len(losses)


def test_crowd_brier_on_resolved_market_questions(
    run_cli: Run, shared: Path, tmp_path: Path
) -> None:
    folder = shared / "data" / "forecastbench"
    if not (folder / "question_sets" / "2024-07-21-human.json").is_file():
        pytest.skip("../shared/data/forecastbench is missing")
    db = str(tmp_path / "fb.db")
    imported = run_cli("import", "forecastbench", str(folder), "--db", db)
    assert imported.code == 0, imported.err
    (row,) = json.loads(run_cli("score", "--by", "holder", "--format", "json", "--db", db).out)
    expected, n = _independent_brier(folder)
    assert row["group"] == "ForecastBench crowd"
    assert row["n"] == n == 57
    assert round(row["brier"], 4) == round(expected, 4) == 0.1286  # data/README.md reference


def test_a_file_of_another_kind_is_refused(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "question_sets").mkdir()
    (tmp_path / "question_sets" / "2024-07-21-human.json").write_text('{"rows": []}')
    (tmp_path / "resolution_sets").mkdir()
    (tmp_path / "resolution_sets" / "2024-07-21_resolution_set.json").write_text("{}")
    result = run_cli("import", "forecastbench", str(tmp_path), "--db", str(tmp_path / "s.db"))
    assert result.code == 2
    assert "has no 'questions' list" in result.err
