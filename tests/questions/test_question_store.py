"""Store behaviour the question loop relies on: stable judgment ids across re-extraction."""

from __future__ import annotations

from datetime import datetime

from tests.questions.test_question_cli import HIGH, LOW
from trackrecord.models import Article
from trackrecord.questions import create_question
from trackrecord.store import Store


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
