"""Web app speed under load: the article page and the leaderboard beside a static file of the
same size, served by the same uvicorn process; writes the ``<!-- web -->`` section of
docs/benchmarks.md (the other scripts' sections stay).

Run from the repository root, with ../shared/data beside it and wrk installed (Debian: ``apt-get
install wrk``):

    python benchmarks/web.py [--repeat 5] [--seconds 10] [--store FILE]

- The store: the 2,225 BBC articles ingested and extracted into a fresh SQLite file (``--store``
  keeps it, so a second run starts at once). To give the leaderboard something to rank, 200
  questions are each linked to ten of the corpus's forecasts and resolved by a seeded coin:
  the links are made up, the judgments and the scoring are real.
- The server: ``create_app`` on that store under uvicorn in a subprocess on loopback, access log
  off; the same app also serves, under ``/bench-static/``, a file as large as the article page.
- The load: wrk, 16 connections, for ``--seconds`` per URL, the three URLs in turn, ``--repeat``
  times; the figures are medians over the runs. Goal: the article page at least half the static
  file's requests per second, p99 under 100 ms, no errors.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
BBC = DATA / "bbc-news-greene2006" / "bbc.zip"
OUT = REPO / "docs" / "benchmarks.md"
START, END = "<!-- web -->", "<!-- /web -->"
CONNECTIONS = 16

SERVER = """
import sys
import uvicorn
from fastapi.staticfiles import StaticFiles
from trackrecord.web.app import create_app

db, static, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
app = create_app(db, secret="benchmark-secret-0123456789abcdef")
app.mount("/bench-static", StaticFiles(directory=static), name="bench-static")
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
"""


def build_store(path: Path) -> dict[str, int]:
    """Ingest and extract the BBC corpus into `path`, then link and resolve the questions."""
    from trackrecord.batch import extract_pending, ingest_paths
    from trackrecord.questions import create_question, resolve_question
    from trackrecord.store import JudgmentFilter, open_store

    with zipfile.ZipFile(BBC) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".txt"))
        lines = [x for x in archive.read(name).decode("utf-8").splitlines() if x.strip()]
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "bbc.jsonl"
        records.write_text(
            "".join(json.dumps({"text": t, "outlet": "BBC News"}) + "\n" for t in lines),
            encoding="utf-8",
        )
        with open_store(path) as store:
            ingest_paths(store, [str(records)])
            extract_pending(store, workers=2)
            forecasts = [
                j.id
                for j in store.iter_judgments(JudgmentFilter(kind="forecast"))
                if j.probability is not None and j.id is not None
            ]
            coin = random.Random(2006)
            coin.shuffle(forecasts)
            for n in range(200):
                question = create_question(
                    store,
                    f"Benchmark question {n}",
                    criteria="Resolved by a seeded coin for the benchmark.",
                    closes=date(2006, 1, 1),
                )
                for judgment_id in forecasts[n * 10 : n * 10 + 10]:
                    store.link(question, judgment_id, linked_by="benchmark")
                resolve_question(
                    store,
                    question,
                    coin.choice(("yes", "no")),
                    on=date(2006, 1, 1),
                    evidence="benchmark",
                )
    return describe(path)


def describe(path: Path) -> dict[str, int]:
    """Counts of what the store holds, and the article with the most judgments."""
    from trackrecord.store import open_store

    with open_store(path) as store:
        busiest = max(store.list_articles(), key=lambda a: a.judgments)
        return {
            "articles": store.count_articles(),
            "judgments": store.count_judgments(),
            "links": len(store.table_rows("question_links")),
            "article_id": busiest.id,
            "article_judgments": busiest.judgments,
        }


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, seconds: float = 30) -> None:
    """Poll `url` until it answers 200."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    assert found, text
    return float(found.group(1)) * _UNITS[found.group(2)]


def wrk(url: str, seconds: int) -> dict[str, float]:
    """One wrk run at `CONNECTIONS` connections: requests/s, p50 and p99 (ms), errors."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = 0.0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"Socket errors: (.*)"):
        found = re.search(pattern, out)
        if found:
            errors += sum(int(n) for n in re.findall(r"\d+", found.group(1)))
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def measure(store: Path, repeat: int, seconds: int) -> dict[str, object]:
    """Start the server, then load the three URLs in turn `repeat` times (after a warm-up)."""
    facts = describe(store)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as static:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(store), static, str(port)],
            stdout=subprocess.DEVNULL,
        )
        try:
            wait_for(f"{base}/articles")
            article_url = f"{base}/articles/{facts['article_id']}"
            with urllib.request.urlopen(article_url) as answer:
                size = len(answer.read())
            (Path(static) / "page.html").write_bytes(b"x" * size)
            urls = {
                "static file": f"{base}/bench-static/page.html",
                "article page": article_url,
                "leaderboard": f"{base}/leaderboard?by=holder",
            }
            with urllib.request.urlopen(urls["leaderboard"]) as answer:
                leaderboard_size = len(answer.read())
            for url in urls.values():
                wrk(url, 2)  # warm-up
            runs: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
            for _ in range(repeat):
                for name, url in urls.items():
                    runs[name].append(wrk(url, seconds))
                    print(name, runs[name][-1], flush=True)
        finally:
            server.terminate()
            server.wait(timeout=20)
    medians = {
        name: {key: statistics.median(r[key] for r in results) for key in ("rps", "p50", "p99")}
        | {"errors": sum(r["errors"] for r in results)}
        for name, results in runs.items()
    }
    return {
        **facts,
        "page_bytes": size,
        "leaderboard_bytes": leaderboard_size,
        "results": medians,
    }


def write_section(result: dict[str, object], repeat: int, seconds: int, command: str) -> str:
    """The ``<!-- web -->`` section of docs/benchmarks.md."""
    results: dict[str, dict[str, float]] = result["results"]  # type: ignore[assignment]
    static = results["static file"]["rps"]
    article = results["article page"]
    lines = [
        START,
        "## Web app under load",
        "",
        f"Produced by `{command}` on {platform.machine()}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}: wrk, {CONNECTIONS} connections on loopback, "
        f"{seconds} s per URL, median of {repeat} runs made in turn. One uvicorn process "
        f"serves a store of the BBC corpus ({result['articles']:,} articles: the 2,225 texts "
        f"less duplicates; "
        f"{result['judgments']:,} judgments; {result['links']:,} links to 200 resolved "
        "questions, made up for the benchmark). The article page is the article with the "
        f"most judgments ({result['article_judgments']}, {result['page_bytes']:,} bytes); the "
        "static file is a file of the same size served by the same app (Starlette "
        f"`StaticFiles`); the leaderboard ({result['leaderboard_bytes']:,} bytes, by holder) "
        "shows scores under all six yardsticks, computed once per change of the links or "
        "resolutions and then kept; article bodies are kept per article and yardstick while "
        "the article's judgments and links stay the same (one small query checks).",
        "",
        "| URL | requests/s | p50 (ms) | p99 (ms) | errors |",
        "|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']:.0f} |"
        )
    lines += [
        "",
        f"**Article page / static file throughput: {article['rps'] / static:.2f}** (goal ≥ "
        f"0.5); article page p99 {article['p99']:.1f} ms (goal < 100 ms).",
        END,
        "",
    ]
    return "\n".join(lines)


def replace_section(text: str, section: str) -> str:
    """`text` with its ``<!-- web -->`` section replaced by `section` (appended if absent)."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: section, text)
    return text.rstrip("\n") + "\n\n" + section


def main() -> int:
    """Build (or reuse) the store, measure, and write the web section of docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--store", type=Path, default=None, help="keep the store in this file")
    parser.add_argument("--no-write", action="store_true", help="print, do not write the docs")
    args = parser.parse_args()
    if not BBC.exists():
        print(f"benchmarks need ../shared/data beside the project ({BBC} is missing)")
        return 2
    if shutil.which("wrk") is None:
        print("this benchmark needs the wrk load generator (Debian: apt-get install wrk)")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        store = args.store or Path(folder) / "bbc.db"
        if not store.exists():
            started = time.perf_counter()
            print("built", build_store(store), f"{time.perf_counter() - started:.0f} s")
        result = measure(store, args.repeat, args.seconds)
    print(json.dumps(result, indent=2))
    if not args.no_write:
        command = "python benchmarks/web.py" + (
            f" --repeat {args.repeat}" if args.repeat != 5 else ""
        )
        section = write_section(result, args.repeat, args.seconds, command)
        OUT.write_text(replace_section(OUT.read_text(encoding="utf-8"), section), "utf-8")
        print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
