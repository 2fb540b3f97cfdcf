"""Schemathesis against /openapi.json: generated requests to every operation, signed with an API
token so the writes are exercised too, never get a 5xx, and the answers match the schema.

Schemathesis's own pytest plugin does not run under this pytest, so each operation's cases are
drawn with Hypothesis directly from the operation's strategy.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from trackrecord.store import Store
from trackrecord.web.app import create_app

EXAMPLES = 15


def _operation_labels() -> list[str]:
    # The app answers /openapi.json without touching its store, so any store will do here.
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(str(Path(folder) / "schema.db"), secret="collect-the-schema-only")
        try:
            loaded = schemathesis.openapi.from_asgi("/openapi.json", app)
            return sorted(result.ok().label for result in loaded.get_all_operations())
        finally:
            app.state.store.close()


LABELS = _operation_labels()
NO_INPUT = {"GET /api/questions"}  # nothing to make invalid


def test_every_api_route_is_described() -> None:
    assert "POST /api/questions" in LABELS and "GET /api/articles" in LABELS
    assert all(" /api/" in label for label in LABELS), LABELS
    assert len(LABELS) >= 13


@pytest.mark.parametrize(
    ("label", "mode"),
    [(label, GenerationMode.POSITIVE) for label in LABELS]
    + [(label, GenerationMode.NEGATIVE) for label in LABELS if label not in NO_INPUT],
)
def test_no_generated_request_gets_a_server_error(
    app: FastAPI, app_store: Store, auth_headers: dict[str, str], label: str, mode: GenerationMode
) -> None:
    operation = schemathesis.openapi.from_asgi("/openapi.json", app).find_operation_by_label(label)
    assert operation is not None

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any) -> None:
        checks = [not_a_server_error]
        if mode is GenerationMode.POSITIVE:
            checks.append(response_schema_conformance)
        case.call_and_validate(headers=auth_headers, checks=checks)

    check()
    if label == "POST /api/questions" and mode is GenerationMode.POSITIVE:
        assert app_store.list_questions(), "no generated question was stored: writes untested"
