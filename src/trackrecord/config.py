"""One Settings object: defaults < config file < TRACKRECORD_* environment < arguments.

The config file is TOML: ``$TRACKRECORD_CONFIG`` if set, else ``./trackrecord.toml`` if present,
with the same keys as the environment variables without the prefix, in lower case::

    db = "postgresql+psycopg://localhost/trackrecord"
    scale = "reader"
    max_bytes = 52428800
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from trackrecord.errors import UsageError

ENV_PREFIX = "TRACKRECORD_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Settings shared by the CLI, the Python API and (later) the web app.

    Attributes:
        db: store path or SQLAlchemy URL.
        scale: the default yardstick for words-to-numbers.
        max_bytes: the largest input ingest reads: per file (or stdin) for single documents,
            per record for WARC and per line for JSON Lines, which are read streaming.
    """

    db: str = "trackrecord.db"
    scale: str = "reader"
    max_bytes: int = 50 * 1024 * 1024


MAX_BYTES_CEILING = 2**40
"""The largest ``max_bytes`` accepted (1 TiB): beyond it, reads overflow the C index size."""


def _coerce(name: str, value: Any, where: str) -> Any:
    if name == "max_bytes":
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise UsageError(
                f"{where}: max_bytes must be a whole number of bytes, not {value!r}"
            ) from None
        if not 0 < number <= MAX_BYTES_CEILING:
            raise UsageError(
                f"{where}: max_bytes must be between 1 and {MAX_BYTES_CEILING} (1 TiB), "
                f"not {number}"
            )
        return number
    if not isinstance(value, str) or not value:
        raise UsageError(f"{where}: {name} must be a non-empty string, not {value!r}")
    return value


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"config file {path}: cannot be read ({exc})") from None
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise UsageError(
            f"config file {path}: unknown setting(s) {', '.join(unknown)}; "
            f"known: {', '.join(sorted(known))}"
        )
    return {k: _coerce(k, v, f"config file {path}") for k, v in data.items()}


def load_settings(
    environ: Mapping[str, str] | None = None, cwd: Path | None = None, **overrides: Any
) -> Settings:
    """Build the settings from defaults, the config file, the environment and `overrides`.

    Args:
        environ: the environment (default: ``os.environ``).
        cwd: where to look for ``trackrecord.toml`` (default: the current directory).
        **overrides: values given as arguments; None means "not given".

    Raises:
        UsageError: a config file that does not parse, an unknown key, or a bad value.
    """
    environ = os.environ if environ is None else environ
    settings = Settings()
    config_path = environ.get(ENV_PREFIX + "CONFIG")
    path = Path(config_path) if config_path else (cwd or Path.cwd()) / "trackrecord.toml"
    if config_path or path.is_file():
        settings = replace(settings, **_from_file(path))
    from_env = {}
    for f in fields(Settings):
        value = environ.get(ENV_PREFIX + f.name.upper())
        # Set but empty is refused, not ignored: `TRACKRECORD_DB=` silently meaning
        # ./trackrecord.db would write somewhere the user did not ask for.
        if value is not None:
            from_env[f.name] = _coerce(f.name, value, ENV_PREFIX + f.name.upper())
    settings = replace(settings, **from_env)
    given = {
        k: _coerce(k, v, f"--{k.replace('_', '-')}") for k, v in overrides.items() if v is not None
    }
    return replace(settings, **given)
