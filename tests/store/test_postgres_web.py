"""The web app and its API on a PostgreSQL store give what they give on SQLite.

The web tests in tests/web run on SQLite copies of one corpus store; this runs the read API,
the pages, search (FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL) and user accounts on
both backends.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import CORPUS
from trackrecord.batch import extract_pending, ingest_paths
from trackrecord.store import open_store
from trackrecord.web.app import create_app

with warnings.catch_warnings():
    # As in tests/web/conftest.py: starlette would rather use httpx2, and works with httpx.
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*")
    from fastapi.testclient import TestClient

SECRET = "test-session-secret-0123456789"
READS = [
    "/api/articles",
    "/api/articles?q=North+Korean+troops",
    "/api/articles?q=troop",  # a prefix of the last word
    "/api/articles?q=%27+OR+1%3D1+--",
    "/api/articles?outlet=BBC+News",
    "/api/articles?since=2019-11-20&until=2019-11-20",
    "/api/articles/1",
    "/api/judgments?kind=forecast&limit=500",
    "/api/judgments?min=0.6&limit=500",
    "/api/questions",
]


@contextmanager
def _client(db: str) -> Iterator[TestClient]:
    """The web app on a new store at `db` holding the example corpus, ingested and extracted."""
    with open_store(db) as store:
        assert ingest_paths(store, [str(CORPUS)]).new == 5
        assert not extract_pending(store, workers=1).failed
    app = create_app(db, secret=SECRET)
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def _reads(client: TestClient) -> dict[str, Any]:
    answers = {}
    for path in READS:
        response = client.get(path)
        assert response.status_code == 200, (path, response.text)
        answers[path] = response.json()
    return answers


def test_the_api_reads_the_same_on_sqlite_and_postgresql(postgres_url: str, tmp_path: Path) -> None:
    with _client(str(tmp_path / "web.db")) as client:
        on_sqlite = _reads(client)
    with _client(postgres_url) as client:
        on_postgresql = _reads(client)
    assert on_sqlite["/api/articles"]["total"] == 5
    (korea,) = on_sqlite["/api/articles?q=North+Korean+troops"]["items"]
    assert "North Korean troops" in korea["title"]
    assert on_sqlite["/api/articles?q=troop"]["total"] >= 1
    assert on_sqlite["/api/articles?q=%27+OR+1%3D1+--"]["total"] == 0
    assert on_sqlite["/api/articles?outlet=BBC+News"]["total"] == 2
    assert on_sqlite["/api/articles?since=2019-11-20&until=2019-11-20"]["total"] == 1
    assert len(on_sqlite["/api/judgments?kind=forecast&limit=500"]["items"]) > 5
    for path in READS:
        assert on_postgresql[path] == on_sqlite[path], path


def test_pages_render_on_each_backend(db_url: str) -> None:
    with _client(db_url) as client:
        for path in ("/", "/articles", "/articles?q=troops", "/articles/1", "/judgments"):
            response = client.get(path)
            assert response.status_code == 200, (path, response.text[:500])
            assert "<html" in response.text.lower()
