"""Shared fixtures: paths to the repo, the shared data, a fresh store, and a CLI runner.

Store fixtures run every test that uses them on SQLite and on PostgreSQL. The PostgreSQL
variant needs a server: ``TRACKRECORD_TEST_POSTGRES_URL`` (a SQLAlchemy URL, e.g. the one
``.ci/postgres.sh`` exports) whose role may create schemas. Each test gets a fresh schema in
that database (through ``search_path``), dropped afterwards. Without the URL the PostgreSQL
variants skip, saying why; when ``TRACKRECORD_CI_REQUIRE`` names ``postgres`` (as in CI) they
fail instead, so CI never skips PostgreSQL silently.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from trackrecord.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = REPO / "examples" / "corpus"

# Read once, at import: the autouse fixture below removes TRACKRECORD_* from each test's
# environment.
POSTGRES_URL = os.environ.get("TRACKRECORD_TEST_POSTGRES_URL", "").strip()
CI_REQUIRE = frozenset(
    part.strip().lower()
    for part in os.environ.get("TRACKRECORD_CI_REQUIRE", "").split(",")
    if part.strip()
)
BACKENDS = ("sqlite", "postgresql")


def required(name: str) -> bool:
    """True when CI demands the optional test dependency `name` (e.g. postgres, chromium)."""
    return name in CI_REQUIRE


def unavailable(name: str, reason: str) -> None:
    """Skip the test because `name` is unavailable, or fail it when CI requires `name`."""
    if required(name):
        pytest.fail(f"{reason}, and TRACKRECORD_CI_REQUIRE requires {name}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hermetic: a developer's own TRACKRECORD_* settings must not change what tests see.
    for name in list(os.environ):
        if name.startswith("TRACKRECORD_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the project (``../shared``, with ``data/`` and ``gold/``).

    Tests that need it skip without it, except where ``TRACKRECORD_CI_REQUIRE`` names
    ``shared`` (as in CI): there they fail, so the quality gates never pass by skipping.
    """
    if not (SHARED / "data").is_dir():
        unavailable("shared", "../shared/data is not beside the project")
    return SHARED


# -- PostgreSQL -----------------------------------------------------------------------------


@cache
def _postgres_problem() -> str | None:
    """Why the PostgreSQL test server cannot be used, or None when it can (checked once)."""
    if not POSTGRES_URL:
        return "TRACKRECORD_TEST_POSTGRES_URL is not set (source .ci/postgres.sh to start a server)"
    import sqlalchemy as sa

    from trackrecord.store.engine import safe_url

    try:
        url = sa.engine.make_url(POSTGRES_URL)
    except sa.exc.ArgumentError:
        return f"TRACKRECORD_TEST_POSTGRES_URL is not a database URL: {POSTGRES_URL!r}"
    try:
        engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure: a driver missing, the server down, a bad password
        first = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
        return f"PostgreSQL test server {safe_url(url)} is unusable: {first}"
    return None


def postgres_schema_url(prefix: str = "t", owner: str = "a test") -> Iterator[str]:
    """Yield the test server's URL bound to a fresh, empty schema; drop the schema afterwards.

    Skips (or fails, when CI requires postgres) without a usable server. A schema that cannot
    be dropped (a connection `owner`, the test, leaked still holds a lock on it) fails the
    test, naming it.
    """
    problem = _postgres_problem()
    if problem is not None:
        unavailable("postgres", problem)
    import sqlalchemy as sa

    base = sa.engine.make_url(POSTGRES_URL)
    schema = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(base, poolclass=sa.pool.NullPool)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        try:
            with admin.begin() as connection:
                connection.execute(sa.text("SET LOCAL lock_timeout = '10s'"))
                connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        except sa.exc.DBAPIError as exc:
            first = (str(exc.orig or exc).strip().splitlines() or [""])[0]
            pytest.fail(
                f"{owner} left PostgreSQL schema {schema} that cannot be dropped ({first}): "
                "a connection it opened is still in use; close every store it opens",
                pytrace=False,
            )
        finally:
            admin.dispose()


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A PostgreSQL store address (a fresh schema on the test server) that holds no tables."""
    yield from postgres_schema_url(owner=request.node.nodeid)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """The database a store test runs on: each test using a store runs on both."""
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The address of a store that does not exist yet: a SQLite file path, or a PostgreSQL URL
    of a fresh schema. Pass it to ``--db`` or ``open_store``."""
    if backend == "sqlite":
        return str(tmp_path / "store.db")
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """Path of a SQLite store file that does not exist yet (SQLite only: see `db_url`)."""
    return str(tmp_path / "store.db")


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """A fresh store: a real SQLite file, or a fresh schema on the PostgreSQL test server."""
    with open_store(db_url) as opened:
        yield opened


# -- CLI --------------------------------------------------------------------------------------


@dataclass
class CliResult:
    """What a CLI run returned and printed."""

    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Callable[..., CliResult]:
    """Run ``trackrecord ARGS...`` in-process, in a temporary working directory."""
    from trackrecord.cli.main import main

    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
