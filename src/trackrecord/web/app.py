"""The web app: `create_app` builds the FastAPI application on one store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from trackrecord.config import load_settings
from trackrecord.errors import TrackrecordError
from trackrecord.extract.yardstick import load_yardstick
from trackrecord.store import open_store
from trackrecord.web import api, auth_pages, pages
from trackrecord.web.auth import session_secret
from trackrecord.web.security import (
    BodyLimitMiddleware,
    SecurityHeadersMiddleware,
    SessionMiddleware,
)

STATIC = Path(__file__).with_name("static")


def create_app(
    db: str, *, scale: str | None = None, secret: str | None = None, host: str = "127.0.0.1"
) -> FastAPI:
    """The web app serving the store at `db` (a SQLite path or a SQLAlchemy URL).

    Args:
        db: the store; opened once here (a new file is created), closed when the app stops.
        scale: the default yardstick (``?scale=`` overrides it per request); default: the
            settings' (``TRACKRECORD_SCALE``, the config file, else "reader").
        secret: the session-signing secret; default ``$TRACKRECORD_SECRET``, else (for a
            loopback `host` only) one generated once into a mode-0600 file (see
            `trackrecord.web.auth.session_secret`).
        host: the address the server listens on.

    Raises:
        StoreError: the store cannot be opened.
        ScaleError: `scale` names no yardstick.
        UsageError: `secret` is too short, or missing for a `host` beyond loopback.
    """
    chosen = scale or load_settings().scale
    load_yardstick(chosen)  # fails early, naming the yardstick
    store = open_store(db)
    try:
        signing_secret = session_secret(store, secret, host=host)
    except TrackrecordError:
        store.close()
        raise

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="trackrecord",
        summary="Judgments in articles, the questions they bear on, and the scores they earned.",
        version=_version(),
        lifespan=lifespan,
        # Swagger UI and ReDoc load scripts from a CDN and inline: the CSP forbids both.
        docs_url=None,
        redoc_url=None,
    )
    app.state.store = store
    app.state.scale = chosen
    app.add_middleware(SessionMiddleware, secret=signing_secret)
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # Errors are answered in one place per surface: JSON under /api, an HTML page elsewhere.
    @app.exception_handler(TrackrecordError)
    def trackrecord_error(request: Request, exc: TrackrecordError) -> Response:
        return _error(request, exc.http_status, exc.message)

    @app.exception_handler(HTTPException)
    def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    def validation_error(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": _problems(exc)}, status_code=422)
        return pages.error_page(request, 422, _first_problem(exc))

    app.include_router(api.router)
    app.include_router(auth_pages.router)
    app.include_router(pages.router)
    return app


def _is_api(request: Request) -> bool:
    path = request.url.path
    return path == "/api" or path.startswith(("/api/", "/openapi.json", "/static/"))


def _error(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    if _is_api(request) or status < 400:
        if status < 400 or status in (204, 304):
            return Response(status_code=status, headers=headers)
        return JSONResponse({"detail": message}, status_code=status, headers=headers)
    return pages.error_page(request, status, message, headers)


def _problems(exc: RequestValidationError) -> list[dict[str, object]]:
    """Each validation problem as JSON can always carry it: where, what, and which rule.

    Pydantic's own entries echo the input (and the rule's context), which may be what JSON
    cannot encode, a lone surrogate or an infinite number: echoed, they turned a 422 into a
    500. The client sent the input, so saying where it is and what is wrong is enough.
    """
    return [
        {
            "loc": [part if isinstance(part, int) else _printable(str(part)) for part in e["loc"]],
            "msg": _printable(str(e.get("msg", "is not valid"))),
            "type": str(e.get("type", "value_error")),
        }
        for e in exc.errors()
    ]


def _printable(text: str) -> str:
    """`text` with lone surrogates replaced, so that it encodes as UTF-8."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _first_problem(exc: RequestValidationError) -> str:
    problems = exc.errors()
    if not problems:
        return "the request does not validate"
    first = problems[0]
    where = " ".join(str(part) for part in first.get("loc", ()))
    return _printable(f"{where}: {first.get('msg', 'is not valid')}")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("trackrecord")
    except PackageNotFoundError:
        return "0"
