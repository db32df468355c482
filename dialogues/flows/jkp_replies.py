"""What the JKP reminder subscription says: the schedule to confirm, the reminders on, refusals.

Pure text builders for `flows.jkp_reminders`, in the current language (`use_language`).
"""

from __future__ import annotations

from datetime import date, datetime

from dialogues.flows.base import button
from dialogues.flows.menu import short_menu
from dialogues.i18n import gettext as _
from dialogues.jkp_texts import (
    day_text,
    hour_text,
    local_time_text,
    moment_text,
    progress_text,
    schedule_text,
)
from dialogues.messages import Reply
from dialogues.reminders import ReminderPlan, ReminderStatus, ScheduledReminder
from dialogues.rules.common import today_in
from dialogues.rules.jkp_schedule import (
    CLAIM_WINDOW_MONTHS,
    PlanProblem,
    allowed_hour,
    plan_reminders,
)
from nlu import Intent


def schedule_summary(plan: ReminderPlan, now: datetime) -> str:
    """Return the schedule to confirm, in plain words, with the question."""
    reminders = plan_reminders(plan.first_date, plan.zone, plan.hour, after=now)
    scheduled = [ScheduledReminder(r.month, r.kind, r.due_at) for r in reminders]
    lines = [
        _("Here is your JKP reminder schedule:"),
        _(
            "Dismissed on {dismissal}; first JKP payment or claim on {first}.",
            dismissal=day_text(plan.dismissal_date),
            first=day_text(plan.first_date),
        ),
        schedule_text(plan, scheduled),
        _(
            "Each reminder comes at {time} (never between 21:00 and 08:00) and names only the "
            "duties still missing that month.",
            time=local_time_text(plan),
        ),
    ]
    if allowed_hour(plan.hour) != plan.hour:
        lines.insert(
            1,
            _(
                "{asked} is in the quiet hours (21:00 to 08:00), so I'll remind you at "
                "{moved} instead.",
                asked=hour_text(plan.hour),
                moved=hour_text(allowed_hour(plan.hour)),
            ),
        )
    return "\n\n".join(lines) + "\n\n" + _("Shall I start these reminders?")


def status_reply(status: ReminderStatus, now: datetime, *, change: str) -> Reply:
    """Return the reminders already on: when, the schedule, the next one, this month's progress."""
    plan = status.plan
    lines = [
        _("Your JKP reminders are on, at {time}.", time=local_time_text(plan)),
        schedule_text(plan, [r for r in status.reminders if r.due_at > now]),
    ]
    coming = status.next_reminder(now)
    if coming is not None:
        lines.append(_("Next reminder: {moment}.", moment=moment_text(coming.due_at, plan)))
    progress = status.progress_on(today_in(plan.timezone, now))
    if progress is not None:
        lines.append(progress_text(progress))
    buttons = (
        button(_("🔄 Change my dates"), Intent.JKP_REMINDER_SUBSCRIBE, action=change),
        button(_("🔕 Stop reminders"), Intent.JKP_REMINDER_UNSUBSCRIBE),
    )
    return Reply("\n\n".join(lines), buttons=(*buttons, *short_menu()))


def problem_text(problem: PlanProblem, dismissal_date: date) -> str:
    """Return why the first JKP date can't be used with this dismissal date."""
    dismissal = day_text(dismissal_date)
    if problem == PlanProblem.FIRST_BEFORE_DISMISSAL:
        return _(
            "The first JKP payment or claim can't be before your dismissal ({dismissal}). "
            "Please check the date.",
            dismissal=dismissal,
        )
    return _(
        "JKP must be claimed within {months} months of the dismissal ({dismissal}; PP 6/2025 "
        "art. 40), and that date is later. Please check it; if it is right, ask Care Center "
        "175 about your claim.",
        months=CLAIM_WINDOW_MONTHS,
        dismissal=dismissal,
    )


def subscribed_text(status: ReminderStatus, now: datetime) -> str:
    """Return what is said when the reminders start: the first one, how to report duties."""
    coming = status.next_reminder(now)
    lines = [_("✅ Done: your JKP reminders are on.")]
    if coming is not None:
        lines.append(
            _("The first comes on {moment}.", moment=moment_text(coming.due_at, status.plan))
        )
    lines.append(
        _(
            'Tell me each time you do a duty, for example "sudah melamar ke PT Maju", "ikut '
            'konseling kemarin" or "pelatihan 4 dari 5 kali": I count them for the month. '
            '"progres JKP" shows your progress; STOP ends the reminders.'
        )
    )
    return "\n\n".join(lines)
