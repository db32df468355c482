"""`Conversation.step_in` and `mapping_slot`: what every flow reads its place and answers from."""

from __future__ import annotations

from enum import StrEnum

from dialogues.state import Conversation


class Step(StrEnum):
    KPJ = "kpj"
    NIK = "nik"


def test_the_step_is_read_only_inside_its_own_flow() -> None:
    inside = Conversation().enter("linking", "nik")
    assert inside.step_in("linking", Step) is Step.NIK
    assert inside.step_in("filing", Step) is None
    assert Conversation().step_in("linking", Step) is None


def test_a_step_the_flow_no_longer_knows_is_none() -> None:
    stale = Conversation().enter("linking", "birth_place")  # stored by an older version
    assert stale.step_in("linking", Step) is None


def test_a_mapping_slot_is_a_copy_and_anything_else_is_empty() -> None:
    conversation = Conversation(slots={"linking": {"kpj": "12345678901"}, "topic": "jht"})
    copied = conversation.mapping_slot("linking")
    copied["nik"] = "x"
    assert conversation.slots["linking"] == {"kpj": "12345678901"}
    assert conversation.mapping_slot("topic") == {}
    assert conversation.mapping_slot("missing") == {}
