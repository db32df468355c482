"""The JKP reminder schedule: month ends, leap days, time zones, quiet hours, daylight saving."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dialogues.rules.jkp_duties import DutyEntry, DutyKind, progress
from dialogues.rules.jkp_schedule import (
    PlanProblem,
    ReminderKind,
    after_quiet_hours,
    allowed_hour,
    check_plan,
    in_quiet_hours,
    jkp_months,
    month_on,
    plan_reminders,
    wall_clock,
)
from tests.factories import ManualClock

PLACEMENT_ZONES = (
    "Asia/Kuala_Lumpur",
    "Asia/Taipei",
    "Asia/Hong_Kong",
    "Asia/Riyadh",
    "Asia/Seoul",
    "Asia/Jakarta",
)
"""Where most JKP recipients the bot talks to are, and UTC offsets without daylight saving."""
OFFSETS = {
    "Asia/Kuala_Lumpur": 8,
    "Asia/Taipei": 8,
    "Asia/Hong_Kong": 8,
    "Asia/Riyadh": 3,
    "Asia/Seoul": 9,
    "Asia/Jakarta": 7,
}
DST_ZONES = ("Europe/Amsterdam", "America/New_York")
FIRST_ALLOWED, LAST_ALLOWED = 8, 20


def claim_dates(first: date) -> list[date]:
    return [m.claim_date for m in jkp_months(first)]


# --- The monthly cycle ---------------------------------------------------------------------------


def test_the_cycle_has_duty_months_2_to_6_anchored_on_the_first_payment() -> None:
    months = jkp_months(date(2026, 9, 15))
    assert [m.number for m in months] == [2, 3, 4, 5, 6]
    assert [m.claim_date for m in months] == [
        date(2026, 10, 15),
        date(2026, 11, 15),
        date(2026, 12, 15),
        date(2027, 1, 15),
        date(2027, 2, 15),
    ]
    assert months[0].starts == date(2026, 9, 15)
    assert all(a.claim_date == b.starts for a, b in itertools.pairwise(months))
    assert [m.needs_training for m in months] == [True, True, True, True, False]
    assert months[-1].is_last and not months[0].is_last


def test_31_january_gives_the_last_day_of_shorter_months_without_drifting() -> None:
    assert claim_dates(date(2027, 1, 31)) == [
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
        date(2027, 5, 31),
        date(2027, 6, 30),
    ]


def test_31_january_in_a_leap_year_gives_29_february() -> None:
    assert claim_dates(date(2028, 1, 31))[0] == date(2028, 2, 29)
    assert jkp_months(date(2028, 1, 31))[0].last_day == date(2028, 2, 28)


def test_a_first_payment_on_29_february() -> None:
    assert claim_dates(date(2028, 2, 29)) == [
        date(2028, 3, 29),
        date(2028, 4, 29),
        date(2028, 5, 29),
        date(2028, 6, 29),
        date(2028, 7, 29),
    ]


def test_a_cycle_across_the_year_end() -> None:
    assert claim_dates(date(2026, 10, 31)) == [
        date(2026, 11, 30),
        date(2026, 12, 31),
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
    ]


def test_the_month_a_day_belongs_to() -> None:
    first = date(2026, 9, 15)
    assert month_on(first, date(2026, 9, 1)).number == 2  # type: ignore[union-attr]
    assert month_on(first, date(2026, 10, 14)).number == 2  # type: ignore[union-attr]
    # The claim date itself belongs to the next month.
    assert month_on(first, date(2026, 10, 15)).number == 3  # type: ignore[union-attr]
    assert month_on(first, date(2027, 2, 14)).number == 6  # type: ignore[union-attr]
    assert month_on(first, date(2027, 2, 15)) is None


@pytest.mark.parametrize(
    ("dismissal", "first", "problem"),
    [
        (date(2026, 8, 10), date(2026, 9, 1), None),
        (date(2026, 8, 10), date(2026, 8, 10), None),
        (date(2026, 8, 10), date(2026, 8, 9), PlanProblem.FIRST_BEFORE_DISMISSAL),
        # PP 6/2025 art. 40: claimed within 6 months of the dismissal (inclusive).
        (date(2026, 8, 31), date(2027, 2, 28), None),
        (date(2026, 8, 31), date(2027, 3, 1), PlanProblem.CLAIM_WINDOW_PASSED),
        (date(2025, 1, 1), date(2025, 1, 10), PlanProblem.CYCLE_OVER),
    ],
)
def test_dates_that_cannot_make_a_schedule(
    dismissal: date, first: date, problem: PlanProblem | None
) -> None:
    assert check_plan(dismissal, first, date(2026, 11, 21)) == problem


# --- Reminders in local time --------------------------------------------------------------------


@pytest.mark.parametrize("zone", PLACEMENT_ZONES)
def test_two_reminders_a_month_at_the_preferred_hour_in_each_placement_zone(zone: str) -> None:
    reminders = plan_reminders(date(2026, 9, 15), ZoneInfo(zone), 9)
    assert len(reminders) == 10
    assert [(r.month, r.kind) for r in reminders[:2]] == [
        (2, ReminderKind.EARLY),
        (2, ReminderKind.LAST_DAY),
    ]
    early, last = reminders[0], reminders[1]
    assert early.local.date() == date(2026, 10, 8)  # a week before the claim on 15 October
    assert last.local.date() == date(2026, 10, 14)  # the last day before it
    for reminder in reminders:
        assert reminder.local.hour == 9 and reminder.local.minute == 0
        # A fixed offset in these zones: 09:00 local is 9 - offset in UTC.
        expected = datetime.combine(reminder.local.date(), datetime.min.time(), UTC) + timedelta(
            hours=9 - OFFSETS[zone]
        )
        assert reminder.due_at == expected
        assert reminder.due_at.tzinfo == UTC


def test_the_same_local_hour_is_a_different_moment_in_each_zone() -> None:
    moments = {
        zone: plan_reminders(date(2026, 9, 15), ZoneInfo(zone), 8)[0].due_at
        for zone in PLACEMENT_ZONES
    }
    assert moments["Asia/Seoul"] < moments["Asia/Taipei"] < moments["Asia/Jakarta"]
    assert moments["Asia/Jakarta"] < moments["Asia/Riyadh"]
    assert moments["Asia/Riyadh"] - moments["Asia/Seoul"] == timedelta(hours=6)


@pytest.mark.parametrize(
    ("preferred", "sent_at"),
    [(0, 8), (5, 8), (7, 8), (8, 8), (12, 12), (20, 20), (21, 20), (22, 20), (23, 20)],
)
def test_an_hour_in_the_quiet_hours_is_moved_to_the_nearest_allowed_one(
    preferred: int, sent_at: int
) -> None:
    assert allowed_hour(preferred) == sent_at
    for reminder in plan_reminders(date(2026, 9, 15), ZoneInfo("Asia/Taipei"), preferred):
        assert reminder.local.hour == sent_at
        assert not in_quiet_hours(reminder.due_at, ZoneInfo("Asia/Taipei"))


def test_quiet_hours_are_21_to_8_local() -> None:
    seoul = ZoneInfo("Asia/Seoul")

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2026, 11, 21, hour, minute, tzinfo=seoul)

    assert not in_quiet_hours(at(20, 59), seoul)
    assert in_quiet_hours(at(21), seoul)
    assert in_quiet_hours(at(3), seoul)
    assert in_quiet_hours(at(7, 59), seoul)
    assert not in_quiet_hours(at(8), seoul)
    # 12:30 UTC is 21:30 in Seoul but 15:30 in Riyadh.
    moment = datetime(2026, 11, 21, 12, 30, tzinfo=UTC)
    assert in_quiet_hours(moment, seoul)
    assert not in_quiet_hours(moment, ZoneInfo("Asia/Riyadh"))


def test_a_moment_in_the_quiet_hours_waits_for_8_local() -> None:
    taipei = ZoneInfo("Asia/Taipei")
    late = datetime(2026, 11, 21, 21, 30, tzinfo=taipei)
    assert after_quiet_hours(late, taipei) == datetime(2026, 11, 22, 8, tzinfo=taipei)
    early = datetime(2026, 11, 22, 3, 0, tzinfo=taipei)
    assert after_quiet_hours(early, taipei) == datetime(2026, 11, 22, 8, tzinfo=taipei)
    fine = datetime(2026, 11, 22, 12, 0, tzinfo=taipei)
    assert after_quiet_hours(fine, taipei) == fine
    assert after_quiet_hours(late, taipei).tzinfo == UTC


def test_a_month_end_across_zones_gives_each_its_own_date() -> None:
    # The last day before a 1 March claim is 28 February (29 in 2028), in every zone.
    for zone in PLACEMENT_ZONES:
        reminders = plan_reminders(date(2027, 1, 1), ZoneInfo(zone), 20)
        month_2_last = next(r for r in reminders if r.month == 2 and r.kind == "last_day")
        assert month_2_last.local.date() == date(2027, 1, 31)
        leap = plan_reminders(date(2028, 2, 1), ZoneInfo(zone), 20)
        assert leap[1].local.date() == date(2028, 2, 29)  # claim on 1 March 2028


# --- Daylight saving: by the zone database, never by offsets -----------------------------------


def test_daylight_saving_keeps_the_local_hour_in_new_york() -> None:
    zone = ZoneInfo("America/New_York")
    # DST starts on 14 March 2027; the month-2 reminders (10 and 16 March) straddle it.
    reminders = plan_reminders(date(2027, 2, 17), zone, 9)
    before = next(r for r in reminders if r.local.date() == date(2027, 3, 10))
    after = next(r for r in reminders if r.local.date() == date(2027, 3, 16))
    assert before.local.hour == after.local.hour == 9
    assert before.due_at.hour == 14  # EST, UTC-5
    assert after.due_at.hour == 13  # EDT, UTC-4


def test_daylight_saving_in_amsterdam_both_ways() -> None:
    zone = ZoneInfo("Europe/Amsterdam")
    spring = wall_clock(date(2027, 3, 27), 10, zone), wall_clock(date(2027, 3, 29), 10, zone)
    assert [m.astimezone(UTC).hour for m in spring] == [9, 8]  # CET then CEST
    autumn = wall_clock(date(2027, 10, 30), 10, zone), wall_clock(date(2027, 11, 1), 10, zone)
    assert [m.astimezone(UTC).hour for m in autumn] == [8, 9]


def test_a_wall_time_that_does_not_exist_moves_forward_one_that_repeats_is_the_first() -> None:
    zone = ZoneInfo("America/New_York")
    skipped = wall_clock(date(2027, 3, 14), 2, zone)
    assert (skipped.hour, skipped.utcoffset()) == (3, timedelta(hours=-4))
    repeated = wall_clock(date(2027, 11, 7), 1, zone)
    assert repeated.utcoffset() == timedelta(hours=-4)  # the first 01:00, still EDT


@pytest.mark.parametrize("zone", DST_ZONES)
def test_no_reminder_ever_lands_in_quiet_hours_even_across_daylight_saving(zone: str) -> None:
    tz = ZoneInfo(zone)
    for first in (date(2027, 2, 20), date(2027, 9, 28)):
        for hour in range(24):
            for reminder in plan_reminders(first, tz, hour):
                assert 8 <= reminder.due_at.astimezone(tz).hour <= 20


@given(
    first=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    hour=st.integers(min_value=0, max_value=23),
    zone=st.sampled_from(PLACEMENT_ZONES + DST_ZONES),
)
def test_every_schedule_is_ordered_local_and_outside_quiet_hours(
    first: date, hour: int, zone: str
) -> None:
    tz = ZoneInfo(zone)
    reminders = plan_reminders(first, tz, hour)
    assert len(reminders) == 10
    moments = [r.due_at for r in reminders]
    assert moments == sorted(moments) and len(set(moments)) == 10
    months = jkp_months(first)
    for reminder in reminders:
        local = reminder.due_at.astimezone(tz)
        assert FIRST_ALLOWED <= local.hour <= LAST_ALLOWED
        month = months[reminder.month - 2]
        expected = month.last_day if reminder.kind == "last_day" else month.claim_date
        if reminder.kind == "last_day":
            assert local.date() == expected
        else:
            assert (month.claim_date - local.date()).days == 7


# --- A controllable clock ------------------------------------------------------------------------


def test_only_reminders_after_now_are_planned_and_the_clock_decides() -> None:
    clock = ManualClock(datetime(2026, 10, 1, 0, 0, tzinfo=UTC))
    zone = ZoneInfo("Asia/Hong_Kong")
    first = date(2026, 9, 15)
    assert len(plan_reminders(first, zone, 9, after=clock.now())) == 10
    clock.advance(timedelta(days=10))  # 11 October: month 2's early reminder (8 Oct) is past
    later = plan_reminders(first, zone, 9, after=clock.now())
    assert len(later) == 9 and later[0].local.date() == date(2026, 10, 14)
    clock.current = datetime(2026, 10, 14, 1, 0, tzinfo=UTC)  # exactly 09:00 in Hong Kong
    assert plan_reminders(first, zone, 9, after=clock.now())[0].local.date() == date(2026, 11, 8)
    clock.current = datetime(2027, 3, 1, tzinfo=UTC)
    assert plan_reminders(first, zone, 9, after=clock.now()) == ()


# --- Duties and progress --------------------------------------------------------------------------


MONTH_3 = jkp_months(date(2026, 9, 15))[1]
MONTH_6 = jkp_months(date(2026, 9, 15))[4]


def test_applications_count_once_per_company_and_unnamed_ones_add_up() -> None:
    entries = [
        DutyEntry(3, DutyKind.APPLICATION, detail="PT Maju"),
        DutyEntry(3, DutyKind.APPLICATION, detail="pt. maju"),
        DutyEntry(3, DutyKind.APPLICATION, detail="CV Sinar"),
        DutyEntry(3, DutyKind.APPLICATION, count=2),
        DutyEntry(2, DutyKind.APPLICATION, count=5),  # another month
    ]
    done = progress(MONTH_3, entries)
    assert done.applications == 4
    assert done.companies == ("PT Maju", "CV Sinar")
    missing = {m.kind: m for m in done.missing()}
    assert missing[DutyKind.APPLICATION].done == 4 and missing[DutyKind.APPLICATION].needed == 5


def test_one_interview_counts_instead_of_five_applications() -> None:
    done = progress(MONTH_3, [DutyEntry(3, DutyKind.INTERVIEW)])
    assert done.applications_done
    assert DutyKind.APPLICATION not in {m.kind for m in done.missing()}


@pytest.mark.parametrize(
    ("entries", "done"),
    [
        ([DutyEntry(3, DutyKind.TRAINING, count=4, total=5)], True),
        ([DutyEntry(3, DutyKind.TRAINING, count=3, total=5)], False),
        ([DutyEntry(3, DutyKind.TRAINING, count=8, total=10)], True),
        ([DutyEntry(3, DutyKind.TRAINING)], False),  # attendance unknown
        (
            [
                DutyEntry(3, DutyKind.TRAINING, count=2, total=5),
                DutyEntry(3, DutyKind.TRAINING, count=5, total=5),
            ],
            True,
        ),
    ],
)
def test_training_needs_80_percent_attendance(entries: list[DutyEntry], done: bool) -> None:
    assert progress(MONTH_3, entries).training_done is done


def test_month_6_has_no_training_and_a_full_month_misses_nothing() -> None:
    assert progress(MONTH_6, []).training_done
    entries = [
        DutyEntry(6, DutyKind.SELF_ASSESSMENT),
        DutyEntry(6, DutyKind.APPLICATION, count=5),
        DutyEntry(6, DutyKind.COUNSELLING),
    ]
    assert progress(MONTH_6, entries).missing() == ()
    assert [
        m.kind for m in progress(MONTH_3, [DutyEntry(3, DutyKind.SELF_ASSESSMENT)]).missing()
    ] == [
        DutyKind.APPLICATION,
        DutyKind.COUNSELLING,
        DutyKind.TRAINING,
    ]
