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
