"""``trackrecord serve``, ``trackrecord user`` and ``trackrecord token``: the web app and who may
write through it."""

from __future__ import annotations

import socket
import sys

import click

from trackrecord.cli.options import ID, db_option, format_option, settings, store_for
from trackrecord.cli.output import render
from trackrecord.errors import UsageError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="TCP port."
)
@db_option
@click.option(
    "--scale",
    default=None,
    metavar="NAME",
    help="Default yardstick of the pages and the API [default: $TRACKRECORD_SCALE or reader].",
)
@click.option(
    "--secret",
    default=None,
    metavar="TEXT",
    help="Secret that signs session cookies, needed when --host is not a loopback address "
    "[default: $TRACKRECORD_SECRET, else (loopback only) one generated once into a mode-0600 "
    "file next to the store].",
)
@click.option(
    "--proxy-headers/--no-proxy-headers",
    default=False,
    show_default=True,
    help="Trust X-Forwarded-For/-Proto from --forwarded-allow-ips (behind a reverse proxy).",
)
@click.option(
    "--forwarded-allow-ips",
    default="127.0.0.1",
    show_default=True,
    metavar="IPS",
    help="Comma-separated proxy addresses whose X-Forwarded-* headers are trusted.",
)
def serve(
    host: str,
    port: int,
    db: str | None,
    scale: str | None,
    secret: str | None,
    proxy_headers: bool,
    forwarded_allow_ips: str,
) -> None:
    """Serve the web app and the JSON API (/api, described at /openapi.json).

    Reading is open; writing needs a user (`trackrecord user add`) signed in, or an API token
    (`trackrecord token create`). Put it behind a TLS-terminating proxy to serve it beyond this
    machine: see docs/web.md.
    """
    import uvicorn

    from trackrecord.web.app import create_app

    chosen = settings(db=db, scale=scale)
    app = create_app(chosen.db, scale=chosen.scale, secret=secret, host=host)
    # Bound here, before uvicorn starts: a port in use is then one line and exit 2, where
    # uvicorn would log its start-up, the error and its shut-down, and exit 3.
    listening = _listen(host, port)
    click.echo(f"serving {app.state.store.url} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow_ips,
        log_level="info",
    )
    uvicorn.Server(config).run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    """A socket listening on `host`:`port`.

    Raises:
        UsageError: the address does not resolve, or cannot be listened on (in use, not ours).
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (OSError, UnicodeError) as exc:
        raise UsageError(
            f"--host {host!r}: not an address this machine can listen on ({exc})"
        ) from None
    listening = socket.socket(family, kind, proto)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
        listening.listen(2048)
    except OSError as exc:
        listening.close()
        raise UsageError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port "
            "or stop the program that uses it"
        ) from None
    return listening


@click.group()
def user() -> None:
    """Add and list the users who may write through the web app."""


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        stream = getattr(sys.stdin, "buffer", None)  # a text stream without one is decoded
        raw = stream.readline() if stream is not None else sys.stdin.readline()
        try:
            line = raw if isinstance(raw, str) else raw.decode("utf-8")
        except UnicodeDecodeError as err:
            raise UsageError(
                f"--password-stdin: the password is not valid UTF-8 (bad byte at offset "
                f"{err.start}); type it in a UTF-8 terminal or encode it as UTF-8"
            ) from None
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            raise UsageError("--password-stdin: no password on standard input")
        return password.removesuffix("\r")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@user.command("add")
@click.argument("name")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of a prompt.",
)
@db_option
def user_add(name: str, password_stdin: bool, db: str | None) -> None:
    """Create user NAME (the password is hashed with argon2id; it is never stored as given)."""
    from trackrecord.store.users import check_user_name
    from trackrecord.web.auth import check_password, create_user

    check_user_name(name)
    password = check_password(_read_password(password_stdin))
    with store_for(db) as store:
        made = create_user(store, name, password)
    click.echo(f"user {made.name} created (id {made.id})", err=True)


@user.command("password")
@click.argument("name")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the new password from the first line of standard input instead of a prompt.",
)
@db_option
def user_password(name: str, password_stdin: bool, db: str | None) -> None:
    """Set a new password for user NAME."""
    from trackrecord.web.auth import check_password, hash_password

    with store_for(db) as store:
        store.user_by_name(name)
        password = check_password(_read_password(password_stdin))
        store.set_password_hash(name, hash_password(password))
    click.echo(f"password of {name} changed", err=True)


@user.command("list")
@db_option
@format_option
def user_list(db: str | None, output_format: str) -> None:
    """List the users."""
    with store_for(db) as store:
        rows = [{"id": u.id, "name": u.name} for u in store.list_users()]
    click.echo(render(rows, output_format), nl=False)


@click.group()
def token() -> None:
    """Make, list and revoke API tokens (for writes through /api)."""


@token.command("create")
@click.argument("user_name", metavar="USER")
@click.option("--label", default=None, help="A note to tell tokens apart (e.g. the script).")
@db_option
def token_create(user_name: str, label: str | None, db: str | None) -> None:
    """Make an API token for USER and print it (only now: the store keeps only its hash)."""
    from trackrecord.web.auth import create_token

    with store_for(db) as store:
        made = create_token(store, user_name, label)
    click.echo(made)
    click.echo(
        f"API token for {user_name}: send it as 'Authorization: Bearer TOKEN'. "
        "It is not shown again.",
        err=True,
    )


@token.command("list")
@click.argument("user_name", metavar="[USER]", required=False)
@db_option
@format_option
def token_list(user_name: str | None, db: str | None, output_format: str) -> None:
    """List the live API tokens (ids, owners, labels; never the tokens)."""
    with store_for(db) as store:
        if user_name is not None:
            store.user_by_name(user_name)
        rows = [
            {"id": t.id, "user": t.user, "label": t.label, "created_at": t.created_at}
            for t in store.list_tokens(user_name)
        ]
    click.echo(render(rows, output_format), nl=False)


@token.command("revoke")
@click.argument("token_id", metavar="ID", type=ID)
@db_option
def token_revoke(token_id: int, db: str | None) -> None:
    """Revoke the API token with id ID (from `trackrecord token list`)."""
    with store_for(db) as store:
        store.revoke_token(token_id)
    click.echo(f"token {token_id} revoked", err=True)
