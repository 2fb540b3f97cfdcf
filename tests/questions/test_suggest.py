"""``question suggest``: judgments on the question's event rank first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from tests.conftest import CliResult
from tests.questions.test_question_cli import CLAIM, HIGH, LOW, _add
from trackrecord.models import Article, Question
from trackrecord.questions.suggest import content_words, rank_judgments
from trackrecord.store import open_store

Run = Callable[..., CliResult]

QUESTION = Question(
    title="Will North Korean troops fight for Russia in Ukraine before 2025?",
    criteria="North Korean soldiers take part in combat.",
    closes_at=datetime(2025, 1, 1),
    id=1,
)
OFF_TOPIC = LOW.replace(
    proposition="interest rates will fall to 4%", entities=("Bank of England",), id=4
)


def test_words_are_stemmed_and_stop_words_dropped() -> None:
    assert content_words("Will the troops fight?") == {"troop", "fight"}


def test_matching_propositions_rank_first_and_claims_never_show() -> None:
    late = HIGH.replace(id=2, timeframe_end=date(2027, 1, 1))
    ranked = rank_judgments(QUESTION, [OFF_TOPIC, late, LOW.replace(id=1), CLAIM.replace(id=3)])
    assert [s.judgment.id for s in ranked] == [1, 2]
    assert ranked[0].timeframe == 1.0 and ranked[1].timeframe == 0.0
    assert ranked[0].score > ranked[1].score


def test_suggest_from_the_cli_leaves_out_linked_judgments(run_cli: Run, db_url: str) -> None:
    db = db_url
    with open_store(db) as store:
        article_id, _ = store.add_article(Article(text="z" * 200))
        store.save_judgments(article_id, [LOW, HIGH, CLAIM], "t")
    qid = _add(run_cli, db)
    first = run_cli("question", "suggest", str(qid), "--db", db, "--format", "json")
    assert first.code == 0, first.err
    assert "judgment_id" in first.out and '"cue": "said"' not in first.out
    run_cli("link", str(qid), "1", "--db", db)
    second = run_cli("question", "suggest", str(qid), "--db", db, "--format", "json")
    assert '"judgment_id": 1,' not in second.out
