"""trackrecord: turn analysis and news articles into checkable forecasts and keep score.

The public Python API::

    import trackrecord

    judgments = trackrecord.analyze(text, published=date(2023, 2, 1))
    with trackrecord.open_store("news.db") as store:
        ...
"""

from trackrecord.errors import TrackrecordError
from trackrecord.extract import analyze
from trackrecord.models import Article, Judgment, Rejection
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
