"""Alembic environment: run migrations on the connection the store hands over."""

from __future__ import annotations

from alembic import context

from trackrecord.store.schema import include_name, metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("run migrations through `trackrecord migrate`, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    include_name=include_name,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
