"""Refunds: reserved against the captured amount under the payment's row lock, then sent to the
provider by the worker (cards) or credited at once (wallet).

A pending refund counts against the limit until it fails, so concurrent requests can never
reserve more than was captured. A refund of an order payment records what each seller gives
back (``refund_share``), checked under the same lock against each seller's share (see
:mod:`payments.service.shares`). Lock order: payment, then refund, then wallet, then ledger.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.db import utcnow
from common.pagination import PageParams, paginate
from payments.errors import PaymentNotRefundable, RefundExceedsCaptured
from payments.models import Payment, Refund
from payments.repository import jobs
from payments.repository import payments as payments_repo
from payments.repository import refunds as repository
from payments.repository import wallets as wallets_repo
from payments.schemas import RefundRead
from payments.service import events, ledger, shares


async def refundable(session: AsyncSession, payment: Payment) -> tuple[int, int, int]:
    """(refunded, pending, left to refund) of a payment."""
    succeeded, pending = await repository.reserved_total(session, payment.id)
    return succeeded, pending, payment.captured_amount - succeeded - pending


async def reserve(
    session: AsyncSession,
    payment: Payment,
    *,
    amount: int | None,
    reason: str | None,
    requested_by: uuid.UUID | None,
    seller_id: uuid.UUID | None = None,
) -> Refund:
    """Create a refund of ``amount`` (default: all that is left), from ``seller_id``'s share
    only when given. ``payment`` must be row-locked."""
    if payment.status != "succeeded":
        raise PaymentNotRefundable(f"The payment is {payment.status}.")
    _, _, left = await refundable(session, payment)
    parts: shares.Shares = {}
    if payment.splits:
        parts = shares.plan_refund(
            captured=shares.captured_by_seller(payment.splits, payment.captured_amount),
            reserved=await repository.reserved_by_seller(session, payment.id),
            amount=amount,
            seller_id=seller_id,
        )
        amount = sum(parts.values())
    amount = left if amount is None else amount
    if left <= 0 or amount > left:
        raise RefundExceedsCaptured(f"Only {max(left, 0)} is left to refund on this payment.")
    refund = Refund(
        id=uuid.uuid4(),
        payment_id=payment.id,
        amount=amount,
        currency=payment.currency,
        status="pending",
        reason=reason,
        requested_by=requested_by,
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(refund)
    await session.flush()
    repository.add_shares(session, refund, parts)
    await session.flush()
    if payment.method == "wallet":
        settled = await repository.transition(session, refund.id, to_status="succeeded")
        assert settled is not None
        await _complete(session, payment, settled)
        return settled
    await jobs.notify_due(session)
    return refund


async def refund_remaining(
    session: AsyncSession, payment: Payment, *, reason: str
) -> Refund | None:
    """Refund whatever is left of a succeeded payment (idempotent: nothing left, nothing done)."""
    if payment.status != "succeeded":
        return None
    _, _, left = await refundable(session, payment)
    if left <= 0:
        return None
    return await reserve(session, payment, amount=None, reason=reason, requested_by=None)


async def settle(
    session: AsyncSession,
    refund_id: uuid.UUID,
    *,
    succeeded: bool,
    provider_ref: str | None = None,
    failure_code: str | None = None,
) -> Refund | None:
    """Apply the provider's answer to a pending card refund, once."""
    refund = await repository.get(session, refund_id)
    if refund is None or refund.status != "pending":
        return None
    payment = await payments_repo.get(session, refund.payment_id, for_update=True)
    assert payment is not None
    if succeeded:
        settled = await repository.transition(
            session, refund_id, to_status="succeeded", provider_ref=provider_ref
        )
        if settled is not None:
            await _complete(session, payment, settled)
        return settled
    settled = await repository.transition(
        session, refund_id, to_status="failed", failure_code=failure_code or "refund_failed"
    )
    if settled is not None:
        await events.publish_refund_failed(session, payment, settled)
    return settled


async def _complete(session: AsyncSession, payment: Payment, refund: Refund) -> None:
    """The money moved back: count it, book it, announce it."""
    payment.refunded_amount += refund.amount  # the payment row is locked by the caller
    total = payment.refunded_amount
    await session.flush()
    if payment.method == "wallet":
        destination = ledger.wallet_account(payment.user_id)
        await wallets_repo.credit(
            session, payment.user_id, currency=payment.currency, amount=refund.amount
        )
    else:
        destination = ledger.CARD_FUNDS
    await ledger.record_refund(
        session,
        payment,
        refund_id=refund.id,
        amount=refund.amount,
        shares=await repository.shares_of(session, refund.id),
        destination=destination,
    )
    await events.publish_refund_succeeded(session, payment, refund, total_refunded=total)


def seller_view(principal: Principal, payment: Payment) -> uuid.UUID | None:
    """The seller whose share bounds what the caller sees, or None (payer, admin)."""
    if principal.is_admin or principal.user_id == payment.user_id:
        return None
    return principal.user_id


async def read_for(
    session: AsyncSession, refund: Refund, *, seller_id: uuid.UUID | None
) -> RefundRead:
    read = RefundRead.model_validate(refund)
    if seller_id is None:
        return read
    parts = await repository.seller_parts(session, [refund.id], seller_id)
    return read.model_copy(update={"amount": parts.get(refund.id, 0)})


async def listing(
    session: AsyncSession, payment: Payment, *, principal: Principal, page: PageParams
) -> dict[str, object]:
    seller_id = seller_view(principal, payment)
    rows, cursor = await paginate(
        session,
        repository.for_payment(payment.id, seller_id=seller_id),
        page,
        created_at=Refund.created_at,
        id_column=Refund.id,
    )
    items = [RefundRead.model_validate(row) for row in rows]
    if seller_id is not None:
        parts = await repository.seller_parts(session, [row.id for row in rows], seller_id)
        items = [item.model_copy(update={"amount": parts[item.id]}) for item in items]
    return {"items": items, "next_cursor": cursor}
