"""Manual capture: finalize or void an authorized card payment.

A payment for an order is captured in full only, and only while the order still awaits exactly
its amount: an order is paid when its whole total is captured. A payment without an order may
be captured partially (the rest of the authorization is released).

The payment row stays locked while the provider is asked, so two concurrent captures make one
call; the provider treats the payment id as the idempotency key, so a retry after a lost answer
is safe.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from payments.errors import (
    CaptureExceedsAuthorized,
    OrderNotPayable,
    PartialCaptureOfOrderPayment,
    PaymentNotCancelable,
    PaymentNotCapturable,
    ProviderRefused,
    ProviderUnavailable,
)
from payments.models import Order, Payment
from payments.provider.base import PaymentProvider, ProviderError, ProviderResult
from payments.repository import orders as orders_repo
from payments.repository import payments as repository
from payments.service import settlement, voids
from payments.service.payments import get_visible, require_payer


async def _lock_authorized(
    session: AsyncSession,
    principal: Principal,
    payment_id: uuid.UUID,
    not_allowed: type[PaymentNotCapturable | PaymentNotCancelable],
) -> tuple[Payment, Order | None]:
    payment = await get_visible(session, principal, payment_id)
    require_payer(principal, payment)
    order = await orders_repo.lock(session, payment.order_id) if payment.order_id else None
    locked = await repository.get(session, payment_id, for_update=True)
    assert locked is not None
    if locked.status != "requires_capture":
        raise not_allowed(f"The payment is {locked.status}.")
    if locked.void_requested_at is not None and not_allowed is PaymentNotCapturable:
        raise not_allowed("The authorization is being voided: its order cannot take it.")
    return locked, order


def _check_capturable(payment: Payment, order: Order | None, amount: int | None) -> int:
    """The amount to capture; an order payment only in full and only for the order's total."""
    if order is None:
        amount = payment.amount if amount is None else amount
        if amount > payment.amount:
            raise CaptureExceedsAuthorized(f"At most {payment.amount} can be captured.")
        return amount
    if amount is not None and amount != payment.amount:
        raise PartialCaptureOfOrderPayment(
            errors=[{"loc": ["body", "amount"], "msg": f"must be {payment.amount} or omitted"}]
        )
    if order.status == "cancelled":
        raise OrderNotPayable("The order was cancelled: cancel this payment instead.")
    if order.status != "awaiting_payment" or (order.total, order.currency) != (
        payment.amount,
        payment.currency,
    ):
        raise OrderNotPayable(
            f"The order is {order.status} for {order.total} {order.currency}: it cannot take "
            "this authorization now."
        )
    return payment.amount


async def _ask(call: Awaitable[ProviderResult]) -> ProviderResult:
    try:
        return await call
    except ProviderError as exc:
        if exc.retryable:
            raise ProviderUnavailable() from exc
        raise ProviderRefused(f"The provider refused: {exc.code}.") from exc


async def capture(
    session: AsyncSession,
    provider: PaymentProvider,
    *,
    principal: Principal,
    payment_id: uuid.UUID,
    amount: int | None,
) -> Payment:
    payment, order = await _lock_authorized(session, principal, payment_id, PaymentNotCapturable)
    amount = _check_capturable(payment, order, amount)
    result = await _ask(
        provider.capture(
            reference=str(payment.id), provider_ref=payment.provider_ref or "", amount=amount
        )
    )
    if result.status not in ("captured", "refunded"):
        raise ProviderRefused(result.failure_message or f"The charge is {result.status}.")
    captured_amount = result.captured_amount or amount
    captured = await repository.transition(
        session,
        payment.id,
        from_statuses=("requires_capture",),
        to_status="succeeded",
        detail=f"captured {captured_amount}",
        captured_amount=captured_amount,
    )
    assert captured is not None  # the row is locked by this transaction
    await settlement.on_succeeded(session, captured, order, captured_now=True)
    return captured


async def void(
    session: AsyncSession,
    provider: PaymentProvider,
    *,
    principal: Principal,
    payment_id: uuid.UUID,
) -> Payment:
    payment, _ = await _lock_authorized(session, principal, payment_id, PaymentNotCancelable)
    result = await _ask(
        provider.void(reference=str(payment.id), provider_ref=payment.provider_ref or "")
    )
    if result.status != "voided":
        raise ProviderRefused(result.failure_message or f"The charge is {result.status}.")
    canceled = await voids.mark_voided(session, payment.id, detail="authorization voided")
    assert canceled is not None  # the row is locked by this transaction
    return canceled
