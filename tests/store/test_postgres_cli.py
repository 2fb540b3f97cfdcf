"""Every kind of command through the CLI on SQLite and on PostgreSQL: the same answers on both.

Each test runs once per backend (the ``db_url`` fixture); the PostgreSQL runs use a fresh schema
on the test server (see tests/conftest.py).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, CliResult
from trackrecord.store import open_store

Run = Callable[..., CliResult]


def _ok(result: CliResult) -> CliResult:
    assert result.code == 0, result.err
    return result


def _json(result: CliResult) -> Any:
    return json.loads(_ok(result).out)


def _question_loop(run_cli: Run, db: str, out: Path) -> dict[str, Any]:
    """Ingest and extract the demo corpus, ask, link, resolve, score and export (into the new
    folder `out`); what each step gave."""
    out.mkdir()
    ingested = _ok(run_cli("ingest", "--db", db, str(CORPUS)))
    assert "5 read, 5 new, 0 duplicate, 0 rejected" in ingested.out
    again = _ok(run_cli("ingest", "--db", db, str(CORPUS)))
    assert "5 read, 0 new, 5 duplicate, 0 rejected" in again.out
    assert "5 articles extracted" in _ok(run_cli("extract", "--db", db)).out
    articles = _json(run_cli("articles", "--db", db, "--format", "json"))
    forecasts = _json(run_cli("judgments", "--db", db, "--kind", "forecast", "--format", "json"))
    assert len(forecasts) >= 4
    qid = int(
        _json(
            run_cli(
                "question", "add", "Will it happen?", "--criteria", "it happens", "--closes",
                "2030-01-01", "--tag", "demo", "--db", db, "--format", "json",
            )
        )["id"]
    )  # fmt: skip
    linked = [j["id"] for j in forecasts[:4]]
    for judgment_id in linked[:3]:
        _ok(run_cli("link", str(qid), str(judgment_id), "--db", db))
    _ok(run_cli("link", str(qid), str(linked[3]), "--opposite", "--db", db))
    twice = run_cli("link", str(qid), str(linked[0]), "--db", db)
    assert twice.code == 2 and "linked to question" in twice.err
    _ok(run_cli("resolve", str(qid), "yes", "--on", "2029-06-01", "--evidence", "e", "--db", db))
    refused = run_cli(
        "resolve", str(qid), "no", "--on", "2029-06-02", "--evidence", "e", "--db", db
    )
    assert refused.code == 2 and "resolved already" in refused.err
    scores = {
        by: _json(run_cli("score", "--by", by, "--scale", "all", "--format", "json", "--db", db))
        for by in ("holder", "author", "outlet", "tag", "question")
    }
    assert sum(r["n"] for r in scores["question"] if r["scale"] == "reader") == 4
    _ok(run_cli("remap", "--db", db, "--scale", "icd203"))
    remapped = _json(run_cli("score", "--by", "tag", "--format", "json", "--db", db))
    _ok(run_cli("export", "--to", str(out), "--format", "jsonl", "--db", db))
    exported = {}
    for path in sorted(out.iterdir()):
        rows = [json.loads(line) for line in path.read_text().splitlines()]
        for row in rows:  # when a row was written differs from run to run
            for key in [k for k in row if k.endswith("_at") and k != "published_at"]:
                row[key] = bool(row[key])
        exported[path.name] = rows
    return {
        "articles": articles,
        "judgments": _json(run_cli("judgments", "--db", db, "--format", "json")),
        "questions": _json(run_cli("question", "list", "--db", db, "--format", "json")),
        "scores": scores,
        "remapped": remapped,
        "exported": exported,
    }


def test_the_question_loop_gives_the_same_results_on_sqlite_and_postgresql(
    run_cli: Run, postgres_url: str, tmp_path: Path
) -> None:
    on_sqlite = _question_loop(run_cli, str(tmp_path / "s.db"), tmp_path / "out-sqlite")
    on_postgresql = _question_loop(run_cli, postgres_url, tmp_path / "out-postgresql")
    assert on_sqlite["exported"]  # questions, links, resolutions and scores were written
    for key, value in on_sqlite.items():
        assert on_postgresql[key] == value, key


def test_gjp_import_scores_the_same_on_each_backend(
    run_cli: Run, db_url: str, shared: Path
) -> None:
    folder = shared / "data" / "gjp"
    if not (folder / "survey_fcasts_mini.yr1.csv").is_file():
        pytest.skip("../shared/data/gjp is missing")
    _ok(run_cli("import", "gjp", str(folder), "--db", db_url))
    again = run_cli("import", "gjp", str(folder), "--db", db_url)
    assert again.code == 2 and "stored already" in again.err
    rows = _json(run_cli("score", "--by", "question", "--format", "json", "--db", db_url))
    with open_store(db_url) as store:
        stored = store.count_judgments()
    # The same import on a plain SQLite file: the reference.
    _ok(run_cli("import", "gjp", str(folder), "--db", "reference.db"))
    reference = _json(
        run_cli("score", "--by", "question", "--format", "json", "--db", "reference.db")
    )
    assert rows == reference
    assert stored > 1000


def test_the_question_loop_and_a_csv_export_on_each_backend(
    run_cli: Run, db_url: str, tmp_path: Path
) -> None:
    results = _question_loop(run_cli, db_url, tmp_path / "jsonl")
    (question,) = results["questions"]
    assert question["links"] == 4 and question["outcome"] == "yes"
    out = tmp_path / "csv"
    out.mkdir()
    _ok(run_cli("export", "--to", str(out), "--db", db_url))
    with (out / "question_links.csv").open(newline="") as handle:
        links = list(csv.DictReader(handle))
    assert len(links) == 4
    assert sorted(link["orientation"] for link in links) == ["opposite", "same", "same", "same"]
