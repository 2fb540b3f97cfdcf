"""`extract` under a kill, and `--workers` beyond what the machine can run.

A killed `extract` (SIGKILL or SIGTERM, which run no clean-up) must not leave its worker
processes behind, each holding the pipeline's memory, and running it again must finish the rest
with every article extracted once. A number of workers no machine can start is a one-line usage
error at once, not a hang.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CORPUS, CliResult
from tests.scale.conftest import cli_env, many_shards, snapshot, trackrecord
from trackrecord.batch import (
    WORKERS_PER_CORE,
    available_cores,
    extract_pending,
    ingest_paths,
    max_workers,
)
from trackrecord.errors import UsageError
from trackrecord.store import open_store

ARTICLES = 300  # at least 200, so `extract` starts its pool of one process per core
Run = Callable[..., CliResult]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store of `ARTICLES` ingested, not extracted articles (copied by each test)."""
    folder = tmp_path_factory.mktemp("ingested")
    db = folder / "ingested.db"
    with open_store(db) as store:
        report = ingest_paths(store, [str(many_shards(folder / "corpus", ARTICLES))])
    assert report.new == ARTICLES
    return db


@pytest.fixture(scope="module")
def extracted(ingested: Path) -> dict[str, object]:
    """What one uninterrupted `extract` stores from `ingested`."""
    db = ingested.with_name("extracted.db")
    shutil.copy(ingested, db)
    done = subprocess.run(
        trackrecord("extract", "--db", str(db)), capture_output=True, env=cli_env(), check=False
    )
    assert done.returncode == 0, done.stderr
    with open_store(db) as store:
        return snapshot(store)


# -- Processes --------------------------------------------------------------------------------


def _descendants(pid: int) -> set[int]:
    """The processes `pid` started, and theirs (psutil where installed, else /proc)."""
    try:
        import psutil
    except ImportError:
        parents: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue  # exited meanwhile
                ppid = int(stat.rpartition(")")[2].split()[1])
                parents.setdefault(ppid, []).append(int(entry.name))
        found: set[int] = set()
        todo = [pid]
        while todo:
            children = parents.get(todo.pop(), [])
            found.update(children)
            todo.extend(children)
        return found
    try:
        return {child.pid for child in psutil.Process(pid).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()


def _running(pid: int) -> bool:
    """True while `pid` runs; a zombie (dead, waiting for its new parent to reap it) does not."""
    if not Path("/proc/self/stat").exists():
        import psutil

        try:
            return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
        except psutil.NoSuchProcess:
            return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X")


@pytest.fixture
def leftovers() -> Iterator[set[int]]:
    """Processes a test saw started; any still running when it ends are killed (not leaked)."""
    seen: set[int] = set()
    yield seen
    for pid in seen:
        if _running(pid):
            os.kill(pid, signal.SIGKILL)


def _has_processes() -> bool:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return Path("/proc/self/stat").exists()
    return True


@pytest.mark.slow
@pytest.mark.skipif(not _has_processes(), reason="needs psutil or /proc to see child processes")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
@pytest.mark.parametrize(
    "options", [(), ("--workers", "2")], ids=["process-pool", "local-dask-cluster"]
)
def test_killed_extract_leaves_no_workers_and_a_rerun_finishes(
    ingested: Path,
    extracted: dict[str, object],
    leftovers: set[int],
    tmp_path: Path,
    how: signal.Signals,
    options: tuple[str, ...],
) -> None:
    if not options and available_cores() < 2:
        pytest.skip("one core available: extract runs in one process, without a pool")
    db = tmp_path / "killed.db"
    shutil.copy(ingested, db)
    with (tmp_path / "extract.log").open("wb") as log:
        proc = subprocess.Popen(
            trackrecord("extract", "--db", str(db), *options),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=cli_env(),
        )
    try:
        deadline = time.monotonic() + 120
        while len(_descendants(proc.pid)) < 2 and proc.poll() is None:
            if time.monotonic() > deadline:
                pytest.fail("extract started no workers within 120 s")
            time.sleep(0.02)
        time.sleep(0.2)  # the pool forks all its workers at once: let the rest start too
        workers = _descendants(proc.pid)
        leftovers.update(workers)
        if proc.poll() is not None:
            pytest.fail(f"extract finished (exit {proc.returncode}) before it could be killed")
    finally:
        proc.send_signal(how)
        proc.wait()
    assert proc.returncode == -how

    deadline = time.monotonic() + 5
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = sorted(pid for pid in workers if _running(pid))
    assert not left, f"workers {left} of the killed extract still run"

    again = subprocess.run(
        trackrecord("extract", "--db", str(db)),
        capture_output=True,
        text=True,
        env=cli_env(),
        check=False,
    )
    assert again.returncode == 0, again.stderr
    with open_store(db) as store:
        assert snapshot(store) == extracted  # every article extracted, each judgment once


# -- --workers bounds ---------------------------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize("command", ["extract", "run"])
def test_more_workers_than_the_machine_can_run_is_a_usage_error(
    run_cli: Run, tmp_path: Path, command: str
) -> None:
    db, out = tmp_path / "store.db", tmp_path / "out"
    args = {
        "extract": ["extract", "--db", str(db)],
        "run": ["run", str(CORPUS), "--out", str(out)],
    }[command]
    for workers in ("1000000", str(max_workers() + 1)):
        done = run_cli(*args, "--workers", workers)
        assert done.code == 2
        assert done.err == (
            f"Error: --workers {workers} is out of range: give 1 to {max_workers()} "
            f"({WORKERS_PER_CORE} per core; {available_cores()} cores are available here)\n"
        )
        assert done.out == ""
    assert not db.exists() and not out.exists()


def test_the_library_refuses_too_many_workers_too(tmp_path: Path) -> None:
    from trackrecord.scale import open_client

    with open_store(tmp_path / "store.db") as store:
        with pytest.raises(UsageError, match=f"give 1 to {max_workers()}"):
            extract_pending(store, workers=max_workers() + 1)
        assert store.count_judgments() == 0
    with (
        pytest.raises(UsageError, match="--workers 1000000 is out of range"),
        open_client(workers=1_000_000),
    ):
        pass
