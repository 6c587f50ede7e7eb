"""A delivery of several notices under one signature: payments already settled are confirmed
from one read, without asking the provider again; the rest follow the usual rules."""

import json
import uuid

from payments.models import Payment


def _notice(reference: str, status: str | None = "captured") -> dict[str, object]:
    return {
        "reference": reference,
        "charge_id": "ch_x",
        "event": "charge.updated",
        "status": status,
    }


async def _settled_payment(shop) -> str:
    _, headers = shop.user()
    payment_id = (await shop.pay(headers, await shop.card(headers), 1000)).json()["id"]
    await shop.process()
    assert (await shop.payment(payment_id)).status == "succeeded"
    return str(payment_id)


async def test_settled_payments_are_confirmed_without_a_recheck(client, shop, provider):
    first, second = await _settled_payment(shop), await _settled_payment(shop)
    unknown = str(uuid.uuid4())
    body = json.dumps({"batch": [_notice(first), _notice(second), _notice(unknown)]}).encode()

    response = await client.post(
        "/providers/sandbox/callback", content=body, headers=provider.signed(body)
    )

    assert response.status_code == 200, response.text
    assert [(r["reference"], r["status"]) for r in response.json()["received"]] == [
        (first, "succeeded"),
        (second, "succeeded"),
        (unknown, None),
    ]
    assert provider.status_calls == 0
    assert len(await shop.events("payments.payment.succeeded")) == 2


async def test_a_batch_rechecks_a_payment_waiting_for_a_retry_and_settles_it_once(
    client, shop, provider
):
    settled = await _settled_payment(shop)
    _, headers = shop.user()
    waiting = (await shop.pay(headers, await shop.card(headers), 1000)).json()["id"]
    stored: Payment = await shop.payment(waiting)
    # Charged at the provider, but the worker never heard the answer (not claimed here).
    await provider.authorize(
        reference=waiting, token=stored.card_token, amount=1000, currency="USD", capture=True
    )
    body = json.dumps({"batch": [_notice(settled), _notice(waiting)]}).encode()

    for _ in range(2):
        response = await client.post(
            "/providers/sandbox/callback", content=body, headers=provider.signed(body)
        )
        assert [r["status"] for r in response.json()["received"]] == ["succeeded", "succeeded"]

    assert provider.status_calls == 1  # the second delivery finds it settled
    assert (await shop.payment(waiting)).status == "succeeded"
    assert len(await shop.events("payments.payment.succeeded")) == 2
    assert (await shop.balance_check())["ok"] is True


async def test_a_forged_batch_is_refused(client, provider):
    body = json.dumps({"batch": [_notice(str(uuid.uuid4()))]}).encode()
    response = await client.post(
        "/providers/sandbox/callback", content=body, headers=provider.signed(body, secret="no")
    )
    assert response.status_code == 401
