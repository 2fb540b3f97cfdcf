"""The store on a real SQLite file: dedupe, atomic writes, schema versions, bad addresses."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from trackrecord.errors import NotFoundError, SchemaOutdatedError, StoreError
from trackrecord.models import Article, Judgment
from trackrecord.store import JudgmentFilter, Store, open_store
from trackrecord.store import migrate as migrations
from trackrecord.store.engine import make_engine, to_url
from trackrecord.store.schema import include_name, judgments, metadata

FORECAST = Judgment(
    kind="forecast",
    text="Prices will likely rise by 2026.",
    start=0,
    end=32,
    cue="likely",
    cue_start=12,
    cue_end=18,
    proposition="Prices will rise by 2026",
    negated=False,
    probability=0.7,
    probability_low=0.6,
    probability_high=0.75,
    scale="reader",
    holder="Deloitte",
    holder_type="named",
    timeframe_end=date(2026, 12, 31),
    entities=("United Kingdom", "Bank of England"),
)
CLAIM = Judgment(
    kind="claim",
    text="The ministry estimates more than 162,500 casualties.",
    start=33,
    end=86,
    cue="estimates",
    cue_start=46,
    cue_end=55,
    proposition="more than 162,500 casualties",
    holder="the ministry",
    holder_type="named",
    quantity=162500.0,
    quantity_qualifier="more_than",
    unit="casualties",
    source="the ministry",
    reporting_verb="estimates",
)


def test_new_store_is_a_wal_sqlite_file_with_the_design_tables(db_path: str) -> None:
    open_store(db_path).close()
    with sqlite3.connect(db_path) as plain:
        tables = {r[0] for r in plain.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        mode = plain.execute("PRAGMA journal_mode").fetchone()[0]
    assert {"articles", "judgments", "questions", "question_links", "resolutions"} <= tables
    assert mode == "wal"


def test_same_normalised_text_is_stored_once(store: Store) -> None:
    first = Article(text="It\u2019s likely.\n\nSecond  paragraph.", title="A", source_path="a.txt")
    again = Article(text="it's likely. second paragraph.", title="B", source_path="b.html")
    other = Article(text="It is likely.", title="C")
    assert store.add_article(first) == (1, True)
    assert store.add_article(again) == (1, False)
    assert store.add_article(other) == (2, True)
    assert store.count_articles() == 2
    assert store.get_article(1).title == "A"


def test_article_round_trip_keeps_metadata_and_converts_times_to_utc(store: Store) -> None:
    published = datetime(2024, 11, 12, 9, 30, tzinfo=timezone(timedelta(hours=-5)))
    article_id, _ = store.add_article(
        Article(
            text="Body.",
            title="T",
            author="Ann",
            outlet="Out",
            url="https://x.test/a",
            published_at=published,
            source_path="f.html",
            format="html",
        )
    )
    back = store.get_article(article_id)
    assert (back.title, back.author, back.outlet, back.url, back.format) == (
        "T",
        "Ann",
        "Out",
        "https://x.test/a",
        "html",
    )
    assert back.published_at == datetime(2024, 11, 12, 14, 30)


def test_judgments_round_trip_every_field(store: Store) -> None:
    article_id, _ = store.add_article(Article(text=FORECAST.text + " " + CLAIM.text))
    assert store.save_judgments(article_id, [FORECAST, CLAIM], "test-1") == 2
    back = store.list_judgments(JudgmentFilter(article_id=article_id))
    assert [j.replace(id=None, article_id=None) for j in back] == [FORECAST, CLAIM]
    assert all(j.article_id == article_id and j.id for j in back)
    assert store.pending_article_ids() == []
    assert store.pending_article_ids(force=True) == [article_id]


def test_judgment_filters(store: Store) -> None:
    article_id, _ = store.add_article(Article(text="x"))
    low = FORECAST.replace(probability=0.1, holder="Kim Yo Jong", kind="assessment")
    store.save_judgments(article_id, [FORECAST, low, CLAIM], "t")
    assert len(store.list_judgments(JudgmentFilter(kind="assessment"))) == 1
    assert [j.probability for j in store.list_judgments(JudgmentFilter(max_p=0.5))] == [0.1]
    assert [j.probability for j in store.list_judgments(JudgmentFilter(min_p=0.5))] == [0.7]
    assert [j.holder for j in store.list_judgments(JudgmentFilter(holder="KIM"))] == ["Kim Yo Jong"]
    assert len(store.list_judgments(JudgmentFilter(limit=2))) == 2


def test_a_failed_judgment_write_leaves_the_previous_set_untouched(store: Store) -> None:
    article_id, _ = store.add_article(Article(text="x"))
    store.save_judgments(article_id, [FORECAST], "v1")
    broken = FORECAST.replace(probability=1.5)  # violates the probability check constraint
    with pytest.raises(sa.exc.IntegrityError):
        store.save_judgments(article_id, [CLAIM, broken], "v2")
    assert store.list_judgments() == store.list_judgments(JudgmentFilter(article_id=article_id))
    assert [j.kind for j in store.list_judgments()] == ["forecast"]
    with store.engine.connect() as c:
        version = c.execute(sa.text("SELECT extractor_version FROM articles")).scalar()
    assert version == "v1"


def test_get_articles_reads_many_in_the_order_given(store: Store) -> None:
    for title in "ABC":
        store.add_article(Article(text=f"Text {title}.", title=title))
    assert [a.title for a in store.get_articles([3, 1, 2, 1])] == ["C", "A", "B", "A"]
    assert store.get_articles([]) == []
    with pytest.raises(NotFoundError, match="no article with id 42"):
        store.get_articles([1, 42])


def test_a_duplicate_text_is_skipped_in_the_same_transaction(store: Store) -> None:
    assert store.add_article(Article(text="Once.", title="A")) == (1, True)
    assert store.add_article(Article(text="once.", title="B")) == (1, False)
    assert store.add_article(Article(text="Twice.")) == (2, True)
    assert [a.title for a in store.get_articles([1, 2])] == ["A", None]


def test_re_extraction_keeps_when_a_judgment_was_first_stored(store: Store) -> None:
    article_id, _ = store.add_article(Article(text="x"))
    store.save_judgments(article_id, [FORECAST], "v1")
    first = datetime(2020, 1, 2, 3, 4, 5)
    with store.engine.begin() as c:
        c.execute(judgments.update().values(created_at=first))
    store.save_judgments(article_id, [FORECAST.replace(probability=0.8), CLAIM], "v2")
    columns = (judgments.c.kind, judgments.c.created_at, judgments.c.extractor_version)
    with store.engine.connect() as c:
        rows = c.execute(sa.select(*columns, judgments.c.probability)).all()
    by_kind = {kind: (created, version, p) for kind, created, version, p in rows}
    assert by_kind["forecast"] == (first, "v2", 0.8)
    assert by_kind["claim"][0] > first


def test_unknown_article(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no article with id 42"):
        store.get_article(42)
    with pytest.raises(NotFoundError):
        store.save_judgments(42, [], "v")


def test_migrations_build_exactly_the_declared_schema(db_path: str) -> None:
    engine = make_engine(to_url(db_path))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diff = compare_metadata(context, metadata)
    engine.dispose()
    assert diff == []


def test_older_schema_names_the_migrate_command_and_migrate_upgrades(db_path: str) -> None:
    engine = make_engine(to_url(db_path))
    migrations.upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(SchemaOutdatedError, match=f"trackrecord migrate --db {db_path}"):
        open_store(db_path)
    with open_store(db_path, upgrade=True) as upgraded:
        assert migrations.current_revision(upgraded.engine) == migrations.head_revision()


def test_every_migration_downgrades_and_upgrades_again(db_path: str) -> None:
    from alembic import command

    engine = make_engine(to_url(db_path))
    migrations.upgrade(engine)
    with engine.begin() as connection:
        command.downgrade(migrations.alembic_config(connection), "base")
    assert not migrations.has_tables(engine) or sa.inspect(engine).get_table_names() == [
        "alembic_version"
    ]
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()
    engine.dispose()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("", "empty"),
        ("nosuchdb://x/y", "no driver"),
        ("postgresql+nosuchdriver://localhost/db", "no driver"),
        ("sqlite:///no/such/folder/x.db", "cannot open store"),
        ("no/such/folder/x.db", "does not exist"),
    ],
)
def test_bad_store_addresses_say_what_is_wrong(address: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        open_store(address)


def test_a_folder_or_a_non_database_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        open_store(tmp_path)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        open_store(text_file)
    assert text_file.read_text().startswith("this is not a database")


def test_a_foreign_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as plain:
        plain.execute("CREATE TABLE mine (x)")
    with pytest.raises(StoreError, match="not a trackrecord store"):
        open_store(path)
    with sqlite3.connect(path) as plain:
        tables = [r[0] for r in plain.execute("SELECT name FROM sqlite_master")]
    assert tables == ["mine"]


def test_a_newer_schema_is_refused(db_path: str) -> None:
    open_store(db_path).close()
    with sqlite3.connect(db_path) as plain:
        plain.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="newer than this trackrecord knows"):
        open_store(db_path)
