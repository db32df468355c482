"""The dialogue engine: one message in, the replies out, the conversation stored between.

`DialogueEngine.handle` is the whole unit of work of an update: load the conversation,
understand the message (`dialogues.understanding`), choose the reply language, run the flow,
store the conversation, and return the replies for the channel to render. It never sends
anything itself.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import datetime

from dialogues.content import Content
from dialogues.errors import StoreUnavailable
from dialogues.flows import (
    COMMANDS,
    FLOWS,
    INTENT_HANDLERS,
    LATE_COMMANDS,
    PROGRAM_INTENTS,
    conversation,
    pausing,
    timezone_questions,
)
from dialogues.flows import language as language_flow
from dialogues.flows import timezone as timezone_flow
from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, settle
from dialogues.i18n import Catalogs, use_language
from dialogues.i18n import gettext as _
from dialogues.memory import in_memory_services
from dialogues.messages import Incoming, Reply
from dialogues.ports import Clock, ConversationKey, ConversationStore, SystemClock
from dialogues.services import Services
from dialogues.state import Conversation
from dialogues.understanding import Understood, clean_text, understand
from nlu import Entity, Intent, IntentParser, Language, requested_language

logger = logging.getLogger(__name__)


def language_from_hint(hint: str | None) -> Language | None:
    """Map a channel's language code (`en-GB`, `id`, `ms`) to a reply language."""
    if not hint:
        return None
    code = hint.lower().split("-")[0].split("_")[0]
    if code == "en":
        return Language.EN
    # Malay and Indonesia's regional languages are answered in Indonesian.
    if code in {"id", "in", "ms", "jv", "su"}:
        return Language.ID
    return None


def _asks_for_language(understood: Understood, stored: Conversation, text: str) -> bool:
    """Whether the message names a language to switch to (not one it merely mentions)."""
    if understood.from_button:
        return False  # a button names its language in its entities
    if stored.flow == timezone_flow.FLOW and timezone_questions.names_a_place(text):
        return False  # "Indonesia" answers where the user works, not which language
    if understood.intent == Intent.CHANGE_LANGUAGE:
        return True
    # "english" answers the language question; "can I claim JHT back in Indonesia?" does not.
    return stored.flow == language_flow.FLOW and len(text.split()) <= 3


class _KeyedLocks:
    """One lock per conversation, so two messages of one user are handled in order."""

    def __init__(self) -> None:
        self._locks: dict[ConversationKey, tuple[asyncio.Lock, int]] = {}

    async def __call__(self, key: ConversationKey) -> asyncio.Lock:
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        await lock.acquire()
        return lock

    def release(self, key: ConversationKey) -> None:
        lock, users = self._locks[key]
        lock.release()
        if users <= 1:
            del self._locks[key]
        else:
            self._locks[key] = (lock, users - 1)


class DialogueEngine:
    """Turns each incoming message into replies, keeping the conversation in a store."""

    def __init__(
        self,
        *,
        parser: IntentParser,
        store: ConversationStore,
        catalogs: Catalogs,
        content: Content,
        clock: Clock | None = None,
        services: Services | None = None,
    ) -> None:
        self._parser = parser
        self._store = store
        self._catalogs = catalogs
        self._services = services or in_memory_services()
        self._context = FlowContext(content=content, services=self._services)
        self._clock = clock or SystemClock()
        self._locks = _KeyedLocks()

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Answer one message; the replies are for the channel to render and send."""
        key = ConversationKey(incoming.channel, incoming.user_id)
        await self._locks(key)
        try:
            return await self._handle(key, incoming)
        finally:
            self._locks.release(key)

    async def _handle(self, key: ConversationKey, incoming: Incoming) -> list[Reply]:
        now = incoming.received_at or self._clock.now()
        text = clean_text(incoming.text)
        if await self._kept_for_a_human(key, text, incoming, now):
            return []
        stored = await self._load(key)
        try:
            understood = await understand(self._parser, text)
        except Exception:
            # The NLU service failing must cost one apology in the stored language, no more.
            logger.exception("understanding the message failed")
            with use_language(self._catalogs, stored.language or Language.ID):
                return [Reply(_("Sorry, something went wrong on our side. Please try again."))]
        language = self._choose_language(stored, incoming, understood, text)
        turn = replace(
            self._turn(text, understood, language, now, stored),
            channel=key.channel,
            user_id=key.user_id,
            attachments=incoming.attachments,
        )
        turn = self._resolve_follow_up(turn, stored)
        with use_language(self._catalogs, language):
            try:
                outcome = await self._dispatch(turn, understood, stored)
            except Exception:
                # A bug must cost the user one polite apology, never the conversation.
                logger.exception("flow failed for intent %s", turn.intent)
                apology = _("Sorry, something went wrong on our side. Please try again.")
                return [Reply(apology)]
        logger.debug(
            "handled channel=%s intent=%s confidence=%.2f flow=%s language=%s",
            key.channel,
            turn.intent,
            turn.confidence,
            outcome.conversation.flow,
            language,
        )
        await self._save(key, replace(outcome.conversation, language=language, last_message_at=now))
        return list(outcome.replies)

    async def _kept_for_a_human(
        self, key: ConversationKey, text: str, incoming: Incoming, now: datetime
    ) -> bool:
        """While an officer owns the chat the bot stays silent: the message goes to the ticket."""
        tickets = self._services.tickets
        try:
            if not await tickets.human_owns(key.channel, key.user_id):
                return False
            await tickets.keep_message(
                key.channel, key.user_id, text, files=incoming.attachments, now=now
            )
        except Exception:
            # Without the ticket service the bot answers rather than lose the message silently.
            logger.exception("ticket service failed; answering the message instead")
            return False
        logger.info("kept for the officer owning the chat: channel=%s", key.channel)
        return True

    async def _load(self, key: ConversationKey) -> Conversation:
        try:
            return await self._store.load(key) or Conversation()
        except StoreUnavailable:
            # Answering without memory beats not answering at all.
            logger.warning("conversation store unavailable; answering without state", exc_info=True)
            return Conversation()

    async def _save(self, key: ConversationKey, conversation_: Conversation) -> None:
        try:
            await self._store.save(key, conversation_)
        except StoreUnavailable:
            logger.error("conversation store unavailable; state not saved", exc_info=True)

    @staticmethod
    def _choose_language(
        stored: Conversation, incoming: Incoming, understood: Understood, text: str
    ) -> Language:
        explicit = next((e.value for e in understood.entities if e.entity == "language"), None)
        if explicit in {lang.value for lang in Language}:
            return Language(str(explicit))
        if _asks_for_language(understood, stored, text) and (chosen := requested_language(text)):
            return chosen
        guess = understood.guess
        if guess is not None and guess.confident:
            return guess.language
        if stored.language is not None:
            return stored.language
        hinted = language_from_hint(incoming.language_hint)
        if hinted is not None:
            return hinted
        return guess.language if guess is not None else Language.ID

    @staticmethod
    def _turn(
        text: str, understood: Understood, language: Language, now: datetime, stored: Conversation
    ) -> Turn:
        entities = understood.entities
        if (
            not understood.from_button
            and _asks_for_language(understood, stored, text)
            and (chosen := requested_language(text))
        ):
            entities = (*entities, Entity("language", chosen.value, 0, 0))
        return Turn(
            text=text,
            intent=understood.intent,
            confidence=understood.confidence,
            language=language,
            now=now,
            entities=entities,
            from_button=understood.from_button,
        )

    @staticmethod
    def _resolve_follow_up(turn: Turn, stored: Conversation) -> Turn:
        """Read "kalau JKM?" as the last question asked again about another program."""
        if turn.from_button or turn.program is None:
            return turn
        if not (turn.is_follow_up or turn.intent == Intent.OUT_OF_SCOPE):
            return turn
        topic = Topic.from_slot(stored.slots.get("topic"))
        intent = topic.intent if topic and topic.intent in PROGRAM_INTENTS else Intent.PROGRAM_INFO
        return replace(turn, intent=intent)

    async def _dispatch(self, turn: Turn, understood: Understood, stored: Conversation) -> Outcome:
        context = self._context
        if not turn.text and not turn.attachments:
            return conversation.empty(turn, stored, context)
        if understood.stale_button:
            return conversation.stale_button(turn, stored, context)
        for says, command in COMMANDS:
            if says(turn):
                done = await settle(command(turn, stored, context))
                return pausing.resume_paused(done, FLOWS, context)
        waiting = False
        if stored.flow is not None:
            flow = FLOWS.get(stored.flow)
            outcome = await settle(flow.resume(turn, stored, context)) if flow else None
            if outcome is not None:
                return pausing.resume_paused(outcome, FLOWS, context)
            if flow is None or not flow.waits:
                # A one-question flow is dropped when the user asks something else instead;
                # a flow from an older version of the bot is dropped too.
                stored = stored.leave()
            else:
                # A walkthrough waits with its answers while the other question is answered.
                waiting = True
        handler = INTENT_HANDLERS.get(Intent(turn.intent), conversation.fallback)
        handler = next((late for says, late in LATE_COMMANDS if says(turn)), handler)
        if turn.attachments and not turn.text:
            handler = conversation.unexpected_files
        outcome = await settle(handler(turn, stored, context))
        if waiting:
            return pausing.after_aside(stored, outcome, FLOWS, context)
        return pausing.resume_paused(outcome, FLOWS, context)
