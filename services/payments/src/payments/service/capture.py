"""Manual capture: finalize (fully or partly) or void an authorized card payment.

The payment row stays locked while the provider is asked, so two concurrent captures make one
call; the provider treats the payment id as the idempotency key, so a retry after a lost answer
is safe.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.events.payments import PaymentCanceled
from payments.errors import (
    CaptureExceedsAuthorized,
    OrderNotPayable,
    PaymentNotCancelable,
    PaymentNotCapturable,
    ProviderRefused,
    ProviderUnavailable,
)
from payments.models import Order, Payment
from payments.provider.base import PaymentProvider, ProviderError, ProviderResult
from payments.repository import orders as orders_repo
from payments.repository import payments as repository
from payments.service import events, settlement
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
    return locked, order


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
    if order is not None and order.status == "cancelled":
        raise OrderNotPayable("The order was cancelled: cancel this payment instead.")
    amount = payment.amount if amount is None else amount
    if amount > payment.amount:
        raise CaptureExceedsAuthorized(f"At most {payment.amount} can be captured.")
    result = await _ask(
        provider.capture(
            reference=str(payment.id), provider_ref=payment.provider_ref or "", amount=amount
        )
    )
    if result.status not in ("captured", "refunded"):
        raise ProviderRefused(result.failure_message or f"The charge is {result.status}.")
    captured = await repository.transition(
        session,
        payment.id,
        from_statuses=("requires_capture",),
        to_status="succeeded",
        detail=f"captured {result.captured_amount or amount}",
        captured_amount=result.captured_amount or amount,
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
    canceled = await repository.transition(
        session,
        payment.id,
        from_statuses=("requires_capture",),
        to_status="canceled",
        detail="authorization voided",
    )
    assert canceled is not None
    await events.publish_payment(session, PaymentCanceled, canceled)
    return canceled
