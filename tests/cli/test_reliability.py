"""Hostile values on the command line: one line naming the problem, exit 2, the store untouched.

Each test reproduces a trigger that used to end in a traceback, wrote nothing where the user
was told something was written, or let a value through that another surface refuses.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS, CliResult

TOO_BIG = str(2**63)  # one past the largest id SQLite and PostgreSQL hold


@pytest.fixture
def demo_store(run_cli, tmp_path: Path) -> str:
    """A store with the demo corpus, its judgments, a resolved question and links."""
    db = str(tmp_path / "demo.db")
    assert run_cli("demo", "--db", db).code == 0
    return db


def _counts(db: str) -> dict[str, int]:
    from trackrecord.store import open_store

    with open_store(db) as store:
        return {name: len(store.table_rows(name)) for name in ("questions", "resolutions")} | {
            "articles": store.count_articles()
        }


def _no_traceback(result: CliResult) -> None:
    assert "Traceback" not in result.err + result.out


# -- the store address ------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["sqlite://", "sqlite:///", "sqlite:///:memory:"])
def test_an_in_memory_store_is_refused(run_cli, address: str) -> None:
    result = run_cli("ingest", str(CORPUS), "--db", address)
    assert result.code == 2
    assert "in-memory" in result.err and "keeps nothing" in result.err
    assert result.err.count("\n") == 1


def test_an_empty_store_address_is_refused(run_cli, tmp_path: Path) -> None:
    result = run_cli("ingest", str(CORPUS), "--db", "")
    assert result.code == 2 and "--db" in result.err
    assert not (tmp_path / "trackrecord.db").exists()  # not silently the default store


def test_an_empty_store_variable_is_refused(run_cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("TRACKRECORD_DB", "")
    result = run_cli("articles")
    assert result.code == 2 and "TRACKRECORD_DB" in result.err
    assert not (tmp_path / "trackrecord.db").exists()


def _damage(path: Path, seed: int) -> None:
    """Overwrite the second half of a SQLite file's pages with random bytes."""
    size = path.stat().st_size
    page = 4096
    pages = size // page
    noise = random.Random(seed)
    with path.open("r+b") as handle:
        for number in range(pages // 2, pages):
            handle.seek(number * page)
            handle.write(noise.randbytes(page))


@pytest.mark.parametrize("command", [["judgments"], ["show", "1"], ["extract", "--force"]])
def test_a_damaged_sqlite_file_is_one_line(run_cli, demo_store: str, command: list[str]) -> None:
    _damage(Path(demo_store), seed=7)
    result = run_cli(*command, "--db", demo_store)
    _no_traceback(result)
    assert result.code == 2
    assert "malformed" in result.err or "not a database" in result.err
    assert "PRAGMA integrity_check" in result.err
    assert result.err.count("\n") == 1


# -- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["judgments", "--limit", TOO_BIG],
        ["judgments", "--article", TOO_BIG],
        ["articles", "--limit", TOO_BIG],
        ["show", TOO_BIG],
        ["link", TOO_BIG, "1"],
        ["link", "1", TOO_BIG],
        ["unlink", "1", TOO_BIG],
        ["question", "show", TOO_BIG],
        ["question", "suggest", "1", "--top", TOO_BIG],
        ["token", "revoke", TOO_BIG],
        ["extract", "--dask", "tcp://127.0.0.1:9", "--connect-timeout", "nan"],
        ["extract", "--dask", "tcp://127.0.0.1:9", "--connect-timeout", "inf"],
        ["judgments", "--min-p", "nan"],
        ["judgments", "--max-p", "inf"],
        ["ingest", str(CORPUS), "--max-bytes", TOO_BIG],
    ],
)
def test_out_of_range_numbers_are_usage_errors(run_cli, demo_store: str, args: list[str]) -> None:
    before = _counts(demo_store)
    result = run_cli(*args, "--db", demo_store)
    _no_traceback(result)
    assert result.code == 2, result.err
    assert "Invalid value" in result.err
    assert _counts(demo_store) == before


# -- files written ----------------------------------------------------------------------------


def test_export_into_a_folder_that_takes_no_files(run_cli, demo_store: str) -> None:
    result = run_cli("export", "--to", "/proc", "--db", demo_store)
    _no_traceback(result)
    assert result.code == 2
    assert result.err.startswith("Error: cannot write /proc/questions.csv")


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder`: a disk that fills. Needs root and mount (CI runs
    as root); skips without them."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill the disk needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 KiB disk: too small for a chart."""
    with _tmpfs(tmp_path / "tiny", "16k") as folder:
        yield folder


def _fill(folder: Path) -> Path:
    """Write a file in `folder` until its disk is full; the file."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while handle.write(b"x" * 4096):
            pass
    return filler


def test_a_chart_onto_a_full_disk_leaves_no_file(run_cli, demo_store: str, full_disk: Path) -> None:
    chart = full_disk / "chart.png"
    result = run_cli("score", "--plot", str(chart), "--db", demo_store)
    _no_traceback(result)
    assert result.code == 2
    assert f"cannot write {chart}: No space left on device" in result.err
    assert list(full_disk.iterdir()) == []  # neither the chart nor a temporary file


def test_an_export_onto_a_full_disk_keeps_the_earlier_files_whole(
    run_cli, demo_store: str, full_disk: Path
) -> None:
    (full_disk / "questions.csv").write_text("an earlier export\n")
    _fill(full_disk)
    result = run_cli("export", "--to", str(full_disk), "--db", demo_store)
    _no_traceback(result)
    assert result.code == 2 and "No space left on device" in result.err
    assert (full_disk / "questions.csv").read_text() == "an earlier export\n"
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler", "questions.csv"]


def test_ingest_onto_a_full_disk_is_one_line_and_the_store_stays_whole(
    run_cli, tmp_path: Path
) -> None:
    with _tmpfs(tmp_path / "disk", "2m") as disk:
        db = str(disk / "store.db")
        first = tmp_path / "first.txt"
        first.write_text("Prices will probably rise next year.\n")
        assert run_cli("ingest", str(first), "--db", db).code == 0
        filler = _fill(disk)
        result = run_cli("ingest", str(CORPUS), "--db", db)
        _no_traceback(result)
        assert result.code == 2
        # SQLite fails to open its journal, or the write: either way one line that says why
        assert result.err.startswith(("Error: the store failed", "Error: cannot open store"))
        assert "disk is full" in result.err or "is the disk full" in result.err
        assert result.err.count("\n") == 1
        filler.unlink()
        import sqlite3

        with contextlib.closing(sqlite3.connect(db)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert connection.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        assert run_cli("ingest", str(CORPUS), "--db", db).code == 0  # room again: it goes on


# -- what the web refuses, the CLI refuses ------------------------------------------------------


def _with_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_a_password_that_is_not_utf8(run_cli, tmp_path: Path, monkeypatch) -> None:
    _with_stdin(monkeypatch, b"caf\xe9-au-lait\n")
    result = run_cli("user", "add", "ana", "--password-stdin", "--db", str(tmp_path / "s.db"))
    _no_traceback(result)
    assert result.code == 2 and "not valid UTF-8" in result.err
    assert run_cli("user", "list", "--db", str(tmp_path / "s.db")).out.strip() == "(none)"


def test_a_password_with_a_nul_cannot_be_set(run_cli, tmp_path: Path, monkeypatch) -> None:
    _with_stdin(monkeypatch, b"long-enough\x00password\n")
    result = run_cli("user", "add", "ana", "--password-stdin", "--db", str(tmp_path / "s.db"))
    assert result.code == 2 and "control character" in result.err
    assert run_cli("user", "list", "--db", str(tmp_path / "s.db")).out.strip() == "(none)"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "data:text/html,<b>x</b>", "http://", "http://[::1", "ftp://x.org/a",
     "https://example.org/a b", "https://example.org/\x1b[2J"],
)  # fmt: skip
def test_a_resolution_url_must_be_a_web_address(run_cli, demo_store: str, url: str) -> None:
    run_cli("question", "add", "Will it snow?", "--criteria", "snow", "--closes", "2030-01-01",
            "--db", demo_store)  # fmt: skip
    before = _counts(demo_store)
    result = run_cli("resolve", "2", "yes", "--on", "2025-01-01", "--evidence", "seen",
                     "--url", url, "--db", demo_store)  # fmt: skip
    _no_traceback(result)
    assert result.code == 2 and result.err.startswith("Error: --url:")
    assert _counts(demo_store) == before


def test_a_web_address_is_still_accepted(run_cli, demo_store: str) -> None:
    run_cli("question", "add", "Will it snow?", "--criteria", "snow", "--closes", "2030-01-01",
            "--db", demo_store)  # fmt: skip
    result = run_cli("resolve", "2", "yes", "--on", "2025-01-01", "--evidence", "seen",
                     "--url", "https://example.org/report?id=3", "--db", demo_store)  # fmt: skip
    assert result.code == 0, result.err


def test_an_import_with_a_huge_csv_field(run_cli, tmp_path: Path) -> None:
    columns = "question_id,user_id,probability,timestamp,outcome,q_status"
    good = "1,ana,0.7,2020-01-01 00:00:00+00:00,1.0,resolved"
    huge = "2,bo," + "9" * (200 * 1024) + ",2020-01-02 00:00:00+00:00,0.0,resolved"
    folder = tmp_path / "pb"
    folder.mkdir()
    with zipfile.ZipFile(folder / "public.csv.zip", "w") as archive:
        archive.writestr("public.csv", "\n".join([columns, good, huge, good]) + "\n")
    db = str(tmp_path / "s.db")
    for extra in ([], ["--skip-bad"]):
        result = run_cli("import", "predictionbook", str(folder), *extra, "--db", db)
        _no_traceback(result)
        assert result.code == 1, result.err
        assert "line 3" in result.err and "field larger than field limit" in result.err
        assert run_cli("question", "list", "--db", db).out.strip() == "(none)"


def test_serve_on_a_port_in_use_is_one_line(run_cli, demo_store: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port), "--db", demo_store)
    assert result.code == 2
    assert result.err == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; choose another "
        "--port or stop the program that uses it\n"
    )


# -- what reaches the terminal ------------------------------------------------------------------

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b1m\r"


def test_control_characters_in_file_names_are_escaped(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "a\nrejected: everything.txt").write_bytes(b"\x00\x01\x02 not text")
    (folder / f"b{ESCAPES}.txt").write_bytes(b"\x00\x01\x02 not text")
    result = run_cli("ingest", str(folder), "--db", str(tmp_path / "s.db"))
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 2 and all(line.startswith("rejected: ") for line in lines)
    assert "a\\nrejected: everything.txt" in result.err
    for char in "\x1b\x07\x9b\r":
        assert char not in result.err


def test_control_characters_in_stored_text_are_escaped(run_cli, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(f"Prices will probably rise{ESCAPES} next year.\n")
    db = str(tmp_path / "s.db")
    assert run_cli("ingest", str(article), "--db", db).code == 0
    assert run_cli("extract", "--db", db).code == 0
    # a question's title is kept as it was given
    run_cli("question", "add", f"Will prices rise?{ESCAPES}", "--criteria", f"CPI{ESCAPES}",
            "--closes", "2030-01-01", "--db", db)  # fmt: skip
    for command in (["show", "1"], ["question", "show", "1"], ["question", "list"],
                    ["judgments"], ["articles"]):  # fmt: skip
        result = run_cli(*command, "--db", db)
        assert result.code == 0, (command, result.err)
        printed = result.out + result.err
        for char in "\x07\x9b\r":
            assert char not in printed, command
        assert "\x1b]" not in printed and "\x1b[2J" not in printed, command
    shown = run_cli("question", "show", "1", "--db", db).out
    assert "Will prices rise?\\x1b]0;owned\\x07" in shown and "\\x9b1m" in shown
    from trackrecord.store import open_store

    with open_store(db) as store:
        assert "\x1b]0;owned\x07\x1b[2J" in store.get_question(1).title  # stored as given
        assert "\x1b" not in store.get_article(1).text  # ingest drops C0 controls from text


def test_the_status_line_still_rewrites_itself_on_a_terminal(monkeypatch) -> None:
    from trackrecord.cli.output import safe_streams
    from trackrecord.cli.progress import StatusLine

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with safe_streams():
        status = StatusLine(lambda name: f"ingest: {name}", interval=0)
        status("a\x1b]0;x\x07.txt")
        status.done()
    written = terminal.getvalue()
    assert written.startswith("\ringest: a\\x1b]0;x\\x07.txt")  # ours raw, the name escaped
    assert written.endswith("\r")


def test_an_article_the_store_cannot_index_is_rejected_alone(
    run_cli, db_url: str, backend: str, tmp_path: Path
) -> None:
    noise = random.Random(3)
    words = " ".join(
        "".join(noise.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(10))
        for _ in range(200_000)
    )  # 2.2 MB of distinct words: a PostgreSQL tsvector holds at most 1 MiB
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-huge.txt").write_text(words + ".\n")
    (folder / "b-fine.txt").write_text("Prices will probably rise next year.\n")
    result = run_cli("ingest", str(folder), "--db", db_url)
    _no_traceback(result)
    if backend == "postgresql":
        assert result.code == 1
        assert result.err.startswith("rejected: ") and "a-huge.txt" in result.err
        assert "tsvector" in result.err and result.err.count("\n") == 1
        assert "1 read, 1 new" in result.out
    else:
        assert result.code == 0 and "2 read, 2 new" in result.out


def test_a_warc_record_with_a_wrong_length_is_one_line_not_warcio_s_warning(
    run_cli, tmp_path: Path
) -> None:
    page = (
        b"<html><body><p>Prices will probably rise next year, the bank said in a long note to "
        b"its clients about the coming months.</p></body></html>"
    )
    head = (
        b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
        b"WARC-Target-URI: http://example.org/a\r\nContent-Type: text/html\r\n"
        b"Content-Length: 10\r\n\r\n"  # far shorter than the page
    )
    archive = tmp_path / "short.warc"
    archive.write_bytes(head + page + b"\r\n\r\n")
    result = run_cli("ingest", str(archive), "--db", str(tmp_path / "s.db"))
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines and all(line.startswith("rejected: ") for line in lines)
    assert "WARNING" not in result.err and "Content-Length does not match" in result.err
