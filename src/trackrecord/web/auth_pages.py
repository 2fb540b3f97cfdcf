"""The sign-in page: ``GET/POST /login`` and ``POST /logout``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trackrecord.store import Store
from trackrecord.store.users import User
from trackrecord.web.auth import TooSoon, authenticate, check_not_too_soon, record_sign_in
from trackrecord.web.deps import check_csrf, csrf_token, current_user, get_store, sign_in
from trackrecord.web.pages import render
from trackrecord.web.views import storable

router = APIRouter(include_in_schema=False)


def safe_next(target: str | None) -> str:
    """`target` if it is a path on this site, else ``/`` (no open redirect to another host)."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
        or any(ord(c) < 32 for c in target)
    ):
        return "/"
    return target


def _login_page(
    request: Request, *, next_url: str, name: str = "", error: str | None = None, status: int = 200
) -> Response:
    context = {"csrf_token": csrf_token(request), "next": next_url, "name": name, "error": error}
    return render(request, "login.html", context, status_code=status)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    """The sign-in form."""
    return _login_page(request, next_url=safe_next(next))


@router.post("/login")
def login(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form(alias="csrf_token", max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the name and password; sign in and go to `next`, or show the form again (401)."""
    check_csrf(request, csrf)
    try:
        storable(name)
        storable(password)
    except ValueError as exc:
        return _login_page(
            request, next_url=safe_next(next), error=f"name or password: {exc}", status=400
        )
    try:
        check_not_too_soon(store, name)
    except TooSoon as exc:
        return _login_page(
            request, next_url=safe_next(next), name=name, error=exc.message, status=429
        )
    user: User | None = authenticate(store, name, password) if name and password else None
    record_sign_in(store, name, failed=user is None)
    if user is None:
        return _login_page(
            request,
            next_url=safe_next(next),
            name=name,
            error="Wrong name or password.",
            status=401,
        )
    sign_in(request, user)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(
    request: Request,
    store: Annotated[Store, Depends(get_store)],
    csrf: Annotated[str, Form(alias="csrf_token", max_length=200)] = "",
) -> Response:
    """Sign out everywhere (every session of the user ends) and go to the front page."""
    check_csrf(request, csrf)
    user = current_user(request)
    if user is not None:
        store.end_sessions(user.id)
    request.session.clear()
    return RedirectResponse("/", status_code=303)
