"""Officers see the worker's JKP reminder schedule and duty progress on the claim."""

from __future__ import annotations

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.claims import Claim
from backend.reachability import SqlReachability
from backend.reminders import store
from dialogues.reminders import ReminderPlan
from dialogues.rules.jkp_duties import DutyEntry, DutyKind
from nlu import Language
from tests.backend.db.factories import NOW
from tests.backend.officers.factories import add_officer, bearer, claim_on, new_channel
from tests.backend.officers.test_pages import log_in
from tests.backend.reminders.factories import FIRST

PLAN = ReminderPlan(
    dismissal_date=FIRST.replace(day=1),
    first_date=FIRST,
    timezone="Asia/Hong_Kong",
    hour=19,
    language=Language.ID,
)


async def _claim_with_reminders(sessions: async_sessionmaker[AsyncSession]) -> Claim:
    async with sessions.begin() as session:
        claim = await claim_on(session, new_channel())
        subscription = await store.subscribe(
            session=session,
            channel=claim.channel,
            user_id=claim.channel_user_id,
            plan=PLAN,
            now=NOW.replace(year=2026, month=9, day=16),
        )
        # NOW (21 November 2026) falls in duty month 4 of a cycle begun on 15 September.
        store.add_duties(
            session=session,
            subscription_id=subscription.id,
            entries=[
                DutyEntry(4, DutyKind.APPLICATION, detail="PT Maju"),
                DutyEntry(4, DutyKind.APPLICATION, count=2),
                DutyEntry(4, DutyKind.TRAINING, count=4, total=5),
            ],
            now=NOW,
        )
        return claim


async def test_the_claim_detail_carries_the_schedule_and_the_progress(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    claim = await _claim_with_reminders(sessions)
    headers = await bearer(api, await add_officer(sessions))
    answer = await api.get(f"/api/v1/officer/claims/{claim.reference}", headers=headers)
    assert answer.status_code == 200, answer.text
    [schedule] = answer.json()["reminders"]
    assert schedule["state"] == "active" and schedule["timezone"] == "Asia/Hong_Kong"
    assert schedule["current_month"] == 4 and not schedule["unreachable"]
    assert len(schedule["reminders"]) == 10
    assert {r["state"] for r in schedule["reminders"]} == {"pending"}
    month_4 = next(m for m in schedule["months"] if m["month"] == 4)
    assert month_4["applications"] == 3 and month_4["companies"] == ["PT Maju"]
    assert month_4["training_attended"] == 4 and month_4["training_total"] == 5
    assert month_4["missing"] == ["self_assessment", "application", "counselling"]


async def test_a_claim_without_reminders_has_none_and_a_block_shows(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    async with sessions.begin() as session:
        bare = await claim_on(session, new_channel())
    headers = await bearer(api, await add_officer(sessions))
    answer = await api.get(f"/api/v1/officer/claims/{bare.reference}", headers=headers)
    assert answer.json()["reminders"] == []
    claim = await _claim_with_reminders(sessions)
    await SqlReachability(sessions).mark_unreachable(
        claim.channel, claim.channel_user_id, reason="blocked", now=NOW
    )
    answer = await api.get(f"/api/v1/officer/claims/{claim.reference}", headers=headers)
    assert answer.json()["reminders"][0]["unreachable"] is True


async def test_the_claim_page_shows_the_reminders_section(
    api: httpx.AsyncClient, sessions: async_sessionmaker[AsyncSession]
) -> None:
    claim = await _claim_with_reminders(sessions)
    await log_in(api, await add_officer(sessions))
    page = await api.get(f"/officer/claims/{claim.reference}", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    text = page.text
    assert "JKP reminders" in text
    assert "3 / 5 (PT Maju)" in text and "4 / 5" in text
    assert "Asia/Hong_Kong" in text and "19:00" in text
    assert 'class="current"' in text
