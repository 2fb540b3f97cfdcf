"""Store behaviour the question loop relies on: stable judgment ids across re-extraction."""

from __future__ import annotations

from datetime import date, datetime

from tests.questions.test_question_cli import CLAIM, HIGH, LOW
from trackrecord.models import Article, Question, Resolution
from trackrecord.questions import compute_scores, create_question, resolve_question
from trackrecord.questions.scores import linked_forecast, outcome_value
from trackrecord.scoring import score_groups
from trackrecord.store import Store
from trackrecord.store.questions import ImportedForecast


def _article(store: Store) -> int:
    article_id, _ = store.add_article(Article(text="y" * 200, published_at=datetime(2023, 1, 1)))
    return article_id


def test_re_extracting_keeps_the_ids_and_links_of_unchanged_judgments(store: Store) -> None:
    article_id = _article(store)
    store.save_judgments(article_id, [LOW, HIGH], "v1")
    low_id, high_id = (j.id for j in store.list_judgments())
    qid = create_question(store, "Q?", criteria="c", closes="2025-01-01")
    assert low_id is not None and high_id is not None
    store.link(qid, low_id)
    store.save_judgments(article_id, [LOW.replace(probability=0.1), HIGH], "v2")
    again = store.list_judgments()
    assert [j.id for j in again] == [low_id, high_id]
    assert again[0].probability == 0.1
    assert [link.judgment.id for link in store.linked_judgments(qid)] == [low_id]


def test_a_linked_judgment_the_extractor_no_longer_finds_is_kept(store: Store) -> None:
    article_id = _article(store)
    store.save_judgments(article_id, [LOW, HIGH], "v1")
    low_id, high_id = (j.id for j in store.list_judgments())
    qid = create_question(store, "Q?", criteria="c", closes="2025-01-01")
    assert low_id is not None
    store.link(qid, low_id)
    store.save_judgments(article_id, [HIGH], "v2")
    assert [j.id for j in store.list_judgments()] == [low_id, high_id]
    store.save_judgments(article_id, [], "v3")
    assert [j.id for j in store.list_judgments()] == [low_id]
    assert len(store.linked_judgments(qid)) == 1


def test_publication_times_of_links_are_datetimes(store: Store) -> None:
    article_id = _article(store)
    store.save_judgments(article_id, [LOW], "v1")
    (low,) = store.list_judgments()
    assert low.id is not None
    qid = create_question(store, "Q?", criteria="c", closes="2025-01-01")
    store.link(qid, low.id)
    assert store.link_publication_times(qid) == [(low.id, datetime(2023, 1, 1))]


def test_suggestion_candidates_leave_out_claims_and_linked_judgments(store: Store) -> None:
    article_id = _article(store)
    store.save_judgments(article_id, [LOW, HIGH, CLAIM], "v1")
    low_id, high_id = (j.id for j in store.list_judgments() if j.kind != "claim")
    assert low_id is not None
    qid = create_question(store, "Q?", criteria="c", closes="2025-01-01")
    store.link(qid, low_id)
    assert [j.id for j in store.suggestion_candidates(qid)] == [high_id]


def test_a_linked_forecast_follows_the_link_and_only_yes_or_no_is_scored() -> None:
    assert linked_forecast(0.2, "same") == 0.2
    assert linked_forecast(0.2, "opposite") == 0.8
    assert linked_forecast(None, "opposite") is None
    assert [outcome_value(o) for o in ("yes", "no", "annulled", "ambiguous")] == [1, 0, None, None]


def test_imported_and_extracted_links_are_scored_together_in_link_order(store: Store) -> None:
    # One article judgment (re-mapped per yardstick) between imported forecasts (fixed numbers),
    # one of them opposite-linked, one late and one on an annulled question.
    article_id = _article(store)
    store.save_judgments(article_id, [LOW], "v1")
    (low,) = store.list_judgments()
    assert low.id is not None
    closes = datetime(2024, 1, 1)
    batch = [
        (Question(title=f"Q{i}?", closes_at=closes), Resolution(0, outcome, date(2023, 6, 1)))
        for i, outcome in enumerate(("yes", "no", "annulled"))
    ]
    early, late = datetime(2023, 2, 1), datetime(2023, 7, 1)
    forecasts = [
        ImportedForecast(0, "ann", 0.3, early),
        ImportedForecast(1, "ann", 0.35, early),
        ImportedForecast(1, "bob", 0.9, late),
        ImportedForecast(2, "bob", 0.5, early),
    ]
    store.import_questions(batch, forecasts, origin="test")
    extra = create_question(store, "Q3?", criteria="c", closes="2024-01-01")
    store.link(extra, low.id, opposite=True)
    resolve_question(store, extra, "no", on="2023-06-01", evidence="e")
    ids = [j.id for j in store.list_judgments() if j.holder == "ann"]
    store.link(2, ids[0], opposite=True)  # Q1, said of its negation
    for scale in ("reader", "kent1964"):
        report = compute_scores(store, by="question", scales=(scale,))
        p_low = compute_scores(store, by="question", scales=(scale,), group=str(extra))
        (mine,) = p_low.groups
        assert report.left_out == {"annulled_or_ambiguous": 1, "published_after_resolution": 1}
        expected = score_groups(
            ["1", "2", "2", str(extra)],
            scale,
            [0.3, 0.35, 0.7, mine.calibration[0].mean_forecast],
            [1, 0, 0, 0],
        )
        assert [s.to_dict() for s in report.groups] == [
            {**s.to_dict(), "left_out": r.left_out}
            for s, r in zip(expected, report.groups, strict=True)
        ]
