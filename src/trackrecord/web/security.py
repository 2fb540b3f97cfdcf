"""Signed session cookies, security headers and a request-size limit, as small ASGI middlewares.

The session is a JSON object in a cookie, signed with HMAC-SHA256 under the app's secret and
stamped with its issue time: the browser can read it (it holds only a user id and a CSRF value)
but cannot change it or keep it past `SESSION_MAX_AGE`. The cookie is ``HttpOnly``,
``SameSite=Lax`` and, when the request came over https (directly, or through a proxy that uvicorn
trusts with ``--proxy-headers``), ``Secure``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 11 * 1024 * 1024
"""The largest request body the app reads (an upload of 10 MiB plus the form around it)."""
SESSION_COOKIE = "trackrecord_session"
SESSION_MAX_AGE = 14 * 24 * 3600

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    """Signs session data into a cookie value and checks a cookie value back into data."""

    def __init__(self, secret: str, max_age: int = SESSION_MAX_AGE) -> None:
        self._key = hashlib.sha256(b"trackrecord-session\0" + secret.encode()).digest()
        self.max_age = max_age

    def _mac(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())

    def dumps(self, data: dict[str, Any], now: float | None = None) -> str:
        """The cookie value holding `data`, stamped with the time `now` (default: now)."""
        stamp = int(time.time() if now is None else now)
        body = json.dumps({"d": data, "t": stamp}, separators=(",", ":"), sort_keys=True)
        payload = _b64(body.encode())
        return f"{payload}.{self._mac(payload)}"

    def loads(self, value: str, now: float | None = None) -> dict[str, Any] | None:
        """The data in a cookie value; None when it is forged, damaged or expired."""
        payload, _, mac = value.partition(".")
        if not payload or not mac or not payload.isascii() or not mac.isascii():
            return None
        if not hmac.compare_digest(self._mac(payload), mac):
            return None
        try:
            body = json.loads(_unb64(payload))
        except (ValueError, binascii.Error):
            return None
        if not isinstance(body, dict) or not isinstance(body.get("d"), dict):
            return None
        stamp = body.get("t")
        current = time.time() if now is None else now
        # a minute's grace for servers whose clocks differ a little
        if not isinstance(stamp, int) or not -60 <= current - stamp <= self.max_age:
            return None
        data: dict[str, Any] = body["d"]
        return data


def _cookie_value(scope: Scope, name: str) -> str | None:
    # Starlette's lenient parser: http.cookies.SimpleCookie drops every cookie after one it
    # cannot parse, so another site's cookie on the same host (a JSON value) would sign users out.
    for key, raw in scope["headers"]:
        if key == b"cookie":
            value = cookie_parser(raw.decode("latin-1")).get(name)
            if value is not None:
                return value
    return None


class SessionMiddleware:
    """Gives each request ``request.session`` from the signed cookie, and saves it if changed."""

    def __init__(self, app: ASGIApp, secret: str, max_age: int = SESSION_MAX_AGE) -> None:
        self.app = app
        self.signer = SessionSigner(secret, max_age)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        cookie = _cookie_value(scope, SESSION_COOKIE)
        loaded = self.signer.loads(cookie) if cookie else None
        initial = dict(loaded or {})
        scope["session"] = dict(initial)
        secure = scope.get("scheme") in ("https", "wss")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                session = scope["session"]
                headers = MutableHeaders(scope=message)
                flags = "Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if secure else "")
                if session and session != initial:
                    value = self.signer.dumps(session)
                    headers.append(
                        "set-cookie",
                        f"{SESSION_COOKIE}={value}; Max-Age={self.signer.max_age}; {flags}",
                    )
                elif not session and cookie is not None:
                    headers.append(
                        "set-cookie",
                        f"{SESSION_COOKIE}=; Max-Age=0; "
                        f"Expires=Thu, 01 Jan 1970 00:00:00 GMT; {flags}",
                    )
            await send(message)

        await self.app(scope, receive, send_with_cookie)


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy and the other security headers to every response.

    Added outermost, so an error page it did not see start would go out without them: when the
    app fails before answering, this answers the 500 itself (with the headers) and lets the
    error go on to be logged.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            if not started:
                await send_with_headers(
                    {
                        "type": "http.response.start",
                        "status": 500,
                        "headers": [
                            (b"content-type", b"text/plain; charset=utf-8"),
                            (b"cache-control", b"no-store"),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b"Internal Server Error"})
            raise


def _too_large(limit: int) -> str:
    return f"request body too large: at most {limit} bytes (uploads at most 10 MiB)"


class BodyLimitMiddleware:
    """Refuses a request whose body is larger than `limit` bytes with 413, before the app
    reads (or spools to disk) more than that: by its ``Content-Length``, and for a body sent
    without one, by counting what arrives."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope["headers"]:
            if key == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared < 0 or declared > self.limit:
                    detail = _too_large(self.limit) if declared >= 0 else "bad Content-Length"
                    body = json.dumps({"detail": detail}).encode()
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 413 if declared > self.limit else 400,
                            "headers": [
                                (b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close"),
                            ],
                        }
                    )
                    await send({"type": "http.response.body", "body": body})
                    return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    # Raised inside the app's reading of the body: its error handling answers.
                    raise HTTPException(status_code=413, detail=_too_large(self.limit))
            return message

        await self.app(scope, counted, send)
