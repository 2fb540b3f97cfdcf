"""Files a command writes (exports, charts, reports): whole or not at all.

A file is written under a temporary name in its own folder and renamed into place once it is
complete, so a full disk or a killed command never leaves a truncated or empty file where the
user expects a result, and an earlier good file of the same name stays until the new one is done.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from trackrecord.errors import OutputError


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it becomes `path`, on failure it goes.

    Raises:
        OutputError: the file cannot be written (the folder is missing or read-only, the disk is
            full, the name is not allowed there); nothing is left behind.
    """
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield temp
        os.replace(temp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
