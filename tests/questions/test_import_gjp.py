"""``trackrecord import gjp``: per-option scores add up to GJP's multi-option Brier score."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult
from trackrecord.questions import compute_scores
from trackrecord.store import open_store

Run = Callable[..., CliResult]


def _independent_multi_option_brier(folder: Path) -> float:
    with (folder / "ifps.csv").open(encoding="latin-1") as handle:
        outcomes = {r["ifp_id"]: r["outcome"] for r in csv.DictReader(handle)}
    totals: dict[str, float] = defaultdict(float)
    with (folder / "survey_fcasts_mini.yr1.csv").open(encoding="latin-1") as handle:
        for r in csv.DictReader(handle):
            hit = 1.0 if outcomes[r["ifp_id"]] == r["answer_option"] else 0.0
            totals[r["forecast_id"]] += (float(r["value"]) - hit) ** 2
    return sum(totals.values()) / len(totals)


def test_gjp_scores_match_the_multi_option_brier(
    run_cli: Run, shared: Path, tmp_path: Path
) -> None:
    folder = shared / "data" / "gjp"
    if not (folder / "survey_fcasts_mini.yr1.csv").is_file():
        pytest.skip("../shared/data/gjp is missing")
    db = str(tmp_path / "gjp.db")
    result = run_cli("import", "gjp", str(folder), "--db", db)
    assert result.code == 0, result.err
    expected = _independent_multi_option_brier(folder)
    assert round(expected, 4) == 0.4956  # the reference value in data/README.md
    with open_store(db) as store:
        report = compute_scores(store, by="question")
        assert not report.left_out
        total = 0.0
        for score in report.groups:
            question = store.get_question(int(score.group))
            assert question.external_id is not None
            # A yes/no IFP is stored once; GJP's score counts its option (b) too, equally.
            weight = 2 if question.external_id.count(":") == 1 else 1
            total += weight * score.n * score.brier
    assert round(total / 4409, 4) == round(expected, 4)


def test_ifps_without_forecasts_import_questions_only(run_cli: Run, tmp_path: Path) -> None:
    ifps = tmp_path / "ifps.csv"
    ifps.write_text(
        "ifp_id,q_text,q_desc,q_status,date_to_close,date_closed,outcome,n_opts,options\n"
        '1001-0,Will talks resume?,,closed,1/1/12,1/2/12,b,2,"(a) Yes, (b) No"\n'
        '1002-0,Who wins?,,closed,5/1/12,5/6/12,b,3,"(a) Medvedev, (b) Putin, (c) Neither"\n'
        '1003-0,Voided?,,voided,12/15/11,NA,,2,"(a) Yes, (b) No"\n',
        encoding="latin-1",
    )
    db = str(tmp_path / "s.db")
    result = run_cli("import", "gjp", str(ifps), "--db", db)
    assert result.code == 0, result.err
    assert "gjp: 5 questions (5 resolved), 0 forecasts" in result.out
    listed = json.loads(run_cli("question", "list", "--format", "json", "--db", db).out)
    assert "Who wins? — (b) Putin" in [q["title"] for q in listed]
    assert [q["outcome"] for q in listed].count("annulled") == 1
