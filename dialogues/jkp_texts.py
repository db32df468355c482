"""The words of JKP reminders and duty progress, in the current language (`use_language`).

Shared by the chat (`flows.jkp_reminders`, `flows.jkp_tracking`) and `jamsos worker`, which
renders each reminder when it is sent, so it names only what is still missing then.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from dialogues.dates import format_date
from dialogues.i18n import current_language
from dialogues.i18n import gettext as _
from dialogues.reminders import ReminderPlan, ScheduledReminder
from dialogues.rules.jkp_duties import APPLICATIONS_NEEDED, DutyKind, Missing, MonthProgress
from dialogues.rules.jkp_schedule import JkpMonth, ReminderKind, allowed_hour, jkp_months
from dialogues.timezones import place_name

SIAPKERJA = "siapkerja.kemnaker.go.id"


def day_text(day: date) -> str:
    """Return a date as people read it, in the current language."""
    return format_date(day, current_language())


def hour_text(hour: int) -> str:
    """Return an hour of the day as `08:00`."""
    return f"{hour:02d}:00"


def local_time_text(plan: ReminderPlan) -> str:
    """Return when reminders come: `08:00 Malaysia time`."""
    return _(
        "{time} {place} time",
        time=hour_text(allowed_hour(plan.hour)),
        place=place_name(plan.timezone),
    )


def moment_text(moment: datetime, plan: ReminderPlan) -> str:
    """Return a moment in the worker's time zone: `8 December 2026, 08:00`."""
    local = moment.astimezone(plan.zone)
    return f"{day_text(local.date())}, {local:%H:%M}"


def schedule_text(plan: ReminderPlan, reminders: Sequence[ScheduledReminder]) -> str:
    """Return the schedule in plain words: each claim date and its two reminder dates."""
    lines = []
    coming = {(r.month, r.kind): r for r in reminders}
    for month in jkp_months(plan.first_date):
        early = coming.get((month.number, ReminderKind.EARLY))
        last = coming.get((month.number, ReminderKind.LAST_DAY))
        days = [
            day_text(r.due_at.astimezone(plan.zone).date()) for r in (early, last) if r is not None
        ]
        if not days:
            continue
        lines.append(
            "• "
            + _(
                "Month {number}: claim on {claim_date}; reminders on {days}",
                number=month.number,
                claim_date=day_text(month.claim_date),
                days=_(" and ").join(days),
            )
        )
    return "\n".join(lines)


def applications_text(progress: MonthProgress) -> str:
    """Return `3 of 5 applications`."""
    return _(
        "{done} of {needed} applications",
        done=progress.applications,
        needed=APPLICATIONS_NEEDED,
    )


def _training_text(progress: MonthProgress) -> str:
    if progress.training_total:
        percent = round(100 * progress.training_attended / progress.training_total)
        return _(
            "training {attended} of {total} sessions ({percent}%)",
            attended=progress.training_attended,
            total=progress.training_total,
            percent=percent,
        )
    if progress.training_attended:
        return _("training {attended} sessions", attended=progress.training_attended)
    return _("training not yet")


def progress_text(progress: MonthProgress) -> str:
    """Return the month's progress in one block: what is done and what is not."""
    check, cross = "✅", "▫️"
    apps = applications_text(progress)
    if progress.companies:
        apps += f" ({', '.join(progress.companies)})"
    if progress.interviews:
        apps += "; " + _("interview ✅")
    lines = [
        _(
            "Month {number} (claim on {claim_date}):",
            number=progress.month.number,
            claim_date=day_text(progress.month.claim_date),
        ),
        f"{check if progress.self_assessment else cross} " + _("self-assessment"),
        f"{check if progress.applications_done else cross} {apps}",
        f"{check if progress.counselling else cross} " + _("counselling"),
    ]
    if progress.month.needs_training:
        lines.append(f"{check if progress.training_done else cross} {_training_text(progress)}")
    return "\n".join(lines)


def missing_text(missing: Missing) -> str:
    """Return one missing duty as a line: `2 more applications (3 of 5), or 1 interview`."""
    if missing.kind == DutyKind.SELF_ASSESSMENT:
        return _("the self-assessment on SIAPkerja")
    if missing.kind == DutyKind.APPLICATION:
        return _(
            "{more} more job applications ({done} of {needed}), or 1 interview",
            more=missing.needed - missing.done,
            done=missing.done,
            needed=missing.needed,
        )
    if missing.kind == DutyKind.COUNSELLING:
        return _("counselling")
    if missing.total:
        return _(
            "training: {attended} of {total} sessions so far, at least 80% needed",
            attended=missing.done,
            total=missing.total,
        )
    return _("the recommended training, at least 80% attendance")


def _missing_block(progress: MonthProgress) -> str:
    missing = progress.missing()
    if not missing:
        return _("Everything for this month is done. 👍")
    return _("Still to do:") + "\n" + "\n".join(f"• {missing_text(m)}" for m in missing)


def reminder_text(kind: ReminderKind, progress: MonthProgress, today: date) -> str:
    """Return a reminder as sent `today` (local): the claim date, then only what is missing."""
    month: JkpMonth = progress.month
    days = (month.claim_date - today).days
    claim_date = day_text(month.claim_date)
    if days <= 0:
        head = _(
            "⏰ JKP reminder: today, {claim_date}, submit your claim for month {number} on "
            "SIAPkerja ({site}).",
            number=month.number,
            claim_date=claim_date,
            site=SIAPKERJA,
        )
    elif days == 1:
        head = _(
            "⏰ JKP reminder: tomorrow, {claim_date}, submit your claim for month {number} "
            "on SIAPkerja ({site}). Today is the last day for this month's duties.",
            number=month.number,
            claim_date=claim_date,
            site=SIAPKERJA,
        )
    else:
        # Never 1 here (that is "tomorrow"), so no singular is needed.
        head = _(
            "⏰ JKP reminder: submit your claim for month {number} on SIAPkerja on "
            "{claim_date}, in {count} days.",
            number=month.number,
            claim_date=claim_date,
            count=days,
        )
    parts = [head, _missing_block(progress)]
    if progress.missing():
        parts.append(
            _(
                'Tell me what you have done, e.g. "sudah melamar ke PT Maju" or "applied to '
                'PT Maju".'
            )
        )
    if month.is_last and kind == ReminderKind.LAST_DAY:
        parts.append(_("This is your last JKP reminder: the sixth payment ends JKP."))
    parts.append(_("Reply STOP to end these reminders."))
    return "\n\n".join(parts)


def claim_rules_text() -> str:
    """Return the word about the claim rules said when the reminders end."""
    return _(
        "Remember: JKP is paid only while you do the monthly duties and claim on SIAPkerja "
        "each month, and the right to JKP ends when you get a new job ({source}).",
        source=_("PP 6/2025 art. 40"),
    )
