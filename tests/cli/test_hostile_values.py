"""Every command, every option and argument, hostile values: never a traceback.

For each parameter of each command (walked from the click group, so a new command is covered
without a change here) the other required parameters get ordinary values and this one gets
each hostile value in turn. Whatever the command makes of it, it must end with an exit code and
at most a message: an exception escaping `main` is the traceback a user would see.
"""

from __future__ import annotations

import io
import shutil
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from tests.conftest import CORPUS

HOSTILE = (
    str(2**63),
    "-1",
    "0",
    "nan",
    "-inf",
    "1e999",
    "",
    " ",
    "\x00",
    "\udcff",  # a byte that is not UTF-8, as Python hands it over from argv
    "\x1b]0;owned\x07\x1b[2J",
    "a\nrejected: forged",
    "x" * 70_000,
    # climbs out of the test's folder, but only one level: the tests may run as root, and a
    # path such as ../../../etc/passwd would be written over by any command that accepts it
    "sub/../../hostile-escape",
    "2024-13-45",
    "javascript:alert(1)",
    "'; DROP TABLE articles; --",
)

# Ordinary values for required parameters, by parameter name.
ORDINARY = {
    "article_id": "1",
    "question_id": "1",
    "judgment_id": "1",
    "token_id": "1",
    "title": "Will it rain in Lisbon?",
    "criteria": "rain",
    "closes": "2030-01-01",
    "on": "2025-01-01",
    "evidence": "seen",
    "outcome": "yes",
    "name": "ana",
    "user_name": "ana",
    "scale": "reader",
}


def _commands() -> Iterator[tuple[list[str], click.Command]]:
    from trackrecord.cli.main import cli

    def walk(command: click.Command, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
        if isinstance(command, click.Group):
            for name, sub in sorted(command.commands.items()):
                yield from walk(sub, [*path, name])
        else:
            yield path, command

    yield from walk(cli, [])


def _cases() -> Iterator[tuple[list[str], str]]:
    for path, command in _commands():
        for param in command.params:
            if isinstance(param, click.Option) and (param.is_flag or param.name == "db"):
                continue
            yield path, str(param.name)
    yield ["articles"], "db"  # the store address itself, once


# The paths of the commands whose ordinary run is long (a Dask cluster, the whole evaluation):
# most hostile values are names a path may have, and each would run the job through. Their
# bad paths are tested in tests/scale and tests/evaluation; their other options are swept.
LONG = {("run", "corpus"), ("run", "out"), ("eval", "out"), ("eval", "data"), ("eval", "gold")}
CASES = [(path, name) for path, name in _cases() if (" ".join(path), name) not in LONG]


@pytest.fixture(scope="module")
def workplace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a demo store (questions, links, a resolution, a user) and a text file."""
    from trackrecord.cli.main import main

    folder = tmp_path_factory.mktemp("hostile")
    assert main(["demo", "--db", str(folder / "demo.db")]) == 0
    shutil.copy(next(CORPUS.glob("*.txt")), folder / "article.txt")
    return folder


def _argv(path: list[str], target: str, value: str, folder: Path, port: int) -> list[str]:
    from trackrecord.cli.main import cli

    command = cli
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    argv = list(path)
    options: list[str] = []
    for param in command.params:
        given = value if param.name == target else None
        if isinstance(param, click.Argument):
            if given is None:
                given = ORDINARY.get(str(param.name), str(folder / "article.txt"))
            argv.append(given)
        elif isinstance(param, click.Option):
            flag = param.opts[0]
            if param.name == "db":
                options += [flag, given if given is not None else str(folder / "demo.db")]
            elif param.name == "password_stdin":
                options.append(flag)
            elif given is not None:
                options += [flag, given]
            elif param.name == "port":
                options += [flag, str(port)]  # taken: serve can never start listening
            elif param.required:
                options += [flag, ORDINARY.get(str(param.name), str(folder / "new-out"))]
    return [*argv, *options]


@pytest.mark.slow
@pytest.mark.parametrize(("path", "target"), CASES, ids=[f"{' '.join(p)}:{t}" for p, t in CASES])
def test_no_traceback(
    path: list[str], target: str, workplace: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from trackrecord.cli.main import main

    monkeypatch.chdir(workplace)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        for value in HOSTILE:
            argv = _argv(path, target, value, workplace, taken.getsockname()[1])
            monkeypatch.setattr(
                sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a-long-password\n"), "utf-8")
            )
            code = main(argv)  # an exception here is the failure
            captured = capsys.readouterr()
            assert isinstance(code, int), (argv, code)
            assert "Traceback" not in captured.err + captured.out, argv
            if code == 2:
                # a refusal is one message, on stderr, that says what was wrong
                assert "Error: " in captured.err, (argv, captured.err)
