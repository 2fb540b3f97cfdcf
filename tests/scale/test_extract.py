"""`extract --dask ADDRESS` and `extract --workers N` store what a single-process extract stores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import CORPUS, FIXTURES, CliResult
from tests.scale.conftest import Cluster, many_shards, snapshot
from trackrecord.store import open_store


def _ingested(run_cli: Callable[..., CliResult], db: Path | str, *inputs: Path) -> None:
    assert run_cli("ingest", *map(str, inputs), "--db", str(db)).code == 0


def test_extract_on_a_cluster_equals_extract_in_process(
    cluster: Cluster, run_cli: Callable[..., CliResult], tmp_path: Path, db_url: str
) -> None:
    corpus = many_shards(tmp_path / "corpus", 40)
    inputs = (CORPUS, FIXTURES / "jsonl" / "benchmark.jsonl", corpus)
    # The reference is SQLite; the cluster's results are stored in each backend (`db_url`).
    single, dask = tmp_path / "single.db", db_url
    _ingested(run_cli, single, *inputs)
    _ingested(run_cli, dask, *inputs)
    assert run_cli("extract", "--db", str(single)).code == 0

    done = run_cli("extract", "--db", str(dask), "--dask", cluster.address)
    assert done.code == 0, done.err
    assert "47 articles extracted" in done.out
    with open_store(single) as a, open_store(dask) as b:
        expected = snapshot(a)
        assert snapshot(b) == expected
    assert len(expected["judgments"]) > 100

    again = run_cli("extract", "--db", str(dask), "--dask", cluster.address)
    assert again.code == 0 and "0 articles extracted" in again.out
    forced = run_cli("extract", "--db", str(dask), "--dask", cluster.address, "--force")
    assert forced.code == 0 and "47 articles extracted" in forced.out
    with open_store(dask) as b:
        assert snapshot(b)["judgments"] == expected["judgments"]


def test_extract_with_local_workers(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    single, local = tmp_path / "single.db", tmp_path / "local.db"
    _ingested(run_cli, single, CORPUS)
    _ingested(run_cli, local, CORPUS)
    assert run_cli("extract", "--db", str(single)).code == 0
    done = run_cli("extract", "--db", str(local), "--workers", "2")
    assert done.code == 0, done.err
    with open_store(single) as a, open_store(local) as b:
        assert snapshot(b) == snapshot(a)


def test_run_with_local_workers(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = run_cli("run", str(CORPUS), "--workers", "1", "--out", str(out))
    assert done.code == 0, done.err
    assert "4 shards (4 done now" in done.out
    assert len(list((out / "judgments").glob("*.parquet"))) == 4
