"""A provider callback that overtakes the worker's first attempt skips the status re-check;
the lease still guarantees the payment is settled once."""

import datetime as dt
import json
import uuid

from sqlalchemy import update

from common.db import utcnow
from payments.models import Payment
from payments.repository import jobs


def _body(reference: str) -> bytes:
    return json.dumps(
        {"reference": reference, "charge_id": "ch_x", "event": "charge.updated"}
    ).encode()


async def _claim(shop, payment_id: str) -> None:
    """What the worker does before calling the provider: take the first attempt's lease."""
    async with shop.sessionmaker.begin() as session:
        claimed = await jobs.claim_due(
            session,
            Payment,
            now=utcnow(),
            lease_until=utcnow() + dt.timedelta(seconds=30),
            limit=1,
            job_id=uuid.UUID(payment_id),
        )
    assert len(claimed) == 1


async def _charge_at_provider(shop, provider, payment_id: str) -> None:
    stored = await shop.payment(payment_id)
    await provider.authorize(
        reference=payment_id, token=stored.card_token, amount=1000, currency="USD", capture=True
    )


async def test_a_callback_during_the_first_attempt_is_acknowledged_without_a_recheck(
    client, shop, provider
):
    _, headers = shop.user()
    payment_id = (await shop.pay(headers, await shop.card(headers), 1000)).json()["id"]
    await _claim(shop, payment_id)
    await _charge_at_provider(shop, provider, payment_id)
    body = _body(payment_id)

    response = await client.post(
        "/providers/sandbox/callback", content=body, headers=provider.signed(body)
    )

    assert response.status_code == 200
    assert response.json()["status"] == "processing"
    assert provider.status_calls == 0
    assert (await shop.payment(payment_id)).status == "processing"


async def test_once_the_lease_ran_out_a_callback_rechecks_and_settles_once(client, shop, provider):
    _, headers = shop.user()
    payment_id = (await shop.pay(headers, await shop.card(headers), 1000)).json()["id"]
    await _claim(shop, payment_id)
    await _charge_at_provider(shop, provider, payment_id)
    async with shop.sessionmaker.begin() as session:  # the worker died holding the lease
        await session.execute(
            update(Payment)
            .where(Payment.id == uuid.UUID(payment_id))
            .values(next_attempt_at=utcnow() - dt.timedelta(seconds=1))
        )
    body = _body(payment_id)

    response = await client.post(
        "/providers/sandbox/callback", content=body, headers=provider.signed(body)
    )

    assert response.json()["status"] == "succeeded"
    assert provider.status_calls == 1
    await shop.process()
    assert provider.charge_count == 1
    assert len(await shop.events("payments.payment.succeeded")) == 1
