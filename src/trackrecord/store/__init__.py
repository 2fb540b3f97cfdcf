"""The store: schema, migrations and every query, on SQLite or PostgreSQL."""

from trackrecord.store.questions import ImportedForecast, LinkedJudgment, QuestionSummary
from trackrecord.store.store import (
    ArticleSummary,
    JudgmentFilter,
    Store,
    open_store,
    store_failure,
)

__all__ = [
    "ArticleSummary",
    "ImportedForecast",
    "JudgmentFilter",
    "LinkedJudgment",
    "QuestionSummary",
    "Store",
    "open_store",
    "store_failure",
]
