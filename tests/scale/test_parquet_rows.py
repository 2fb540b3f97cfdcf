"""A run's Parquet rows and the store's rows are made from one list of fields: nothing is
dropped or invented on the way from a judgment to Parquet and back."""

from __future__ import annotations

from trackrecord.extract import analyze
from trackrecord.models import Article
from trackrecord.scale.parquet import (
    ARTICLE_SCHEMA,
    JUDGMENT_SCHEMA,
    article_from,
    article_row,
    judgment_from,
    judgment_rows,
)


def test_a_judgment_survives_the_parquet_row_unchanged() -> None:
    found = analyze("Analysts said rates will likely rise by 2 percent next year.")
    assert found
    rows = judgment_rows("s", 0, found)
    assert all(set(row) == set(JUDGMENT_SCHEMA.names) for row in rows)
    assert [judgment_from(row) for row in rows] == found


def test_an_article_survives_the_parquet_row_unchanged() -> None:
    article = Article(text="Rates may rise.", title="T", author="A", outlet="O", url="u")
    row = article_row("s", 3, article, None)
    assert set(row) == set(ARTICLE_SCHEMA.names)
    assert article_from(row) == article
