"""Load a trained Rasa NLU model and parse messages, timing each: the Rasa side of the benchmark.

Runs with the Rasa virtual environment's Python (Rasa 3.6 needs Python 3.10), never the project's:

    python parse_all.py --model models/nlu.tar.gz --input messages.json [--output results.json]

The input is a JSON object {"warmup": [text, ...], "texts": [text, ...]}. The warm-up texts are
parsed first and not timed; then every text is parsed once, timed on its own. The output is one
JSON object:

    {"import_s": ..., "load_s": ..., "results": [{"text", "intent", "confidence", "top_intent",
     "top_confidence", "entities": [{"entity", "value", "start", "end"}], "ms"}, ...]}

`import_s` is the time to import Rasa (TensorFlow included), `load_s` the time of `Agent.load`.
`intent` is Rasa's answer (`nlu_fallback` when the FallbackClassifier fires); `top_intent` is the
best real intent of the ranking, what DIET would have said without the fallback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from typing import Any, Dict, List

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

FALLBACK = "nlu_fallback"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Parse messages with a trained Rasa NLU model.")
    parser.add_argument("--model", required=True, help="the trained model (.tar.gz)")
    parser.add_argument("--input", required=True, help="JSON file with warmup and texts")
    parser.add_argument("--output", help="where to write the JSON results (default: stdout)")
    return parser.parse_args()


def _result(text: str, parsed: Dict[str, Any], elapsed_ms: float) -> Dict[str, Any]:
    intent = parsed.get("intent") or {}
    ranking = [r for r in parsed.get("intent_ranking") or [] if r.get("name") != FALLBACK]
    top = ranking[0] if ranking else intent
    return {
        "text": text,
        "intent": intent.get("name"),
        "confidence": intent.get("confidence"),
        "top_intent": top.get("name"),
        "top_confidence": top.get("confidence"),
        "entities": [
            {"entity": e["entity"], "value": str(e["value"]), "start": e["start"], "end": e["end"]}
            for e in parsed.get("entities") or []
        ],
        "ms": elapsed_ms,
    }


async def _parse_all(model: str, warmup: List[str], texts: List[str]) -> Dict[str, Any]:
    started = time.perf_counter()
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # else every parse logs a debug line to stdout
    imported = time.perf_counter()
    agent = Agent.load(model)
    loaded = time.perf_counter()

    for text in warmup:
        await agent.parse_message(text)

    results = []
    for text in texts:
        start = time.perf_counter_ns()
        parsed = await agent.parse_message(text)
        elapsed_ms = (time.perf_counter_ns() - start) / 1e6
        results.append(_result(text, parsed, elapsed_ms))
    return {"import_s": imported - started, "load_s": loaded - imported, "results": results}


def main() -> int:
    arguments = _arguments()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    with open(arguments.input, encoding="utf-8") as file:
        payload = json.load(file)
    output = asyncio.run(_parse_all(arguments.model, payload["warmup"], payload["texts"]))
    text = json.dumps(output, ensure_ascii=False)
    if arguments.output:
        with open(arguments.output, "w", encoding="utf-8") as file:
            file.write(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
