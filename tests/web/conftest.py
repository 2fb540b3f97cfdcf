"""Fixtures for the web app: a store holding the example corpus, the app on it, a test client,
a signed-in user, an API token, and a real uvicorn server on a loopback port.

The corpus store is built once per test session (ingested and extracted, as `trackrecord ingest`
and `trackrecord extract` do); each test gets its own copy of the file, so writes never leak
between tests.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi import FastAPI

from tests.conftest import CORPUS
from trackrecord.batch import extract_pending, ingest_paths
from trackrecord.store import Store, open_store
from trackrecord.web.app import create_app
from trackrecord.web.auth import create_token, hash_password

with warnings.catch_warnings():
    # starlette.testclient warns at import that it would rather use httpx2 than httpx; with
    # httpx it works as before.
    warnings.filterwarnings("ignore", message=".*starlette.testclient.*")
    from fastapi.testclient import TestClient

if TYPE_CHECKING:
    pass

SECRET = "test-session-secret-0123456789"
PASSWORD = "correct horse battery staple"
_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Credentials:
    """A user made for a test: name and password."""

    name: str
    password: str


@pytest.fixture(scope="session")
def corpus_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store with examples/corpus ingested and extracted (built once; do not write)."""
    path = tmp_path_factory.mktemp("web-corpus") / "corpus.db"
    with open_store(str(path)) as store:
        report = ingest_paths(store, [str(CORPUS)])
        assert report.new >= 5, report
        extracted = extract_pending(store, workers=1)
        assert not extracted.failed, extracted
    return path


@pytest.fixture
def web_store_path(corpus_store_file: Path, tmp_path: Path) -> str:
    """Path of this test's own copy of the corpus store (SQLite)."""
    target = tmp_path / "web.db"
    shutil.copyfile(corpus_store_file, target)
    return str(target)


@pytest.fixture
def app(web_store_path: str) -> Iterator[FastAPI]:
    """The web app on the test's corpus store, with a fixed session secret."""
    application = create_app(web_store_path, secret=SECRET)
    yield application
    application.state.store.close()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A test client for `app` (cookies kept between its requests)."""
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


@pytest.fixture
def app_store(app: FastAPI) -> Store:
    """The store the app serves (to check what requests did, or did not, change)."""
    opened: Store = app.state.store
    return opened


@pytest.fixture(scope="session")
def password_hash() -> str:
    """The argon2 hash of `PASSWORD`, made once: hashing is slow on purpose."""
    return hash_password(PASSWORD)


@pytest.fixture
def user(app: FastAPI, password_hash: str) -> Credentials:
    """A user in the app's store: name ``alice``, password `PASSWORD`."""
    app.state.store.add_user("alice", password_hash)
    return Credentials("alice", PASSWORD)


@pytest.fixture
def token(app: FastAPI, user: Credentials) -> str:
    """An API token of `user`."""
    return create_token(app.state.store, user.name, "tests")


@pytest.fixture
def auth_headers(token: str) -> dict[str, str]:
    """The ``Authorization`` header that carries `token`."""
    return {"Authorization": f"Bearer {token}"}


def form_csrf(html: str) -> str:
    """The CSRF token in the first form of a page."""
    found = _CSRF_FIELD.search(html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


def sign_in(client: TestClient, credentials: Credentials) -> str:
    """Sign `client` in through the login form; return the session's CSRF token."""
    page = client.get("/login")
    assert page.status_code == 200
    answer = client.post(
        "/login",
        data={
            "name": credentials.name,
            "password": credentials.password,
            "csrf_token": form_csrf(page.text),
            "next": "/articles",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return form_csrf(client.get("/login").text)


@pytest.fixture
def signed_in(client: TestClient, user: Credentials) -> str:
    """Sign `client` in as `user`; the value is the session's CSRF token for forms."""
    return sign_in(client, user)


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """`app` served by uvicorn in a background thread on a free loopback port: its base URL."""
    import uvicorn

    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live_server(app: FastAPI) -> Iterator[str]:
    """`app` served on a free loopback port for one test: its base URL."""
    with serve(app) as url:
        yield url
