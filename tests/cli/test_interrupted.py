"""Killing ingest or extract with SIGKILL, then running it again, leaves a consistent store.

These run the real command in a child process and kill it while it writes.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from trackrecord.extract import analyze

ARTICLES = 300
WORDS = ("rates", "growth", "prices", "talks", "exports", "troops", "sanctions", "tariffs")


def _corpus(folder: Path) -> dict[str, str]:
    folder.mkdir()
    texts = {}
    for i in range(ARTICLES):
        a, b = WORDS[i % len(WORDS)], WORDS[(i // len(WORDS)) % len(WORDS)]
        text = (
            f"Outlook number {i} for {a}\n\n"
            f"Analysts said {a} will likely rise by {i} percent next year. "
            f"Officials believe {b} may not recover before {2030 + i % 7}. "
            f"Case {i} is unlikely to be resolved soon, the ministry said.\n"
        )
        (folder / f"article-{i:04d}.txt").write_text(text, encoding="utf-8")
        texts[f"article-{i:04d}.txt"] = text
    return texts


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "trackrecord", *args]


def _kill_when(proc: subprocess.Popen[bytes], db: Path, query: str, at_least: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the run finished before it could be killed (exit {proc.returncode})")
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as plain:
                    if plain.execute(query).fetchone()[0] >= at_least:
                        break
            except sqlite3.OperationalError:
                pass  # tables not made yet, or the writer holds a lock
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKRECORD_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.mark.slow
def test_killed_ingest_then_rerun_stores_every_article_once(tmp_path: Path) -> None:
    texts = _corpus(tmp_path / "corpus")
    db = tmp_path / "k.db"
    ingest = _command("ingest", str(tmp_path / "corpus"), "--db", str(db))
    proc = subprocess.Popen(
        ingest, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env()
    )
    _kill_when(proc, db, "SELECT count(*) FROM articles", 30)
    with sqlite3.connect(db) as plain:
        stored_before = plain.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 30 <= stored_before < ARTICLES, "the kill must land mid-run"

    done = subprocess.run(ingest, capture_output=True, text=True, env=_env(), check=False)
    assert done.returncode == 0, done.stderr
    assert f"{ARTICLES - stored_before} new, {stored_before} duplicate" in done.stdout
    with sqlite3.connect(db) as plain:
        assert plain.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = plain.execute("SELECT source_path, text, content_hash FROM articles").fetchall()
    assert len(rows) == ARTICLES
    assert len({r[2] for r in rows}) == ARTICLES
    for source, text, _ in rows:
        assert text.strip().endswith("the ministry said."), f"{source} is half-written"
        assert Path(source).name in texts


@pytest.mark.slow
def test_killed_extract_then_rerun_stores_every_judgment_once(tmp_path: Path) -> None:
    _corpus(tmp_path / "corpus")
    db = tmp_path / "k.db"
    ingest = _command("ingest", str(tmp_path / "corpus"), "--db", str(db))
    assert subprocess.run(ingest, capture_output=True, env=_env(), check=False).returncode == 0
    extract = _command("extract", "--db", str(db), "--workers", "1")
    proc = subprocess.Popen(
        extract, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env()
    )
    _kill_when(proc, db, "SELECT count(*) FROM articles WHERE extracted_at IS NOT NULL", 20)
    done = subprocess.run(extract, capture_output=True, text=True, env=_env(), check=False)
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as plain:
        assert plain.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        pending = plain.execute("SELECT count(*) FROM articles WHERE extracted_at IS NULL")
        assert pending.fetchone()[0] == 0
        texts = dict(plain.execute("SELECT id, text FROM articles").fetchall())
        counts = dict(
            plain.execute("SELECT article_id, count(*) FROM judgments GROUP BY article_id")
        )
        spans = plain.execute(
            "SELECT article_id, start_char, cue_start, count(*) FROM judgments "
            "GROUP BY article_id, start_char, cue_start, cue_end, kind "
            "HAVING count(*) > 1"
        ).fetchall()
    assert spans == [], "a judgment was stored twice"
    for article_id, text in texts.items():
        assert counts.get(article_id, 0) == len(analyze(text)), f"article {article_id}"


def test_stdin_is_read_with_dash(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = "Markets may fall\n\nTraders think markets may fall sharply next week.\n"
    done = subprocess.run(
        _command("ingest", "-", "--db", str(db)),
        input=text.encode(),
        capture_output=True,
        env=_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"1 read, 1 new" in done.stdout
    with sqlite3.connect(db) as plain:
        title, body = plain.execute("SELECT title, text FROM articles").fetchone()
    assert title == "Markets may fall"
    assert "next week" in body
