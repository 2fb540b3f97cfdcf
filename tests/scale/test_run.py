"""`run` on a real Dask cluster (scheduler and two workers as processes) then `load`: the store
ends exactly as `ingest` then `extract` leave it, and loading again adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq

from tests.conftest import CORPUS, FIXTURES, CliResult
from tests.scale.conftest import Cluster, snapshot
from trackrecord.store import open_store

INPUTS = [
    str(CORPUS),
    str(FIXTURES / "warc" / "example.warc.gz"),
    str(FIXTURES / "warc" / "example-iana.org-chunked.warc"),
    str(FIXTURES / "jsonl" / "benchmark.jsonl"),
]


def test_run_then_load_equals_ingest_then_extract(
    cluster: Cluster, run_cli: Callable[..., CliResult], tmp_path: Path, db_url: str
) -> None:
    # The reference is SQLite; the run is loaded into each backend (`db_url`).
    single, loaded = tmp_path / "single.db", db_url
    # A copy of one file under another name: its articles are duplicates, stored once.
    copy = tmp_path / "again" / "copy.jsonl"
    copy.parent.mkdir()
    copy.write_bytes((FIXTURES / "jsonl" / "benchmark.jsonl").read_bytes())
    inputs = [*INPUTS, str(copy.parent)]
    assert run_cli("ingest", *inputs, "--db", str(single)).code == 0
    assert run_cli("extract", "--db", str(single)).code == 0

    done = run_cli("run", *inputs, "--dask", cluster.address, "--out", str(tmp_path / "out"))
    assert done.code == 0, done.err
    assert "8 shards (8 done now, 0 finished before)" in done.out
    shards = sorted(p.name for p in (tmp_path / "out" / "articles").iterdir())
    assert len(shards) == 8 and all(name.endswith(".parquet") for name in shards)

    first = run_cli("load", str(tmp_path / "out"), "--db", str(loaded))
    assert first.code == 0, first.err
    with open_store(single) as a, open_store(loaded) as b:
        expected, got = snapshot(a), snapshot(b)
    assert len(expected["articles"]) >= 8 and len(expected["judgments"]) >= 50
    assert got == expected
    assert f"{len(expected['articles'])} new, 2 duplicate" in first.out

    again = run_cli("load", str(tmp_path / "out"), "--db", str(loaded))
    assert again.code == 0, again.err
    assert "0 new" in again.out and "0 judgments stored" in again.out
    with open_store(loaded) as b:
        assert snapshot(b) == got


def test_rerun_skips_finished_shards_and_writes_nothing_twice(
    cluster: Cluster, run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run_cli("run", INPUTS[-1], "--dask", cluster.address, "--out", str(out)).code == 0
    written = {p: p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    again = run_cli("run", *INPUTS[-2:], "--dask", cluster.address, "--out", str(out))
    assert again.code == 0, again.err
    assert "2 shards (1 done now, 1 finished before)" in again.out
    assert all(p.stat().st_mtime_ns == t for p, t in written.items())
    tables = pq.read_table(out / "articles").to_pylist()
    assert len({row["content_hash"] for row in tables}) == len(tables) == 3


def test_load_into_a_store_that_ingested_some_already(
    cluster: Cluster, run_cli: Callable[..., CliResult], tmp_path: Path, db_url: str
) -> None:
    db = db_url
    # One file ingested and extracted here, another only ingested: the load keeps the first's
    # judgments, gives the second its judgments, and adds the rest.
    assert run_cli("ingest", INPUTS[-1], "--db", str(db)).code == 0
    assert run_cli("extract", "--db", str(db)).code == 0
    assert run_cli("ingest", INPUTS[1], "--db", str(db)).code == 0
    out = tmp_path / "out"
    assert run_cli("run", *INPUTS[1:], "--dask", cluster.address, "--out", str(out)).code == 0
    done = run_cli("load", str(out), "--db", str(db))
    assert done.code == 0, done.err

    reference = tmp_path / "reference.db"
    assert run_cli("ingest", *INPUTS[1:], "--db", str(reference)).code == 0
    assert run_cli("extract", "--db", str(reference)).code == 0
    with open_store(db) as a, open_store(reference) as b:
        strip = lambda rows: sorted(  # noqa: E731
            (r["content_hash"], r["source_path"], r["extractor_version"]) for r in rows
        )
        got, expected = snapshot(a), snapshot(b)
        assert strip(got["articles"]) == strip(expected["articles"])
        assert len(got["judgments"]) == len(expected["judgments"])
        assert a.pending_article_ids() == []


def test_output_inside_the_corpus_folder_is_not_read_as_input(
    cluster: Cluster, run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Rates may rise\n\nRates will likely rise next year.\n")
    for shards in ("1 done now, 0 finished before", "0 done now, 1 finished before"):
        done = run_cli("run", str(corpus), "--dask", cluster.address, "--out", str(corpus / "o"))
        assert done.code == 0, done.err
        assert f"1 shards ({shards})" in done.out
