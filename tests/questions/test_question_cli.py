"""The question life cycle from the command line: add, link, resolve, score, and bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import CliResult
from trackrecord.models import Article, Judgment
from trackrecord.store import open_store

Run = Callable[..., CliResult]

LOW = Judgment(
    kind="forecast",
    text="This outcome is extremely unlikely.",
    start=0,
    end=35,
    cue="extremely unlikely",
    cue_start=16,
    cue_end=34,
    proposition="Russia will use North Korean troops",
    probability=0.05,
    scale="reader",
    entities=("Russia", "North Korea"),
)
HIGH = LOW.replace(start=40, end=70, cue="likely", cue_start=45, cue_end=51, probability=0.7)
CLAIM = Judgment(
    kind="claim",
    text="Officials said 100 troops.",
    start=80,
    end=106,
    cue="said",
    cue_start=90,
    cue_end=94,
    proposition="100 troops",
    quantity=100.0,
)


@pytest.fixture
def db(db_url: str) -> str:
    """A store with one dated article and three judgments (ids 1, 2: forecasts; 3: claim), on
    SQLite and on PostgreSQL."""
    path = db_url
    with open_store(path) as store:
        article_id, _ = store.add_article(
            Article(
                text="x" * 200,
                author="Ann Writer",
                outlet="Daily",
                published_at=datetime(2023, 2, 1),
            )
        )
        store.save_judgments(article_id, [LOW, HIGH, CLAIM], "test")
    return path


def _add(run_cli: Run, db: str, *extra: str) -> int:
    result = run_cli(
        "question", "add", "Will NK troops fight?", "--criteria", "combat", "--closes",
        "2025-01-01", "--db", db, "--format", "json", *extra,
    )  # fmt: skip
    assert result.code == 0, result.err
    return int(json.loads(result.out)["id"])


def _rows(db: str, table: str) -> int:
    with open_store(db) as store, store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_the_whole_loop_scores_by_author(run_cli: Run, db: str) -> None:
    qid = _add(run_cli, db, "--tag", "korea", "--fine-print", "Kursk counts")
    assert run_cli("link", str(qid), "1", "--db", db).code == 0
    assert run_cli("link", str(qid), "2", "--db", db).code == 0
    result = run_cli(
        "resolve", str(qid), "yes", "--on", "2024-11-12", "--evidence", "US said so", "--db", db
    )
    assert result.code == 0, result.err
    shown = run_cli("question", "show", str(qid), "--db", db)
    assert "YES on 2024-11-12" in shown.out and "Kursk counts" in shown.out
    listed = json.loads(run_cli("question", "list", "--db", db, "--format", "json").out)
    assert listed[0]["links"] == 2 and listed[0]["outcome"] == "yes"
    scored = run_cli("score", "--by", "author", "--format", "json", "--db", db)
    assert scored.code == 0, scored.err
    (row,) = json.loads(scored.out)
    assert row["group"] == "Ann Writer" and row["scale"] == "reader" and row["n"] == 2
    assert row["brier"] == pytest.approx((0.95**2 + 0.3**2) / 2)
    assert row["reliability"] - row["resolution"] + row["uncertainty"] == pytest.approx(
        row["brier"]
    )
    assert {"log", "baseline", "calibration"} <= set(row)
    table = run_cli("score", "--by", "tag", "--db", db)
    assert "korea" in table.out and "calibration of korea" in table.out


def test_opposite_links_score_one_minus_p(run_cli: Run, db: str) -> None:
    qid = _add(run_cli, db)
    assert run_cli("link", str(qid), "1", "--opposite", "--db", db).code == 0
    run_cli("resolve", str(qid), "no", "--on", "2024-11-12", "--evidence", "e", "--db", db)
    (row,) = json.loads(run_cli("score", "--format", "json", "--db", db).out)
    assert row["brier"] == pytest.approx(0.95**2)


def test_scale_all_shows_every_yardstick_and_the_range(run_cli: Run, db: str) -> None:
    qid = _add(run_cli, db)
    run_cli("link", str(qid), "1", "--db", db)
    run_cli("resolve", str(qid), "yes", "--on", "2024-11-12", "--evidence", "e", "--db", db)
    rows = json.loads(run_cli("score", "--scale", "all", "--format", "json", "--db", db).out)
    assert len({r["scale"] for r in rows}) == 6
    table = run_cli("score", "--scale", "all", "--db", db).out
    assert "range" in table and "icd203" in table
    csv_out = run_cli("score", "--format", "csv", "--db", db).out
    assert csv_out.splitlines()[0].startswith("group,scale,n,brier,log,baseline")


def test_judgments_published_after_the_resolution_are_left_out(run_cli: Run, db: str) -> None:
    qid = _add(run_cli, db)
    run_cli("link", str(qid), "1", "--db", db)
    run_cli("resolve", str(qid), "yes", "--on", "2023-02-01", "--evidence", "e", "--db", db)
    result = run_cli("score", "--db", db)
    assert "(none)" in result.out
    assert "left out: 1 linked judgment(s) published on or after the resolution date" in result.out
    run_cli("link", str(qid), "2", "--db", db)
    run_cli(
        "resolve", str(qid), "yes", "--on", "2023-02-02", "--evidence", "e", "--force", "--db", db
    )
    (row,) = json.loads(run_cli("score", "--db", db, "--format", "json").out)
    assert row["n"] == 2 and row["left_out"] == {}
    run_cli(
        "resolve", str(qid), "yes", "--on", "2023-02-01", "--evidence", "e", "--force", "--db", db
    )
    assert "(none)" in run_cli("score", "--db", db).out


def test_annulled_questions_are_not_scored(run_cli: Run, db: str) -> None:
    qid = _add(run_cli, db)
    run_cli("link", str(qid), "1", "--db", db)
    run_cli("resolve", str(qid), "annulled", "--on", "2024-11-12", "--evidence", "e", "--db", db)
    result = run_cli("score", "--db", db)
    assert "on annulled or ambiguous questions" in result.out


def test_re_resolving_needs_force_and_keeps_history(run_cli: Run, db: str) -> None:
    qid = _add(run_cli, db)
    args = ("--on", "2024-11-12", "--evidence", "e", "--db", db)
    assert run_cli("resolve", str(qid), "yes", *args).code == 0
    again = run_cli("resolve", str(qid), "no", *args)
    assert again.code == 2 and "--force" in again.err
    assert _rows(db, "resolutions") == 1
    assert run_cli("resolve", str(qid), "no", *args, "--force").code == 0
    shown = json.loads(run_cli("question", "show", str(qid), "--db", db, "--format", "json").out)
    assert [r["outcome"] for r in shown["resolutions"]] == ["yes", "no"]
    assert shown["resolutions"][0]["superseded_at"] is not None
    assert shown["resolutions"][1]["superseded_at"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("link", "99", "1"), "no question with id 99"),
        (("link", "1", "99"), "no judgment with id 99"),
        (("link", "1", "3"), "is a claim"),
        (("unlink", "1", "2"), "is not linked"),
        (("resolve", "99", "yes", "--on", "2024-01-01", "--evidence", "e"), "no question"),
        (("resolve", "1", "yes", "--on", "12/11/2024", "--evidence", "e"), "YYYY-MM-DD"),
        (("resolve", "1", "maybe", "--on", "2024-01-01", "--evidence", "e"), "maybe"),
        (("question", "show", "7"), "no question with id 7"),
        (("question", "add", "T", "--criteria", "c", "--closes", "soon"), "YYYY-MM-DD"),
        (("score", "--plot", "chart.pdf"), ".png or .svg"),
    ],
)
def test_bad_input_says_what_is_wrong_and_writes_nothing(
    run_cli: Run, db: str, args: tuple[str, ...], message: str
) -> None:
    _add(run_cli, db)
    run_cli("link", "1", "1", "--db", db)
    before = [_rows(db, t) for t in ("questions", "question_links", "resolutions")]
    result = run_cli(*args, "--db", db)
    assert result.code == 2
    assert message in result.err
    assert [_rows(db, t) for t in ("questions", "question_links", "resolutions")] == before


def test_a_duplicate_link_is_refused(run_cli: Run, db: str) -> None:
    _add(run_cli, db)
    assert run_cli("link", "1", "1", "--db", db).code == 0
    again = run_cli("link", "1", "1", "--db", db)
    assert again.code == 2 and "linked to question 1 already" in again.err
    assert _rows(db, "question_links") == 1


def test_an_empty_store_scores_nothing_but_says_so_plainly(run_cli: Run, tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    assert run_cli("score", "--db", db).out == "(none)\n"
    assert json.loads(run_cli("score", "--db", db, "--format", "json", "--scale", "all").out) == []
    header = run_cli("score", "--db", db, "--format", "csv").out
    assert header.startswith("group,scale,n,brier,log,baseline")


def test_extract_force_keeps_the_demo_links(run_cli: Run, tmp_path: Path) -> None:
    assert run_cli("demo", "--db", "d.db").code == 0
    before = json.loads(run_cli("question", "show", "1", "--db", "d.db", "--format", "json").out)
    assert before["links"]
    assert run_cli("extract", "--force", "--db", "d.db").code == 0
    after = json.loads(run_cli("question", "show", "1", "--db", "d.db", "--format", "json").out)
    assert [x["judgment"]["id"] for x in after["links"]] == [
        x["judgment"]["id"] for x in before["links"]
    ]


def test_a_resolution_date_before_a_linked_article_is_refused(run_cli: Run, db: str) -> None:
    qid = _add(run_cli, db)
    run_cli("link", str(qid), "1", "--db", db)
    result = run_cli(
        "resolve", str(qid), "yes", "--on", "2023-01-15", "--evidence", "e", "--db", db
    )
    assert result.code == 2
    assert "judgment 1 (published 2023-02-01) came out later" in result.err
    assert _rows(db, "resolutions") == 0


def test_json_rows_count_what_each_group_left_out(run_cli: Run, db: str) -> None:
    with open_store(db) as store:
        earlier, _ = store.add_article(
            Article(text="w" * 200, author="Ann Writer", published_at=datetime(2023, 1, 1))
        )
        store.save_judgments(earlier, [LOW], "test")
    qid = _add(run_cli, db)
    run_cli("resolve", str(qid), "yes", "--on", "2023-02-01", "--evidence", "e", "--db", db)
    for judgment_id in ("1", "4"):
        assert run_cli("link", str(qid), judgment_id, "--db", db).code == 0
    (row,) = json.loads(run_cli("score", "--by", "author", "--format", "json", "--db", db).out)
    assert row["n"] == 1
    assert row["left_out"] == {"published_after_resolution": 1}
