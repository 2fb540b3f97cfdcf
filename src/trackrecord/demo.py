"""The demo: the whole loop on the bundled example corpus, in a fresh store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from trackrecord.batch import ExtractReport, IngestReport, extract_pending, ingest_paths
from trackrecord.errors import UsageError
from trackrecord.models import Judgment
from trackrecord.questions import create_question, resolve_question
from trackrecord.store import JudgmentFilter, Store, open_store

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
    """The store the demo filled, what ingest and extract reported, and the demo question."""

    store: Store
    ingest: IngestReport
    extract: ExtractReport
    question: DemoQuestion


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
    question = add_demo_question(store)
    return DemoRun(store=store, ingest=ingested, extract=extracted, question=question)


DEMO_QUESTION = (
    "Will North Korean military personnel take part in combat against Ukrainian forces "
    "on Russia's side before 2025-01-01?"
)
DEMO_CRITERIA = (
    "Resolves YES if, between the question's creation and 2024-12-31, North Korean military "
    "personnel (soldiers or officers of the Korean People's Army, in units or attached to "
    "Russian units) take part in combat against Ukrainian forces on Russia's side, as stated by "
    "the government of the United States, Ukraine or South Korea, or reported by at least two "
    "major news organisations. Taking part in combat means firing on, being fired on by, or "
    "being deployed to the line of contact against Ukrainian forces; labourers, engineers "
    "behind the lines, weapons and ammunition deliveries, and training alone do not count. "
    "Fighting on Russian territory (such as the Kursk region) counts as much as fighting in "
    "Ukraine. Resolves NO otherwise."
)
DEMO_EVIDENCE = (
    "On 12 November 2024 the United States government (State Department spokesman) said that "
    "North Korean soldiers had begun combat operations alongside Russian forces in the Kursk "
    "region, against Ukrainian forces."
)
DEMO_RESOLVED_ON = date(2024, 11, 12)


def is_about_north_korean_troops(judgment: Judgment) -> bool:
    """The demo's linking rule: a forecast whose proposition is about North Korean troops.

    Stored judgments qualify when they are forecasts, their entities (or proposition) name North
    Korea, and their proposition mentions troops.
    """
    proposition = judgment.proposition.casefold()
    names_korea = "North Korea" in judgment.entities or "north korea" in proposition
    return judgment.kind == "forecast" and names_korea and "troops" in proposition


@dataclass(frozen=True, slots=True)
class DemoQuestion:
    """The question the demo creates and resolves, and the judgments it linked."""

    question_id: int
    linked: tuple[int, ...]


def add_demo_question(store: Store) -> DemoQuestion:
    """Create the demo's question, resolve it YES on 2024-11-12, link the matching judgments."""
    question_id = create_question(
        store,
        DEMO_QUESTION,
        criteria=DEMO_CRITERIA,
        closes=date(2025, 1, 1),
        fine_print="Resolution date: the first public statement by a government named above.",
        tags=("north-korea", "russia-ukraine-war"),
    )
    linked = []
    for judgment in store.iter_judgments(JudgmentFilter()):
        if judgment.id is not None and is_about_north_korean_troops(judgment):
            linked.append(judgment.id)
    for judgment_id in linked:
        store.link(question_id, judgment_id, linked_by="demo")
    resolve_question(
        store,
        question_id,
        "yes",
        on=DEMO_RESOLVED_ON,
        evidence=DEMO_EVIDENCE,
        resolved_by="demo",
    )
    return DemoQuestion(question_id=question_id, linked=tuple(linked))
