"""FastAPI dependencies shared by the HTML pages and the JSON API.

Use them with ``Depends``::

    @router.post("/questions/new")
    def create(request: Request, user: User = Depends(require_user),
               csrf: str = Form(alias="csrf_token")) -> Response:
        check_csrf(request, csrf)
        ...
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated, cast
from urllib.parse import quote

from fastapi import HTTPException, Path, Request

from trackrecord.extract.yardstick import SCALES
from trackrecord.store import Store
from trackrecord.store.users import User
from trackrecord.web.auth import session_stamp
from trackrecord.web.views import MAX_ID

SESSION_USER = "uid"
SESSION_STAMP = "stamp"
SESSION_CSRF = "csrf"

ItemId = Annotated[int, Path(ge=1, le=MAX_ID)]
"""An id in a path (pages and API alike): 1 to `MAX_ID`, else 422."""

__all__ = [
    "ItemId",
    "User",
    "check_csrf",
    "chosen_scale",
    "csrf_token",
    "current_user",
    "get_scale",
    "get_store",
    "require_user",
    "sign_in",
]


def get_store(request: Request) -> Store:
    """The store the app was created on (opened once, shared by every request)."""
    return cast(Store, request.app.state.store)


def current_user(request: Request) -> User | None:
    """The user signed in by the request's session cookie, or None for a visitor.

    A session naming a user who no longer exists, whose password changed since, or who signed
    out since (anywhere), counts as signed out.
    """
    user_id = request.session.get(SESSION_USER)
    stamp = request.session.get(SESSION_STAMP)
    if not isinstance(user_id, int) or not isinstance(stamp, str):
        return None
    found = get_store(request).session_stamp(user_id)
    if found is None:
        return None
    user, current = found
    if not hmac.compare_digest(session_stamp(current).encode(), stamp.encode()):
        return None
    return user


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session (and CSRF token) for `user`: nothing from before carries over."""
    found = get_store(request).session_stamp(user.id)
    if found is None:  # removed meanwhile
        raise HTTPException(status_code=401, detail="that user no longer exists")
    request.session.clear()
    request.session[SESSION_USER] = user.id
    request.session[SESSION_STAMP] = session_stamp(found[1])
    csrf_token(request)


def require_user(request: Request) -> User:
    """The signed-in user; a visitor is refused.

    A visitor's ``GET`` or ``HEAD`` of a page (a request that accepts HTML, outside ``/api``) is
    sent to the sign-in page, ``/login?next=<this path and query>``, with a 303 redirect; any
    other request (every form ``POST``, every API call) gets 401 and changes nothing.

    Raises:
        HTTPException: 303 to the sign-in page, or 401.
    """
    user = current_user(request)
    if user is not None:
        return user
    path = request.url.path
    wants_page = (
        request.method in ("GET", "HEAD")
        and not path.startswith("/api")
        and "text/html" in request.headers.get("accept", "")
    )
    if wants_page:
        target = path + (f"?{request.url.query}" if request.url.query else "")
        raise HTTPException(
            status_code=303, headers={"Location": f"/login?next={quote(target, safe='')}"}
        )
    raise HTTPException(status_code=401, detail="sign in first: /login")


def csrf_token(request: Request) -> str:
    """The CSRF token of this session, to send in a hidden form field named ``csrf_token``.

    It is a random value kept in the signed session cookie (made on first use, replaced at
    sign-in and sign-out), so a token is good only with the cookie of the session it came from.
    """
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


def check_csrf(request: Request, token: str | None) -> None:
    """Refuse a form whose ``csrf_token`` is not this session's.

    Raises:
        HTTPException: 403 when the token is missing or wrong, or the session has none.
    """
    expected = request.session.get(SESSION_CSRF)
    if (
        not isinstance(expected, str)
        or not expected
        or not token
        or not hmac.compare_digest(expected.encode(), token.encode())
    ):
        raise HTTPException(
            status_code=403,
            detail="bad or missing CSRF token: reload the form and submit it again",
        )


def chosen_scale(request: Request, given: str | None) -> str:
    """`given` (a yardstick name from the request), else the app's default (unchecked)."""
    return given or cast(str, request.app.state.scale)


def get_scale(request: Request) -> str:
    """The yardstick chosen by ``?scale=NAME``, else the app's default.

    Raises:
        HTTPException: 400 naming the unknown yardstick and the known ones.
    """
    name = chosen_scale(request, request.query_params.get("scale"))
    if name not in SCALES:
        raise HTTPException(
            status_code=400,
            detail=f"unknown yardstick {name!r} in scale: choose one of {', '.join(SCALES)}",
        )
    return name
