"""Write docs/cli.md from the CLI's own --help texts (a test checks that it is current).

Run: python scripts/make_cli_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from trackrecord.cli.docs import cli_reference

TARGET = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def main() -> int:
    """Regenerate the reference; print where it went."""
    TARGET.write_text(cli_reference(), encoding="utf-8")
    print(f"wrote {TARGET.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
