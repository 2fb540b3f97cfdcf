"""Signing in and out, session cookies, the session secret, and the user/token/serve commands."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.conftest import CliResult
from tests.web.conftest import PASSWORD, Credentials, form_csrf, free_port, sign_in
from trackrecord.errors import UsageError
from trackrecord.store import Store, open_store
from trackrecord.web.app import create_app
from trackrecord.web.auth import (
    authenticate,
    create_token,
    create_user,
    secret_file,
    session_secret,
    token_digest,
    user_for_token,
)
from trackrecord.web.security import SESSION_COOKIE

Run = Callable[..., CliResult]
HTML = {"accept": "text/html"}


def test_sign_in_sets_an_httponly_samesite_cookie_and_shows_the_user(
    client: TestClient, user: Credentials
) -> None:
    page = client.get("/login?next=/questions")
    assert page.status_code == 200 and 'name="csrf_token"' in page.text
    answer = client.post(
        "/login",
        data={
            "name": user.name,
            "password": user.password,
            "csrf_token": form_csrf(page.text),
            "next": "/questions",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/questions"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http here; see the https test
    assert user.name in client.get("/articles").text


def test_the_cookie_is_secure_over_https(app: object, user: Credentials) -> None:
    with TestClient(app, base_url="https://testserver") as secure:  # type: ignore[arg-type]
        page = secure.get("/login")
        assert "Secure" in page.headers["set-cookie"]


def test_a_wrong_password_or_unknown_user_is_401_and_signs_nobody_in(
    client: TestClient, user: Credentials
) -> None:
    for name, password in ((user.name, "wrong password"), ("mallory", PASSWORD), ("", "")):
        page = client.get("/login")
        answer = client.post(
            "/login",
            data={"name": name, "password": password, "csrf_token": form_csrf(page.text)},
            follow_redirects=False,
        )
        assert answer.status_code == 401 and "Wrong name or password" in answer.text
    assert client.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 303


def test_the_login_form_needs_its_csrf_token(client: TestClient, user: Credentials) -> None:
    client.get("/login")
    answer = client.post(
        "/login",
        data={"name": user.name, "password": user.password, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert client.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_next_never_leaves_the_site(client: TestClient, user: Credentials, target: str) -> None:
    page = client.get("/login")
    answer = client.post(
        "/login",
        data={
            "name": user.name,
            "password": user.password,
            "csrf_token": form_csrf(page.text),
            "next": target,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_sign_in_renews_the_csrf_token_and_sign_out_ends_the_session(
    client: TestClient, user: Credentials
) -> None:
    before = form_csrf(client.get("/login").text)
    csrf = sign_in(client, user)
    assert csrf != before
    assert client.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 200
    refused = client.post("/logout", data={"csrf_token": before}, follow_redirects=False)
    assert refused.status_code == 403
    out = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303 and "Max-Age=0" in out.headers["set-cookie"]
    assert client.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 303


def test_a_visitor_is_sent_to_sign_in_and_back(client: TestClient) -> None:
    answer = client.get(
        "/questions/new?scale=ipcc", headers={"accept": "text/html"}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fquestions%2Fnew%3Fscale%3Dipcc"
    # Only signed-in users get a session cookie from the pages.
    assert "set-cookie" not in client.get("/articles").headers


def test_a_session_of_a_deleted_user_counts_as_signed_out(
    client: TestClient, user: Credentials, app_store: Store
) -> None:
    sign_in(client, user)
    from trackrecord.store.schema import users

    with app_store.engine.begin() as connection:
        connection.execute(users.delete())
    assert client.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 303


def test_a_cookie_signed_with_another_secret_is_ignored(
    web_store_path: str, user: Credentials, client: TestClient
) -> None:
    sign_in(client, user)
    cookie = client.cookies[SESSION_COOKIE]
    other = create_app(web_store_path, secret="another-secret-0123456789")
    with TestClient(other) as stranger:
        stranger.cookies.set(SESSION_COOKIE, cookie)
        assert (
            stranger.get("/questions/new", headers=HTML, follow_redirects=False).status_code == 303
        )
    other.state.store.close()


def test_passwords_and_tokens_are_stored_hashed(app_store: Store, user: Credentials) -> None:
    found = app_store.password_hash(user.name)
    assert found is not None and found[1].startswith("$argon2id$") and PASSWORD not in found[1]
    token = create_token(app_store, user.name)
    assert len(token) >= 43
    from trackrecord.store.schema import api_tokens

    with app_store.engine.connect() as connection:
        stored = [row.token_hash for row in connection.execute(api_tokens.select())]
    assert stored == [token_digest(token)] and token not in stored
    assert user_for_token(app_store, token) == authenticate(app_store, user.name, PASSWORD)
    assert user_for_token(app_store, token + "x") is None
    assert authenticate(app_store, user.name, PASSWORD + "x") is None


def test_a_revoked_token_stops_working(
    client: TestClient, app_store: Store, token: str, auth_headers: dict[str, str]
) -> None:
    assert client.get("/api/me", headers=auth_headers).status_code == 200
    (info,) = app_store.list_tokens()
    app_store.revoke_token(info.id)
    assert client.get("/api/me", headers=auth_headers).status_code == 401


def test_the_session_secret_is_made_once_and_kept_outside_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.db"
    with open_store(str(path)) as store:
        store.setdefault_setting("session_secret", "kept-by-an-older-version-0123")
        first = session_secret(store)
        kept = tmp_path / "s.db.secret"
        assert kept.read_text().strip() == first and len(first) >= 32
        assert kept.stat().st_mode & 0o777 == 0o600
        assert store.get_setting("session_secret") is None  # out of the store, and its backups
        assert session_secret(store) == first
        assert session_secret(store, "given-secret-0123456789") == "given-secret-0123456789"
        monkeypatch.setenv("TRACKRECORD_SECRET", "from-the-environment-123")
        assert session_secret(store, host="0.0.0.0") == "from-the-environment-123"
        monkeypatch.delenv("TRACKRECORD_SECRET")
        with pytest.raises(Exception, match="too short"):
            session_secret(store, "short")
        for host in ("0.0.0.0", "192.0.2.7", "example.org", "::"):
            with pytest.raises(UsageError, match=f"--host {host} listens beyond"):
                session_secret(store, host=host)
        for host in ("localhost", "127.0.0.5", "::1", "[::1]"):
            assert session_secret(store, host=host) == first
        kept.chmod(0o644)
        with pytest.raises(UsageError, match="readable by others: chmod 600"):
            session_secret(store)


# -- the commands ---------------------------------------------------------------------------


def test_user_add_reads_the_password_and_token_create_prints_a_working_token(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    made = run_cli("user", "add", "bob", "--password-stdin", "--db", "w.db")
    assert made.code == 0 and "user bob created" in made.err
    listed = run_cli("user", "list", "--db", "w.db", "--format", "json")
    assert '"name": "bob"' in listed.out
    created = run_cli("token", "create", "bob", "--label", "script", "--db", "w.db")
    assert created.code == 0 and "not shown again" in created.err
    token = created.out.strip()
    with open_store(str(tmp_path / "w.db")) as store:
        owner = user_for_token(store, token)
        assert owner is not None and owner.name == "bob"
        assert authenticate(store, "bob", PASSWORD) == owner
    tokens = run_cli("token", "list", "--db", "w.db", "--format", "json")
    assert '"label": "script"' in tokens.out and token not in tokens.out
    revoked = run_cli("token", "revoke", "1", "--db", "w.db")
    assert revoked.code == 0
    with open_store(str(tmp_path / "w.db")) as store:
        assert user_for_token(store, token) is None


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("user", "add", "bad name"), PASSWORD, "bad user name 'bad name'"),
        (("user", "add", "-x"), PASSWORD, "No such option"),
        (("user", "add", "carol"), "short", "password too short"),
        (("user", "add", "carol"), "", "no password on standard input"),
        (("user", "add", "alice"), PASSWORD, "user 'alice' exists already"),
        (("token", "create", "nobody"), "", "no user 'nobody'"),
        (("token", "list", "nobody"), "", "no user 'nobody'"),
        (("token", "revoke", "42"), "", "no live API token with id 42"),
        (("token", "revoke", "0"), "", "0 is not in the range"),
        (("user", "password", "nobody"), PASSWORD, "no user 'nobody'"),
        (("serve", "--port", "70000"), "", "70000 is not in the range"),
        (("serve", "--scale", "vibes"), "", "unknown yardstick 'vibes'"),
        (("serve", "--secret", "short"), "", "session secret too short"),
        (("serve", "--host", "0.0.0.0"), "", "--host 0.0.0.0 listens beyond this machine"),
    ],
)
def test_bad_commands_exit_2_with_a_message_and_change_nothing(
    run_cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    password_hash: str,
    args: tuple[str, ...],
    stdin: str,
    message: str,
) -> None:
    with open_store(str(tmp_path / "w.db")) as store:
        store.add_user("alice", password_hash)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin + "\n" if stdin else ""))
    if "--password-stdin" not in args and args[:2] in (("user", "add"), ("user", "password")):
        args = (*args, "--password-stdin")
    result = run_cli(*args, "--db", "w.db")
    assert result.code == 2, result
    assert message in result.err
    with open_store(str(tmp_path / "w.db")) as store:
        assert [u.name for u in store.list_users()] == ["alice"]
        assert store.list_tokens() == []
        assert store.password_hash("alice") == (store.user_by_name("alice"), password_hash)


def test_user_password_changes_the_password(
    run_cli: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with open_store(str(tmp_path / "w.db")) as store:
        create_user(store, "alice", PASSWORD)
    monkeypatch.setattr(sys, "stdin", io.StringIO("a whole new password\n"))
    assert run_cli("user", "password", "alice", "--password-stdin", "--db", "w.db").code == 0
    with open_store(str(tmp_path / "w.db")) as store:
        assert authenticate(store, "alice", PASSWORD) is None
        assert authenticate(store, "alice", "a whole new password") is not None


def test_serve_answers_on_the_port_it_was_given(web_store_path: str, tmp_path: Path) -> None:
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "trackrecord",
            "serve",
            "--port",
            str(port),
            "--db",
            web_store_path,
            "--scale",
            "ipcc",
        ],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/judgments?limit=1", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "serve did not start"
                time.sleep(0.1)
        assert answer.status_code == 200 and answer.json()["scale"] == "ipcc"
        assert "default-src 'self'" in answer.headers["content-security-policy"]
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_users_tokens_and_settings_on_each_backend(
    store: Store, password_hash: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    alice = store.add_user("alice", password_hash)
    with pytest.raises(Exception, match="exists already"):
        store.add_user("alice", password_hash)
    assert store.user_by_name("alice") == alice == store.get_user(alice.id)
    assert store.get_user(alice.id + 1) is None
    token = create_token(store, "alice", "ci")
    assert user_for_token(store, token) == alice
    (info,) = store.list_tokens("alice")
    store.revoke_token(info.id)
    assert user_for_token(store, token) is None and store.list_tokens() == []
    with pytest.raises(Exception, match="no live API token"):
        store.revoke_token(info.id)
    secret = session_secret(store)
    assert secret_file(store).read_text().strip() == secret
    assert store.get_setting("session_secret") is None
    assert store.setdefault_setting("a-setting", "one") == "one"
    assert store.setdefault_setting("a-setting", "other") == "one"
    store.delete_setting("a-setting")
    assert store.get_setting("a-setting") is None
    assert authenticate(store, "alice", PASSWORD) == alice


def test_another_sites_cookie_on_the_same_host_does_not_sign_anyone_out(
    client: TestClient, user: Credentials
) -> None:
    # Cookies are shared across ports: another app's JSON-valued cookie must not hide ours
    client.cookies.set("pref", '{"a":1}')
    sign_in(client, user)
    assert user.name in client.get("/articles").text


def test_a_session_from_a_server_whose_clock_is_a_little_ahead_is_accepted() -> None:
    from trackrecord.web.security import SessionSigner

    signer = SessionSigner("s" * 32)
    issued = signer.dumps({"uid": 1}, now=1_000_030.0)
    assert signer.loads(issued, now=1_000_000.0) == {"uid": 1}
    assert signer.loads(signer.dumps({"uid": 1}, now=1_000_600.0), now=1_000_000.0) is None


def test_servers_starting_together_share_one_whole_secret(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from trackrecord.web.auth import _generated_secret

    path = tmp_path / "store.db.secret"
    with ThreadPoolExecutor(8) as pool:
        found = set(pool.map(lambda _: _generated_secret(path), range(16)))
    assert len(found) == 1 and len(found.pop()) >= 32
    assert [p.name for p in tmp_path.iterdir()] == ["store.db.secret"]  # no drafts left
