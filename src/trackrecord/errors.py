"""One exception tree for everything a user can get wrong.

Each error carries a message that names the input at fault and says what to do next, the exit code
the CLI uses for it, and the HTTP status the web app would use. Each surface turns these into output
in exactly one place (``cli/main.py``); anything else that escapes is a bug and shows a traceback.
"""

from __future__ import annotations


class TrackrecordError(Exception):
    """Base class: an error the user can act on.

    Attributes:
        exit_code: the CLI's exit code for it (2: usage; 1: some input rejected).
        http_status: the status an HTTP surface answers with.
    """

    exit_code: int = 2
    http_status: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(TrackrecordError):
    """A bad argument or option value."""


class InputError(TrackrecordError):
    """An input (file, record, stream) that cannot be read as an article."""

    exit_code = 1
    http_status = 422


class OutputError(TrackrecordError):
    """A file the command was asked to write cannot be written (no such folder, disk full)."""

    http_status = 500


class StoreError(TrackrecordError):
    """The store cannot be opened or used as asked (bad URL, unreachable server, read-only file)."""

    http_status = 503


class SchemaOutdatedError(StoreError):
    """The store was made by an older trackrecord; it needs `trackrecord migrate`."""


class ConflictError(UsageError):
    """A write that clashes with what the store holds (linked already, resolved already)."""

    http_status = 409


class NotFoundError(TrackrecordError):
    """An article, judgment or other record asked for by id does not exist."""

    http_status = 404


class ScaleError(UsageError):
    """An unknown yardstick name, or a yardstick data file that does not parse."""
