"""Counting JKP duties the worker reports, showing progress, and a new job ending it all.

These act on typed messages whatever the NLU made of them ("sudah melamar ke PT Maju" is
no intent of its own), but only when no flow took the message as its answer
(`flows.LATE_COMMANDS`):

- a duty report (`dialogues.duty_reports`) is counted for the duty month it falls in (the
  day it was done when the message says, "kemarin"; else today, both in the worker's time
  zone: the conversation's, else the reminders', else Jakarta's), and the month's progress
  is shown: "3 of 5 applications", what is done, what is missing;
- "progres JKP" / "my JKP progress" shows the progress without reporting anything;
- a new job ("sudah dapat kerja", "I got a new job") ends every reminder at once, with a
  word about the claim rules: the right to JKP ends with a new job (PP 6/2025 art. 40).

`stop` (intent `jkp_reminder_unsubscribe`, which "STOP", "BERHENTI" and Telegram's /stop are
read as) ends all the reminders at once too, with the same word about the claim rules, and
leaves whatever flow was going on: "stop" stops everything.

Without reminders on, a report is not kept: the worker is offered to turn them on.
"""

from __future__ import annotations

import re
from datetime import date

from dialogues.duty_reports import Report, read_report
from dialogues.flows import timezone
from dialogues.flows.base import FlowContext, Outcome, Topic, Turn, button, user_today
from dialogues.flows.jkp_reminders import FLOW, SLOT
from dialogues.flows.menu import short_menu
from dialogues.flows.pausing import PAUSED
from dialogues.i18n import gettext as _
from dialogues.jkp_texts import claim_rules_text, day_text, progress_text
from dialogues.messages import Reply
from dialogues.reminders import EndReason, ReminderStatus
from dialogues.rules.common import today_in
from dialogues.rules.jkp_duties import DutyEntry, DutyKind, company_key, month_progress
from dialogues.rules.jkp_schedule import month_on
from dialogues.state import Conversation
from nlu import Intent

_PROGRESS = re.compile(
    r"^(?:(?:lihat|cek|check|show|tampilkan)\s+)?(?:(?:my|saya)\s+)?"
    r"(?:progres|progress|kemajuan|perkembangan)\s+(?:tugas\s+|kewajiban\s+)?jkp"
    r"(?:\s+(?:saya|sy|ku|aku))?$"
    r"|^(?:(?:my|saya)\s+)?jkp\s+(?:progres|progress|kemajuan)(?:\s+(?:saya|sy|ku))?$"
)


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w ]+", " ", text.lower()).split())


def says_progress(turn: Turn) -> bool:
    """Whether the message asks for the JKP duty progress ("progres JKP")."""
    return not turn.from_button and bool(_PROGRESS.match(_words(turn.text)))


def _report(turn: Turn, today: date) -> Report | None:
    if turn.from_button or not turn.text:
        return None
    return read_report(turn.text, today)


def says_report(turn: Turn) -> bool:
    """Whether the message tells of a JKP duty done, a new job, or asks for the progress."""
    # Whether a message reports something does not depend on the date: Jakarta's will do.
    return says_progress(turn) or _report(turn, today_in(None, turn.now)) is not None


def _zoned(conversation: Conversation, status: ReminderStatus | None) -> Conversation:
    """Return the conversation knowing a time zone: its own, else the reminders' one."""
    if status is None or timezone.known_zone(conversation) is not None:
        return conversation
    return conversation.with_slots(**{timezone.SLOT: status.plan.timezone})


def _offer(text: str, conversation: Conversation) -> Outcome:
    offer = button(_("🔔 Turn JKP reminders on"), Intent.JKP_REMINDER_SUBSCRIBE)
    return Outcome((Reply(text, buttons=(offer, *short_menu())),), conversation)


def _done_text(entry: DutyEntry) -> str:
    if entry.kind == DutyKind.APPLICATION:
        if entry.detail:
            return _("an application to {company}", company=entry.detail)
        return _("{count} job applications", count=entry.count)
    if entry.kind == DutyKind.INTERVIEW:
        return _("an interview")
    if entry.kind == DutyKind.COUNSELLING:
        return _("counselling")
    if entry.kind == DutyKind.SELF_ASSESSMENT:
        return _("the self-assessment")
    if entry.total:
        return _("training {attended} of {total} sessions", attended=entry.count, total=entry.total)
    return _("a training session")


def _progress_reply(status: ReminderStatus, today: date) -> Reply | None:
    progress = status.progress_on(today)
    if progress is None:
        return None
    text = progress_text(progress)
    missing = progress.missing()
    if missing:
        text += "\n\n" + _(
            "Your claim for month {number} is on {claim_date}.",
            number=progress.month.number,
            claim_date=day_text(progress.month.claim_date),
        )
    else:
        text += "\n\n" + _(
            "Everything for month {number} is done. 👍 Submit your claim on SIAPkerja on "
            "{claim_date}.",
            number=progress.month.number,
            claim_date=day_text(progress.month.claim_date),
        )
    return Reply(text, buttons=short_menu())


def _topic(conversation: Conversation) -> Conversation:
    return conversation.with_slots(topic=Topic(Intent.JKP_REMINDER_SUBSCRIBE).as_slot())


async def _new_job(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    ended = await context.services.reminders.end(
        turn.channel, turn.user_id, EndReason.NEW_JOB, now=turn.now
    )
    head = _("Congratulations on your new job! 🎉")
    if ended:
        head += " " + _("I've stopped all your JKP reminders.")
    text = "\n\n".join(
        [
            head,
            claim_rules_text(),
            _(
                "So don't submit further monthly JKP claims; if you are unsure about a payment, "
                "ask Care Center 175."
            ),
        ]
    )
    left = conversation.leave(SLOT) if conversation.flow == FLOW else conversation
    return Outcome((Reply(text, buttons=short_menu()),), left)


async def track(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """Count the duties a message reports (or end everything on a new job); show progress."""
    reminders = context.services.reminders
    status = await reminders.status(turn.channel, turn.user_id)
    zoned = _zoned(conversation, status)
    today = user_today(turn, zoned)
    report = _report(turn, today)
    if report is not None and report.new_job:
        return await _new_job(turn, conversation, context)
    if status is None:
        if report is None:
            text = _("You have no JKP reminders on, so I have no progress to show yet.")
        else:
            text = _(
                "Well done! I can count your JKP duties each month and remind you of what is "
                "still missing, once JKP reminders are on."
            )
        return _offer(text, conversation)
    if report is None:
        reply = _progress_reply(status, today)
        if reply is None:
            return _offer(_("The six months of your JKP cycle are over."), conversation)
        return Outcome((reply,), _topic(conversation))
    day = report.day or today
    month = month_on(status.plan.first_date, day)
    if month is None:
        text = _("The six months of your JKP cycle are over, so there is nothing left to count.")
        return Outcome((Reply(text, buttons=short_menu()),), conversation)
    entries = [
        DutyEntry(month.number, done.kind, done.count, done.total, done.detail)
        for done in report.done
    ]
    updated = await reminders.record(
        turn.channel, turn.user_id, entries, language=turn.language, now=turn.now
    )
    noted = _(
        "✅ Noted for month {number}: {what}.",
        number=month.number,
        what=", ".join(_done_text(e) for e in entries),
    )
    before = month_progress(status.plan.first_date, month.number, status.duties)
    counted = {company_key(c) for c in before.companies} if before else set()
    again = [e.detail for e in entries if e.detail and company_key(e.detail) in counted]
    if again:
        noted += " " + _(
            "{companies} already counted this month: applications count once per company.",
            companies=", ".join(again),
        )
    progress = month_progress(status.plan.first_date, month.number, (updated or status).duties)
    if progress is None:
        return Outcome((Reply(noted, buttons=short_menu()),), _topic(conversation))
    text = f"{noted}\n\n{progress_text(progress)}"
    return Outcome((Reply(text, buttons=short_menu()),), _topic(zoned))


async def stop(turn: Turn, conversation: Conversation, context: FlowContext) -> Outcome:
    """End every JKP reminder at once and leave what we were doing, paused walkthroughs
    included (the unsubscribe intent: "STOP", "BERHENTI", Telegram's /stop)."""
    ended = await context.services.reminders.end(
        turn.channel, turn.user_id, EndReason.UNSUBSCRIBED, now=turn.now
    )
    busy = conversation.flow is not None or bool(conversation.slots.get(PAUSED))
    left = conversation.leave(SLOT, PAUSED)
    buttons = (button(_("🔔 Turn JKP reminders on"), Intent.JKP_REMINDER_SUBSCRIBE), *short_menu())
    if not ended:
        if busy:
            text = _(
                "All right, I've stopped what we were doing. You have no JKP reminders on, so "
                "there were none to stop."
            )
        else:
            text = _("You have no JKP reminders on, so there is nothing to stop.")
        return Outcome((Reply(text, buttons=buttons),), left)
    text = _("🔕 Done: all your JKP reminders are stopped; no more will come.")
    if busy:
        text += " " + _("I've also stopped what we were doing.")
    reply = Reply(f"{text}\n\n{claim_rules_text()}", buttons=buttons)
    return Outcome(
        (reply,), left.with_slots(topic=Topic(Intent.JKP_REMINDER_UNSUBSCRIBE).as_slot())
    )
