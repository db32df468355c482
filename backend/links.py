"""Linking a chat user to a participant: proven by KPJ, NIK and birth date, locked after 3 misses.

Three wrong tries in a row, within 15 minutes, lock linking for that chat user for 15
minutes from the third; tries while locked are refused unchecked and not counted. Malformed
input (a NIK of the wrong structure, a KPJ that is not 11 digits, a birth date in the future)
is refused with `InvalidInput` before any check and does not count as a try either: the
chat flow validates it first anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Select, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.selectable import ScalarSelect

from backend.db.links import ChannelLink, LinkAttempt
from backend.errors import InvalidInput
from backend.registry import ParticipantRecord, ParticipantRegistry
from dialogues.rules.identity import nik_problem

MAX_WRONG_TRIES = 3
LOCK = timedelta(minutes=15)
KPJ_LENGTH = 11


@dataclass(frozen=True, slots=True)
class Linked:
    """The chat user is now linked to this participant."""

    participant: ParticipantRecord


@dataclass(frozen=True, slots=True)
class WrongDetails:
    """KPJ, NIK and birth date do not match one participant; `tries_left` before the lock."""

    tries_left: int


@dataclass(frozen=True, slots=True)
class Locked:
    """Too many wrong tries: linking is refused until `until`."""

    until: datetime


LinkOutcome = Linked | WrongDetails | Locked


async def locked_until(
    *, session: AsyncSession, channel: str, channel_user_id: str, now: datetime
) -> datetime | None:
    """Return when the chat user's linking lock ends, or None if they may try now."""
    recent = (
        await session.scalars(
            select(LinkAttempt)
            .where(
                LinkAttempt.channel == channel,
                LinkAttempt.channel_user_id == channel_user_id,
                LinkAttempt.attempted_at > now - 2 * LOCK,
            )
            .order_by(LinkAttempt.attempted_at.desc(), LinkAttempt.id.desc())
            .limit(MAX_WRONG_TRIES)
        )
    ).all()
    if len(recent) < MAX_WRONG_TRIES or any(attempt.succeeded for attempt in recent):
        return None
    newest, oldest = recent[0].attempted_at, recent[-1].attempted_at
    if newest - oldest > LOCK or newest + LOCK <= now:
        return None
    return newest + LOCK


async def link(
    *,
    session: AsyncSession,
    registry: ParticipantRegistry,
    channel: str,
    channel_user_id: str,
    kpj: str,
    nik: str,
    birth_date: date,
    now: datetime,
) -> LinkOutcome:
    """Try to link the chat user to the participant these details prove; record the try.

    Raises:
        InvalidInput: the KPJ, NIK or birth date can't be anyone's (not counted as a try).
    """
    if len(kpj) != KPJ_LENGTH or not kpj.isascii() or not kpj.isdigit():
        raise InvalidInput("kpj", f"must be {KPJ_LENGTH} digits")
    if birth_date > now.date():
        raise InvalidInput("birth_date", "can't be in the future")
    problem = nik_problem(nik, birth_date=birth_date)
    if problem is not None:
        raise InvalidInput("nik", problem.value)
    until = await locked_until(
        session=session, channel=channel, channel_user_id=channel_user_id, now=now
    )
    if until is not None:
        return Locked(until)
    participant = await registry.verify_identity(kpj=kpj, nik=nik, birth_date=birth_date)
    session.add(
        LinkAttempt(
            channel=channel,
            channel_user_id=channel_user_id,
            succeeded=participant is not None,
            attempted_at=now,
        )
    )
    if participant is None:
        await session.flush()
        until = await locked_until(
            session=session, channel=channel, channel_user_id=channel_user_id, now=now
        )
        if until is not None:
            return Locked(until)
        wrong = await _wrong_in_a_row(session, channel, channel_user_id, now)
        return WrongDetails(tries_left=MAX_WRONG_TRIES - wrong)
    await _delete_link(session, channel, channel_user_id)
    session.add(
        ChannelLink(
            channel=channel,
            channel_user_id=channel_user_id,
            participant_id=participant.id,
            linked_at=now,
        )
    )
    await session.flush()
    return Linked(participant)


async def unlink(*, session: AsyncSession, channel: str, channel_user_id: str) -> bool:
    """Undo the chat user's link; tell whether there was one."""
    return await _delete_link(session, channel, channel_user_id) > 0


async def linked_participant_id(
    *, session: AsyncSession, channel: str, channel_user_id: str
) -> int | None:
    """Return the participant the chat user is linked to, or None."""
    participant_id: int | None = await session.scalar(_participant_id_of(channel, channel_user_id))
    return participant_id


def linked_participant_id_sql(*, channel: str, channel_user_id: str) -> ScalarSelect[int]:
    """Return `linked_participant_id` as SQL (NULL when not linked), to embed in a statement."""
    return _participant_id_of(channel, channel_user_id).scalar_subquery()


def _participant_id_of(channel: str, channel_user_id: str) -> Select[int]:
    return select(ChannelLink.participant_id).where(
        ChannelLink.channel == channel, ChannelLink.channel_user_id == channel_user_id
    )


async def _wrong_in_a_row(
    session: AsyncSession, channel: str, channel_user_id: str, now: datetime
) -> int:
    recent = (
        await session.scalars(
            select(LinkAttempt.succeeded)
            .where(
                LinkAttempt.channel == channel,
                LinkAttempt.channel_user_id == channel_user_id,
                LinkAttempt.attempted_at >= now - LOCK,
            )
            .order_by(LinkAttempt.attempted_at.desc(), LinkAttempt.id.desc())
            .limit(MAX_WRONG_TRIES)
        )
    ).all()
    wrong = 0
    for succeeded in recent:
        if succeeded:
            break
        wrong += 1
    return wrong


async def _delete_link(session: AsyncSession, channel: str, channel_user_id: str) -> int:
    result = await session.execute(
        delete(ChannelLink).where(
            ChannelLink.channel == channel, ChannelLink.channel_user_id == channel_user_id
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
