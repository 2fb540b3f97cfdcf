"""Headless Chromium for the browser tests: found at /usr/bin/chromium (Debian's), launched once
per test module; a module skips without it, unless CI requires it
(``TRACKRECORD_CI_REQUIRE`` contains ``chromium``), where a missing browser fails. The server
they drive is `tests.web.conftest.serve`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    pass

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# Read at import, before tests/conftest.py's autouse fixture clears TRACKRECORD_* variables.
REQUIRED = "chromium" in os.environ.get("TRACKRECORD_CI_REQUIRE", "")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        return f"Chromium is not installed ({CHROMIUM}); apt-get install chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed: pip install 'trackrecord[test]'"
    return None


def need_browser() -> None:
    """Skip (or, when CI requires Chromium, fail) the calling test without a browser."""
    reason = missing_browser()
    if reason is None:
        return
    if REQUIRED:
        pytest.fail(f"TRACKRECORD_CI_REQUIRE asks for chromium: {reason}")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A launched headless Chromium (a Playwright ``Browser``)."""
    from playwright.sync_api import sync_playwright

    executable = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
