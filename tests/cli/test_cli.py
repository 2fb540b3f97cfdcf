"""The CLI end to end on real files: ingest, extract, list, show, exit codes, bad arguments."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CORPUS, CliResult
from trackrecord.store import open_store

Run = Callable[..., CliResult]
EXAMPLE = CORPUS / "why-russia-likely-wont-use-north-korean-troops.txt"


@pytest.fixture
def db(db_url: str) -> str:
    """The store of the tests that exercise it: SQLite, then a fresh PostgreSQL schema."""
    return db_url


def _ingested(run_cli: Run, db: str, *paths: str) -> CliResult:
    result = run_cli("ingest", "--db", db, *paths)
    assert result.code == 0, result.err
    return result


def test_ingest_extract_and_list_the_demo_corpus(run_cli: Run, db: str) -> None:
    first = _ingested(run_cli, db, str(CORPUS))
    assert "5 read, 5 new, 0 duplicate, 0 rejected" in first.out
    again = _ingested(run_cli, db, str(CORPUS))
    assert "5 read, 0 new, 5 duplicate, 0 rejected" in again.out

    extracted = run_cli("extract", "--db", db)
    assert extracted.code == 0, extracted.err
    assert "5 articles extracted" in extracted.out
    assert "0 articles extracted" in run_cli("extract", "--db", db).out
    assert "5 articles extracted" in run_cli("extract", "--db", db, "--force").out

    listed = run_cli("articles", "--db", db, "--format", "json")
    rows = json.loads(listed.out)
    assert len(rows) == 5
    titles = {r["title"] for r in rows}
    assert any("North Korean troops" in (t or "") for t in titles)
    assert all(r["extracted"] for r in rows)


def test_judgments_formats_and_filters(run_cli: Run, db: str) -> None:
    _ingested(run_cli, db, str(EXAMPLE))
    run_cli("extract", "--db", db)
    everything = json.loads(run_cli("judgments", "--db", db, "--format", "json").out)
    assert everything, "the example article holds judgments"
    fields = set(everything[0])
    assert {
        "kind",
        "text",
        "start",
        "end",
        "cue",
        "cue_start",
        "cue_end",
        "proposition",
        "negated",
        "probability",
        "probability_low",
        "probability_high",
        "scale",
        "holder",
        "holder_type",
        "timeframe_end",
        "entities",
    } <= fields
    with open_store(db) as store:
        text = store.get_article(1).text
    for j in everything:
        assert text[j["start"] : j["end"]] == j["text"]

    lines = run_cli("judgments", "--db", db, "--format", "jsonl").out.splitlines()
    assert [json.loads(line) for line in lines] == everything
    table = list(
        csv.DictReader(io.StringIO(run_cli("judgments", "--db", db, "--format", "csv").out))
    )
    assert len(table) == len(everything)

    low = json.loads(run_cli("judgments", "--db", db, "--max-p", "0.2", "--format", "json").out)
    assert low and all(j["probability"] <= 0.2 for j in low)
    high = json.loads(run_cli("judgments", "--db", db, "--min-p", "0.8", "--format", "json").out)
    assert all(j["probability"] >= 0.8 for j in high)
    kim = json.loads(run_cli("judgments", "--db", db, "--holder", "kim yo", "--format", "json").out)
    assert kim and all("kim yo" in j["holder"].lower() for j in kim)
    claims = json.loads(run_cli("judgments", "--db", db, "--kind", "claim", "--format", "json").out)
    assert claims and all(j["kind"] == "claim" for j in claims)
    one = json.loads(run_cli("judgments", "--db", db, "--article", "1", "--format", "json").out)
    assert one == everything
    assert run_cli("judgments", "--db", db, "--article", "2").out == "(none)\n"
    table_out = run_cli("judgments", "--db", db).out
    assert table_out.splitlines()[0].split()[:3] == ["id", "article_id", "kind"]


def test_show_marks_cues_and_prints_probability_and_holder(run_cli: Run, db: str) -> None:
    _ingested(run_cli, db, str(EXAMPLE))
    run_cli("extract", "--db", db)
    shown = run_cli("show", "1", "--db", db)
    assert shown.code == 0
    assert "[extremely unlikely]" in shown.out
    assert "holder: Kim Yo Jong" in shown.out
    assert "P=0." in shown.out
    missing = run_cli("show", "99", "--db", db)
    assert missing.code == 2
    assert "no article with id 99" in missing.err


def test_rejected_inputs_are_listed_and_the_rest_is_stored(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 4)
    result = run_cli("ingest", "--db", "t.db", str(EXAMPLE), "empty.txt", "binary.txt", "nope.txt")
    assert result.code == 1
    rejected = [line for line in result.err.splitlines() if line.startswith("rejected: ")]
    assert len(rejected) == 3
    assert {line.split(":")[1].strip() for line in rejected} >= {"empty.txt", "binary.txt"}
    assert "1 read, 1 new, 0 duplicate, 3 rejected" in result.out
    with sqlite3.connect(tmp_path / "t.db") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_overrides_are_recorded(run_cli: Run, db: str) -> None:
    _ingested(
        run_cli,
        db,
        str(EXAMPLE),
        "--author",
        "Logan Nye",
        "--outlet",
        "We Are The Mighty",
        "--published",
        "2023-02-01",
        "--url",
        "https://example.org/a",
    )
    rows = json.loads(run_cli("articles", "--db", db, "--format", "json").out)
    assert rows[0]["author"] == "Logan Nye"
    assert rows[0]["outlet"] == "We Are The Mighty"
    assert rows[0]["published_at"].startswith("2023-02-01")
    assert rows[0]["url"] == "https://example.org/a"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ingest",), "Missing argument"),
        (("ingest", "x", "--format", "pdf"), "Invalid value for '--format'"),
        (("ingest", "x", "--published", "yesterday-ish"), "not an ISO date"),
        (("ingest", "x", "--max-bytes", "0"), "Invalid value for '--max-bytes'"),
        (("judgments", "--min-p", "1.5"), "not a probability"),
        (("judgments", "--kind", "rumour"), "Invalid value for '--kind'"),
        (("show", "abc"), "Invalid value for 'ARTICLE'"),
        (("extract", "--scale", "astrology"), "Invalid value for '--scale'"),
        (("frobnicate",), "No such command"),
        (("articles", "--db", "nosuchdb://x"), "no driver"),
        (("articles", "--db", "missing/dir/x.db"), "does not exist"),
    ],
)
def test_usage_errors_exit_2_with_a_message(
    run_cli: Run, args: tuple[str, ...], message: str
) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert message in result.err
    assert "Traceback" not in result.err
    assert not Path("x.db").exists()


def test_environment_chooses_the_store(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TRACKRECORD_DB", str(tmp_path / "env.db"))
    assert run_cli("ingest", str(EXAMPLE)).code == 0
    assert (tmp_path / "env.db").exists()
    assert not (tmp_path / "trackrecord.db").exists()


def test_default_store_is_trackrecord_db_in_the_working_directory(
    run_cli: Run, tmp_path: Path
) -> None:
    assert run_cli("ingest", str(EXAMPLE)).code == 0
    assert (tmp_path / "trackrecord.db").exists()


def test_migrate_command_upgrades_an_old_store(run_cli: Run, tmp_path: Path) -> None:
    from trackrecord.store import migrate
    from trackrecord.store.engine import make_engine, to_url

    engine = make_engine(to_url(str(tmp_path / "old.db")))
    migrate.upgrade(engine, "0001")
    engine.dispose()
    refused = run_cli("articles", "--db", "old.db")
    assert refused.code == 2
    assert "trackrecord migrate --db old.db" in refused.err
    done = run_cli("migrate", "--db", "old.db")
    assert done.code == 0, done.err
    assert run_cli("articles", "--db", "old.db").code == 0


def test_help_and_version(run_cli: Run) -> None:
    assert run_cli("--help").code == 0
    version = run_cli("--version")
    assert version.code == 0 and "trackrecord" in version.out


def test_a_bad_yardstick_from_the_environment_is_one_usage_error(
    run_cli: Run, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingested(run_cli, db, str(EXAMPLE))
    monkeypatch.setenv("TRACKRECORD_SCALE", "astrology")
    result = run_cli("extract", "--db", db)
    assert result.code == 2
    assert result.err.count("astrology") == 1
    with open_store(db) as store:
        assert store.pending_article_ids() == [1]


def test_a_store_that_refuses_writes_gives_a_message_not_a_traceback(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from trackrecord.store import engine as store_engine

    _ingested(run_cli, "t.db", str(EXAMPLE))
    opened_normally = store_engine._sqlite_pragmas

    def read_only(connection: Any, record: Any) -> None:
        opened_normally(connection, record)
        connection.execute("PRAGMA query_only = ON")  # every write now fails in SQLite itself

    with monkeypatch.context() as patch:
        patch.setattr(store_engine, "_sqlite_pragmas", read_only)
        result = run_cli("extract", "--db", "t.db")
    assert result.code == 2
    assert "the store failed" in result.err
    assert "Traceback" not in result.err
    with open_store("t.db") as store:
        assert store.pending_article_ids() == [1]
        assert store.count_judgments() == 0


@pytest.mark.parametrize("module", ["trackrecord.cli.main", "trackrecord", "trackrecord.store"])
def test_start_up_does_not_load_spacy_or_the_pipeline(module: str) -> None:
    # Every command (even --help) starts here: spaCy is loaded only when something is extracted.
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in sys.modules "
        "if m.split('.')[0] == 'spacy' or m == 'trackrecord.extract.pipeline'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_lazy_public_names_are_the_real_ones() -> None:
    import trackrecord
    import trackrecord.extract
    from trackrecord.extract.pipeline import analyze
    from trackrecord.store import Store, open_store

    assert trackrecord.analyze is analyze and trackrecord.extract.analyze is analyze
    assert (trackrecord.Store, trackrecord.open_store) == (Store, open_store)
    assert set(trackrecord.__all__) <= set(dir(trackrecord))
    assert set(trackrecord.extract.__all__) <= set(dir(trackrecord.extract))
    with pytest.raises(AttributeError):
        _ = trackrecord.extract.no_such_name


def test_remap_gives_what_extracting_under_that_yardstick_gives(run_cli: Run, db: str) -> None:
    _ingested(run_cli, db, str(EXAMPLE))
    assert run_cli("extract", "--db", db).code == 0

    def probabilities() -> list[tuple[str, float | None, str | None]]:
        rows = json.loads(run_cli("judgments", "--db", db, "--format", "json").out)
        return [(j["cue"], j["probability"], j["scale"]) for j in rows]

    under_reader = probabilities()
    done = run_cli("remap", "--db", db, "--scale", "icd203")
    assert done.code == 0, done.err
    assert "judgments now under yardstick icd203" in done.out
    remapped = probabilities()
    assert remapped != under_reader
    assert {scale for _, _, scale in remapped} == {"icd203", None}  # None: the claim
    likely_wont = next(p for cue, p, _ in remapped if cue.startswith("likely won"))
    assert likely_wont is not None and 0.20 <= likely_wont <= 0.45  # ICD 203 "likely" flipped
    assert run_cli("extract", "--db", db, "--force", "--scale", "icd203").code == 0
    assert probabilities() == remapped


def test_remap_to_an_unknown_yardstick_changes_nothing(run_cli: Run, db: str) -> None:
    _ingested(run_cli, db, str(EXAMPLE))
    run_cli("extract", "--db", db)
    before = run_cli("judgments", "--db", db, "--format", "json").out
    refused = run_cli("remap", "--db", db, "--scale", "astrology")
    assert refused.code == 2
    assert "Invalid value for '--scale'" in refused.err
    assert run_cli("judgments", "--db", db, "--format", "json").out == before
