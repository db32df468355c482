"""The Rasa engine against a fake Rasa NLU server on 127.0.0.1, answering in Rasa's shape."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from backend.api.app import create_app
from backend.config import Settings
from backend.errors import NluServiceError
from backend.rasa_nlu import RasaNluParser
from bot.wiring import Runtime, build_runtime
from tests.servers import serve_in_thread

RASA_ANSWERS: dict[str, dict[str, Any]] = {
    "mau klaim jht dong": {
        "text": "mau klaim jht dong",
        "intent": {"id": 1, "name": "file_claim", "confidence": 0.91},
        "entities": [
            {
                "entity": "program",
                "start": 10,
                "end": 13,
                "confidence_entity": 0.99,
                "value": "JHT",
                "extractor": "DIETClassifier",
                "processors": ["EntitySynonymMapper"],
            }
        ],
        "text_tokens": [[0, 3], [4, 9], [10, 13], [14, 18]],
        "intent_ranking": [
            {"id": 1, "name": "file_claim", "confidence": 0.91},
            {"id": 2, "name": "check_eligibility", "confidence": 0.05},
        ],
        "response_selector": {"all_retrieval_intents": []},
    },
    "berapa kurs ringgit": {
        "text": "berapa kurs ringgit",
        "intent": {"name": "nlu_fallback", "confidence": 0.3},
        "entities": [],
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.3},
            {"name": "faq_contribution", "confidence": 0.2},
        ],
    },
}


@asynccontextmanager
async def runtime_closed(runtime: Runtime) -> AsyncIterator[None]:
    try:
        yield
    finally:
        await runtime.aclose()


def fake_rasa() -> FastAPI:
    app = FastAPI()

    @app.post("/model/parse")
    async def parse(request: Request) -> JSONResponse:
        text = (await request.json())["text"]
        if text == "boom":
            return JSONResponse({"error": "model not loaded"}, status_code=500)
        return JSONResponse(
            RASA_ANSWERS.get(text, RASA_ANSWERS["berapa kurs ringgit"] | {"text": text})
        )

    return app


@pytest.fixture(scope="module")
def rasa_url() -> Iterator[str]:
    with serve_in_thread(fake_rasa()) as url:
        yield url


async def test_parse_maps_rasa_answer(rasa_url: str) -> None:
    async with httpx.AsyncClient(base_url=rasa_url) as http:
        result = await RasaNluParser(http).parse("mau klaim jht dong")
    assert result.to_dict() == {
        "text": "mau klaim jht dong",
        "intent": {"name": "file_claim", "confidence": 0.91},
        "intent_ranking": [
            {"name": "file_claim", "confidence": 0.91},
            {"name": "check_eligibility", "confidence": 0.05},
        ],
        "entities": [{"entity": "program", "value": "JHT", "start": 10, "end": 13}],
        "language": "id",
    }


async def test_fallback_becomes_out_of_scope(rasa_url: str) -> None:
    async with httpx.AsyncClient(base_url=rasa_url) as http:
        result = await RasaNluParser(http).parse("berapa kurs ringgit")
    assert result.intent.name == "out_of_scope"
    assert result.intent_ranking[0].name == "out_of_scope"


async def test_server_error_is_mapped(rasa_url: str) -> None:
    async with httpx.AsyncClient(base_url=rasa_url) as http:
        with pytest.raises(NluServiceError):
            await RasaNluParser(http).parse("boom")


async def test_unreachable_server_is_mapped() -> None:
    async with httpx.AsyncClient(base_url="http://127.0.0.1:9") as http:
        with pytest.raises(NluServiceError):
            await RasaNluParser(http).parse("halo")


async def test_bot_answers_through_rasa_engine(rasa_url: str, settings: Settings) -> None:
    settings = settings.model_copy(update={"nlu_engine": "rasa", "rasa_url": rasa_url})
    runtime = build_runtime(settings)
    app = create_app(engine=runtime.engine, parser=runtime.parser, services=runtime.services)
    transport = httpx.ASGITransport(app=app)
    async with (
        runtime_closed(runtime),
        httpx.AsyncClient(transport=transport, base_url="http://t") as http,
    ):
        response = await http.post(
            "/webhooks/rest/webhook", json={"sender": "r1", "message": "mau klaim jht dong"}
        )
        assert response.status_code == 200
        assert "JHT" in response.json()[0]["text"]
        failing = await http.post(
            "/webhooks/rest/webhook", json={"sender": "r1", "message": "boom"}
        )
        assert failing.status_code == 200
        assert "Maaf" in failing.json()[0]["text"]
