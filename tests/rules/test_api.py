"""`POST /api/v1/eligibility/{program}` over HTTP, as the contract in eligibility.md says."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from backend.api.deps import Clock, get_clock
from backend.api.router import api_router
from backend.api.routes import eligibility

URL = "/api/v1/eligibility"
# 16:30 UTC on 14 December 2026: 00:30 on the 15th in Taipei, 23:30 on the 14th in Jakarta,
# 19:30 on the 14th in Riyadh.
NOW = datetime(2026, 12, 14, 16, 30, tzinfo=UTC)


def build_app(now: datetime = NOW) -> FastAPI:
    app = FastAPI()
    app.include_router(eligibility.router)

    def clock() -> Clock:
        return lambda: now

    app.dependency_overrides[get_clock] = clock
    return app


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=build_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://jamsos.test") as client:
        yield client


def problem_fields(response: httpx.Response) -> list[Any]:
    assert response.status_code == 422, response.text
    return [problem["loc"][-1] for problem in response.json()["detail"]]


def test_the_router_is_registered_in_the_app() -> None:
    app = FastAPI()
    app.include_router(api_router)
    paths = set(app.openapi()["paths"])
    assert {f"{URL}/{program}" for program in ("JHT", "JKP", "JKM", "JKK", "JP")} <= paths


async def test_permenaker_4_2022_contract_example(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"{URL}/JHT",
        json={"reason": "resigned", "employment_end_date": "2026-11-15", "as_of": "2026-12-01"},
    )
    assert response.status_code == 200
    assert response.json() == {
        "program": "JHT",
        "eligible": False,
        "earliest_date": "2026-12-15",
        "max_percent": 100,
        "reasons": ["waiting_period"],
        "documents": ["participant_card", "ktp", "resignation_letter"],
    }


@pytest.mark.parametrize(
    ("timezone", "eligible"),
    [("Asia/Taipei", True), ("Asia/Jakarta", False), ("Asia/Riyadh", False), (None, False)],
)
async def test_permenaker_4_2022_as_of_defaults_to_today_where_the_user_is(
    http: httpx.AsyncClient, timezone: str | None, eligible: bool
) -> None:
    body: dict[str, Any] = {"reason": "resigned", "employment_end_date": "2026-11-15"}
    if timezone:
        body["timezone"] = timezone
    response = await http.post(f"{URL}/JHT", json=body)
    assert response.status_code == 200
    assert response.json()["eligible"] is eligible
    assert response.json()["earliest_date"] == (None if eligible else "2026-12-15")


@pytest.mark.parametrize(
    ("program", "body"),
    [
        (
            "JKP",
            {
                "termination_type": "phk",
                "termination_date": "2026-09-30",
                "contribution_months_last_24": 20,
                "consecutive_months_before_termination": 14,
                "willing_to_work": True,
                "employed_again": False,
            },
        ),
        ("JKM", {"death_cause": "other", "membership_active": True, "contribution_years": 5}),
        ("JKK", {"accident_context": "commute", "membership_active": True}),
        ("JP", {"birth_date": "1966-04-10", "contribution_months": 240}),
    ],
)
async def test_other_programs_answer_without_max_percent(
    http: httpx.AsyncClient, program: str, body: dict[str, Any]
) -> None:
    response = await http.post(f"{URL}/{program}", json=body)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["program"] == program
    assert answer["eligible"] is True
    assert "max_percent" not in answer
    assert set(answer) == {"program", "eligible", "earliest_date", "reasons", "documents"}


async def test_pp_82_2019_work_accident_death_points_to_jkk(http: httpx.AsyncClient) -> None:
    response = await http.post(f"{URL}/JKM", json={"death_cause": "work_accident"})
    assert response.json()["reasons"] == ["use_jkk"]


async def test_pp_46_2015_partial_30_reports_its_share(http: httpx.AsyncClient) -> None:
    response = await http.post(
        f"{URL}/JHT",
        json={
            "reason": "partial_30",
            "membership_start": "2016-12-15",
            "previous_partial_claim": False,
            "timezone": "Asia/Taipei",
        },
    )
    assert response.json()["eligible"] is True
    assert response.json()["max_percent"] == 30


async def test_unknown_fields_are_ignored(http: httpx.AsyncClient) -> None:
    response = await http.post(f"{URL}/JHT", json={"reason": "death", "favourite_colour": "red"})
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("program", "body", "field"),
    [
        ("JHT", {}, "reason"),
        ("JHT", {"reason": "resigned"}, "employment_end_date"),
        ("JHT", {"reason": "age_56"}, "birth_date"),
        (
            "JHT",
            {"reason": "partial_10", "membership_start": "2010-01-01"},
            "previous_partial_claim",
        ),
        ("JHT", {"reason": "death", "segment": "PMI"}, "jht_opted_in"),
        ("JHT", {"reason": "resign"}, "reason"),
        ("JHT", {"reason": "resigned", "employment_end_date": "15/11/2026"}, "employment_end_date"),
        ("JHT", {"reason": "age_56", "birth_date": "2026-02-30"}, "birth_date"),
        ("JHT", {"reason": "age_56", "birth_date": 19700101}, "birth_date"),
        ("JHT", {"reason": "age_56", "birth_date": "2030-01-01"}, "birth_date"),
        ("JHT", {"reason": "age_56", "birth_date": "0001-01-01"}, "birth_date"),
        ("JHT", {"reason": "death", "as_of": "yesterday"}, "as_of"),
        ("JHT", {"reason": "death", "timezone": "Mars/Olympus"}, "timezone"),
        ("JHT", {"reason": "death", "nationality": "ID"}, "nationality"),
        ("JHT", {"reason": "partial_10", "previous_partial_claim": "no"}, "previous_partial_claim"),
        ("JKP", {}, "termination_type"),
        ("JKP", {"termination_type": "phk"}, "termination_date"),
        (
            "JKP",
            {"termination_type": "phk", "contribution_months_last_24": 25},
            "contribution_months_last_24",
        ),
        (
            "JKP",
            {"termination_type": "phk", "contribution_months_last_24": "12"},
            "contribution_months_last_24",
        ),
        (
            "JKP",
            {"termination_type": "phk", "contribution_months_last_24": 12.5},
            "contribution_months_last_24",
        ),
        ("JKM", {"death_cause": "other"}, "membership_active"),
        ("JKM", {"death_cause": "other", "membership_active": 1}, "membership_active"),
        ("JKK", {"accident_context": "home"}, "accident_context"),
        ("JP", {"contribution_months": 10}, "birth_date"),
        ("JP", {"birth_date": "1960-01-01"}, "contribution_months"),
        ("JP", {"birth_date": "1960-01-01", "contribution_months": -1}, "contribution_months"),
    ],
)
async def test_missing_or_malformed_facts_get_422_naming_the_field(
    http: httpx.AsyncClient, program: str, body: dict[str, Any], field: str
) -> None:
    response = await http.post(f"{URL}/{program}", json=body)
    assert field in problem_fields(response)


@pytest.mark.parametrize("program", ["jht", "JKN", "BPJS", "Jp", "JHT2", "JHT%20"])
async def test_an_unknown_program_gets_422_naming_program(
    http: httpx.AsyncClient, program: str
) -> None:
    response = await http.post(f"{URL}/{program}", json={"reason": "death"})
    assert problem_fields(response) == ["program"]
    assert response.json()["detail"][0]["loc"] == ["path", "program"]


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"not json", b"[]", b'"JHT"', b"null", b"[" * 50_000, b"\xff\xfe{}"],
)
async def test_a_body_that_is_not_a_json_object_gets_422(
    http: httpx.AsyncClient, content: bytes
) -> None:
    response = await http.post(
        f"{URL}/JHT", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


async def test_openapi_documents_every_program_with_examples(http: httpx.AsyncClient) -> None:
    spec = (await http.get("/openapi.json")).json()
    for program in ("JHT", "JKP", "JKM", "JKK", "JP"):
        operation = spec["paths"][f"{URL}/{program}"]["post"]
        content = operation["requestBody"]["content"]["application/json"]
        assert content["examples"], program
        assert "$defs" not in str(content["schema"]), program
        assert "422" in operation["responses"], program
    assert f"{URL}/{{program}}" not in spec["paths"]
    jht = spec["paths"][f"{URL}/JHT"]["post"]["requestBody"]["content"]["application/json"]
    assert "resigned" in jht["schema"]["properties"]["reason"]["enum"]


async def test_openapi_examples_are_answered(http: httpx.AsyncClient) -> None:
    spec = (await http.get("/openapi.json")).json()
    for program in ("JHT", "JKP", "JKM", "JKK", "JP"):
        operation = spec["paths"][f"{URL}/{program}"]["post"]
        examples = operation["requestBody"]["content"]["application/json"]["examples"]
        for name, example in examples.items():
            response = await http.post(f"{URL}/{program}", json=example["value"])
            assert response.status_code == 200, (program, name, response.text)
