"""Article search on both dialects: words, filters, paging, and hostile query text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from trackrecord.errors import UsageError
from trackrecord.models import Article
from trackrecord.store import Store
from trackrecord.store.search import fts5_query, pg_tsquery, search_terms

ARTICLES = [
    Article(
        text="North Korean troops are unlikely to fight in Ukraine, officials said.",
        title="Troops and the front",
        author="Ann Lee",
        outlet="Example Times",
        published_at=datetime(2024, 11, 1, 9, tzinfo=UTC),
    ),
    Article(
        text="The central bank will probably raise rates; markets expect a rise in March.",
        title="Rates outlook",
        author="Bo Chan",
        outlet="Money Daily",
        published_at=datetime(2024, 12, 5, 23, 30, tzinfo=UTC),
    ),
    Article(
        text="Crème brûlée sales are almost certain to rise, a café owner said of Korea.",
        title="Desserts",
        author="ann lee",
        outlet="Example Times",
        published_at=None,
    ),
]

HOSTILE = [
    '"',
    '""',
    "*",
    "NEAR(",
    "NEAR(a b",
    "' OR 1=1 --",
    "AND",
    "OR",
    "NOT",
    "korea AND",
    "(korea",
    "korea)",
    "))((",
    "title:korea",
    "-korea",
    "^korea",
    "korea*",
    "%",
    "_",
    "\\",
    ";DROP TABLE articles;--",
    "",
    "   ",
    "'",
    "{korea}",
    "korea NEAR/3 troops",
    "@@",
    "!",
    "&|",
    ":*",
    "\u0000",
    "a" * 5000,
]


@pytest.fixture
def filled(store: Store) -> Store:
    for article in ARTICLES:
        store.add_article(article)
    return store


def titles(found: list) -> list[str | None]:  # type: ignore[type-arg]
    return [a.title for a in found]


def test_words_find_articles_in_text_title_author_and_outlet(filled: Store) -> None:
    found, total = filled.search_articles("troops ukraine")
    assert titles(found) == ["Troops and the front"] and total == 1
    assert titles(filled.search_articles("outlook")[0]) == ["Rates outlook"]
    assert titles(filled.search_articles("Chan")[0]) == ["Rates outlook"]
    assert titles(filled.search_articles("money")[0]) == ["Rates outlook"]
    # every word must occur
    assert filled.search_articles("troops rates") == ([], 0)


def test_no_query_lists_everything_newest_first_with_undated_last(filled: Store) -> None:
    found, total = filled.search_articles(None)
    assert total == 3
    assert titles(found) == ["Rates outlook", "Troops and the front", "Desserts"]
    assert filled.search_articles("   ")[1] == 3


def test_filters_dates_and_paging(filled: Store) -> None:
    assert titles(filled.search_articles(None, outlet="example times")[0]) == [
        "Troops and the front",
        "Desserts",
    ]
    # the last word is a prefix: "korea" finds "Korean" too
    assert sorted(titles(filled.search_articles("korea", author="ANN LEE")[0])) == [
        "Desserts",
        "Troops and the front",
    ]
    # until is inclusive of its whole (UTC) day
    assert titles(filled.search_articles(None, until=date(2024, 12, 5))[0]) == [
        "Rates outlook",
        "Troops and the front",
    ]
    assert titles(filled.search_articles(None, since=date(2024, 12, 6))[0]) == []
    assert titles(filled.search_articles(None, since=date(2024, 11, 2))[0]) == ["Rates outlook"]
    page, total = filled.search_articles(None, limit=1, offset=1)
    assert titles(page) == ["Troops and the front"] and total == 3
    assert filled.search_articles(None, offset=10) == ([], 3)


def test_case_is_ignored_and_the_last_word_is_a_prefix(filled: Store) -> None:
    assert titles(filled.search_articles("CRÈME Brûlée")[0]) == ["Desserts"]
    assert titles(filled.search_articles("desse")[0]) == ["Desserts"]
    if filled.engine.dialect.name == "sqlite":  # PostgreSQL would need the unaccent extension
        assert titles(filled.search_articles("creme brulee")[0]) == ["Desserts"]


def test_counts_of_judgments_come_with_each_article(filled: Store) -> None:
    found, _ = filled.search_articles("rates")
    assert found[0].judgments == 0 and found[0].extracted is False


def test_search_index_follows_updates_and_deletes(filled: Store) -> None:
    from sqlalchemy import delete, update

    from trackrecord.store.schema import articles

    with filled.engine.begin() as connection:
        connection.execute(
            update(articles).where(articles.c.title == "Desserts").values(title="Pastry news")
        )
        connection.execute(delete(articles).where(articles.c.title == "Rates outlook"))
    assert titles(filled.search_articles("pastry")[0]) == ["Pastry news"]
    assert filled.search_articles("desserts") == ([], 0)
    assert filled.search_articles("outlook") == ([], 0)


@pytest.mark.parametrize("query", HOSTILE)
def test_query_syntax_is_only_ever_text(filled: Store, query: str) -> None:
    found, total = filled.search_articles(query)
    assert total == len(found) <= 3
    assert filled.count_articles() == 3


def test_quoting_keeps_operators_as_words(filled: Store) -> None:
    # "OR" is a word here, not an operator: no article has both words
    assert filled.search_articles("troops OR rates")[1] == 0
    assert titles(filled.search_articles("rates NEAR(")[0]) == []
    assert search_terms('a "b" NEAR(c* d)') == ["a", "b", "NEAR", "c", "d"]
    assert fts5_query(["a", "NEAR"]) == '"a" "NEAR"*'
    assert pg_tsquery(["a", "NEAR"]) == "'a' & 'NEAR':*"


def test_bad_paging_and_dates_are_usage_errors(filled: Store) -> None:
    with pytest.raises(UsageError, match="limit"):
        filled.search_articles(None, limit=0)
    with pytest.raises(UsageError, match="offset"):
        filled.search_articles(None, offset=-1)
    with pytest.raises(UsageError, match="after until"):
        filled.search_articles(None, since=date(2025, 1, 2), until=date(2025, 1, 1))
