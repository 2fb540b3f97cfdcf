"""``python -m trackrecord``: the same as the ``trackrecord`` command."""

from trackrecord.cli.main import entry_point

entry_point()
