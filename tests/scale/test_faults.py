"""Faults on a real cluster: a worker killed mid-run, and the driver killed mid-run then rerun.

Each uses its own scheduler and two workers (one is killed), and a corpus of many small shards
so that the kill lands while the run is going on.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests.scale.conftest import (
    Cluster,
    cli_env,
    many_shards,
    snapshot,
    start_cluster,
    trackrecord,
)
from trackrecord.batch import extract_pending, ingest_paths
from trackrecord.extract import analyze
from trackrecord.store import open_store

SHARDS = 80
TIMEOUT = 120  # seconds any one command may take before the test fails (and kills it)


@pytest.fixture
def new_cluster(tmp_path: Path) -> Iterator[Callable[[], Cluster]]:
    """Start a cluster of two workers for this test; killed when the test ends, however."""
    started: list[Cluster] = []

    def start() -> Cluster:
        started.append(start_cluster(tmp_path / f"dask-{len(started)}", workers=2))
        return started[-1]

    yield start
    for cluster in started:
        cluster.close()


@pytest.fixture
def children() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes the test starts: any still running when it ends is killed."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for child in started:
        if child.poll() is None:
            child.kill()
        child.wait()


def _wait_for_manifests(out: Path, proc: subprocess.Popen[bytes], at_least: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done = len(list((out / "shards").glob("*.json"))) if (out / "shards").is_dir() else 0
        if done >= at_least:
            return done
        if proc.poll() is not None:
            pytest.fail(f"the run ended before the kill (exit {proc.returncode})")
        time.sleep(0.02)
    pytest.fail(f"fewer than {at_least} shards were done after 60 s")


def _check_output(out: Path, corpus: Path, db: Path) -> None:
    """The output holds each article once with its judgments, and loads into a full store."""
    rows = pq.read_table(out / "articles").to_pylist()
    assert sorted(Path(r["source_path"]).name for r in rows) == sorted(
        p.name for p in corpus.iterdir()
    )
    judgments = pq.read_table(out / "judgments").to_pylist()
    expected = {
        p.name: len(analyze(p.read_text(encoding="utf-8"))) for p in sorted(corpus.iterdir())
    }
    assert len(judgments) == sum(expected.values())
    assert not list(out.rglob("*.tmp-*")), "a temporary file was left behind"
    loaded = subprocess.run(
        trackrecord("load", str(out), "--db", str(db)),
        capture_output=True,
        text=True,
        check=False,
        timeout=TIMEOUT,
    )
    assert loaded.returncode == 0, loaded.stderr
    with open_store(db) as store:
        assert store.count_articles() == SHARDS
        assert store.count_judgments() == sum(expected.values())
        assert store.pending_article_ids() == []
        got = snapshot(store)
    # Identical to a single-process ingest + extract of the same files, ids included.
    with open_store(db.with_name("reference.db")) as reference:
        ingest_paths(reference, [str(corpus)])
        extract_pending(reference, workers=1)
        assert got == snapshot(reference)


@pytest.mark.slow
def test_killing_a_worker_mid_run_still_completes(
    tmp_path: Path,
    new_cluster: Callable[[], Cluster],
    children: list[subprocess.Popen[bytes]],
) -> None:
    corpus = many_shards(tmp_path / "corpus", SHARDS)
    cluster = new_cluster()
    out = tmp_path / "out"
    run = subprocess.Popen(
        trackrecord("run", str(corpus), "--dask", cluster.address, "--out", str(out)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
    )
    children.append(run)
    done_at_kill = _wait_for_manifests(out, run, 10)
    cluster.kill(cluster.workers[0])
    stdout, stderr = run.communicate(timeout=TIMEOUT)
    assert run.returncode == 0, stderr.decode()
    assert done_at_kill < SHARDS, "the kill must land mid-run"
    assert f"{SHARDS} shards ({SHARDS} done now" in stdout.decode()
    cluster.close()
    _check_output(out, corpus, tmp_path / "k.db")


@pytest.mark.slow
def test_killing_the_driver_then_running_again_resumes(
    tmp_path: Path,
    new_cluster: Callable[[], Cluster],
    children: list[subprocess.Popen[bytes]],
) -> None:
    corpus = many_shards(tmp_path / "corpus", SHARDS)
    cluster = new_cluster()
    out = tmp_path / "out"
    command = trackrecord("run", str(corpus), "--dask", cluster.address, "--out", str(out))
    first = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=cli_env()
    )
    children.append(first)
    _wait_for_manifests(out, first, 10)
    first.kill()  # SIGKILL: no clean-up of any kind; its running tasks go on on the workers
    first.wait()
    before = len(list((out / "shards").glob("*.json")))
    assert before < SHARDS, "the kill must land mid-run"

    again = subprocess.run(
        command, capture_output=True, text=True, env=cli_env(), check=False, timeout=TIMEOUT
    )
    assert again.returncode == 0, again.stderr
    skipped = int(again.stdout.split(" done now, ")[1].split(" finished before")[0])
    assert skipped >= before
    assert f"{SHARDS} shards" in again.stdout
    assert "failed" not in again.stderr
    cluster.close()
    _check_output(out, corpus, tmp_path / "d.db")
