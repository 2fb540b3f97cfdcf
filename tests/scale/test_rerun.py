"""What a rerun meets: temporary files of writers still running or long dead, a scheduler
without workers, and an input that could not be read the first time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS, CliResult
from tests.scale.conftest import Cluster, cli_env, start_cluster, trackrecord
from trackrecord.scale.parquet import TMP_MARK
from trackrecord.scale.run import prepare_out
from trackrecord.scale.shards import plan_shards

Run = Callable[..., CliResult]


def _dead_pid() -> int:
    """The id of a process that has exited."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_rerun_removes_only_the_temporary_files_of_dead_or_long_idle_writers(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Rates may rise\n\nRates will likely rise next year.\n")
    out = tmp_path / "out"
    shards = plan_shards([str(corpus)])
    prepare_out(out, "reader", shards)
    folder = out / "articles"
    folder.mkdir()
    host = socket.gethostname()
    hour_ago = time.time() - 2 * 3600

    def temp(tag: str, *, old: bool = False) -> Path:
        path = folder / f"{shards[0].name}.parquet{TMP_MARK}{tag}"
        path.write_bytes(b"partial")
        if old:
            os.utime(path, (hour_ago, hour_ago))
        return path

    live = temp(f"{host}-{os.getpid()}-aaaa")  # a task still writing, on this host
    elsewhere = temp("some-other-host-1-bbbb")  # on another host: cannot tell, recent
    dead = temp(f"{host}-{_dead_pid()}-cccc")  # its writer has exited
    idle = temp("some-other-host-2-dddd", old=True)  # untouched for two hours
    prepare_out(out, "reader", shards)  # what a rerun does first
    assert live.exists() and elsewhere.exists()
    assert not dead.exists() and not idle.exists()


@pytest.fixture
def empty_cluster(tmp_path: Path) -> Iterator[Cluster]:
    """A scheduler with no worker at all."""
    started = start_cluster(tmp_path / "dask", workers=0)
    try:
        deadline = time.monotonic() + 30
        log = started.folder / "scheduler.log"
        while "Scheduler at" not in log.read_text(errors="replace"):
            assert time.monotonic() < deadline, "the scheduler did not start"
            time.sleep(0.1)
        yield started
    finally:
        started.close()


def test_a_scheduler_without_workers_is_an_error_not_a_hang(
    empty_cluster: Cluster, tmp_path: Path
) -> None:
    db = tmp_path / "s.db"
    jsonl = str(CORPUS / "bbc-news-2005.jsonl")
    env = cli_env()
    ingest = trackrecord("ingest", jsonl, "--db", str(db))
    assert subprocess.run(ingest, env=env, timeout=60, check=False).returncode == 0
    for args in (
        ("run", jsonl, "--out", str(tmp_path / "out")),
        ("extract", "--db", str(db)),
    ):
        # Run as a child with a timeout: without the check, this waits forever.
        done = subprocess.run(
            trackrecord(*args, "--dask", empty_cluster.address, "--connect-timeout", "2"),
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        assert f"the Dask scheduler at {empty_cluster.address} has no workers" in done.stderr
        assert "dask worker" in done.stderr and "Traceback" not in done.stderr
    assert not any((tmp_path / "out").rglob("*.parquet"))
    pending = subprocess.run(
        trackrecord("extract", "--db", str(db)), env=env, timeout=60, check=False
    )
    assert pending.returncode == 0  # the refused extract left every article pending


def test_an_input_unreadable_when_listed_is_tried_again_next_run(
    cluster: Cluster, run_cli: Run, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Rates may rise\n\nRates will likely rise next year.\n")
    target = tmp_path / "later.txt"
    (corpus / "b.txt").symlink_to(target)  # broken for now
    out = tmp_path / "out"
    first = run_cli("run", str(corpus), "--dask", cluster.address, "--out", str(out))
    assert first.code == 1
    assert f"rejected: {corpus / 'b.txt'}: broken symbolic link" in first.err
    assert "1 shards (1 done now, 0 finished before), 1 articles" in first.out

    target.write_text("Growth may slow\n\nGrowth will probably slow next year.\n")
    again = run_cli("run", str(corpus), "--dask", cluster.address, "--out", str(out))
    assert again.code == 0, again.err
    assert "2 shards (1 done now, 1 finished before), 2 articles" in again.out
    loaded = run_cli("load", str(out), "--db", str(tmp_path / "l.db"))
    assert loaded.code == 0, loaded.err
    assert "2 articles read, 2 new" in loaded.out
