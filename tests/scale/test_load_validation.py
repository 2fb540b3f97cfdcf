"""`load` checks every row of a run before it writes any: a run's Parquet files changed after
`run` wrote them (a probability of 5.0, an unknown kind, NaN, offsets past the text, an empty
article, judgments of no article, a run.json of another version, manifests that miscount) are
refused in one line naming the file, the row and the problem, and nothing is stored."""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import CORPUS, CliResult
from tests.scale.conftest import Cluster
from trackrecord.scale.parquet import SCHEMAS
from trackrecord.store import open_store

Run = Callable[..., CliResult]
Row = dict[str, Any]
Damage = Callable[[Path], str]


@pytest.fixture(scope="module")
def finished_run(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output of one real `trackrecord run` of the example corpus (four shards)."""
    from trackrecord.cli.main import main

    out = tmp_path_factory.mktemp("run") / "out"
    args = ["run", str(CORPUS), "--dask", cluster.address, "--scale", "reader", "--out", str(out)]
    assert main(args) == 0
    return out


@pytest.fixture
def run_output(finished_run: Path, tmp_path: Path) -> Path:
    """A copy of the finished run, for one test to damage."""
    return Path(shutil.copytree(finished_run, tmp_path / "out"))


def _load_order(out: Path) -> list[str]:
    return list(json.loads((out / "run.json").read_text(encoding="utf-8"))["shards"])


def _rows(path: Path) -> list[Row]:
    return list(pq.read_table(path).to_pylist())


def _rewrite(path: Path, table: str, rows: list[Row]) -> None:
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), path)


def _edit(
    out: Path, table: str, change: Callable[[Row], None], where: Callable[[Row], bool]
) -> tuple[Path, int]:
    """Change the first row matching `where` of the last shard (in load order) that has one.

    The last, so that a loader writing as it reads would have stored the shards before it.
    Returns the file and the row's number in it (from 1).
    """
    for name in reversed(_load_order(out)):
        path = out / table / f"{name}.parquet"
        rows = _rows(path)
        for number, row in enumerate(rows, start=1):
            if where(row):
                change(row)
                _rewrite(path, table, rows)
                return path, number
    raise AssertionError(f"no {table} row to change")


def _judgment(field: str, value: Any, kind: str | None = None) -> Damage:
    """Set `field` of a judgment (of `kind`, if given); the message names its file and row."""

    def damage(out: Path) -> str:
        path, number = _edit(
            out,
            "judgments",
            lambda row: row.update({field: value}),
            lambda row: kind is None or row["kind"] == kind,
        )
        return f"{path}, row {number}: "

    return damage


def _article(field: str, value: Callable[[Row], Any]) -> Damage:
    def damage(out: Path) -> str:
        path, number = _edit(
            out, "articles", lambda row: row.update({field: value(row)}), lambda row: True
        )
        return f"{path}, row {number}: "

    return damage


def _offsets_past_the_text(out: Path) -> str:
    def change(row: Row) -> None:
        row.update(start=row["start"] + 10**6, end=row["end"] + 10**6)

    path, number = _edit(out, "judgments", change, lambda row: True)
    return f"{path}, row {number}: the sentence's offsets"


def _end_past_the_text(out: Path) -> str:
    path, number = _edit(out, "judgments", lambda row: row.update(end=10**6), lambda row: True)
    return f"{path}, row {number}: the sentence's offsets"


def _cue_outside_its_sentence(out: Path) -> str:
    def change(row: Row) -> None:
        row.update(cue_start=row["start"] - 1, cue_end=row["start"])

    path, number = _edit(out, "judgments", change, lambda row: row["start"] > 0)
    return f"{path}, row {number}: the cue's offsets"


def _probability_below_its_low(out: Path) -> str:
    def change(row: Row) -> None:
        row.update(probability_low=1.0)

    path, number = _edit(
        out,
        "judgments",
        change,
        lambda row: row["probability"] is not None and row["probability"] < 1.0,
    )
    return f"{path}, row {number}: probability"


def _judgment_of_no_article(out: Path) -> str:
    # Silently dropped before: the load stored the article without these judgments, exit 0.
    path, number = _edit(out, "judgments", lambda row: row.update(seq=99), lambda row: True)
    articles = path.parent.parent / "articles" / path.name
    return f"{path}, row {number}: it is for article seq 99, but {articles} has"


def _judgments_out_of_order(out: Path) -> str:
    # The last judgment of the second article moved to the first: it follows the second's.
    path, number = _edit(out, "judgments", lambda row: row.update(seq=0), _of_a_second_article)
    last = len(_rows(path))
    assert number < last
    rows = _rows(path)
    rows.append(rows.pop(number - 1))
    _rewrite(path, "judgments", rows)
    return f"{path}, row {last}: it is for article seq 0, but follows a judgment of a later"


def _of_a_second_article(row: Row) -> bool:
    return bool(row["seq"] == 1)


def _judgments_of_a_failed_article(out: Path) -> str:
    # Dropped before: an article marked failed keeps none of the judgments stored for it.
    path, number = _edit(
        out, "articles", lambda row: row.update(error="extraction failed: boom"), lambda r: True
    )
    judgments = path.parent.parent / "judgments" / path.name
    first = next(n for n, row in enumerate(_rows(judgments), 1) if row["seq"] == number - 1)
    return f"{judgments}, row {first}: it is for article seq {number - 1}, whose extraction failed"


def _judgment_rows_removed(out: Path) -> str:
    # Dropped before, with exit 0; now the manifest gives it away.
    name = _load_order(out)[-1]
    path = out / "judgments" / f"{name}.parquet"
    rows = _rows(path)
    _rewrite(path, "judgments", rows[:-3])
    return (
        f"{out / 'shards' / f'{name}.json'}: it counts {len(rows)} judgments, but {path} has "
        f"{len(rows) - 3} rows"
    )


def _article_seq_gap(out: Path) -> str:
    path, number = _edit(out, "articles", lambda row: row.update(seq=5), _of_a_second_article)
    return f"{path}, row {number}: seq 5 where 1 comes next"


def _manifest(change: Callable[[Row], None], message: Callable[[Path, str], str]) -> Damage:
    def damage(out: Path) -> str:
        name = _load_order(out)[-1]
        manifest = out / "shards" / f"{name}.json"
        data = json.loads(manifest.read_text(encoding="utf-8"))
        change(data)
        manifest.write_text(json.dumps(data), encoding="utf-8")
        return f"{manifest}: {message(out, name)}"

    return damage


def _more_articles(data: Row) -> None:
    data["articles"] += 1


def _articles_miscounted(out: Path, name: str) -> str:
    count = len(_rows(out / "articles" / f"{name}.parquet"))
    return f"it counts {count + 1} articles, but {out / 'articles' / f'{name}.parquet'} has {count}"


def _fewer_judgments(data: Row) -> None:
    data["judgments"] -= 1


def _judgments_miscounted(out: Path, name: str) -> str:
    count = len(_rows(out / "judgments" / f"{name}.parquet"))
    return f"it counts {count - 1} judgments, but {out / 'judgments' / f'{name}.parquet'}"


def _a_failure_listed(data: Row) -> None:
    data["failed"].append(["somewhere (record 0)", "extraction failed: boom"])


def _other_version(data: Row) -> None:
    data["extractor_version"] = "9.9.9"


def _run_file(change: Callable[[Row], None], message: str) -> Damage:
    def damage(out: Path) -> str:
        path = out / "run.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")
        return f"{path} {message}"

    return damage


def _set(key: str, value: Any) -> Callable[[Row], None]:
    return lambda data: data.update({key: value})


DAMAGES: dict[str, Damage] = {
    # The CHECK constraints: an IntegrityError traceback halfway through the load before.
    "probability 5.0": _judgment("probability", 5.0, "forecast"),
    "unknown kind": _judgment("kind", "prophecy"),
    "unknown holder_type": _judgment("holder_type", "oracle"),
    # Stored silently before.
    "probability NaN": _judgment("probability", math.nan, "assessment"),
    "probability_high NaN": _judgment("probability_high", math.nan, "forecast"),
    "probability -0.1": _judgment("probability_low", -0.1, "forecast"),
    "claim with a probability": _judgment("probability", 0.5, "claim"),
    "forecast without one": _judgment("probability", None, "forecast"),
    "other yardstick": _judgment("scale", "ipcc", "forecast"),
    "quantity inf": _judgment("quantity", math.inf, "claim"),
    "unknown qualifier": _judgment("quantity_qualifier", "roughly", "claim"),
    "no proposition": _judgment("proposition", None),
    "a missing entity": _judgment("entities", ["Russia", None]),
    "sentence changed": _judgment("text", "Something else entirely."),
    "judgment of another shard": _judgment("shard", "elsewhere"),
    "offsets past the text": _offsets_past_the_text,
    "end past the text": _end_past_the_text,
    "cue outside its sentence": _cue_outside_its_sentence,
    "probability below its low": _probability_below_its_low,
    "judgment of no article": _judgment_of_no_article,
    "judgments out of order": _judgments_out_of_order,
    "judgments of a failed article": _judgments_of_a_failed_article,
    "judgment rows removed": _judgment_rows_removed,
    "empty article text": _article("text", lambda row: ""),
    "blank article text": _article("text", lambda row: " \n\n "),
    "article text changed": _article("text", lambda row: row["text"] + " And more."),
    "unknown format": _article("format", lambda row: "pdf"),
    "article of another shard": _article("shard", lambda row: "elsewhere"),
    "article seq gap": _article_seq_gap,
    "manifest counts more articles": _manifest(_more_articles, _articles_miscounted),
    "manifest counts fewer judgments": _manifest(_fewer_judgments, _judgments_miscounted),
    "manifest lists a failure": _manifest(
        _a_failure_listed, lambda out, name: "it counts 1 failed articles"
    ),
    "manifest of another version": _manifest(
        _other_version, lambda out, name: "extractor_version '9.9.9' is not the run's"
    ),
    "run.json version 99": _run_file(
        _set("version", 99), "is of run format version 99, and this trackrecord reads version 1"
    ),
    "run.json shards damaged": _run_file(_set("shards", "all of them"), "is damaged"),
}

EXPECTED: dict[str, str] = {
    "probability 5.0": "probability 5.0 is not a number from 0 to 1",
    "unknown kind": "kind 'prophecy' is not one of forecast, assessment, claim",
    "unknown holder_type": "holder_type 'oracle' is not one of author, named, unnamed",
    "probability NaN": "probability nan is not a number from 0 to 1",
    "probability_high NaN": "probability_high nan is not a number from 0 to 1",
    "probability -0.1": "probability_low -0.1 is not a number from 0 to 1",
    "claim with a probability": "a claim has no probability, but probability is 0.5",
    "forecast without one": "a forecast has a probability, but probability is missing",
    "other yardstick": "scale 'ipcc' is not the run's yardstick 'reader'",
    "quantity inf": "quantity inf is not a finite number",
    "unknown qualifier": "quantity_qualifier 'roughly' is not one of",
    "no proposition": "proposition is missing",
    "a missing entity": "entities holds a missing name",
    "sentence changed": "text is not the article's text at offsets",
    "judgment of another shard": "shard 'elsewhere' is not the shard of this file",
    "empty article text": "the article has no text",
    "blank article text": "the article has no text",
    "article text changed": "content_hash is not the hash of the text",
    "unknown format": "format 'pdf' is not one of text, html, warc, feed, jsonl",
    "article of another shard": "shard 'elsewhere' is not the shard of this file",
}


@pytest.mark.parametrize("damage", list(DAMAGES), ids=list(DAMAGES))
def test_load_refuses_a_damaged_row_and_stores_nothing(
    run_output: Path, run_cli: Run, db_url: str, damage: str
) -> None:
    where = DAMAGES[damage](run_output)
    done = run_cli("load", str(run_output), "--db", db_url)
    assert done.code == 2, done.out
    assert done.err.startswith("Error: ") and done.err.count("\n") == 1, done.err
    assert where in done.err
    assert EXPECTED.get(damage, "") in done.err
    if not damage.startswith("run.json"):
        assert "nothing was loaded" in done.err
        assert "and run `trackrecord run` again with the same --out" in done.err
    with open_store(db_url) as store:
        assert (store.count_articles(), store.count_judgments()) == (0, 0)


def test_an_undamaged_run_loads(run_output: Path, run_cli: Run, db_url: str) -> None:
    done = run_cli("load", str(run_output), "--db", db_url)
    assert done.code == 0, done.err
    assert "5 articles read, 5 new" in done.out
    with open_store(db_url) as store:
        assert store.count_articles() == 5 and store.count_judgments() > 50


def test_the_message_says_how_to_repair_the_run(
    cluster: Cluster, run_output: Path, run_cli: Run, tmp_path: Path
) -> None:
    db = tmp_path / "store.db"
    DAMAGES["probability 5.0"](run_output)
    refused = run_cli("load", str(run_output), "--db", str(db))
    assert refused.code == 2
    manifest = refused.err.split("nothing was loaded: delete ")[1].split(" and run")[0]
    Path(manifest).unlink()
    again = run_cli("run", str(CORPUS), "--dask", cluster.address, "--out", str(run_output))
    assert again.code == 0, again.err
    assert "4 shards (1 done now, 3 finished before)" in again.out
    done = run_cli("load", str(run_output), "--db", str(db))
    assert done.code == 0, done.err
    assert "5 new" in done.out


def test_a_run_of_another_version_is_not_run_into_either(
    cluster: Cluster, run_output: Path, run_cli: Run
) -> None:
    DAMAGES["run.json version 99"](run_output)
    before = (run_output / "run.json").read_bytes()
    done = run_cli("run", str(CORPUS), "--dask", cluster.address, "--out", str(run_output))
    assert done.code == 2
    assert "is of run format version 99" in done.err
    assert (run_output / "run.json").read_bytes() == before
