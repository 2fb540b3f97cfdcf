"""The store on a real PostgreSQL server: migrations, bad URLs, and concurrent writers.

Each test gets a fresh schema on the test server (``postgres_url``, see tests/conftest.py): it
skips without a server, and fails instead when CI requires PostgreSQL.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.conftest import CliResult
from trackrecord.errors import SchemaOutdatedError, StoreError
from trackrecord.extract import analyze
from trackrecord.store import migrate as migrations
from trackrecord.store import open_store
from trackrecord.store.engine import make_engine, to_url
from trackrecord.store.schema import include_name, metadata

Run = Callable[..., CliResult]


def test_migrations_build_exactly_the_declared_schema(postgres_url: str) -> None:
    engine = make_engine(to_url(postgres_url))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diff = compare_metadata(context, metadata)
        # The full-text index that include_name leaves out of the comparison is there too.
        indexes = {i["name"] for i in sa.inspect(connection).get_indexes("articles")}
    engine.dispose()
    assert diff == []
    assert "ix_articles_fts" in indexes


def test_every_migration_downgrades_and_upgrades_again(postgres_url: str) -> None:
    from alembic import command

    engine = make_engine(to_url(postgres_url))
    migrations.upgrade(engine)
    with engine.begin() as connection:
        command.downgrade(migrations.alembic_config(connection), "base")
    assert sa.inspect(engine).get_table_names() == ["alembic_version"]
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()
    engine.dispose()


def test_an_older_schema_is_refused_until_trackrecord_migrate(
    run_cli: Run, postgres_url: str
) -> None:
    engine = make_engine(to_url(postgres_url))
    migrations.upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(SchemaOutdatedError, match="trackrecord migrate --db postgresql"):
        open_store(postgres_url)
    refused = run_cli("articles", "--db", postgres_url)
    assert refused.code == 2 and "older schema (revision 0001" in refused.err
    done = run_cli("migrate", "--db", postgres_url)
    assert done.code == 0, done.err
    with open_store(postgres_url) as store:
        assert migrations.current_revision(store.engine) == migrations.head_revision()
    assert run_cli("articles", "--db", postgres_url).code == 0


def test_a_foreign_database_is_refused_and_left_alone(postgres_url: str) -> None:
    engine = make_engine(to_url(postgres_url))
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE mine (x integer)"))
    with pytest.raises(StoreError, match="not a trackrecord store"):
        open_store(postgres_url)
    assert sa.inspect(engine).get_table_names() == ["mine"]
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _bad_urls(good: str) -> dict[str, tuple[str, str]]:
    """Broken variants of the server's URL: (URL, what the message must say)."""
    url = sa.engine.make_url(good)
    driver = next(
        d
        for d in ("psycopg2", "pg8000", "asyncpg", "nosuchdriver")
        if not importlib.util.find_spec(d)
    )
    return {
        "closed port": (
            url.set(port=_free_port()).render_as_string(hide_password=False),
            "Connection refused",
        ),
        "unknown host": (
            url.set(host="no-such-host.invalid").render_as_string(hide_password=False),
            "no-such-host.invalid",
        ),
        "wrong password": (
            url.set(password="not-the-password").render_as_string(hide_password=False),
            "password authentication failed",
        ),
        "missing database": (
            url.set(database="trackrecord_no_such_db").render_as_string(hide_password=False),
            'database "trackrecord_no_such_db" does not exist',
        ),
        "missing driver": (
            url.set(drivername=f"postgresql+{driver}").render_as_string(hide_password=False),
            "no driver",
        ),
    }


@pytest.mark.parametrize(
    "case", ["closed port", "unknown host", "wrong password", "missing database", "missing driver"]
)
def test_a_bad_postgresql_url_gives_one_clear_message(
    run_cli: Run, postgres_url: str, case: str
) -> None:
    bad, says = _bad_urls(postgres_url)[case]
    password = sa.engine.make_url(bad).password
    assert password
    for command in (("articles",), ("ingest", "-"), ("migrate",), ("score",)):
        result = run_cli(*command, "--db", bad)
        assert result.code == 2, (command, result.out, result.err)
        assert says in result.err
        (line,) = result.err.strip().splitlines()
        assert line.startswith("Error: ") and "Traceback" not in result.err
        assert str(password) not in result.err and "***@" in result.err
        shown = sa.engine.make_url(bad).render_as_string(hide_password=True)
        assert shown in result.err
    if case == "missing database":  # nothing was created
        engine = make_engine(to_url(postgres_url))
        with engine.connect() as connection:
            names = connection.execute(sa.text("SELECT datname FROM pg_database")).scalars()
            assert "trackrecord_no_such_db" not in set(names)
        engine.dispose()


# -- concurrent writers -----------------------------------------------------------------------

ARTICLES = 90
WORDS = ("rates", "growth", "prices", "talks", "exports", "troops", "sanctions", "tariffs")


def _text(i: int) -> str:
    a, b = WORDS[i % len(WORDS)], WORDS[(i // len(WORDS)) % len(WORDS)]
    return (
        f"Outlook number {i} for {a}\n\n"
        f"Analysts said {a} will likely rise by {i} percent next year. "
        f"Officials believe {b} may not recover before {2030 + i % 7}. "
        f"Case {i} is unlikely to be resolved soon, the ministry said.\n"
    )


def _shard(folder: Path, numbers: range) -> Path:
    folder.mkdir()
    for i in numbers:
        (folder / f"article-{i:04d}.txt").write_text(_text(i), encoding="utf-8")
    return folder


def _trackrecord(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKRECORD_")}
    return subprocess.Popen(
        [sys.executable, "-m", "trackrecord", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _finish(proc: subprocess.Popen[str]) -> str:
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, f"{proc.args}: exit {proc.returncode}\n{out}\n{err}"
    return out


def _count(engine: sa.Engine, query: str) -> int:
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text(query)).scalar_one())
    except sa.exc.ProgrammingError:
        return 0  # the tables are not made yet


def _articles_exactly_once(engine: sa.Engine, numbers: range) -> None:
    with engine.connect() as connection:
        texts = connection.execute(sa.text("SELECT text FROM articles")).scalars().all()
    assert sorted(texts) == sorted(_text(i).strip() for i in numbers)


def test_processes_opening_a_new_store_at_once_create_it_once(
    postgres_url: str, tmp_path: Path
) -> None:
    # Four ingests of overlapping inputs, started together on an empty database: they race to
    # create the schema (one does, the others wait for it) and to store the same articles.
    shards = [_shard(tmp_path / f"s{k}", range(k * 5, k * 5 + 10)) for k in range(4)]
    ingests = [_trackrecord("ingest", str(shard), "--db", postgres_url) for shard in shards]
    outs = [_finish(p) for p in ingests]
    new = [int(re.search(r"(\d+) new", out).group(1)) for out in outs]  # type: ignore[union-attr]
    assert sum(new) == 25, outs
    engine = sa.create_engine(postgres_url, poolclass=sa.pool.NullPool)
    _articles_exactly_once(engine, range(25))
    assert _count(engine, "SELECT count(*) FROM alembic_version") == 1
    engine.dispose()


@pytest.mark.slow
def test_two_ingests_and_an_extract_at_once_store_everything_exactly_once(
    postgres_url: str, tmp_path: Path
) -> None:
    # Articles 0-39 are stored first, so the extract has work from its start; while it runs,
    # two ingests store 30-69 and 50-89 (overlapping each other and what is stored).
    _finish(_trackrecord("ingest", str(_shard(tmp_path / "p", range(40))), "--db", postgres_url))
    first = _shard(tmp_path / "a", range(30, 70))
    second = _shard(tmp_path / "b", range(50, ARTICLES))
    engine = sa.create_engine(postgres_url, poolclass=sa.pool.NullPool)
    extract = _trackrecord("extract", "--db", postgres_url, "--workers", "1")
    done = "SELECT count(*) FROM articles WHERE extracted_at IS NOT NULL"
    deadline = time.monotonic() + 120
    while _count(engine, done) == 0 and extract.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    ingests = [_trackrecord("ingest", str(p), "--db", postgres_url) for p in (first, second)]
    assert extract.poll() is None, "the extract ended before the ingests started"
    outs = [_finish(p) for p in ingests]
    _finish(extract)
    new = [int(re.search(r"(\d+) new", out).group(1)) for out in outs]  # type: ignore[union-attr]
    assert sum(new) == ARTICLES - 40, outs
    # A last extract picks up what was ingested after the first one read its pending list.
    _finish(_trackrecord("extract", "--db", postgres_url, "--workers", "1"))

    _articles_exactly_once(engine, range(ARTICLES))
    assert _count(engine, "SELECT count(*) FROM articles WHERE extracted_at IS NULL") == 0
    with engine.connect() as connection:
        stored = dict(connection.execute(sa.text("SELECT id, text FROM articles")).all())
        keys = connection.execute(
            sa.text("SELECT article_id, kind, start_char, cue_start, cue_end FROM judgments")
        ).all()
    engine.dispose()
    twice = [key for key, n in Counter(keys).items() if n > 1]
    assert twice == [], "a judgment was stored twice"
    per_article = Counter(key[0] for key in keys)
    for article_id, text in stored.items():
        assert per_article[article_id] == len(analyze(text)), f"article {article_id}"
    assert len(keys) > ARTICLES


def test_threads_writing_the_same_articles_and_judgments_store_each_once(db_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.store.test_store import CLAIM, FORECAST
    from trackrecord.models import Article

    open_store(db_url).close()
    texts = [_text(i) for i in range(20)]

    def writer(turn: int) -> list[int]:
        with open_store(db_url) as store:
            order = texts[turn:] + texts[:turn]
            ids = {text: store.add_article(Article(text=text))[0] for text in order}
            for _ in range(5):  # each thread replaces article 1's judgments again and again
                store.save_judgments(ids[texts[0]], [FORECAST, CLAIM], f"v{turn}")
            return [ids[text] for text in texts]

    with ThreadPoolExecutor(4) as pool:
        seen = list(pool.map(writer, range(4)))
    assert seen[0] == seen[1] == seen[2] == seen[3]
    with open_store(db_url) as store:
        assert store.count_articles() == 20
        assert [a.text for a in store.get_articles(seen[0])] == texts
        stored = store.list_judgments()
    assert [j.kind for j in stored] == ["forecast", "claim"]
    assert {j.article_id for j in stored} == {seen[0][0]}


@pytest.mark.parametrize(
    ("url", "require", "outcome"),
    [
        ("", "", "1 skipped"),
        ("", "chromium,postgres", "1 error"),
        ("postgresql+psycopg://u:pw@127.0.0.1:{port}/db", "postgres", "1 error"),
    ],
)
def test_ci_fails_instead_of_skipping_postgresql(url: str, require: str, outcome: str) -> None:
    from tests.conftest import REPO

    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKRECORD_")}
    env["TRACKRECORD_TEST_POSTGRES_URL"] = url.format(port=_free_port())
    env["TRACKRECORD_CI_REQUIRE"] = require
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/store/test_store.py", "-k", "test_unknown_article"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    summary = done.stdout.strip().splitlines()[-1]
    assert "1 passed" in summary and outcome in summary, done.stdout + done.stderr
    assert done.returncode == (1 if outcome == "1 error" else 0)
    if outcome == "1 error":
        assert "TRACKRECORD_CI_REQUIRE requires postgres" in done.stdout
        assert "pw@" not in done.stdout
