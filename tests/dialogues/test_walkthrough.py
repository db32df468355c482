"""What the walkthroughs share: reading chat answers, the controls, progress, and pausing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialogues.content import Content
from dialogues.flows.base import Flow, FlowContext, Outcome, Turn
from dialogues.flows.eligibility_questions import JHT_REASONS, QUESTIONS, SEGMENTS
from dialogues.flows.pausing import PAUSED, after_aside, resume_paused
from dialogues.flows.questions import Answer, Refusal, choose, from_payload, read, yes_or_no
from dialogues.flows.walkthrough import Control, Progress, control_of, looks_elsewhere
from dialogues.messages import Reply
from dialogues.state import Conversation
from nlu import Entity, Intent, Language, Program
from tests.conftest import TODAY_MOMENT

TODAY = TODAY_MOMENT.date()


def turn(
    text: str,
    intent: str = Intent.OUT_OF_SCOPE,
    confidence: float = 0.3,
    *,
    entities: tuple[Entity, ...] = (),
    from_button: bool = False,
) -> Turn:
    return Turn(
        text=text,
        intent=intent,
        confidence=confidence,
        language=Language.ID,
        now=datetime(2026, 11, 21, 9, tzinfo=UTC),
        entities=entities,
        from_button=from_button,
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("udh", True),
        ("sdh", True),
        ("iya", True),
        ("y", True),
        ("Ya, masih aktif", True),
        ("yes", True),
        ("blm", False),
        ("ga", False),
        ("gak", False),
        ("no", False),
        ("tidak pernah", False),
        ("sudah tidak aktif", False),
        ("kucing", None),
    ],
)
def test_chat_yes_and_no(text: str, said: bool | None) -> None:
    assert yes_or_no(turn(text)) is said


def test_the_nlu_decides_a_yes_or_no_the_words_dont() -> None:
    assert yes_or_no(turn("of course", Intent.AFFIRM, 0.9)) is True
    assert yes_or_no(turn("nope nope", Intent.DENY, 0.9)) is False
    assert yes_or_no(turn("hmm", Intent.AFFIRM, 0.3)) is None


def test_not_knowing_is_not_an_answer() -> None:
    question = QUESTIONS[(Program.JHT, "previous_partial_claim")]
    for text in ("ga tau", "gatau kak", "not sure", "lupa", "mungkin"):
        result = read(question, turn(text), TODAY)
        assert isinstance(result, Refusal) and "175" in result.message, text


def test_closed_answers_by_number_label_or_words() -> None:
    assert choose("5", JHT_REASONS) == JHT_REASONS[4]
    assert choose("udh resign kak", JHT_REASONS) == JHT_REASONS[4]
    assert choose("kena PHK", JHT_REASONS) == JHT_REASONS[5]
    assert choose("30%", JHT_REASONS) == JHT_REASONS[10]
    assert choose("saya tki", SEGMENTS) == SEGMENTS[2]
    assert choose("apa ya", JHT_REASONS) is None
    assert choose("resign atau phk", JHT_REASONS) is None  # two answers: ask again


def test_the_longest_words_named_win() -> None:
    from dialogues.flows.calculator_questions import QUESTIONS as CALCULATORS
    from dialogues.flows.calculator_questions import Calc

    risks = CALCULATORS[Calc.WAGE_EARNER][1].options
    assert choose("sangat rendah", risks) == risks[0]
    assert choose("rendah", risks) == risks[1]


def test_button_values_are_checked() -> None:
    reason = QUESTIONS[(Program.JHT, "reason")]
    migrant = QUESTIONS[(Program.JKK, "segment")]
    assert from_payload(reason, "resigned") == Answer("resigned")
    assert from_payload(reason, "bogus") is None
    assert from_payload(migrant, "yes") == Answer("PMI")
    assert from_payload(migrant, "PU") == Answer("PU")
    assert from_payload(QUESTIONS[(Program.JHT, "birth_date")], "1970-02-31") is None


def test_controls_are_the_whole_message_or_a_button_of_the_flow() -> None:
    intents = frozenset({Intent.CHECK_ELIGIBILITY})
    assert control_of(turn("kembali"), intents) == Control.BACK
    assert control_of(turn("Mulai lagi kak!"), intents) == Control.RESTART
    assert control_of(turn("batal"), intents) == Control.CANCEL
    assert control_of(turn("lanjut"), intents) == Control.CONTINUE
    assert control_of(turn("can I claim JHT back home?"), intents) is None
    button = turn(
        '/check_eligibility{"control":"back"}',
        Intent.CHECK_ELIGIBILITY,
        1.0,
        entities=(Entity("control", "back", 0, 0),),
        from_button=True,
    )
    other = turn(
        '/faq_contribution{"control":"back"}',
        Intent.FAQ_CONTRIBUTION,
        1.0,
        entities=(Entity("control", "back", 0, 0),),
        from_button=True,
    )
    assert control_of(button, intents) == Control.BACK
    assert control_of(other, intents) is None


def test_asides_are_questions_not_bad_answers() -> None:
    program = (Entity("program", "JKM", 7, 10),)
    assert looks_elsewhere(turn("apa itu jkm?", Intent.PROGRAM_INFO, 1.0, entities=program))
    assert looks_elsewhere(turn("terima kasih", Intent.THANKS, 1.0))
    assert not looks_elsewhere(turn("kapan-kapan", Intent.FAQ_COVERAGE_START, 0.93))
    assert not looks_elsewhere(turn("31/02/2026", Intent.OUT_OF_SCOPE, 0.95))


def test_progress_goes_back_one_answer_at_a_time() -> None:
    progress = Progress(subject="JHT").answer("reason", "resigned").answer("segment", "PU")
    restored = Progress.from_slot(progress.asking_for("employment_end_date").to_slot())
    assert restored is not None and restored.asking == "employment_end_date"
    back = restored.back()
    assert back is not None and dict(back.answers) == {"reason": "resigned"}
    assert back.answer("segment", "BPU").order == ("reason", "segment")
    assert Progress(subject="JHT").back() is None
    assert Progress.from_slot("garbage") is None
    assert progress.restart() == Progress(subject="JHT")


def _flow(question: str | None) -> Flow:
    def remind(conversation: Conversation, context: FlowContext) -> Reply | None:
        return Reply(question) if question and conversation.step == "asking" else None

    return Flow(resume=lambda turn, conversation, context: None, waits=True, remind=remind)


def test_a_walkthrough_asks_again_after_an_answer_in_between() -> None:
    context = FlowContext(content=Content.load())
    flows = {"walk": _flow("When?"), "other": _flow("Which?")}
    waiting = Conversation(flow="walk", step="asking", slots={"walk": {"a": 1}})
    answered = Outcome((Reply("JKM is ..."),), waiting.with_slots(topic={"intent": "x"}))
    outcome = after_aside(waiting, answered, flows, context)
    assert [r.text for r in outcome.replies] == ["JKM is ...", "When?"]


def test_a_walkthrough_waits_behind_another_flow_and_comes_back() -> None:
    context = FlowContext(content=Content.load())
    flows = {"walk": _flow("When?"), "other": _flow("Which?")}
    waiting = Conversation(flow="walk", step="asking")
    started = Outcome((Reply("Which?"),), waiting.enter("other", "asking"))
    paused = after_aside(waiting, started, flows, context)
    assert paused.conversation.flow == "other"
    assert paused.conversation.slots[PAUSED] == [{"flow": "walk", "step": "asking"}]
    done = Outcome((Reply("Done."),), paused.conversation.leave())
    back = resume_paused(done, flows, context)
    assert back.conversation.flow == "walk" and back.conversation.step == "asking"
    assert PAUSED not in back.conversation.slots
    assert [r.text for r in back.replies] == ["Done.", "When?"]


def test_a_finished_walkthrough_is_not_paused_and_goodbye_ends_all() -> None:
    context = FlowContext(content=Content.load())
    flows = {"walk": _flow("When?"), "other": _flow("Which?")}
    finished = Conversation(flow="walk", step="done")
    started = Outcome((Reply("Which?"),), finished.enter("other", "asking"))
    assert PAUSED not in after_aside(finished, started, flows, context).conversation.slots
    waiting = Conversation(flow="walk", step="asking")
    goodbye = Outcome((Reply("Bye"),), waiting.leave())
    assert after_aside(waiting, goodbye, flows, context).conversation.flow is None
