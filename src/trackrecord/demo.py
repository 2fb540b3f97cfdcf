"""The demo: the whole loop on the bundled example corpus, in a fresh store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trackrecord.batch import ExtractReport, IngestReport, extract_pending, ingest_paths
from trackrecord.errors import UsageError
from trackrecord.store import Store, open_store

DEFAULT_DEMO_DB = "trackrecord-demo.db"


def demo_corpus() -> Path:
    """The bundled corpus (``examples/corpus`` in a source checkout).

    Raises:
        UsageError: trackrecord was installed without its source tree.
    """
    corpus = Path(__file__).resolve().parents[2] / "examples" / "corpus"
    if not corpus.is_dir():
        raise UsageError(
            "the demo corpus (examples/corpus) is not here: it ships with the source checkout, "
            "not the package; pass --corpus DIR with articles of your own"
        )
    return corpus


@dataclass(frozen=True, slots=True)
class DemoRun:
    """The store the demo filled and what ingest and extract reported."""

    store: Store
    ingest: IngestReport
    extract: ExtractReport


def fresh_store(db: str, *, owned: bool) -> Store:
    """Open `db` for the demo: recreate the demo's own file, refuse to touch a store in use.

    Args:
        db: path or URL.
        owned: the path is the demo's default file, so it may be deleted and made anew.
    """
    if owned:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    store = open_store(db)
    if store.count_articles():
        store.close()
        raise UsageError(
            f"{db} already holds articles; the demo runs in a fresh store: "
            f"give --db a new file, or leave --db out"
        )
    return store


def run_demo(
    db: str = DEFAULT_DEMO_DB, corpus: Path | None = None, *, owned: bool = True
) -> DemoRun:
    """Ingest the corpus into a fresh store at `db` and extract its judgments."""
    corpus = corpus or demo_corpus()
    store = fresh_store(db, owned=owned)
    ingested = ingest_paths(store, [str(corpus)])
    extracted = extract_pending(store, workers=1)
    return DemoRun(store=store, ingest=ingested, extract=extracted)
