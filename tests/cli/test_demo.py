"""`trackrecord demo` as the README runs it."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult

Run = Callable[..., CliResult]


def test_demo_reports_every_article_and_the_next_commands(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("demo")
    assert result.code == 0, result.err
    assert "ingest:  5 read, 5 new" in result.out
    assert "Why Russia likely won" in result.out
    assert "cue: 'extremely unlikely'" in result.out
    assert "holder: Kim Yo Jong" in result.out
    assert "Explore further:" in result.out
    assert re.search(r"trackrecord show \d+ --db trackrecord-demo.db", result.out)
    assert "trackrecord serve --db trackrecord-demo.db" in result.out
    with sqlite3.connect(tmp_path / "trackrecord-demo.db") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 5
        assert db.execute("SELECT count(*) FROM judgments").fetchone()[0] > 10


def test_demo_starts_afresh_each_run(run_cli: Run) -> None:
    first = run_cli("demo")
    second = run_cli("demo")
    assert second.code == 0
    assert "5 read, 5 new, 0 duplicate" in second.out
    assert first.out == second.out


def test_demo_refuses_a_store_that_holds_articles(run_cli: Run) -> None:
    assert run_cli("demo", "--db", "mine.db").code == 0
    again = run_cli("demo", "--db", "mine.db")
    assert again.code == 2
    assert "already holds articles" in again.err


def test_demo_resolves_the_north_korea_question_and_scores_the_author(
    run_cli: Run, tmp_path: Path
) -> None:
    result = run_cli("demo")
    assert result.code == 0, result.err
    assert "Will North Korean military personnel take part in combat" in result.out
    assert "resolved YES on 2024-11-12" in result.out
    line = next(
        x for x in result.out.splitlines() if "linked judgment" in x and "extremely unlikely" in x
    )
    brier = float(re.search(r"Brier=([0-9.]+) \(reader\)", line).group(1))  # type: ignore[union-attr]
    assert brier >= 0.9
    assert "The author's scores under each yardstick" in result.out
    for scale in ("reader", "icd203", "phia", "nato", "ipcc", "kent1964"):
        assert re.search(rf"^{scale}\s+2\s+0\.\d{{4}}", result.out, re.MULTILINE), scale
    with sqlite3.connect(tmp_path / "trackrecord-demo.db") as db:
        title, criteria = db.execute("SELECT title, criteria FROM questions").fetchone()
        assert "Kursk" in criteria and "combat" in criteria and title.endswith("2025-01-01?")
        outcome, on = db.execute("SELECT outcome, resolved_on FROM resolutions").fetchone()
        assert (outcome, on) == ("yes", "2024-11-12")
        linked = db.execute(
            "SELECT j.cue FROM question_links l JOIN judgments j ON j.id = l.judgment_id"
        ).fetchall()
        assert ("extremely unlikely",) in linked


def test_demo_on_a_url_never_prints_its_password(run_cli: Run, db_url: str) -> None:
    from sqlalchemy.engine import make_url

    result = run_cli("demo", "--db", db_url)
    assert result.code == 0, result.err
    assert "Explore further:" in result.out
    password = make_url(db_url).password if "://" in db_url else None
    if password:
        assert password not in result.out + result.err
        assert "***" in result.out
