"""Settlement: the one place a payment's outcome is decided, whoever brings the news.

The worker's result, the provider's callback, the customer's return to the checkout page and
a status re-check all end in :func:`apply_result`, which moves the payment out of
``processing`` with a conditional UPDATE. The first caller wins and books the ledger, writes the
events and updates the order; later callers find nothing to move and do nothing, so each
outcome is applied exactly once, in any order of arrival.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from common.events.payments import PaymentCaptured, PaymentFailed, PaymentSucceeded
from payments.models import Order, Payment
from payments.provider.base import PaymentProvider, ProviderResult
from payments.repository import orders as orders_repo
from payments.repository import payments as repository
from payments.repository import settling as repository_settling
from payments.repository.settling import Outcome
from payments.service import batch_events, events, ledger, refunds, voids
from payments.service.batch_events import Announcement

log = structlog.get_logger("payments.settlement")

_STATUS_FOR = {
    "captured": "succeeded",
    "refunded": "succeeded",  # captured, then refunded by someone else: the capture happened
    "authorized": "requires_capture",
    "declined": "failed",
    "voided": "canceled",
}


def failed_result(payment: Payment, code: str, message: str) -> ProviderResult:
    return ProviderResult(
        status="declined",
        provider_ref="",
        amount=payment.amount,
        failure_code=code,
        failure_message=message,
    )


async def apply_result(
    session: AsyncSession, *, payment_id: uuid.UUID, result: ProviderResult, source: str
) -> Payment | None:
    """Settle a ``processing`` payment with the provider's answer; None if already settled."""
    payment = await repository.get(session, payment_id)
    if payment is None or payment.status != "processing":
        return None
    # Lock order: the order row before the payment row, as everywhere else.
    order = await orders_repo.lock(session, payment.order_id) if payment.order_id else None
    status = _STATUS_FOR[result.status]
    values: dict[str, object] = {"provider_ref": result.provider_ref or None}
    detail = source
    if status == "succeeded":
        values["captured_amount"] = result.captured_amount or payment.amount
    elif status == "failed":
        values["failure_code"] = result.failure_code or "card_declined"
        values["failure_message"] = (result.failure_message or "")[:500] or None
        detail = f"{source}: {values['failure_code']}"
    settled = await repository.transition(
        session,
        payment_id,
        from_statuses=("processing",),
        to_status=status,
        detail=detail,
        **values,
    )
    if settled is None:
        return None
    log.info("payment_settled", payment_id=str(payment_id), status=status, source=source)
    if status == "succeeded":
        await on_succeeded(session, settled, order, captured_now=False)
    elif status == "requires_capture" and order is not None and not takes(order, settled):
        await voids.request(session, settled, reason=f"the order is {order.status}")
    elif status == "failed":
        await events.publish_payment(
            session,
            PaymentFailed,
            settled,
            failure_code=settled.failure_code,
            failure_message=settled.failure_message or "",
        )
    return settled


def outcome_of(payment_id: uuid.UUID, result: ProviderResult, source: str, amount: int) -> Outcome:
    """The transition ``result`` asks for, as :func:`apply_result` applies it."""
    status = _STATUS_FOR[result.status]
    if status == "failed":
        code = result.failure_code or "card_declined"
        return Outcome(
            payment_id,
            status,
            f"{source}: {code}",
            result.provider_ref or None,
            failure_code=code,
            failure_message=(result.failure_message or "")[:500] or None,
        )
    captured = (result.captured_amount or amount) if status == "succeeded" else None
    return Outcome(payment_id, status, source, result.provider_ref or None, captured)


async def apply_results(
    session: AsyncSession, results: Sequence[tuple[Payment, ProviderResult, str]]
) -> list[Payment]:
    """Settle many ``processing`` payments in one transaction and a few statements: the same
    decisions as :func:`apply_result` for each, the same single conditional transition (a
    payment someone else settled meanwhile is left alone), the ledger entries, outbox events
    and order effects of the batch written together. The payments this call settled."""
    order_ids = [payment.order_id for payment, _, _ in results if payment.order_id is not None]
    # Lock order: the order rows (sorted) before the payment rows, as everywhere else.
    orders = await repository_settling.lock_orders(session, order_ids)
    outcomes = [
        outcome_of(payment.id, result, source, payment.amount)
        for payment, result, source in results
    ]
    sources = {outcome.payment_id: outcome.detail for outcome in outcomes}
    settled = await repository_settling.transition_many(session, outcomes)
    succeeded = [payment for payment in settled if payment.status == "succeeded"]
    await ledger.record_captures(session, succeeded)
    announcements: list[Announcement] = []
    for payment in settled:
        log.info(
            "payment_settled",
            payment_id=str(payment.id),
            status=payment.status,
            source=sources[payment.id],
        )
        extra: dict[str, Any]
        if payment.status == "succeeded":
            extra = {"captured_amount": payment.captured_amount}
            announcements.append((PaymentSucceeded, payment, extra))
        elif payment.status == "failed":
            extra = {
                "failure_code": payment.failure_code,
                "failure_message": payment.failure_message or "",
            }
            announcements.append((PaymentFailed, payment, extra))
    await batch_events.publish_payments(session, announcements)
    for payment in settled:  # the rare cases, one at a time
        order = orders.get(payment.order_id) if payment.order_id is not None else None
        if order is None:
            continue
        if payment.status == "succeeded" and order.status == "cancelled":
            log.warning("payment_for_cancelled_order_refunded", payment_id=str(payment.id))
            await refunds.refund_remaining(session, payment, reason="order_cancelled")
        elif payment.status == "requires_capture" and not takes(order, payment):
            await voids.request(session, payment, reason=f"the order is {order.status}")
    return settled


def takes(order: Order, payment: Payment) -> bool:
    """Whether the order, as this read model knows it, can still take ``payment``: an
    authorization it cannot take (cancelled, or for a total that changed since) is voided.
    While a line change is being re-reserved (``pending``) the answer waits for the new total."""
    if order.status == "cancelled":
        return False
    if order.status != "awaiting_payment":
        return True
    return (order.total, order.currency) == (payment.amount, payment.currency)


async def on_succeeded(
    session: AsyncSession, payment: Payment, order: Order | None, *, captured_now: bool
) -> None:
    """Book and announce money taken. ``payment`` and ``order`` are row-locked by the caller.

    A payment that succeeds for an order cancelled meanwhile is refunded at once; the orders
    service decides whether it pays the order (and refuses it otherwise: see
    ``orders.on_payment_refused``). The order read model only follows the orders service's
    events, so a payment the order refuses never makes it look paid here."""
    source = (
        ledger.CARD_FUNDS if payment.method == "card" else ledger.wallet_account(payment.user_id)
    )
    await ledger.record_capture(session, payment, amount=payment.captured_amount, source=source)
    if captured_now:
        await events.publish_payment(
            session, PaymentCaptured, payment, captured_amount=payment.captured_amount
        )
    await events.publish_payment(
        session, PaymentSucceeded, payment, captured_amount=payment.captured_amount
    )
    if order is not None and order.status == "cancelled":
        log.warning("payment_for_cancelled_order_refunded", payment_id=str(payment.id))
        await refunds.refund_remaining(session, payment, reason="order_cancelled")


async def reconcile(
    session: AsyncSession, provider: PaymentProvider, *, payment: Payment, source: str
) -> Payment:
    """Re-ask the provider about a ``processing`` payment and apply what it knows.

    Raises ProviderError when the provider cannot answer; never charges."""
    if payment.status != "processing":
        return payment
    result = await provider.status(reference=str(payment.id))
    if result is not None:
        await apply_result(session, payment_id=payment.id, result=result, source=source)
    current = await repository.get(session, payment.id)
    assert current is not None
    return current
