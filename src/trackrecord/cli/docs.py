"""The CLI reference (docs/cli.md), built from the commands' own --help texts."""

from __future__ import annotations

import click


def _help(command: click.Command, name: str, parent: click.Context | None) -> str:
    with click.Context(
        command, info_name=name, parent=parent, max_content_width=100, terminal_width=100
    ) as ctx:
        return command.get_help(ctx)


def cli_reference() -> str:
    """Markdown with the --help of `trackrecord` and of each of its commands."""
    from trackrecord.cli.main import cli

    parts = [
        "# Command-line reference\n",
        "Generated from `--help` by `python scripts/make_cli_docs.py`; "
        "`tests/test_docs.py` fails when it is out of date.\n",
        "```text\n" + _help(cli, "trackrecord", None) + "\n```\n",
    ]
    root = click.Context(cli, info_name="trackrecord")
    for name in sorted(cli.list_commands(root)):
        command = cli.get_command(root, name)
        assert command is not None
        parts.append(f"## `trackrecord {name}`\n")
        parts.append("```text\n" + _help(command, name, root) + "\n```\n")
    return "\n".join(parts)
