"""Schema versions: create a new store at the head revision, tell an old one how to upgrade.

Alembic is imported inside the functions, so importing the store (or starting the CLI) does not
load it; the packaged revisions are read once per process (`head_revision`, `known_revisions`).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for the packaged migrations, bound to `connection` when given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def _script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@cache
def head_revision() -> str:
    """The newest schema revision this version of trackrecord knows."""
    head = _script_directory().get_current_head()
    assert head is not None, "the packaged migrations have no head"
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision; None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_tables(engine: Engine) -> bool:
    """True when the database holds any table at all."""
    return bool(inspect(engine).get_table_names())


# Any fixed number: the key of the PostgreSQL advisory lock that migrations hold.
_MIGRATION_LOCK = 0x7472_6163_6B72  # "trackr"


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the store to `revision` (the newest by default), in one transaction.

    The transaction first takes a lock (PostgreSQL: an advisory lock; SQLite: the file's write
    lock, with ``BEGIN IMMEDIATE``), so processes that open a new store at the same moment
    migrate it one after the other: the later ones then find it at the revision asked for and
    change nothing. On both, the tables and the revision appear together, at the commit.
    """
    from alembic import command

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        elif connection.dialect.name == "sqlite":
            # The driver would run each CREATE on its own, outside any transaction.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        command.upgrade(alembic_config(connection), revision)


@cache
def known_revisions() -> frozenset[str]:
    """Every schema revision this version of trackrecord can migrate from."""
    return frozenset(rev.revision for rev in _script_directory().walk_revisions())
