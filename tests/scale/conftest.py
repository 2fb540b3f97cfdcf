"""A real Dask cluster for the scale tests: `dask scheduler` and `dask worker` subprocesses on
loopback, and helpers to compare two stores and to build corpora of many small shards."""

from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from trackrecord.store import Store
from trackrecord.store.schema import articles, judgments

DASK = Path(sys.executable).with_name("dask")
WORKER_OPTIONS = ("--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard")
WORDS = ("rates", "growth", "prices", "talks", "exports", "troops", "sanctions", "tariffs")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli_env() -> dict[str, str]:
    """The environment for child processes: no TRACKRECORD_* settings of the developer's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKRECORD_")}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def trackrecord(*args: str) -> list[str]:
    """The command line of ``trackrecord ARGS...`` run by this Python."""
    return [sys.executable, "-m", "trackrecord", *args]


@dataclass
class Cluster:
    """A scheduler and its workers, each a process group of its own."""

    address: str
    folder: Path
    scheduler: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def add_worker(self) -> None:
        """Start one single-threaded worker process (with its nanny) on loopback."""
        with (self.folder / f"worker-{len(self.workers)}.log").open("wb") as log:
            started = subprocess.Popen(
                [str(DASK), "worker", self.address, *WORKER_OPTIONS],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.folder,
                env=cli_env(),
                start_new_session=True,
            )
        self.workers.append(started)

    def wait_for_workers(self, count: int, timeout: float = 60) -> None:
        """Block until `count` workers have registered with the scheduler."""
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            seen = sum(
                "Registered to" in p.read_text(errors="replace")
                for p in self.folder.glob("worker-*.log")
            )
            if seen >= count:
                return
            time.sleep(0.1)
        pytest.fail(f"only {seen} of {count} dask workers registered: see {self.folder}")

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        """SIGKILL a process and everything it started."""
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def close(self) -> None:
        """Kill every worker and the scheduler."""
        for process in [*self.workers, self.scheduler]:
            self.kill(process)


def start_cluster(folder: Path, workers: int = 2) -> Cluster:
    """A scheduler on a free loopback port and `workers` workers, registered and ready."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with (folder / "scheduler.log").open("wb") as log:
        scheduler = subprocess.Popen(
            [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,
            env=cli_env(),
            start_new_session=True,
        )
    cluster = Cluster(f"tcp://127.0.0.1:{port}", folder, scheduler)
    # Its processes run in sessions of their own, so nothing kills them with pytest: make sure
    # they end when pytest ends, even when a test did not get to close the cluster.
    atexit.register(cluster.close)
    try:
        for _ in range(workers):
            cluster.add_worker()
        cluster.wait_for_workers(workers)
    except BaseException:
        cluster.close()
        raise
    return cluster


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A real two-worker Dask cluster shared by the tests that do not kill a part of it."""
    started = start_cluster(tmp_path_factory.mktemp("dask"))
    try:
        yield started
    finally:
        started.close()


def many_shards(folder: Path, count: int, *, start: int = 0) -> Path:
    """`count` small text articles, one file each (one shard each), every one with judgments."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + count):
        a, b = WORDS[i % len(WORDS)], WORDS[(i // len(WORDS)) % len(WORDS)]
        (folder / f"article-{i:04d}.txt").write_text(
            f"Outlook number {i} for {a}\n\n"
            f"Analysts said {a} will likely rise by {i} percent next year. "
            f"Officials believe {b} may not recover before {2030 + i % 7}. "
            f"Case {i} is unlikely to be resolved soon, the ministry said.\n",
            encoding="utf-8",
        )
    return folder


_VOLATILE = {"ingested_at", "extracted_at", "created_at"}


def snapshot(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every article and judgment row of a store (ids included), without the clock columns."""
    out = {}
    with store.engine.connect() as connection:
        for table in (articles, judgments):
            rows = connection.execute(select(table).order_by(table.c.id)).mappings()
            out[table.name] = [{k: v for k, v in r.items() if k not in _VOLATILE} for r in rows]
    return out
