"""Speed and memory of trackrecord, each figure a ratio of two runs made side by side.

Writes docs/benchmarks.md. Run from the repository root, with ../shared/data beside it:

    python benchmarks/run.py [--repeat 5] [--scale-runs 1,4]

- HTML path: ingest (trafilatura inside) + extract + store writes over the 181 pages of the
  article-extraction benchmark, against bare ``trafilatura.extract`` on the same pages.
- Text path: words per second of ``analyze`` over the 2,225 BBC articles on one core, against
  spaCy's blank English tokenizer plus sentencizer on the same texts.
- Memory: peak RSS of ingesting and extracting the BBC corpus once and four times over (each
  copy varied so that nothing is a duplicate), each in a fresh process.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
PAGES = DATA / "article-extraction-benchmark" / "html"
BBC = DATA / "bbc-news-greene2006" / "bbc.zip"
OUT = REPO / "docs" / "benchmarks.md"


def bbc_texts() -> list[str]:
    """The 2,225 BBC articles, one string each."""
    with zipfile.ZipFile(BBC) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".txt"))
        lines = archive.read(name).decode("utf-8").splitlines()
    return [line for line in lines if line.strip()]


def timed(function: Callable[[], object]) -> float:
    """Seconds one call of `function` takes."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def side_by_side(*runs: Callable[[], object], repeat: int) -> list[list[float]]:
    """Alternate the runs `repeat` times (after one warm-up each), so noise hits all alike.

    Returns:
        For each run, its `repeat` times in seconds.
    """
    for run in runs:
        run()
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, spent in zip(runs, times, strict=True):
            spent.append(timed(run))
    return times


def ratio(ours: list[float], baseline: list[float]) -> float:
    """Median over runs of baseline time / our time: our throughput relative to the baseline."""
    return statistics.median(b / o for o, b in zip(ours, baseline, strict=True))


def html_path(repeat: int) -> dict[str, object]:
    """Ingest + extract + store over the benchmark pages vs bare trafilatura.extract."""
    import trafilatura

    from trackrecord.batch import extract_pending, ingest_paths
    from trackrecord.store import open_store

    pages = sorted(PAGES.glob("*.html.gz"))
    raw = [gzip.decompress(p.read_bytes()) for p in pages]
    counts: dict[str, int] = {}

    def baseline() -> None:
        for page in raw:
            trafilatura.extract(page)

    def with_metadata() -> None:
        # What ingest itself asks of trafilatura: the body tree plus title, author, date, site.
        for page in raw:
            trafilatura.bare_extraction(
                page,
                with_metadata=True,
                include_comments=False,
                include_images=False,
                include_tables=False,
            )

    def ours() -> None:
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "b.db") as store:
            ingested = ingest_paths(store, [str(PAGES)])
            extracted = extract_pending(store, workers=1)
            counts.update(articles=ingested.new, judgments=extracted.judgments)

    ours_t, base_t, meta_t = side_by_side(ours, baseline, with_metadata, repeat=repeat)
    return {
        "pages": len(raw),
        "ours_s": statistics.median(ours_t),
        "baseline_s": statistics.median(base_t),
        "metadata_s": statistics.median(meta_t),
        "ratio": ratio(ours_t, base_t),
        "ratio_metadata": ratio(ours_t, meta_t),
        **counts,
    }


def text_path(repeat: int) -> dict[str, object]:
    """Words per second of analyze vs spaCy blank tokenizer + sentencizer, one core."""
    import spacy

    from trackrecord.extract import analyze

    texts = bbc_texts()
    words = sum(len(t.split()) for t in texts)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    found = [0]

    def ours() -> None:
        found[0] = sum(len(analyze(t)) for t in texts)

    def baseline() -> None:
        for text in texts:
            nlp(text)

    ours_t, base_t = side_by_side(ours, baseline, repeat=repeat)
    return {
        "articles": len(texts),
        "words": words,
        "ours_wps": words / statistics.median(ours_t),
        "baseline_wps": words / statistics.median(base_t),
        "ratio": ratio(ours_t, base_t),
        "judgments": found[0],
    }


MEMORY_CHILD = """
import gc, json, sys, tempfile
from pathlib import Path
sys.path.insert(0, {repo!r})
from benchmarks.run import bbc_texts
from trackrecord.batch import extract_pending, ingest_paths
from trackrecord.extract import analyze
from trackrecord.store import open_store

def high_water_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")

copies = int(sys.argv[1])
texts = bbc_texts()
analyze(texts[0])  # load the pipeline before measuring
with tempfile.TemporaryDirectory() as tmp:
    corpus = Path(tmp) / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as out:
        for k in range(copies):
            for i, text in enumerate(texts):
                # vary each copy so that none is a duplicate of another
                out.write(json.dumps({{"text": f"Edition {{k}}, item {{i}}. " + text}}) + "\\n")
    del texts
    gc.collect()
    # Reset the peak-RSS mark, so that it measures ingest + extract, not the set-up above.
    Path("/proc/self/clear_refs").write_text("5")
    with open_store(Path(tmp) / "m.db") as store:
        ingested = ingest_paths(store, [str(corpus)])
        extracted = extract_pending(store, workers=1)
    peak = high_water_mib()
print(json.dumps({{"copies": copies, "articles": ingested.new, "peak_rss_mib": peak}}))
"""


def memory(copies: list[int]) -> list[dict[str, object]]:
    """Peak RSS of ingest + extract over the BBC corpus repeated, each in a fresh process."""
    script = MEMORY_CHILD.format(repo=str(REPO))
    rows = []
    for n in copies:
        done = subprocess.run(
            [sys.executable, "-c", script, str(n)], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def where_the_time_goes(html: dict[str, object]) -> str:
    """A sentence splitting the HTML path's gap to the baseline into its two parts."""
    base, meta, ours = (float(html[k]) for k in ("baseline_s", "metadata_s", "ours_s"))  # type: ignore[arg-type]
    return (
        f"Where the time goes: trafilatura's metadata pass (author, date through htmldate, site "
        f"name, categories), which `trafilatura.extract` skips by default, costs "
        f"{meta / base - 1:.0%} of the baseline's time; reading the files, building the text, "
        f"judgment extraction and the SQLite writes cost {(ours - meta) / base:.0%} more. "
        "Title, author, date and site are part of what ingest must store, so the metadata pass "
        "stays; what is left to win is in the second part."
    )


def write_report(
    html: dict[str, object],
    text: dict[str, object],
    mem: list[dict[str, object]],
    repeat: int,
    command: str,
) -> str:
    """Markdown for docs/benchmarks.md."""
    base = float(mem[0]["peak_rss_mib"])  # type: ignore[arg-type]
    lines = [
        "# Benchmarks",
        "",
        f"Produced by `{command}` on {platform.machine()}, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}. Each ratio is the median over {repeat} runs of ours and "
        "the baseline made alternately in one process (after one warm-up each); machines here "
        "are shared and noisy, so compare ratios, not seconds.",
        "",
        "## HTML path: ingest + extract vs trafilatura alone",
        "",
        f"{html['pages']} pages of the article-extraction benchmark; ours reads the gzipped "
        "files, extracts the text and metadata with trafilatura, stores each article in a "
        "SQLite file, extracts judgments and stores them; the baseline calls "
        "`trafilatura.extract` on the same (already decompressed) pages.",
        "",
        "| | seconds (median) | pages/s |",
        "|---|---|---|",
        f"| trafilatura.extract | {html['baseline_s']:.2f} | "
        f"{int(html['pages']) / float(html['baseline_s']):.1f} |",  # type: ignore[arg-type]
        f"| trafilatura.bare_extraction with metadata | {html['metadata_s']:.2f} | "
        f"{int(html['pages']) / float(html['metadata_s']):.1f} |",  # type: ignore[arg-type]
        f"| trackrecord ingest + extract | {html['ours_s']:.2f} | "
        f"{int(html['pages']) / float(html['ours_s']):.1f} |",  # type: ignore[arg-type]
        "",
        f"**Throughput ratio (ours / trafilatura): {html['ratio']:.2f}** (goal ≥ 0.85). "
        f"{html.get('articles')} articles stored, {html.get('judgments')} judgments. "
        f"Against trafilatura asked for the same metadata ingest stores (title, author, date, "
        f"site), the ratio is **{html['ratio_metadata']:.2f}**: that part is what judgment "
        "extraction and the store add to HTML parsing.",
        "",
        where_the_time_goes(html),
        "",
        "## Text path: analyze vs spaCy tokenizer + sentencizer",
        "",
        f"{text['articles']} BBC articles, {text['words']:,} words, one core.",
        "",
        "| | words/s (median) |",
        "|---|---|",
        f"| spacy.blank('en') + sentencizer | {float(text['baseline_wps']):,.0f} |",  # type: ignore[arg-type]
        f"| trackrecord.analyze | {float(text['ours_wps']):,.0f} |",  # type: ignore[arg-type]
        "",
        f"**Speed ratio (ours / spaCy): {text['ratio']:.2f}** (goal ≥ 1.0). "
        f"{text['judgments']} judgments found.",
        "",
        "## Memory: the corpus once and four times over",
        "",
        "Ingest + extract of the BBC corpus as one JSON Lines file, repeated with each copy "
        "varied (no duplicates), each size in a fresh process; the peak resident set size "
        "(VmHWM) of that process while it ingests and extracts, the mark reset after imports "
        "and set-up.",
        "",
        "| copies | articles | peak RSS (MiB) | vs 1× |",
        "|---|---|---|---|",
    ]
    for row in mem:
        rss = float(row["peak_rss_mib"])  # type: ignore[arg-type]
        lines.append(f"| {row['copies']} | {row['articles']} | {rss:.0f} | {rss / base:.2f} |")
    lines += ["", "Goal: the largest within 1.2× of the smallest (everything streams).", ""]
    return "\n".join(lines)


_SECTION = re.compile(r"(?s)\n<!-- (\w+) -->\n.*?<!-- /\1 -->\n?")


def kept_sections() -> str:
    """Sections that other scripts wrote between their own markers (``<!-- name -->`` to
    ``<!-- /name -->``), kept when this script rewrites its part of the file."""
    if not OUT.exists():
        return ""
    return "".join(m.group(0) for m in _SECTION.finditer(OUT.read_text(encoding="utf-8")))


def main() -> int:
    """Run every benchmark and write docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", default="1,4", help="corpus sizes for the memory run")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"benchmarks need ../shared/data beside the project ({DATA} is missing)")
        return 2
    command = "python benchmarks/run.py" + (f" --repeat {args.repeat}" if args.repeat != 5 else "")
    html = html_path(args.repeat)
    print("html", html, flush=True)
    text = text_path(args.repeat)
    print("text", text, flush=True)
    mem = memory([int(c) for c in args.copies.split(",")])
    print("memory", mem, flush=True)
    report = write_report(html, text, mem, args.repeat, command)
    OUT.write_text(report + kept_sections(), encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
