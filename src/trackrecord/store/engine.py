"""From a path or URL to a SQLAlchemy engine, with clear errors for every kind of bad address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from trackrecord.errors import StoreError

_DRIVER_EXTRAS = {"postgresql": "postgres"}


def to_url(url_or_path: str | Path) -> URL:
    """Turn a store address into a SQLAlchemy URL: a URL as given, anything else a SQLite path.

    Raises:
        StoreError: a malformed URL, or a SQLite path whose folder does not exist.
    """
    text = str(url_or_path).strip()
    if not text:
        raise StoreError("the store address is empty: give --db PATH or --db URL")
    if "://" in text:
        try:
            url = make_url(text)
        except ArgumentError as exc:
            raise StoreError(f"database URL {text!r} is not valid: {exc}") from None
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            # An in-memory SQLite store vanishes when the command ends: "1 new", then nothing.
            raise StoreError(
                f"database URL {text!r} is an in-memory SQLite store, which keeps nothing once "
                "the command ends; give a file, e.g. sqlite:///news.db or --db news.db"
            )
        return url
    path = Path(text).expanduser()
    if path.is_dir():
        raise StoreError(f"store path {text!r} is a folder; give a file name such as {text}/tr.db")
    if not path.parent.is_dir():
        raise StoreError(f"store path {text!r}: folder {str(path.parent)!r} does not exist")
    return URL.create("sqlite", database=str(path.resolve()))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers (the web app, a SQLite browser) work during a long ingest; NORMAL sync is
    # crash-safe in WAL mode; the busy timeout makes a second writer wait instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: URL) -> Engine:
    """Create the engine for `url`, with SQLite tuned for one writer and many readers.

    A PostgreSQL URL gets a 10-second connect timeout unless it sets ``connect_timeout``
    itself, so an unreachable host fails instead of hanging.

    Raises:
        StoreError: the URL names a database kind or driver that is not installed.
    """
    backend = url.get_backend_name()
    options: dict[str, Any] = {}
    if backend == "postgresql" and "connect_timeout" not in url.query:
        options["connect_args"] = {"connect_timeout": 10}
    try:
        engine = create_engine(url, **options)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError(
            f"no driver for database URL {safe_url(url)!r} ({exc}){_driver_hint(url)}"
        ) from None
    if backend == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _driver_hint(url: URL) -> str:
    backend = url.get_backend_name()
    extra = _DRIVER_EXTRAS.get(backend)
    if extra is None:
        return "; trackrecord stores live in SQLite (a file path) or PostgreSQL"
    hint = f"; install one with: pip install 'trackrecord[{extra}]'"
    if backend == "postgresql" and url.get_driver_name() != "psycopg":
        hint += ", which provides psycopg: write the URL as postgresql+psycopg://..."
    return hint


def safe_url(url: URL) -> str:
    """The URL as text with any password hidden, for messages."""
    return url.render_as_string(hide_password=True)
