"""The eligibility API: `POST /api/v1/eligibility/{program}`, facts in, a decision out.

The contract is `../shared/domain/eligibility.md`; the rules are `dialogues.rules`. Each
program has its own route (so OpenAPI documents its facts and examples), and any other
`{program}` gets 422 naming `program`. Missing or malformed facts get 422 naming the field:
the shape is checked here (the models: `eligibility_schemas`), and the rules name any fact
the decision needs but was not given.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel

from backend.api.body import read_json_body
from backend.api.deps import ClockDep
from backend.api.eligibility_schemas import (
    Answer,
    FactsBase,
    JhtAnswer,
    JhtRequest,
    JkkRequest,
    JkmRequest,
    JkpRequest,
    JpRequest,
    ValidationProblems,
)
from dialogues.errors import FactError, MissingFact
from dialogues.rules import Decision, decide
from dialogues.rules.common import today_in, zone
from dialogues.rules.facts import Facts, JhtFacts, JkkFacts, JkmFacts, JkpFacts, JpFacts

router = APIRouter(prefix="/api/v1/eligibility", tags=["eligibility"])


def _as_of(body: FactsBase, clock: ClockDep) -> date:
    """Return `as_of`, or today in the user's time zone by the clock."""
    if body.timezone is not None:
        zone(body.timezone)
    return body.as_of or today_in(body.timezone, clock())


def _facts(body: FactsBase, kind: Callable[..., Facts], clock: ClockDep) -> Facts:
    """Return the rules' facts from a request: its fields are named as the facts are."""
    given = {name: getattr(body, name) for name in type(body).model_fields}
    del given["as_of"], given["timezone"]
    return kind(as_of=_as_of(body, clock), **given)


def _decide(facts: Callable[[], Facts]) -> Decision:
    """Run the rules; a missing or impossible fact becomes a 422 naming it."""
    try:
        return decide(facts())
    except FactError as error:
        kind = "missing" if isinstance(error, MissingFact) else "value_error"
        problem = {"type": kind, "loc": ("body", error.field), "msg": error.message, "input": None}
        raise RequestValidationError([problem]) from error


def _examples(*examples: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    """Return OpenAPI named examples from (name, summary, value) triples."""
    return {name: {"summary": summary, "value": value} for name, summary, value in examples}


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    """Replace `#/$defs/...` references by their definitions (valid anywhere in OpenAPI)."""
    if isinstance(node, dict):
        reference = node.get("$ref")
        if isinstance(reference, str) and reference.startswith("#/$defs/"):
            return _inline(definitions[reference.removeprefix("#/$defs/")], definitions)
        return {k: _inline(v, definitions) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    return node


def _openapi(model: type[BaseModel], examples: dict[str, Any]) -> dict[str, Any]:
    """Document a body read by `read_json_body`, with its examples."""
    schema = model.model_json_schema()
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": _inline(schema, schema.get("$defs", {})),
                    "examples": examples,
                }
            },
        }
    }


_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ValidationProblems, "description": "A fact is missing or malformed."}
}


_JHT_EXAMPLES = _examples(
    (
        "resigned_waiting",
        "Resigned, still in the one-month wait",
        {"reason": "resigned", "employment_end_date": "2026-11-15", "as_of": "2026-12-01"},
    ),
    ("age_56", "Reached 56", {"reason": "age_56", "birth_date": "1970-03-02"}),
    (
        "partial_30",
        "30% for a home after 10 years",
        {
            "reason": "partial_30",
            "membership_start": "2014-05-01",
            "previous_partial_claim": False,
            "timezone": "Asia/Taipei",
        },
    ),
    ("citizen_leaving", "A citizen asks about leaving Indonesia", {"reason": "left_indonesia"}),
    (
        "migrant_not_opted_in",
        "A migrant worker who never joined JHT",
        {"reason": "age_56", "segment": "PMI", "jht_opted_in": False},
    ),
)
_JKP_EXAMPLES = _examples(
    (
        "dismissed",
        "Dismissed, enough contributions",
        {
            "termination_type": "phk",
            "termination_date": "2026-09-30",
            "contribution_months_last_24": 20,
            "consecutive_months_before_termination": 14,
            "willing_to_work": True,
            "employed_again": False,
            "as_of": "2026-10-15",
        },
    ),
    ("resigned", "Resigned: not a dismissal", {"termination_type": "resigned"}),
)
_JKM_EXAMPLES = _examples(
    (
        "covered",
        "Death from illness while a member, with the scholarship",
        {
            "death_cause": "other",
            "death_date": "2026-08-01",
            "membership_active": True,
            "contribution_years": 5,
        },
    ),
    ("work_accident", "Death from a work accident: JKK instead", {"death_cause": "work_accident"}),
)
_JKK_EXAMPLES = _examples(
    (
        "commute",
        "Accident on the way to work",
        {"accident_context": "commute", "membership_active": True},
    ),
    (
        "abroad",
        "Migrant worker hurt at work abroad",
        {"accident_context": "at_work", "membership_active": True, "segment": "PMI"},
    ),
    ("outside_work", "Accident outside work", {"accident_context": "outside_work"}),
)
_JP_EXAMPLES = _examples(
    (
        "monthly",
        "Pension age reached with 20 years",
        {"birth_date": "1966-04-10", "contribution_months": 240, "as_of": "2026-06-01"},
    ),
    (
        "lump_sum",
        "Pension age reached with 8 years",
        {"birth_date": "1966-04-10", "contribution_months": 96, "as_of": "2026-06-01"},
    ),
)


@router.post(
    "/JHT",
    response_model=JhtAnswer,
    responses=_RESPONSES,
    openapi_extra=_openapi(JhtRequest, _JHT_EXAMPLES),
    summary="Can a JHT claim be filed, and for what share?",
)
async def eligibility_jht(request: Request, clock: ClockDep) -> dict[str, Any]:
    """Decide a JHT claim (PP 46/2015, Permenaker 4/2022, Permenaker 4/2023 for PMI)."""
    body = await read_json_body(request, JhtRequest)
    return _decide(lambda: _facts(body, JhtFacts, clock)).to_dict()


@router.post(
    "/JKP",
    response_model=Answer,
    responses=_RESPONSES,
    openapi_extra=_openapi(JkpRequest, _JKP_EXAMPLES),
    summary="Can a JKP claim be filed?",
)
async def eligibility_jkp(request: Request, clock: ClockDep) -> dict[str, Any]:
    """Decide a JKP claim (PP 37/2021 as amended by PP 6/2025)."""
    body = await read_json_body(request, JkpRequest)
    return _decide(lambda: _facts(body, JkpFacts, clock)).to_dict()


@router.post(
    "/JKM",
    response_model=Answer,
    responses=_RESPONSES,
    openapi_extra=_openapi(JkmRequest, _JKM_EXAMPLES),
    summary="Can the heirs claim JKM?",
)
async def eligibility_jkm(request: Request, clock: ClockDep) -> dict[str, Any]:
    """Decide a JKM claim (PP 44/2015 as amended by PP 82/2019)."""
    body = await read_json_body(request, JkmRequest)
    return _decide(lambda: _facts(body, JkmFacts, clock)).to_dict()


@router.post(
    "/JKK",
    response_model=Answer,
    responses=_RESPONSES,
    openapi_extra=_openapi(JkkRequest, _JKK_EXAMPLES),
    summary="Can a JKK claim be filed?",
)
async def eligibility_jkk(request: Request, clock: ClockDep) -> dict[str, Any]:
    """Decide a JKK claim (PP 44/2015 as amended by PP 82/2019)."""
    body = await read_json_body(request, JkkRequest)
    return _decide(lambda: _facts(body, JkkFacts, clock)).to_dict()


@router.post(
    "/JP",
    response_model=Answer,
    responses=_RESPONSES,
    openapi_extra=_openapi(JpRequest, _JP_EXAMPLES),
    summary="Can a JP old-age claim be filed, monthly or as a lump sum?",
)
async def eligibility_jp(request: Request, clock: ClockDep) -> dict[str, Any]:
    """Decide a JP old-age claim (PP 45/2015)."""
    body = await read_json_body(request, JpRequest)
    return _decide(lambda: _facts(body, JpFacts, clock)).to_dict()


@router.post("/{program}", include_in_schema=False)
async def eligibility_unknown(program: str) -> None:
    """Name `program` in a 422 when it is not one of the five."""
    raise RequestValidationError(
        [
            {
                "type": "enum",
                "loc": ("path", "program"),
                "msg": "Input should be 'JHT', 'JKP', 'JKM', 'JKK' or 'JP'",
                "input": program,
            }
        ]
    )
