"""The CLI reference (docs/cli.md), built from the commands' own --help texts."""

from __future__ import annotations

from click.testing import CliRunner


def _help(*words: str) -> str:
    # Through click's own entry, so the text is exactly what `trackrecord ... --help` prints.
    from trackrecord.cli.main import cli

    result = CliRunner().invoke(
        cli, [*words, "--help"], prog_name="trackrecord", terminal_width=100
    )
    assert result.exit_code == 0, result.output
    return result.output.rstrip()


def cli_reference() -> str:
    """Markdown with the --help of `trackrecord` and of each of its commands."""
    from trackrecord.cli.main import cli

    parts = [
        "# Command-line reference\n",
        "Generated from `--help` by `python scripts/make_cli_docs.py`; "
        "`tests/test_docs.py` fails when it is out of date.\n",
        "```text\n" + _help() + "\n```\n",
    ]
    for name in sorted(cli.commands):
        parts.append(f"## `trackrecord {name}`\n")
        parts.append("```text\n" + _help(name) + "\n```\n")
    return "\n".join(parts)
