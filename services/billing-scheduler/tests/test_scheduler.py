"""The scheduler and the results of charges, driven by the test clock: each period once and in
order, catch-up, cancel at period end, pause, dunning by decline code, a new card, replicas."""

import asyncio
import datetime as dt
import itertools
import time

from sqlalchemy import event, func, select

from billing.models import Charge
from billing.worker import build_worker
from common.db import utcnow
from common.events.base import Envelope
from common.testing import outbox_events, running_worker, wait_for


def _day(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


async def _events(billing, routing_key: str) -> list[Envelope]:
    async with billing.sessionmaker() as session:
        return await outbox_events(session, routing_key)


async def _run_until_idle(billing, failure_code: str | None = None) -> None:
    """Tick and answer requests until nothing more is due (a worker and payments, in turn)."""
    while await billing.tick() or await billing.pay_all_requested(failure_code):
        pass


class TestSchedule:
    async def test_missed_periods_are_charged_once_each_in_order(self, billing):
        start = utcnow() - _day(4) - dt.timedelta(hours=1)
        sub = await billing.subscribe(frequency="daily", start_at=start.isoformat())
        await _run_until_idle(billing)
        charges = await billing.charges(sub["id"])
        assert [c.period for c in charges] == [0, 1, 2, 3, 4]
        assert all(c.status == "succeeded" for c in charges)
        starts = [c.period_start for c in charges]
        assert starts == sorted(starts)
        assert [(e - s) for s, e in itertools.pairwise(starts)] == [_day(1)] * 4
        await _run_until_idle(billing)
        assert len(await billing.charges(sub["id"])) == 5

    async def test_month_end_anchor_charges_clamped_dates_over_a_year(self, billing):
        anchor = dt.datetime(utcnow().year + 1, 1, 31, 12, tzinfo=dt.UTC)
        sub = await billing.subscribe(frequency="monthly", start_at=anchor.isoformat())
        await billing.set_clock(anchor + dt.timedelta(days=366))
        await _run_until_idle(billing)
        days = [
            (c.period_start.month, c.period_start.day) for c in await billing.charges(sub["id"])
        ]
        leap = anchor.year % 4 == 0
        assert days[:4] == [(1, 31), (2, 29 if leap else 28), (3, 31), (4, 30)]
        assert days[-1] == (1, 31)
        assert len(days) == 13

    async def test_feb_29_yearly_charges_on_feb_28_in_common_years(self, billing):
        year = next(y for y in range(utcnow().year + 1, utcnow().year + 5) if y % 4 == 0)
        anchor = dt.datetime(year, 2, 29, 8, tzinfo=dt.UTC)
        sub = await billing.subscribe(frequency="yearly", start_at=anchor.isoformat())
        await billing.set_clock(dt.datetime(year + 2, 3, 1, tzinfo=dt.UTC))
        await _run_until_idle(billing)
        starts = [c.period_start.date() for c in await billing.charges(sub["id"])]
        assert starts == [
            dt.date(year, 2, 29),
            dt.date(year + 1, 2, 28),
            dt.date(year + 2, 2, 28),
        ]

    async def test_cancel_at_period_end_charges_no_further_period(self, billing):
        sub = await billing.subscribe(frequency="weekly")
        await _run_until_idle(billing)
        response = await billing.client.post(
            f"/subscriptions/{sub['id']}/cancel",
            json={"at_period_end": True},
            headers=billing.headers(),
        )
        assert response.json()["cancel_at_period_end"] is True
        assert response.json()["status"] == "active"
        await billing.set_clock(utcnow() + _day(30))
        await _run_until_idle(billing)
        assert [c.period for c in await billing.charges(sub["id"])] == [0]
        assert (await billing.subscription(sub["id"])).status == "cancelled"
        assert len(await _events(billing, "billing.subscription.cancelled")) == 1

    async def test_a_paused_subscription_is_not_charged(self, billing):
        sub = await billing.subscribe(frequency="daily")
        await _run_until_idle(billing)
        await billing.client.post(f"/subscriptions/{sub['id']}/pause", headers=billing.headers())
        await billing.set_clock(utcnow() + _day(5) + dt.timedelta(hours=1))
        await _run_until_idle(billing)
        assert [c.period for c in await billing.charges(sub["id"])] == [0]
        resumed = await billing.client.post(
            f"/subscriptions/{sub['id']}/resume", headers=billing.headers()
        )
        # Periods that started while paused are skipped; the next one is charged when it starts.
        assert dt.datetime.fromisoformat(resumed.json()["next_charge_at"]) > utcnow() + _day(5)

    async def test_charge_events_name_the_owner(self, billing):
        await billing.subscribe()
        await _run_until_idle(billing)
        for key in ("billing.subscription.created", "billing.charge.requested"):
            (event,) = await _events(billing, key)
            assert event.subject_user_ids == [billing.user]
        (succeeded,) = await _events(billing, "billing.charge.succeeded")
        assert succeeded.subject_user_ids == [billing.user]


class TestDunning:
    async def test_soft_declines_retry_three_times_then_past_due_then_cancelled(self, billing):
        sub = await billing.subscribe()
        await _run_until_idle(billing, "insufficient_funds")
        (charge,) = await billing.charges(sub["id"])
        assert (charge.status, charge.attempts) == ("retrying", 1)
        now = utcnow()
        for hours, day in enumerate((1, 4, 9), start=1):  # +1 d, +3 d, +5 d after each failure
            await billing.set_clock(now + _day(day) + dt.timedelta(hours=hours))
            await _run_until_idle(billing, "insufficient_funds")
        (charge,) = await billing.charges(sub["id"])
        assert (charge.status, charge.attempts) == ("failed", 4)
        assert (await billing.subscription(sub["id"])).status == "past_due"
        assert len(await _events(billing, "billing.subscription.past_due")) == 1
        assert len(await _events(billing, "billing.charge.failed")) == 4
        await billing.set_clock(now + _day(9 + 8))
        await _run_until_idle(billing)
        assert (await billing.subscription(sub["id"])).status == "cancelled"
        assert len(await billing.charges(sub["id"])) == 1

    async def test_a_hard_decline_is_not_retried_and_is_past_due_at_once(self, billing):
        sub = await billing.subscribe()
        await _run_until_idle(billing, "stolen_card")
        (charge,) = await billing.charges(sub["id"])
        assert (charge.status, charge.attempts, charge.failure_code) == (
            "failed",
            1,
            "stolen_card",
        )
        assert (await billing.subscription(sub["id"])).status == "past_due"
        (past_due,) = await _events(billing, "billing.subscription.past_due")
        assert past_due.data["failure_code"] == "stolen_card"
        assert past_due.subject_user_ids == [billing.user]
        await billing.set_clock(utcnow() + _day(6))
        await _run_until_idle(billing, "stolen_card")
        assert len(await billing.requested()) == 1

    async def test_a_new_card_retries_at_once_and_recovers(self, billing):
        sub = await billing.subscribe()
        await _run_until_idle(billing, "expired_card")
        new_card = billing.new_card()
        response = await billing.client.patch(
            f"/subscriptions/{sub['id']}",
            json={"payment_method_id": str(new_card)},
            headers=billing.headers(),
        )
        assert response.status_code == 200
        assert response.json()["status"] == "active"
        assert await billing.tick() == 1
        retry = (await billing.requested())[-1]
        assert (retry.attempt, retry.payment_method_id) == (2, new_card)
        await billing.pay(retry)
        (charge,) = await billing.charges(sub["id"])
        assert (charge.status, charge.attempts) == ("succeeded", 2)
        after = await billing.subscription(sub["id"])
        assert (after.status, after.period) == ("active", 1)


class TestReplicas:
    async def test_concurrent_schedulers_request_each_period_once(self, billing):
        for _ in range(60):
            await billing.subscribe(frequency="daily")
        counts = await asyncio.gather(*(billing.tick() for _ in range(4)))
        assert sum(counts) == 60
        async with billing.sessionmaker() as session:
            charges = await session.scalar(select(func.count()).select_from(Charge))
        assert charges == 60
        assert len(await billing.requested()) == 60

    async def test_a_redelivered_result_changes_nothing(self, billing):
        sub = await billing.subscribe(frequency="daily")
        await billing.tick()
        (request,) = await billing.requested()
        await billing.pay(request)
        await billing.pay(request)
        assert (await billing.subscription(sub["id"])).period == 1
        assert len(await _events(billing, "billing.charge.succeeded")) == 1


class TestWorker:
    async def test_a_charge_due_now_is_requested_within_a_second(self, billing, settings):
        async with running_worker(build_worker(settings)):
            await asyncio.sleep(0.3)  # the worker's LISTEN connection is up
            started = time.monotonic()
            sub = await billing.subscribe()
            await wait_for(lambda: billing.charges(sub["id"]), timeout=5, interval=0.01)
            elapsed = time.monotonic() - started
        assert elapsed < 1.0


class TestIdlePoll:
    async def test_a_poll_with_nothing_due_opens_no_transaction(self, billing):
        sub = await billing.subscribe(start_at=(utcnow() + _day(2)).isoformat())
        begun: list[object] = []
        engine = billing.sessionmaker.kw["bind"].sync_engine
        listener = begun.append
        event.listen(engine, "begin", listener)
        try:
            assert await billing.tick() == 0
        finally:
            event.remove(engine, "begin", listener)
        assert begun == []
        await billing.set_clock(utcnow() + _day(2) + dt.timedelta(minutes=1))
        assert await billing.tick() == 1  # the moved clock counts in the poll's read too
        assert len(await billing.charges(sub["id"])) == 1
