"""The worker settles a round's answers in one transaction: every payment once, each with its
own ledger entry and event, the hot ledger accounts updated once, and a payment someone else
settled meanwhile left alone."""

import uuid

from sqlalchemy import func, select, update

from common.db import utcnow
from payments.models import JournalEntry, Payment
from payments.provider.base import ProviderResult
from payments.service import settlement

DECLINED = "4000000000000002"


async def test_a_round_settles_every_payment_once_with_balanced_books(shop, provider):
    _, headers = shop.user()
    good, bad = await shop.card(headers), await shop.card(headers, DECLINED)
    ids = [(await shop.pay(headers, good, 1000 + i)).json()["id"] for i in range(6)]
    ids += [(await shop.pay(headers, bad, 500)).json()["id"] for _ in range(2)]

    assert await shop.processor.process_due() == 8

    assert provider.batch_calls == 1  # one call to the provider for the round
    statuses = [(await shop.payment(pid)).status for pid in ids]
    assert statuses == ["succeeded"] * 6 + ["failed"] * 2
    assert len(await shop.events("payments.payment.succeeded")) == 6
    assert len(await shop.events("payments.payment.failed")) == 2
    async with shop.sessionmaker() as session:
        entries = await session.scalar(select(func.count()).select_from(JournalEntry))
    assert entries == 6
    assert (await shop.balance_check())["ok"] is True


async def test_a_payment_settled_meanwhile_is_left_alone(shop, provider):
    _, headers = shop.user()
    card = await shop.card(headers)
    first = uuid.UUID((await shop.pay(headers, card, 1000)).json()["id"])
    second = uuid.UUID((await shop.pay(headers, card, 2000)).json()["id"])
    await shop.process()
    async with shop.sessionmaker() as session:
        payments = (await session.scalars(select(Payment).order_by(Payment.amount))).all()
    answer = ProviderResult(status="declined", provider_ref="ch_late", amount=1000)

    async with shop.sessionmaker.begin() as session:
        settled = await settlement.apply_results(
            session, [(payments[0], answer, "late"), (payments[1], answer, "late")]
        )

    assert settled == []
    assert {(await shop.payment(pid)).status for pid in (first, second)} == {"succeeded"}
    assert len(await shop.events("payments.payment.succeeded")) == 2
    assert not await shop.events("payments.payment.failed")


async def test_a_batch_whose_answer_was_lost_is_re_checked_and_settled_once(shop, provider):
    _, headers = shop.user()
    card = await shop.card(headers)
    ids = [(await shop.pay(headers, card, 1000 + i)).json()["id"] for i in range(3)]
    provider.lose_answers = 1  # every charge made, the call's answer lost

    await shop.processor.process_due()
    assert provider.charge_count == 3
    assert {(await shop.payment(pid)).status for pid in ids} == {"processing"}
    async with shop.sessionmaker.begin() as session:  # the retries are due now
        await session.execute(update(Payment).values(next_attempt_at=utcnow()))
    await shop.process()

    assert {(await shop.payment(pid)).status for pid in ids} == {"succeeded"}
    assert provider.charge_count == 3
    assert provider.status_calls == 3
    assert len(await shop.events("payments.payment.succeeded")) == 3
    assert (await shop.balance_check())["ok"] is True
