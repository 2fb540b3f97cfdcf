"""trackrecord: turn analysis and news articles into checkable forecasts and keep score.

The public Python API::

    import trackrecord

    judgments = trackrecord.analyze(text, published=date(2023, 2, 1))
    with trackrecord.open_store("news.db") as store:
        ...

``analyze``, ``Store`` and ``open_store`` are imported on first use (PEP 562), so importing
the package (or the CLI) does not load spaCy, the extraction pipeline or SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from trackrecord.errors import TrackrecordError
from trackrecord.models import Article, Judgment, Rejection

if TYPE_CHECKING:
    from trackrecord.extract import analyze
    from trackrecord.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Judgment",
    "Rejection",
    "Store",
    "TrackrecordError",
    "__version__",
    "analyze",
    "open_store",
]

_LAZY = {
    "analyze": "trackrecord.extract",
    "Store": "trackrecord.store",
    "open_store": "trackrecord.store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
