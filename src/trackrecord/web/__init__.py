"""The web app and JSON API (``trackrecord serve``): `create_app` builds it on a store."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app"]


def create_app(db: str, *, scale: str | None = None, secret: str | None = None) -> FastAPI:
    """Build the web app on the store at `db`; see `trackrecord.web.app.create_app`."""
    from trackrecord.web.app import create_app as build

    return build(db, scale=scale, secret=secret)
