"""Take the README's screenshots of the web app with headless Chromium (Playwright).

Runs the demo (the example corpus in a fresh store, the North Korea question linked and
resolved) in a temporary folder, serves it on loopback, and writes
``docs/screenshots/article.png`` (the example article with its judgments marked, one cue's card
shown) and ``docs/screenshots/leaderboard.png`` (scores by holder with the calibration chart).

    python scripts/screenshots.py [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "docs" / "screenshots"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def main() -> int:
    """Build the demo store, serve it, and write the two screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the browser to drive")
    args = parser.parse_args()
    import uvicorn
    from playwright.sync_api import sync_playwright

    from trackrecord.demo import run_demo
    from trackrecord.web.app import create_app

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "demo.db")
        demo = run_demo(db, owned=False)
        article_id = next(
            a.id for a in demo.store.list_articles() if a.title and "North Korean" in a.title
        )
        demo.store.close()
        app = create_app(db, secret="screenshots-secret-0123456789abcdef")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 860})
                page.goto(f"{base}/articles/{article_id}")
                page.locator("a.cue").first.hover()
                page.screenshot(path=str(OUT / "article.png"))
                page.goto(f"{base}/leaderboard?by=holder")
                page.screenshot(path=str(OUT / "leaderboard.png"), full_page=True)
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            app.state.store.close()
    for name in ("article.png", "leaderboard.png"):
        print(f"wrote {(OUT / name).relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
