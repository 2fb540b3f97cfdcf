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
            return make_url(text)
        except ArgumentError as exc:
            raise StoreError(f"database URL {text!r} is not valid: {exc}") from None
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

    Raises:
        StoreError: the URL names a database kind or driver that is not installed.
    """
    try:
        engine = create_engine(url)
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        extra = _DRIVER_EXTRAS.get(url.get_backend_name())
        hint = f"; install it with: pip install 'trackrecord[{extra}]'" if extra else ""
        raise StoreError(f"no driver for database URL {safe_url(url)!r} ({exc}){hint}") from None
    if url.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def safe_url(url: URL) -> str:
    """The URL as text with any password hidden, for messages."""
    return url.render_as_string(hide_password=True)
