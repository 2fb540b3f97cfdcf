"""Settings: defaults < config file < environment < arguments, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from trackrecord.config import Settings, load_settings
from trackrecord.errors import UsageError


def test_defaults(tmp_path: Path) -> None:
    assert load_settings(environ={}, cwd=tmp_path) == Settings()


def test_precedence_file_then_environment_then_arguments(tmp_path: Path) -> None:
    (tmp_path / "trackrecord.toml").write_text('db = "file.db"\nscale = "icd203"\nmax_bytes = 10\n')
    from_file = load_settings(environ={}, cwd=tmp_path)
    assert (from_file.db, from_file.scale, from_file.max_bytes) == ("file.db", "icd203", 10)
    env = {"TRACKRECORD_DB": "env.db", "TRACKRECORD_MAX_BYTES": "20"}
    from_env = load_settings(environ=env, cwd=tmp_path)
    assert (from_env.db, from_env.scale, from_env.max_bytes) == ("env.db", "icd203", 20)
    given = load_settings(environ=env, cwd=tmp_path, db="arg.db", max_bytes=None)
    assert (given.db, given.max_bytes) == ("arg.db", 20)


def test_explicit_config_path(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.toml"
    path.write_text('scale = "phia"\n')
    assert load_settings(environ={"TRACKRECORD_CONFIG": str(path)}, cwd=tmp_path).scale == "phia"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("db = ", "cannot be read"),
        ('colour = "red"\n', "unknown setting"),
        ('max_bytes = "lots"\n', "whole number"),
        ("max_bytes = -1\n", "between 1 and"),
        ("db = 3\n", "non-empty string"),
    ],
)
def test_bad_config_files_name_the_file_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "trackrecord.toml").write_text(content)
    with pytest.raises(UsageError, match=message) as error:
        load_settings(environ={}, cwd=tmp_path)
    assert "trackrecord.toml" in str(error.value)


def test_bad_environment_value() -> None:
    with pytest.raises(UsageError, match="TRACKRECORD_MAX_BYTES"):
        load_settings(environ={"TRACKRECORD_MAX_BYTES": "big"}, cwd=Path("/nonexistent"))


def test_missing_explicit_config_file(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot be read"):
        load_settings(environ={"TRACKRECORD_CONFIG": str(tmp_path / "nope.toml")}, cwd=tmp_path)
