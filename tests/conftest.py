"""Shared fixtures: paths to the repo, the shared data, a fresh store, and a CLI runner."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from trackrecord.store import Store, open_store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = REPO / "examples" / "corpus"


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hermetic: a developer's own TRACKRECORD_* settings must not change what tests see.
    for name in list(os.environ):
        if name.startswith("TRACKRECORD_"):
            monkeypatch.delenv(name)


@pytest.fixture
def shared() -> Path:
    """The shared data folder beside the project; tests that need it skip without it."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is not beside the project")
    return SHARED


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    """Path of a SQLite store file that does not exist yet."""
    return str(tmp_path / "store.db")


@pytest.fixture
def store(db_path: str) -> Iterator[Store]:
    """A fresh SQLite store in a real file."""
    with open_store(db_path) as opened:
        yield opened


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
