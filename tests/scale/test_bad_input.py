"""Bad input to `run`, `load` and `extract --dask`: a clear message naming the input, a non-zero
exit, and the store (and the user's files) as they were."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CORPUS, FIXTURES, CliResult
from tests.scale.conftest import Cluster, free_port, snapshot
from trackrecord.store import open_store

Run = Callable[..., CliResult]
JSONL = FIXTURES / "jsonl" / "benchmark.jsonl"


@pytest.fixture
def stocked(run_cli: Run, tmp_path: Path) -> Path:
    """A store holding one extracted file, to show that a refused command changes nothing."""
    db = tmp_path / "stocked.db"
    assert run_cli("ingest", str(CORPUS / "bbc-news-2005.jsonl"), "--db", str(db)).code == 0
    assert run_cli("extract", "--db", str(db)).code == 0
    return db


def _state(db: Path) -> object:
    with open_store(db) as store:
        return snapshot(store)


@pytest.fixture
def run_output(cluster: Cluster, run_cli: Run, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    done = run_cli("run", str(JSONL), str(CORPUS), "--dask", cluster.address, "--out", str(out))
    assert done.code == 0, done.err
    return out


@pytest.mark.parametrize(
    "address", ["not an address", "http://127.0.0.1:8786", "tcp://127.0.0.1:99999", "tcp://h:"]
)
def test_malformed_scheduler_address(run_cli: Run, tmp_path: Path, address: str) -> None:
    done = run_cli("run", str(JSONL), "--dask", address, "--out", str(tmp_path / "out"))
    assert done.code == 2
    assert f"--dask {address!r} is not a scheduler address" in done.err
    assert "tcp://HOST:8786" in done.err
    assert not (tmp_path / "out").exists()


def test_unreachable_scheduler(run_cli: Run, stocked: Path, tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    before = _state(stocked)
    for args in (
        ("run", str(JSONL), "--out", str(tmp_path / "out")),
        ("extract", "--db", str(stocked), "--force"),
    ):
        done = run_cli(*args, "--dask", address, "--connect-timeout", "1")
        assert done.code == 2, done.err
        assert f"cannot reach the Dask scheduler at {address}" in done.err
        assert "Traceback" not in done.err
    assert _state(stocked) == before
    assert not any((tmp_path / "out").rglob("*.parquet"))


def test_dask_and_workers_together_are_refused(run_cli: Run, tmp_path: Path) -> None:
    done = run_cli("run", str(JSONL), "--out", "o", "--dask", "tcp://h:1", "--workers", "2")
    assert done.code == 2 and "not both" in done.err


def test_out_that_is_a_file(run_cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("mine\n", encoding="utf-8")
    done = run_cli("run", str(JSONL), "--workers", "1", "--out", str(target))
    assert done.code == 2
    assert f"--out {target} is a file" in done.err
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_out_that_is_someone_elses_folder(cluster: Cluster, run_cli: Run, tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cat.jpg").write_bytes(b"\xff\xd8")
    done = run_cli("run", str(JSONL), "--dask", cluster.address, "--out", str(folder))
    assert done.code == 2
    assert f"--out {folder} is a folder with other files in it" in done.err
    assert sorted(p.name for p in folder.iterdir()) == ["cat.jpg"]


def test_corpus_path_that_does_not_exist(run_cli: Run, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-corpus"
    done = run_cli("run", str(JSONL), str(missing), "--workers", "1", "--out", str(tmp_path / "o"))
    assert done.code == 2
    assert f"no such file or folder: {missing}" in done.err
    assert not (tmp_path / "o").exists()
    stdin = run_cli("run", "-", "--workers", "1", "--out", str(tmp_path / "o"))
    assert stdin.code == 2 and "cannot see this process's stdin (-)" in stdin.err
    assert not (tmp_path / "o").exists()


def test_garbage_shard_is_rejected_and_the_rest_goes_on(
    cluster: Cluster, run_cli: Run, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.jsonl").write_bytes(JSONL.read_bytes())
    garbage = corpus / "b.warc.gz"
    garbage.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 8)
    (corpus / "c.txt").write_text("Rates may rise\n\nRates will likely rise next year.\n")
    out = tmp_path / "out"
    done = run_cli("run", str(corpus), "--dask", cluster.address, "--out", str(out))
    assert done.code == 1
    assert f"rejected: {garbage}" in done.err
    assert "3 shards (3 done now" in done.out and "3 articles" in done.out

    db = tmp_path / "g.db"
    loaded = run_cli("load", str(out), "--db", str(db))
    assert loaded.code == 0, loaded.err
    with open_store(db) as store:
        assert store.count_articles() == 3
        assert store.count_judgments() > 0


def test_load_a_folder_that_is_not_a_run(run_cli: Run, stocked: Path, tmp_path: Path) -> None:
    before = _state(stocked)
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "x.parquet").write_bytes(b"PAR1")
    (tmp_path / "file.txt").write_text("x")
    for folder, message in (
        (tmp_path / "plain", "is not the output of a run (no run.json)"),
        (tmp_path / "missing", "is not a folder"),
        (tmp_path / "file.txt", "is not a folder"),
    ):
        done = run_cli("load", str(folder), "--db", str(stocked))
        assert done.code == 2, done.out
        assert f"{folder} {message}" in done.err
    assert _state(stocked) == before


def _corrupt(out: Path) -> str:
    # The last file, so that the earlier shards would have been written by a careless loader.
    victim = sorted((out / "judgments").glob("*.parquet"))[-1]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2] + b"\0" * 64 + data[-64:])
    return f"{victim} is not a readable Parquet file"


def _other_columns(out: Path) -> str:
    import pyarrow as pa
    import pyarrow.parquet as pq

    victim = sorted((out / "articles").glob("*.parquet"))[-1]
    pq.write_table(pa.table({"text": ["hello"]}), victim)
    return f"{victim} does not have the columns of a run's articles table"


def _unfinished(out: Path) -> str:
    sorted((out / "shards").glob("*.json"))[0].unlink()
    return "holds an unfinished run (1 of 5 shards not done"


@pytest.mark.parametrize("damage", [_corrupt, _other_columns, _unfinished])
def test_load_a_damaged_run_changes_nothing(
    run_output: Path, run_cli: Run, stocked: Path, damage: Callable[[Path], str]
) -> None:
    before = _state(stocked)
    message = damage(run_output)
    done = run_cli("load", str(run_output), "--db", str(stocked))
    assert done.code == 2
    assert message in done.err
    assert "run `trackrecord run` again" in done.err or "not written by" in done.err
    assert _state(stocked) == before


@pytest.mark.parametrize("missing", ["distributed", "pyarrow"])
def test_without_the_scale_extra_the_message_says_what_to_install(
    tmp_path: Path, missing: str
) -> None:
    import subprocess
    import sys

    from tests.scale.conftest import cli_env

    # A fresh interpreter in which the module cannot be imported, as if it were not installed.
    script = (
        f"import sys; sys.modules[{missing!r}] = None\n"
        "from trackrecord.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", script, "run", str(JSONL), "--workers", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        env=cli_env(),
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert f"needs {missing}: pip install 'trackrecord[scale]'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
