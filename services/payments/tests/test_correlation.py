"""Every event about a payment carries its order's correlation id, whichever process settles
it: the worker (no request around it) or a provider callback (the acquirer's request)."""

import uuid

from common.events.base import Envelope
from common.events.orders import ConfirmedLine, OrderConfirmed, OrderPlaced, PlacedLine


async def _order_with_correlation(shop, user_id, correlation_id: str, amount: int) -> uuid.UUID:
    order_id, product, seller = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    events = [
        OrderPlaced(
            order_id=order_id,
            user_id=user_id,
            currency="USD",
            lines=[PlacedLine(product_id=product, quantity=1)],
        ),
        OrderConfirmed(
            order_id=order_id,
            user_id=user_id,
            total=amount,
            currency="USD",
            lines=[
                ConfirmedLine(
                    product_id=product,
                    seller_id=seller,
                    quantity=1,
                    unit_price=amount,
                    amount=amount,
                )
            ],
        ),
    ]
    for event in events:
        envelope = Envelope.wrap(event, correlation_id=correlation_id)
        assert await shop.inbox.process(envelope.model_dump_json().encode())
    return order_id


async def test_payment_succeeded_by_the_worker_carries_the_orders_correlation_id(shop):
    user_id, headers = shop.user()
    order_id = await _order_with_correlation(shop, user_id, "order-request-1", 1500)
    paid = await shop.pay(
        {**headers, "X-Request-ID": "payment-request-1"},
        await shop.card(headers),
        1500,
        order_id=str(order_id),
    )
    assert paid.status_code == 202, paid.text
    await shop.process()  # the worker: no request, no event around the charge
    [succeeded] = await shop.events("payments.payment.succeeded")
    assert succeeded.data["order_id"] == str(order_id)
    assert succeeded.correlation_id == "order-request-1"


async def test_a_payment_without_an_order_keeps_its_requests_correlation_id(shop):
    _, headers = shop.user()
    paid = await shop.pay(
        {**headers, "X-Request-ID": "payment-request-2"}, await shop.card(headers), 900
    )
    assert paid.status_code == 202, paid.text
    await shop.process()
    [succeeded] = await shop.events("payments.payment.succeeded")
    assert succeeded.correlation_id == "payment-request-2"
