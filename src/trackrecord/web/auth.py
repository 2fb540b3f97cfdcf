"""Passwords, API tokens and the session secret.

- Passwords are hashed with argon2id (``argon2-cffi``'s `PasswordHasher`, memory-hard); the
  store holds only the hash.
- API tokens are 32 random bytes (``secrets.token_urlsafe(32)``), shown once when made; the store
  holds their SHA-256 digest, so a stolen store file gives no working token.
- The session secret signs session cookies. It comes from ``--secret`` or
  ``TRACKRECORD_SECRET``, which a server listening beyond loopback must be given. A loopback
  server without either generates one on first run and keeps it in a file readable by its owner
  only (mode 0600), never in the store (a copied backup must not let anyone sign sessions):
  ``<store file>.secret`` next to a SQLite store, else ``trackrecord/secrets/<digest of the
  store URL>`` in the user's config folder (``$XDG_CONFIG_HOME``, else ``~/.config``).
- A session names its user and a stamp of their password hash and session epoch: changing the
  password or signing out (which moves the epoch) ends every session of the user.
- Hashing and checking passwords is memory-hard on purpose (64 MiB each), so at most
  `HASH_SLOTS` run at once; after a failed sign-in, a name is not checked again for `BACKOFF`
  seconds per recent failure (up to `MAX_BACKOFF`): an attempt before then is refused at once
  (`TooSoon`), costing no hashing and holding no server thread.
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import secrets
import threading
import time
import unicodedata
from collections import OrderedDict
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from trackrecord.errors import TrackrecordError, UsageError
from trackrecord.store import Store
from trackrecord.store.users import User, check_user_name

__all__ = [
    "SECRET_ENV",
    "TooSoon",
    "User",
    "authenticate",
    "check_not_too_soon",
    "check_password",
    "create_token",
    "create_user",
    "hash_password",
    "is_loopback",
    "record_sign_in",
    "secret_file",
    "session_secret",
    "session_stamp",
    "token_digest",
    "user_for_token",
]

SECRET_ENV = "TRACKRECORD_SECRET"
SECRET_SETTING = "session_secret"
"""Where versions before 0.5 kept a generated secret in the store (removed at start)."""
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
HASH_SLOTS = 2
"""How many argon2 hashes or checks run at once (each takes 64 MiB)."""
BACKOFF = 0.5
"""Seconds a name waits per recent failed sign-in."""
MAX_BACKOFF = 5.0
"""The longest wait before a sign-in is checked."""

_hasher = PasswordHasher()
_slots = threading.BoundedSemaphore(HASH_SLOTS)
_failures: OrderedDict[str, tuple[int, float]] = OrderedDict()
_failures_lock = threading.Lock()
# Verified against when the user does not exist, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def check_password(password: str) -> str:
    """`password` if it is acceptable (8 to 1024 characters, none of them a control character).

    Raises:
        UsageError: saying what is wrong with it (never echoing it).
    """
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"password too short: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UsageError(f"password too long: use at most {MAX_PASSWORD} characters")
    # A control character cannot be typed into a sign-in form (and NUL is refused by the web
    # app outright): a password holding one could never be used.
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in password):
        raise UsageError(
            "password contains a control character or a lone surrogate, which cannot be typed "
            "in the sign-in form; choose another"
        )
    return password


def hash_password(password: str) -> str:
    """The argon2id hash of `password` (at most `HASH_SLOTS` hashes run at once)."""
    with _slots:
        return _hasher.hash(password)


def _verify(stored: str, password: str) -> bool:
    with _slots:
        try:
            return _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False


class TooSoon(TrackrecordError):
    """A sign-in attempt for a name that failed a moment ago: try again a little later."""

    http_status = 429


def check_not_too_soon(store: Store, name: str) -> None:
    """Refuse a sign-in as `name` while its recent failures (kept `MAX_BACKOFF` × 12 s) ask to
    wait.

    Raises:
        TooSoon: saying how long to wait.
    """
    with _failures_lock:
        count, last = _failures.get(f"{store.url}\0{name}", (0, 0.0))
    if count:
        delay = last + min(MAX_BACKOFF, BACKOFF * count) - time.monotonic()
        if delay > 0:
            raise TooSoon(
                f"too many failed sign-ins for this name: wait {delay:.1f} s and try again"
            )


def record_sign_in(store: Store, name: str, *, failed: bool) -> None:
    """Note a sign-in attempt as `name`: a failure holds the name back (`check_not_too_soon`),
    a success forgets its failures."""
    name = f"{store.url}\0{name}"
    now = time.monotonic()
    with _failures_lock:
        if not failed:
            _failures.pop(name, None)
            return
        count, last = _failures.pop(name, (0, 0.0))
        if now - last > MAX_BACKOFF * 12:
            count = 0
        _failures[name] = (count + 1, now)
        while len(_failures) > 10_000:
            _failures.popitem(last=False)


def create_user(store: Store, name: str, password: str) -> User:
    """Add user `name` with `password` (hashed) to the store.

    Raises:
        UsageError: a malformed or taken name, or an unacceptable password.
    """
    check_user_name(name)
    check_password(password)
    return store.add_user(name, hash_password(password))


def authenticate(store: Store, name: str, password: str) -> User | None:
    """The user if `password` is theirs; None for an unknown name or a wrong password."""
    found = store.password_hash(name) if len(password) <= MAX_PASSWORD else None
    if found is None:
        _verify(_DUMMY_HASH, password[:MAX_PASSWORD])
        return None
    user, stored = found
    if not _verify(stored, password):
        return None
    if _hasher.check_needs_rehash(stored):
        store.set_password_hash(name, hash_password(password))
    return user


def session_stamp(stamp: str) -> str:
    """What a session keeps of a user's password hash and session epoch (`Store.session_stamp`):
    a short digest, so the cookie tells nothing about the hash."""
    return hashlib.sha256(b"trackrecord-session-stamp\0" + stamp.encode()).hexdigest()[:24]


def token_digest(token: str) -> str:
    """The SHA-256 hex digest under which an API token is stored."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(store: Store, user_name: str, label: str | None = None) -> str:
    """Make an API token for `user_name`, store its digest, and return the token (shown once).

    Raises:
        NotFoundError: no such user.
    """
    token = secrets.token_urlsafe(32)
    store.add_token(user_name, token_digest(token), label)
    return token


def user_for_token(store: Store, token: str) -> User | None:
    """The owner of API token `token`; None for an unknown or revoked one."""
    if not token or len(token) > 256:
        return None
    return store.user_for_token(token_digest(token))


def is_loopback(host: str) -> bool:
    """Whether `host` (an address or ``localhost``) is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secret_file(store: Store) -> Path:
    """Where a generated session secret for `store` is kept: next to a SQLite file, else in the
    user's config folder under a digest of the store's URL (its password hidden)."""
    url = store.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(f"{url.database}.secret")
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    digest = hashlib.sha256(store.url.encode()).hexdigest()[:20]
    return base / "trackrecord" / "secrets" / digest


def _generated_secret(path: Path) -> str:
    """The secret in `path`, made (random, mode 0600) if the file does not exist yet."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            # Written in full under a private name, then linked into place: a second server
            # starting at the same moment reads the winner's whole secret, never a part of it.
            draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            handle = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            try:
                with os.fdopen(handle, "w", encoding="ascii") as out:
                    out.write(secrets.token_urlsafe(32) + "\n")
                os.link(draft, path)
            except FileExistsError:
                pass  # another server made it first: use theirs
            finally:
                draft.unlink(missing_ok=True)
        if path.stat().st_mode & 0o077:
            raise UsageError(
                f"session secret file {str(path)!r} is readable by others: chmod 600 it"
            )
        text = path.read_text(encoding="ascii").strip()
    except OSError as exc:
        raise UsageError(
            f"cannot keep a session secret in {str(path)!r} ({exc.strerror}): "
            f"give --secret or {SECRET_ENV}"
        ) from None
    if len(text) < 16:
        raise UsageError(
            f"session secret file {str(path)!r} holds under 16 characters: delete it to make "
            "a new one"
        )
    return text


def session_secret(store: Store, given: str | None = None, *, host: str = "127.0.0.1") -> str:
    """The secret that signs session cookies: `given`, else ``$TRACKRECORD_SECRET``, else (for a
    server on a loopback `host` only) one generated once into `secret_file` (mode 0600).

    A secret kept in the store by an older version is removed from it.

    Raises:
        UsageError: a given secret shorter than 16 characters; none given for a server that
            listens beyond loopback; a secret file that cannot be made or read, or is not 0600.
    """
    secret = given if given is not None else os.environ.get(SECRET_ENV) or None
    if secret is not None:
        if len(secret) < 16:
            raise UsageError(
                f"session secret too short ({len(secret)} characters; --secret or "
                f"{SECRET_ENV}): use at least 16 random characters"
            )
    elif not is_loopback(host):
        raise UsageError(
            f"--host {host} listens beyond this machine: give the session secret with --secret "
            f"or {SECRET_ENV} (at least 16 random characters, the same for every server process)"
        )
    else:
        secret = _generated_secret(secret_file(store))
    if store.get_setting(SECRET_SETTING) is not None:
        store.delete_setting(SECRET_SETTING)
    return secret
