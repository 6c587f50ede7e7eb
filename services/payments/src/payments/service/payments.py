"""Creating and reading payments.

A card payment is only recorded here (``processing``, with a timeline entry) in the request's
transaction; the worker charges it. A wallet payment settles in the same transaction. Without
an Idempotency-Key two identical requests are two payments.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common import tracing
from common.auth import Principal
from common.db import utcnow
from common.messaging.context import correlation_id
from payments.errors import (
    CurrencyMismatch,
    NotPaymentOwner,
    OrderPaymentInProgress,
    PaymentMethodNotFound,
    PaymentNotFound,
    WalletCaptureIsImmediate,
    WalletForbidden,
)
from payments.models import Order, Payment
from payments.repository import create as create_repo
from payments.repository import methods as methods_repo
from payments.repository import payments as repository
from payments.repository import refunds as refunds_repo
from payments.repository.payments import timeline_entry
from payments.schemas import (
    PaymentCreate,
    PaymentDetail,
    PaymentRead,
    RefundSummary,
    TimelineEntry,
    WalletPaymentRead,
)
from payments.service import orders, refunds, settlement, shares, wallet


def can_view(principal: Principal, payment: Payment) -> bool:
    """The payer, an admin, or a seller the payment pays."""
    return (
        principal.is_admin
        or payment.user_id == principal.user_id
        or principal.user_id in payment.seller_ids
    )


def require_payer(principal: Principal, payment: Payment) -> None:
    if not (principal.is_admin or payment.user_id == principal.user_id):
        raise NotPaymentOwner()


async def get_visible(
    session: AsyncSession, principal: Principal, payment_id: uuid.UUID, *, for_update: bool = False
) -> Payment:
    payment = await repository.get(session, payment_id, for_update=for_update)
    if payment is None or not can_view(principal, payment):
        raise PaymentNotFound()
    return payment


async def detail(
    session: AsyncSession, payment: Payment, *, principal: Principal | None = None
) -> PaymentDetail:
    """The payment with its timeline and refund summary; a seller sees its own share only."""
    seller_id = refunds.seller_view(principal, payment) if principal is not None else None
    read = PaymentRead.model_validate(payment).model_dump()
    if seller_id is None:
        refunded, pending, left = await refunds.refundable(session, payment)
        captured = payment.captured_amount
    else:
        amount = shares.captured_by_seller(payment.splits, payment.amount).get(seller_id, 0)
        captured = shares.captured_by_seller(payment.splits, payment.captured_amount).get(
            seller_id, 0
        )
        refunded, pending = await refunds_repo.seller_totals(session, payment.id, seller_id)
        left = captured - refunded - pending
        read |= {"amount": amount, "captured_amount": captured, "refunded_amount": refunded}
    return PaymentDetail.model_validate(
        {
            **read,
            "timeline": [TimelineEntry.model_validate(entry) for entry in payment.timeline],
            "refunds": RefundSummary(
                captured=captured, refunded=refunded, pending=pending, refundable=max(left, 0)
            ),
        }
    )


async def create(
    session: AsyncSession, *, principal: Principal, data: PaymentCreate, wallet_currency: str
) -> PaymentRead:
    order = None
    if data.order_id is not None:
        order = await orders.lock_payable(
            session,
            data.order_id,
            user_id=principal.user_id,
            amount=data.amount,
            currency=data.currency,
        )
    if data.payment_method_id == "wallet":
        return await _pay_from_wallet(
            session, principal=principal, data=data, order=order, currency=wallet_currency
        )
    method = await methods_repo.get_own(session, data.payment_method_id, user_id=principal.user_id)
    if method is None:
        raise PaymentMethodNotFound()
    payment = _from_request(principal, data, order, method="card", detail="created")
    use_card(payment, token=method.token, brand=method.brand, last4=method.last4)
    payment.payment_method_id = method.id
    await insert(session, payment)
    return PaymentRead.model_validate(payment)


@dataclass(frozen=True, slots=True)
class NewCardPayment:
    """A card payment without an order, ready to insert in one statement (no ORM)."""

    read: PaymentRead
    insert: str
    arguments: list[Any]
    returning: str


async def new_card_payment(
    session: AsyncSession, *, principal: Principal, data: PaymentCreate
) -> NewCardPayment:
    """What :func:`create` records for a card payment without an order, not yet inserted:
    the caller inserts it with its idempotency key (``common.idempotency``), in one statement
    that also wakes the workers."""
    assert isinstance(data.payment_method_id, uuid.UUID)
    assert data.order_id is None
    card = await create_repo.own_card(session, data.payment_method_id, user_id=principal.user_id)
    if card is None:
        raise PaymentMethodNotFound()
    values = payment_values(
        user_id=principal.user_id,
        amount=data.amount,
        currency=data.currency,
        order=None,
        method="card",
        detail="created",
        capture=data.capture,
        description=data.description,
        metadata=dict(data.metadata),
    )
    values |= {
        "payment_method_id": card["id"],
        "card_token": card["token"],
        "card_brand": card["brand"],
        "card_last4": card["last4"],
    }
    return NewCardPayment(
        read=PaymentRead.model_validate(values),
        insert=create_repo.INSERT_PAYMENT,
        arguments=create_repo.arguments(values),
        returning=create_repo.WAKE_WORKERS,
    )


def new_payment(
    *,
    user_id: uuid.UUID,
    amount: int,
    currency: str,
    order: Order | None,
    method: str,
    detail: str,
    capture: str = "automatic",
    description: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> Payment:
    """A payment as first recorded: a card payment ``processing`` (due for the worker now), a
    wallet payment ``succeeded``."""
    return Payment(
        **payment_values(
            user_id=user_id,
            amount=amount,
            currency=currency,
            order=order,
            method=method,
            detail=detail,
            capture=capture,
            description=description,
            metadata=metadata,
        )
    )


def payment_values(
    *,
    user_id: uuid.UUID,
    amount: int,
    currency: str,
    order: Order | None,
    method: str,
    detail: str,
    capture: str = "automatic",
    description: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """:func:`new_payment`'s attributes, for a path that inserts without the ORM."""
    status = "processing" if method == "card" else "succeeded"
    now = utcnow()
    return {
        "id": uuid.uuid4(),
        "user_id": user_id,
        "order_id": order.id if order is not None else None,
        "method": method,
        "payment_method_id": None,
        "card_token": None,
        "card_brand": None,
        "card_last4": None,
        "amount": amount,
        "currency": currency,
        "capture_method": capture,
        "status": status,
        "captured_amount": 0 if method == "card" else amount,
        "refunded_amount": 0,
        "failure_code": None,
        "failure_message": None,
        "description": description,
        "metadata_": metadata or {},
        "splits": orders.seller_splits(order) if order is not None else [],
        "timeline": [timeline_entry(status, detail)],
        "attempts": 0,
        "next_attempt_at": now if status == "processing" else None,
        "correlation_id": (order.correlation_id if order is not None else None)
        or correlation_id.get(),
        "traceparent": (order.traceparent if order is not None else None) or tracing.traceparent(),
        "created_at": now,
        "updated_at": now,
    }


def _from_request(
    principal: Principal, data: PaymentCreate, order: Order | None, *, method: str, detail: str
) -> Payment:
    return new_payment(
        user_id=principal.user_id,
        amount=data.amount,
        currency=data.currency,
        order=order,
        method=method,
        detail=detail,
        capture=data.capture,
        description=data.description,
        metadata=dict(data.metadata),
    )


def use_card(payment: Payment, *, token: str, brand: str, last4: str) -> None:
    payment.card_token = token
    payment.card_brand = brand
    payment.card_last4 = last4


async def insert(session: AsyncSession, payment: Payment) -> None:
    """Store a new payment; a card payment wakes the workers when the transaction commits.

    The partial unique index on order_id is the last line of defence behind the order's row
    lock: two payments can never hold one order."""
    if payment.status == "processing":
        if not await repository.insert_due(session, payment):
            raise OrderPaymentInProgress()
        return
    if payment.order_id is None:
        session.add(payment)
        await session.flush()
    else:
        try:
            async with session.begin_nested():
                session.add(payment)
        except IntegrityError as exc:
            raise OrderPaymentInProgress() from exc


async def _pay_from_wallet(
    session: AsyncSession,
    *,
    principal: Principal,
    data: PaymentCreate,
    order: Order | None,
    currency: str,
) -> WalletPaymentRead:
    if principal.role != "buyer":
        raise WalletForbidden()
    if data.capture == "manual":
        raise WalletCaptureIsImmediate()
    if data.currency != currency:
        raise CurrencyMismatch(f"Wallets hold {currency}.")
    left = await wallet.spend(session, user_id=principal.user_id, amount=data.amount)
    payment = _from_request(principal, data, order, method="wallet", detail="from the wallet")
    await insert(session, payment)
    await settlement.on_succeeded(session, payment, order, captured_now=False)
    read: dict[str, Any] = PaymentRead.model_validate(payment).model_dump()
    return WalletPaymentRead(**read, spent=data.amount, wallet_balance=left)
