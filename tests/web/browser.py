"""Headless Chromium for the browser tests: found at /usr/bin/chromium (Debian's), launched once
per test module; a module skips without it, unless CI requires it
(``TRACKRECORD_CI_REQUIRE`` contains ``chromium``), where a missing browser fails.

Also a uvicorn server for a module (the app in a background thread on a free loopback port).
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.web.conftest import free_port

if TYPE_CHECKING:
    from fastapi import FastAPI

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


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn in a background thread on a free loopback port: its base URL."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
