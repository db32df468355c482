"""Walkthroughs that wait: answering something else in between, and waiting behind a flow.

A flow that `waits` keeps its place, and its answers, when the user asks something else:

- the engine answers the other question with its usual handler; if the walkthrough is still
  the active flow afterwards, its question is asked again (`Flow.remind`) so the user can
  simply answer it, or say "lanjut";
- if the other question starts a flow of its own (the program question, the language
  question, another walkthrough), the walkthrough is paused behind it (slot `paused`, a
  short stack) and comes back, with its question, once no flow waits for an answer;
- a handler that leaves every flow (goodbye, hand-off to a person) ends the walkthrough.

A walkthrough that has given its result stays the active flow (so "kembali" can still change
the last answer) but waits for nothing: its `remind` returns None.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from dialogues.flows.base import Flow, FlowContext, Outcome
from dialogues.messages import Reply
from dialogues.state import Conversation

PAUSED = "paused"
MAX_PAUSED = 3


def _paused(conversation: Conversation) -> list[dict[str, Any]]:
    value = conversation.slots.get(PAUSED)
    if not isinstance(value, list):
        return []
    return [p for p in value if isinstance(p, dict) and isinstance(p.get("flow"), str)]


def _reminder(flow: Flow | None, conversation: Conversation, context: FlowContext) -> Reply | None:
    return flow.remind(conversation, context) if flow and flow.remind else None


def _waits(conversation: Conversation, flows: Mapping[str, Flow], context: FlowContext) -> bool:
    """Whether the active flow waits for an answer (a one-question flow always does)."""
    flow = flows.get(conversation.flow) if conversation.flow else None
    if flow is None:
        return False
    return flow.remind is None or flow.remind(conversation, context) is not None


def _untouched(stored: Conversation, after: Conversation) -> bool:
    """Whether a handler left the waiting flow as it was (it only answered, maybe a topic)."""

    def kept(conversation: Conversation) -> dict[str, Any]:
        return {k: v for k, v in conversation.slots.items() if k != "topic"}

    return after.step == stored.step and kept(after) == kept(stored)


def after_aside(
    stored: Conversation,
    outcome: Outcome,
    flows: Mapping[str, Flow],
    context: FlowContext,
) -> Outcome:
    """Keep the waiting flow of `stored` after a handler answered another question."""
    after = outcome.conversation
    flow = flows[str(stored.flow)]
    if after.flow == stored.flow and not _untouched(stored, after):
        return outcome  # the handler carried on with this very flow (started it afresh)
    if after.flow == stored.flow:
        reminder = _reminder(flow, after, context)
        return Outcome((*outcome.replies, *([reminder] if reminder else [])), after)
    if after.flow is None or _reminder(flow, stored, context) is None:
        return resume_paused(outcome, flows, context)
    paused = [*_paused(after), {"flow": stored.flow, "step": stored.step}][-MAX_PAUSED:]
    outcome = replace(outcome, conversation=after.with_slots(**{PAUSED: paused}))
    return resume_paused(outcome, flows, context)


def resume_paused(outcome: Outcome, flows: Mapping[str, Flow], context: FlowContext) -> Outcome:
    """Bring back the last paused flow once no flow waits, asking its question again."""
    after = outcome.conversation
    paused = _paused(after)
    if not paused or _waits(after, flows, context):
        return outcome
    last, rest = paused[-1], paused[:-1] or None
    flow = flows.get(last["flow"])
    if flow is None:
        return replace(outcome, conversation=after.with_slots(**{PAUSED: rest}))
    step = last.get("step")
    restored = after.enter(last["flow"], step if isinstance(step, str) else "", **{PAUSED: rest})
    reminder = _reminder(flow, restored, context)
    return Outcome((*outcome.replies, *([reminder] if reminder else [])), restored)
