"""Users, API tokens and stored settings of the web app: the store's side of signing in.

Passwords arrive here already hashed (argon2, by `trackrecord.web.auth`); API tokens arrive as
their SHA-256 digest. The store never sees a password or a token in the clear.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, String, cast, literal, select
from sqlalchemy.exc import IntegrityError

from trackrecord.errors import NotFoundError, UsageError
from trackrecord.store.rows import utcnow
from trackrecord.store.schema import api_tokens, settings, users

SESSION_EPOCH = "session_epoch:"
"""Settings key prefix (then a user id) of a user's session epoch."""
USER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")


@dataclass(frozen=True, slots=True)
class User:
    """A person who may write through the web app or the API."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token as stored: its id, owner and times, never the token itself."""

    id: int
    user: str
    label: str | None
    created_at: datetime


def check_user_name(name: str) -> str:
    """`name` if it is a valid user name (letters, digits and ``_.@-``, up to 64 characters).

    Raises:
        UsageError: naming the bad name and the rule.
    """
    if not USER_NAME.fullmatch(name):
        raise UsageError(
            f"bad user name {name!r}: use 1-64 letters, digits, '_', '.', '@' or '-', "
            "starting with a letter or digit"
        )
    return name


class UserQueries:
    """Store methods for users, API tokens and settings; mixed into `Store`."""

    engine: Engine

    def add_user(self, name: str, password_hash: str) -> User:
        """Store a new user with an already hashed password.

        Raises:
            UsageError: the name is malformed or taken.
        """
        check_user_name(name)
        try:
            with self.engine.begin() as connection:
                result = connection.execute(
                    users.insert().values(
                        name=name, password_hash=password_hash, created_at=utcnow()
                    )
                )
                key = result.inserted_primary_key
                assert key is not None
        except IntegrityError:
            raise UsageError(f"user {name!r} exists already; choose another name") from None
        return User(id=int(key[0]), name=name)

    def set_password_hash(self, name: str, password_hash: str) -> None:
        """Replace the stored password hash of user `name`.

        Raises:
            NotFoundError: no such user.
        """
        with self.engine.begin() as connection:
            updated = connection.execute(
                users.update().where(users.c.name == name).values(password_hash=password_hash)
            ).rowcount
        if not updated:
            raise NotFoundError(_no_user(name))

    def password_hash(self, name: str) -> tuple[User, str] | None:
        """The user called `name` and their password hash; None when there is no such user."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(users.c.id, users.c.name, users.c.password_hash).where(users.c.name == name)
            ).first()
        if row is None:
            return None
        return User(id=int(row[0]), name=str(row[1])), str(row[2])

    def get_user(self, user_id: int) -> User | None:
        """The user with this id, or None."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(users.c.id, users.c.name).where(users.c.id == user_id)
            ).first()
        return None if row is None else User(id=int(row[0]), name=str(row[1]))

    def user_by_name(self, name: str) -> User:
        """The user called `name`.

        Raises:
            NotFoundError: no such user.
        """
        with self.engine.connect() as connection:
            row = connection.execute(
                select(users.c.id, users.c.name).where(users.c.name == name)
            ).first()
        if row is None:
            raise NotFoundError(_no_user(name))
        return User(id=int(row[0]), name=str(row[1]))

    def list_users(self) -> list[User]:
        """Every user, in name order."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(users.c.id, users.c.name).order_by(users.c.name))
            return [User(id=int(r[0]), name=str(r[1])) for r in rows]

    def session_stamp(self, user_id: int) -> tuple[User, str] | None:
        """The user with this id and what their sessions are signed against: their password
        hash and their session epoch (changed by `end_sessions`), in one query; None when there
        is no such user."""
        epoch = (
            select(settings.c.value)
            .where(settings.c.key == literal(SESSION_EPOCH, String) + cast(users.c.id, String))
            .scalar_subquery()
        )
        with self.engine.connect() as connection:
            row = connection.execute(
                select(users.c.id, users.c.name, users.c.password_hash, epoch).where(
                    users.c.id == user_id
                )
            ).first()
        if row is None:
            return None
        return User(id=int(row[0]), name=str(row[1])), f"{row[2]}\0{row[3] or ''}"

    def end_sessions(self, user_id: int) -> None:
        """Sign user `user_id` out everywhere: every session made before now stops working."""
        key = f"{SESSION_EPOCH}{user_id}"
        with self.engine.begin() as connection:
            connection.execute(settings.delete().where(settings.c.key == key))
            connection.execute(settings.insert().values(key=key, value=secrets.token_hex(8)))

    # -- API tokens --------------------------------------------------------------------------

    def add_token(self, user_name: str, digest: str, label: str | None = None) -> int:
        """Store an API token, by its SHA-256 hex digest, for user `user_name`.

        Returns:
            The token's id.

        Raises:
            NotFoundError: no such user.
        """
        owner = self.user_by_name(user_name)
        with self.engine.begin() as connection:
            result = connection.execute(
                api_tokens.insert().values(
                    user_id=owner.id, token_hash=digest, label=label, created_at=utcnow()
                )
            )
            key = result.inserted_primary_key
            assert key is not None
        return int(key[0])

    def user_for_token(self, digest: str) -> User | None:
        """The owner of the API token with this SHA-256 hex digest, or None for an unknown one."""
        query = (
            select(users.c.id, users.c.name)
            .join(api_tokens, api_tokens.c.user_id == users.c.id)
            .where(api_tokens.c.token_hash == digest, api_tokens.c.revoked_at.is_(None))
        )
        with self.engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else User(id=int(row[0]), name=str(row[1]))

    def list_tokens(self, user_name: str | None = None) -> list[TokenInfo]:
        """Live (unrevoked) API tokens, of one user or all, in id order."""
        query = (
            select(
                api_tokens.c.id,
                users.c.name,
                api_tokens.c.label,
                api_tokens.c.created_at,
            )
            .join(users, api_tokens.c.user_id == users.c.id)
            .where(api_tokens.c.revoked_at.is_(None))
            .order_by(api_tokens.c.id)
        )
        if user_name is not None:
            query = query.where(users.c.name == user_name)
        with self.engine.connect() as connection:
            return [
                TokenInfo(id=int(r[0]), user=str(r[1]), label=r[2], created_at=r[3])
                for r in connection.execute(query)
            ]

    def revoke_token(self, token_id: int) -> None:
        """Revoke the API token with this id.

        Raises:
            NotFoundError: no live token has this id.
        """
        with self.engine.begin() as connection:
            updated = connection.execute(
                api_tokens.update()
                .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=utcnow())
            ).rowcount
        if not updated:
            raise NotFoundError(
                f"no live API token with id {token_id}; `trackrecord token list` lists them"
            )

    # -- settings ----------------------------------------------------------------------------

    def delete_setting(self, key: str) -> None:
        """Forget the setting `key` (nothing happens when it is not stored)."""
        with self.engine.begin() as connection:
            connection.execute(settings.delete().where(settings.c.key == key))

    def get_setting(self, key: str) -> str | None:
        """A stored setting (such as the web app's session secret), or None."""
        with self.engine.connect() as connection:
            value = connection.execute(
                select(settings.c.value).where(settings.c.key == key)
            ).scalar_one_or_none()
        return None if value is None else str(value)

    def setdefault_setting(self, key: str, value: str) -> str:
        """Store `value` under `key` unless a value is stored already; return the stored one.

        Two processes racing to set the same key agree on one value: the loser's insert fails on
        the primary key and it reads the winner's.
        """
        stored = self.get_setting(key)
        if stored is not None:
            return stored
        try:
            with self.engine.begin() as connection:
                connection.execute(settings.insert().values(key=key, value=value))
        except IntegrityError:
            pass
        stored = self.get_setting(key)
        assert stored is not None
        return stored


def _no_user(name: str) -> str:
    return f"no user {name!r}; create one with: trackrecord user add {name}"
