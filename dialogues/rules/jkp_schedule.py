"""The JKP monthly cycle: its months and claim dates, and when to remind, in local time.

PP 37/2021 as amended by PP 6/2025, with the claim procedure of Permenaker 15/2021
(`../shared/domain/facts.md` §1.5 and §4.4). The cycle is anchored on the first JKP payment
(or the first claim on SIAPkerja): the claim for month `m` falls `m - 1` months after it,
counted from that first date each time (`add_months`, clamped at a short month's end), so
31 January gives 28 or 29 February, 31 March, 30 April, ... and never drifts.

Months 2 to 6 each have duties (`dialogues.rules.jkp_duties`; training in months 2 to 5 only),
done between the previous claim and the next one, then the claim itself, on the date SIAPkerja
shows.

Each duty month has two reminders: an early one a week before the claim date, and one on
the last day before it. Both go at the worker's preferred hour in their own time zone, never
in the quiet hours (21:00 to 08:00 local): an hour inside them is moved to the nearest
allowed one (20:00 or 08:00). Local times are made with the time-zone database (`zoneinfo`),
never with fixed offsets, so daylight saving is followed where a zone has it.

Everything is pure: "now" and "today" are passed in (a controllable clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dialogues.rules.common import add_months

FIRST_DUTY_MONTH = 2
LAST_MONTH = 6
"""The sixth payment ends the cycle (PP 6/2025: 60% of the wage for up to 6 months)."""
TRAINING_MONTHS = range(2, 6)
"""Training is required in months 2 to 5 (Permenaker 15/2021, facts.md §4.4)."""
CLAIM_WINDOW_MONTHS = 6
"""JKP must be claimed within 6 months of the dismissal (PP 6/2025 art. 40)."""
EARLY_DAYS_BEFORE = 7
"""The early reminder comes a week before the claim date."""
QUIET_FROM = 21
QUIET_UNTIL = 8
"""No reminder between 21:00 and 08:00 local time."""
FIRST_ALLOWED_HOUR = QUIET_UNTIL
LAST_ALLOWED_HOUR = QUIET_FROM - 1
DEFAULT_HOUR = 9


class ReminderKind(StrEnum):
    """Which of a month's two reminders."""

    EARLY = "early"
    LAST_DAY = "last_day"


class PlanProblem(StrEnum):
    """Why the dates given can't make a schedule."""

    FIRST_BEFORE_DISMISSAL = "first_before_dismissal"
    CLAIM_WINDOW_PASSED = "claim_window_passed"
    CYCLE_OVER = "cycle_over"


@dataclass(frozen=True, slots=True)
class JkpMonth:
    """One duty month: its number (2-6), when it starts, and its claim date.

    The duties of month `number` are done from `starts` (the previous claim) until the day
    before `claim_date`, the last day (`last_day`).
    """

    number: int
    starts: date
    claim_date: date

    @property
    def last_day(self) -> date:
        """The last day to finish the month's duties: the day before the claim."""
        return self.claim_date - timedelta(days=1)

    @property
    def needs_training(self) -> bool:
        """Whether training is one of this month's duties (months 2 to 5)."""
        return self.number in TRAINING_MONTHS

    @property
    def is_last(self) -> bool:
        """Whether this is the month of the sixth and last payment."""
        return self.number == LAST_MONTH


def jkp_months(first_date: date) -> tuple[JkpMonth, ...]:
    """Return the duty months 2 to 6 of a cycle whose first payment or claim was `first_date`."""
    return tuple(
        JkpMonth(
            number=number,
            starts=add_months(first_date, number - 2),
            claim_date=add_months(first_date, number - 1),
        )
        for number in range(FIRST_DUTY_MONTH, LAST_MONTH + 1)
    )


def month_on(first_date: date, day: date) -> JkpMonth | None:
    """Return the duty month `day` belongs to; None once the sixth payment's date has come.

    A day before the first payment counts for month 2 (the duties may begin early); the claim
    date itself already belongs to the next month.
    """
    return next((m for m in jkp_months(first_date) if day < m.claim_date), None)


def check_plan(dismissal_date: date, first_date: date, today: date) -> PlanProblem | None:
    """Return why these dates can't be scheduled, or None when they can."""
    if first_date < dismissal_date:
        return PlanProblem.FIRST_BEFORE_DISMISSAL
    if first_date > add_months(dismissal_date, CLAIM_WINDOW_MONTHS):
        return PlanProblem.CLAIM_WINDOW_PASSED
    if jkp_months(first_date)[-1].claim_date < today:
        return PlanProblem.CYCLE_OVER
    return None


# --- Local times ---------------------------------------------------------------------------------


def allowed_hour(hour: int) -> int:
    """Return the preferred hour moved out of the quiet hours: 22 gives 20, 6 gives 8."""
    if not 0 <= hour <= 23:
        raise ValueError("an hour is 0 to 23")
    return min(max(hour, FIRST_ALLOWED_HOUR), LAST_ALLOWED_HOUR)


def in_quiet_hours(moment: datetime, zone: ZoneInfo) -> bool:
    """Whether `moment` (aware) falls between 21:00 and 08:00 in `zone`."""
    local = moment.astimezone(zone)
    return local.hour >= QUIET_FROM or local.hour < QUIET_UNTIL


def wall_clock(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """Return `day` at `hour`:00 in `zone`, as an aware datetime.

    A wall time that does not exist (the hour skipped when daylight saving starts) becomes
    the same moment one offset later (02:30 -> 03:30); one that happens twice (when it
    ends) is the first of the two. No offset is ever assumed: the zone database decides.
    """
    naive = datetime.combine(day, time(hour))
    moment = naive.replace(tzinfo=zone)
    back = moment.astimezone(UTC).astimezone(zone)
    return back if back.replace(tzinfo=None) != naive else moment


def after_quiet_hours(moment: datetime, zone: ZoneInfo) -> datetime:
    """Return `moment`, or if it falls in the quiet hours the next 08:00 in `zone` (UTC)."""
    local = moment.astimezone(zone)
    if local.hour >= QUIET_FROM:
        return wall_clock(local.date() + timedelta(days=1), QUIET_UNTIL, zone).astimezone(UTC)
    if local.hour < QUIET_UNTIL:
        return wall_clock(local.date(), QUIET_UNTIL, zone).astimezone(UTC)
    return moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    """One reminder: of which month, which kind, and when (local and UTC)."""

    month: int
    kind: ReminderKind
    local: datetime

    @property
    def due_at(self) -> datetime:
        """When it is due, in UTC (what is stored and compared)."""
        return self.local.astimezone(UTC)


def plan_reminders(
    first_date: date, zone: ZoneInfo, hour: int, *, after: datetime | None = None
) -> tuple[PlannedReminder, ...]:
    """Return the reminders of the cycle, in time order; only those due after `after`.

    `hour` is the worker's preferred hour (moved out of the quiet hours).
    """
    at = allowed_hour(hour)
    planned = []
    for month in jkp_months(first_date):
        early = month.claim_date - timedelta(days=EARLY_DAYS_BEFORE)
        for kind, day in ((ReminderKind.EARLY, early), (ReminderKind.LAST_DAY, month.last_day)):
            planned.append(PlannedReminder(month.number, kind, wall_clock(day, at, zone)))
    return tuple(r for r in planned if after is None or r.due_at > after)
