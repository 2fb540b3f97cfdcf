"""``trackrecord export`` and ``score --plot``: files a user can open elsewhere."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.questions.test_question_cli import _add, db  # noqa: F401  (fixture)

Run = Callable[..., CliResult]


@pytest.fixture
def scored(run_cli: Run, db: str) -> str:  # noqa: F811
    qid = _add(run_cli, db, "--tag", "korea")
    run_cli("link", str(qid), "1", "--db", db)
    run_cli("link", str(qid), "2", "--db", db)
    run_cli("resolve", str(qid), "yes", "--on", "2024-11-12", "--evidence", "e", "--db", db)
    return db


def test_export_csv_and_jsonl(run_cli: Run, scored: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = run_cli("export", "--to", str(out), "--db", scored)
    assert result.code == 0, result.err
    with (out / "resolutions.csv").open(encoding="utf-8") as handle:
        (resolution,) = list(csv.DictReader(handle))
    assert resolution["outcome"] == "yes" and resolution["resolved_on"] == "2024-11-12"
    with (out / "scores.csv").open(encoding="utf-8") as handle:
        scores = list(csv.DictReader(handle))
    assert len(scores) == 6 and {s["scale"] for s in scores} >= {"reader", "icd203"}
    assert run_cli("export", "--to", str(out), "--format", "jsonl", "--db", scored).code == 0
    links = [json.loads(x) for x in (out / "question_links.jsonl").read_text().splitlines()]
    assert [x["judgment_id"] for x in links] == [1, 2]


def test_export_parquet(run_cli: Run, scored: str, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    result = run_cli("export", "--to", str(tmp_path), "--format", "parquet", "--db", scored)
    assert result.code == 0, result.err
    assert pq.read_table(tmp_path / "questions.parquet").num_rows == 1


def test_export_to_a_missing_folder_is_refused(run_cli: Run, scored: str, tmp_path: Path) -> None:
    result = run_cli("export", "--to", str(tmp_path / "nope"), "--db", scored)
    assert result.code == 2 and "does not exist" in result.err


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_score_plot_writes_a_calibration_chart(
    run_cli: Run, scored: str, tmp_path: Path, suffix: str
) -> None:
    pytest.importorskip("matplotlib")
    chart = tmp_path / f"chart{suffix}"
    result = run_cli("score", "--by", "author", "--plot", str(chart), "--db", scored)
    assert result.code == 0, result.err
    assert chart.stat().st_size > 1000
    if suffix == ".svg":
        assert "Ann Writer (n=2)" in chart.read_text(encoding="utf-8")
