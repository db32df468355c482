"""What officers see of a worker's JKP reminders on the claim page: schedule and duty progress.

The worker is found by the claim's chat (channel and user id) and by every chat linked to
the claim's participant; for each, the latest subscription is shown (active or ended, with
why), its reminders with their state, and the duties counted per month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.channels import UnreachableChat
from backend.db.claims import Claim
from backend.db.links import ChannelLink
from backend.db.reminders import JkpReminder, JkpSubscription
from backend.reminders import store
from dialogues.reminders import EndReason, ReminderState
from dialogues.rules.jkp_duties import APPLICATIONS_NEEDED, DutyKind, progress
from dialogues.rules.jkp_schedule import ReminderKind, jkp_months, month_on


@dataclass(frozen=True, slots=True)
class ReminderLine:
    """One reminder as officers see it."""

    month: int
    kind: ReminderKind
    due_at: datetime
    state: ReminderState
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class DutyMonth:
    """One duty month's progress."""

    month: int
    claim_date: date
    applications: int
    applications_needed: int
    companies: tuple[str, ...]
    interviews: int
    counselling: int
    self_assessment: int
    training_attended: int
    training_total: int | None
    training_needed: bool
    missing: tuple[DutyKind, ...]


@dataclass(frozen=True, slots=True)
class ReminderSchedule:
    """A chat's latest JKP reminder subscription, with its reminders and duties."""

    channel: str
    state: str
    ended_reason: EndReason | None
    unreachable: bool
    timezone: str
    preferred_hour: int
    dismissal_date: date
    first_date: date
    current_month: int | None
    reminders: tuple[ReminderLine, ...]
    months: tuple[DutyMonth, ...]


async def schedules_of_claim(
    *, session: AsyncSession, claim: Claim, now: datetime
) -> list[ReminderSchedule]:
    """Return the reminder schedules of the claim's worker, newest subscription first."""
    chats = {(claim.channel, claim.channel_user_id)}
    links = await session.execute(
        select(ChannelLink.channel, ChannelLink.channel_user_id).where(
            ChannelLink.participant_id == claim.participant_id
        )
    )
    chats.update((channel, user) for channel, user in links.all())
    rows = await session.scalars(
        select(JkpSubscription)
        .where(tuple_(JkpSubscription.channel, JkpSubscription.channel_user_id).in_(list(chats)))
        .order_by(JkpSubscription.created_at.desc(), JkpSubscription.id.desc())
    )
    latest: dict[tuple[str, str], JkpSubscription] = {}
    for subscription in rows:
        latest.setdefault((subscription.channel, subscription.channel_user_id), subscription)
    blocked = set()
    if latest:
        found = await session.execute(
            select(UnreachableChat.channel, UnreachableChat.channel_user_id).where(
                tuple_(UnreachableChat.channel, UnreachableChat.channel_user_id).in_(list(latest))
            )
        )
        blocked = {(channel, user) for channel, user in found.all()}
    return [
        await _schedule(session, subscription, (chat in blocked), now)
        for chat, subscription in latest.items()
    ]


async def _schedule(
    session: AsyncSession, subscription: JkpSubscription, unreachable: bool, now: datetime
) -> ReminderSchedule:
    reminders = await session.scalars(
        select(JkpReminder)
        .where(JkpReminder.subscription_id == subscription.id)
        .order_by(JkpReminder.due_at, JkpReminder.id)
    )
    duties = await store.duties_of(session=session, subscription_id=subscription.id)
    months = []
    for month in jkp_months(subscription.first_date):
        done = progress(month, duties)
        months.append(
            DutyMonth(
                month=month.number,
                claim_date=month.claim_date,
                applications=done.applications,
                applications_needed=APPLICATIONS_NEEDED,
                companies=done.companies,
                interviews=done.interviews,
                counselling=done.counselling,
                self_assessment=done.self_assessment,
                training_attended=done.training_attended,
                training_total=done.training_total,
                training_needed=month.needs_training,
                missing=tuple(m.kind for m in done.missing()),
            )
        )
    today = now.astimezone(ZoneInfo(subscription.timezone)).date()
    current = month_on(subscription.first_date, today)
    return ReminderSchedule(
        channel=subscription.channel,
        state=subscription.state,
        ended_reason=subscription.ended_reason,
        unreachable=unreachable,
        timezone=subscription.timezone,
        preferred_hour=subscription.preferred_hour,
        dismissal_date=subscription.dismissal_date,
        first_date=subscription.first_date,
        current_month=current.number if current else None,
        reminders=tuple(
            ReminderLine(r.month, r.kind, r.due_at, r.state, r.sent_at) for r in reminders
        ),
        months=tuple(months),
    )
