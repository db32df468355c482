"""The JKP reminder section of the officers' claim detail (`ClaimOut.reminders`)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from backend.reminders.officers import ReminderSchedule
from dialogues.reminders import EndReason, ReminderState
from dialogues.rules.jkp_duties import DutyKind
from dialogues.rules.jkp_schedule import ReminderKind


class ReminderLineOut(BaseModel):
    """One reminder: which month, early or last-day, when (UTC), where it stands."""

    month: int
    kind: ReminderKind
    due_at: datetime
    state: ReminderState
    sent_at: datetime | None


class DutyMonthOut(BaseModel):
    """What the worker reported for one duty month (2 to 6), and what is missing."""

    month: int
    claim_date: date
    applications: int
    applications_needed: int
    companies: list[str]
    interviews: int
    counselling: int
    self_assessment: int
    training_attended: int
    training_total: int | None
    training_needed: bool
    missing: list[DutyKind]


class ReminderScheduleOut(BaseModel):
    """A chat's latest JKP reminder subscription."""

    channel: str
    state: str = Field(description="`active` or `ended`")
    ended_reason: EndReason | None
    unreachable: bool = Field(description="The channel says the user blocked the bot.")
    timezone: str
    preferred_hour: int
    dismissal_date: date
    first_date: date = Field(description="The first JKP payment or claim")
    current_month: int | None = Field(description="The duty month today falls in, if any")
    reminders: list[ReminderLineOut]
    months: list[DutyMonthOut]

    @classmethod
    def of(cls, schedule: ReminderSchedule) -> ReminderScheduleOut:
        """Build it from a schedule of `backend.reminders.officers`."""
        return cls(
            channel=schedule.channel,
            state=schedule.state,
            ended_reason=schedule.ended_reason,
            unreachable=schedule.unreachable,
            timezone=schedule.timezone,
            preferred_hour=schedule.preferred_hour,
            dismissal_date=schedule.dismissal_date,
            first_date=schedule.first_date,
            current_month=schedule.current_month,
            reminders=[
                ReminderLineOut(
                    month=r.month, kind=r.kind, due_at=r.due_at, state=r.state, sent_at=r.sent_at
                )
                for r in schedule.reminders
            ],
            months=[
                DutyMonthOut(
                    month=m.month,
                    claim_date=m.claim_date,
                    applications=m.applications,
                    applications_needed=m.applications_needed,
                    companies=list(m.companies),
                    interviews=m.interviews,
                    counselling=m.counselling,
                    self_assessment=m.self_assessment,
                    training_attended=m.training_attended,
                    training_total=m.training_total,
                    training_needed=m.training_needed,
                    missing=list(m.missing),
                )
                for m in schedule.months
            ],
        )
