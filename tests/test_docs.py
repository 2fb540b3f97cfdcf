"""The docs say what the code does: the CLI reference is current, every setting is documented."""

from __future__ import annotations

from dataclasses import fields

from tests.conftest import REPO
from trackrecord.cli.docs import cli_reference
from trackrecord.config import Settings


def test_cli_reference_is_current() -> None:
    on_disk = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert on_disk == cli_reference(), "docs/cli.md is stale: run `make docs`"


def test_every_command_is_in_the_reference() -> None:
    from trackrecord.cli.main import cli

    reference = cli_reference()
    for name in cli.commands:
        assert f"## `trackrecord {name}`" in reference


def test_every_setting_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for setting in fields(Settings):
        assert f"`{setting.name}`" in readme, setting.name
        assert "TRACKRECORD_" in readme


def test_the_readme_commands_are_the_makefile_targets_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
