"""The store: schema, migrations and every query, on SQLite or PostgreSQL."""

from trackrecord.store.store import ArticleSummary, JudgmentFilter, Store, open_store

__all__ = ["ArticleSummary", "JudgmentFilter", "Store", "open_store"]
