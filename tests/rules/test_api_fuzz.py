"""Fuzz `POST /api/v1/eligibility/{program}` from its own OpenAPI schema: never a 5xx."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from backend.api.deps import Clock, get_clock
from backend.api.routes import eligibility

NOW = datetime(2026, 6, 1, 3, 0, tzinfo=UTC)


def fixed_clock() -> Clock:
    return lambda: NOW


def build_app() -> FastAPI:
    app = FastAPI(title="Jamsos eligibility")
    app.include_router(eligibility.router)
    app.dependency_overrides[get_clock] = fixed_clock
    return app


schema = schemathesis.openapi.from_asgi("/openapi.json", build_app())


@schema.parametrize()
@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_eligibility_api_never_answers_5xx(case: schemathesis.Case[Any]) -> None:
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )
