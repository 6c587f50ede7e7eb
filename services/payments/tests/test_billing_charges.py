"""Charges the billing scheduler requests (billing.charge.requested -> one card payment), and
the internal route billing asks whether a card is the user's own."""

import datetime as dt
import uuid

from sqlalchemy import func, select

from common.events.billing import ChargeRequested
from payments.models import Payment
from payments.service.billing import payment_id_for

INTERNAL = {"X-Internal-Token": "dev-internal-token"}


def _request(user_id, method_id, *, attempt: int = 1, charge_id=None) -> ChargeRequested:
    charge_id = charge_id or uuid.uuid4()
    start = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    return ChargeRequested(
        charge_id=charge_id,
        subscription_id=uuid.uuid4(),
        user_id=user_id,
        amount=1999,
        currency="USD",
        period=0,
        period_start=start,
        period_end=start + dt.timedelta(days=30),
        attempt=attempt,
        payment_method_id=uuid.UUID(str(method_id)),
        idempotency_key=f"billing-charge:{charge_id}:{attempt}",
        description="Gym",
    )


async def _payments(shop) -> int:
    async with shop.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Payment)) or 0)


class TestChargeRequested:
    async def test_a_request_becomes_one_card_payment_tagged_with_the_charge(self, shop):
        user, headers = shop.user()
        card = await shop.card(headers)
        request = _request(user, card)
        await shop.deliver(request)
        await shop.deliver(_request(user, card, charge_id=request.charge_id))  # same key again
        assert await _payments(shop) == 1
        await shop.process()
        payment = await shop.payment(payment_id_for(request.idempotency_key))
        assert payment.status == "succeeded"
        assert payment.metadata_["billing_charge_id"] == str(request.charge_id)
        (event,) = await shop.events("payments.payment.succeeded")
        assert event.data["metadata"]["billing_attempt"] == 1
        assert event.subject_user_ids == [user]
        assert (await shop.balance_check())["ok"] is True

    async def test_each_attempt_is_its_own_payment(self, shop):
        user, headers = shop.user()
        card = await shop.card(headers)
        first = _request(user, card)
        await shop.deliver(first)
        await shop.deliver(_request(user, card, attempt=2, charge_id=first.charge_id))
        assert await _payments(shop) == 2

    async def test_a_card_that_is_gone_fails_the_payment_at_once(self, shop):
        user, _ = shop.user()
        await shop.deliver(_request(user, uuid.uuid4()))
        (event,) = await shop.events("payments.payment.failed")
        assert event.data["failure_code"] == "payment_method_unavailable"


class TestInternalCardRoute:
    async def test_the_owner_gets_the_card_and_anyone_else_a_404(self, shop):
        user, headers = shop.user()
        card = await shop.card(headers)
        own = await shop.client.get(
            f"/internal/users/{user}/payment-methods/{card}", headers=INTERNAL
        )
        assert own.status_code == 200
        assert own.json() == {"id": card, "user_id": str(user)}
        other = await shop.client.get(
            f"/internal/users/{uuid.uuid4()}/payment-methods/{card}", headers=INTERNAL
        )
        unknown = await shop.client.get(
            f"/internal/users/{user}/payment-methods/{uuid.uuid4()}", headers=INTERNAL
        )
        assert other.status_code == unknown.status_code == 404

    async def test_without_the_internal_token_it_is_401(self, shop):
        user, headers = shop.user()
        card = await shop.card(headers)
        response = await shop.client.get(f"/internal/users/{user}/payment-methods/{card}")
        assert response.status_code == 401
