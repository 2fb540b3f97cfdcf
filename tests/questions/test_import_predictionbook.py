"""``trackrecord import predictionbook`` then ``score`` against an independent computation."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import CliResult

Run = Callable[..., CliResult]


def _independent_mean_brier(path: Path) -> tuple[float, float, int]:
    """Plain Python over the CSV: (all resolved, made before resolution, how many left out)."""
    with zipfile.ZipFile(path) as archive:
        text = archive.read("public.csv").decode("utf-8")
    every: list[float] = []
    before: list[float] = []
    for row in csv.DictReader(io.StringIO(text)):
        if row["q_status"] != "resolved" or row["outcome"] not in ("0.0", "1.0"):
            continue
        loss = (float(row["probability"]) - float(row["outcome"])) ** 2
        every.append(loss)
        made = datetime.fromisoformat(row["timestamp"])
        if made < datetime.fromisoformat(row["resolve_time"]):
            before.append(loss)
    return sum(every) / len(every), sum(before) / len(before), len(every) - len(before)


@pytest.mark.slow
def test_mean_brier_matches_an_independent_computation(
    run_cli: Run, shared: Path, tmp_path: Path
) -> None:
    folder = shared / "data" / "predictionbook"
    if not (folder / "public.csv.zip").is_file():
        pytest.skip("../shared/data/predictionbook/public.csv.zip is missing")
    db = str(tmp_path / "pb.db")
    imported = run_cli("import", "predictionbook", str(folder), "--db", db)
    assert imported.code == 0, imported.err
    assert "63592 forecasts stored" in imported.out
    scored = run_cli("score", "--by", "outlet", "--format", "json", "--db", db)
    assert scored.code == 0, scored.err
    (row,) = json.loads(scored.out)
    every, before, late = _independent_mean_brier(folder / "public.csv.zip")
    assert round(every, 4) == 0.1614  # the reference value in data/README.md
    assert round(row["brier"], 4) == round(before, 4) == 0.1614
    assert row["n"] == 51135 - late
    assert f"left out: {late} linked judgment(s) published on or after" in scored.err
    again = run_cli("import", "predictionbook", str(folder), "--db", db)
    assert again.code == 2 and "imported before" in again.err
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM judgments").fetchone()[0] == 63592


def _write_zip(path: Path, text: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("public.csv", text)
    return path


HEADER = "question_id,user_id,probability,answer_option,timestamp,outcome,resolve_time,q_status\n"
GOOD = "1,ann,0.8,1,2020-01-01 00:00:00+00:00,1.0,2020-02-01 00:00:00+00:00,resolved\n"


def test_a_malformed_row_is_named_and_nothing_is_stored(run_cli: Run, tmp_path: Path) -> None:
    bad = "2,bob,1.7,1,2020-01-01 00:00:00+00:00,0.0,2020-02-01 00:00:00+00:00,resolved\n"
    path = _write_zip(tmp_path / "public.csv.zip", HEADER + GOOD + bad)
    db = str(tmp_path / "s.db")
    result = run_cli("import", "predictionbook", str(path), "--db", db)
    assert result.code == 1
    assert "public.csv.zip:3: probability 1.7 is outside [0, 1]" in result.err
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM questions").fetchone()[0] == 0
    skipped = run_cli("import", "predictionbook", str(path), "--db", db, "--skip-bad")
    assert skipped.code == 1 and "1 forecasts stored, 1 rows skipped" in skipped.out


def test_a_file_of_the_wrong_kind_is_refused(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run_cli("import", "predictionbook", str(path), "--db", str(tmp_path / "s.db"))
    assert result.code == 2
    assert "lacks the column(s) question_id" in result.err


def test_remap_keeps_a_forecasters_stated_number(run_cli: Run, tmp_path: Path) -> None:
    path = _write_zip(tmp_path / "public.csv.zip", HEADER + GOOD)
    db = str(tmp_path / "s.db")
    assert run_cli("import", "predictionbook", str(path), "--db", db).code == 0
    before = json.loads(run_cli("judgments", "--db", db, "--format", "json").out)
    done = run_cli("remap", "--db", db, "--scale", "phia")
    assert done.code == 0, done.err
    assert "0 judgments now under yardstick phia; 1 forecasts with a stated number kept it" in (
        done.out
    )
    assert json.loads(run_cli("judgments", "--db", db, "--format", "json").out) == before
