"""Hosted checkout: a session per order, and the page flow of paying it by card.

The session id is the capability (random UUID, no login on the page). One session leads to at
most one successful payment: its row is locked while a payment is started, and the order's
payment rules apply as for ``POST /payments``. The payment is charged at once through the
worker's own code path (or by the worker, whoever claims it first) and settled by the single
owner; the page waits a few seconds for the outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
import uuid
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.auth import Principal
from common.db import utcnow
from common.errors import ServiceError, Unprocessable
from payments.models import CheckoutSession, Order, Payment
from payments.provider.base import PaymentProvider, ProviderError
from payments.repository import checkout as repository
from payments.repository import orders as orders_repo
from payments.repository import payments as payments_repo
from payments.schemas import CheckoutSessionCreate, CheckoutSessionRead
from payments.service import methods, orders, payments, settlement
from payments.service.processor import PaymentProcessor
from payments.settings import Settings

PageKind = Literal["form", "processing", "paid", "expired", "not_payable", "not_found", "redirect"]

DECLINE_MESSAGES = {
    "card_declined": "Your card was declined. Please use another card.",
    "insufficient_funds": "Your card has insufficient funds. Please use another card.",
    "expired_card": "Your card has expired. Please use another card.",
    "processing_error": "We could not process your card. Please try again.",
}


@dataclass
class Page:
    kind: PageKind
    status_code: int = 200
    checkout: CheckoutSession | None = None
    order: Order | None = None
    error: str | None = None
    redirect_to: str | None = None
    form: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CardForm:
    number: str
    exp_month: str
    exp_year: str
    cvc: str
    holder_name: str

    def safe_fields(self) -> dict[str, str]:
        """What may be shown again on the page: never the number or the CVC."""
        return {
            "exp_month": self.exp_month,
            "exp_year": self.exp_year,
            "holder_name": self.holder_name,
        }


async def create_session(
    session: AsyncSession, *, principal: Principal, data: CheckoutSessionCreate, settings: Settings
) -> CheckoutSessionRead:
    order = await orders.lock_payable(session, data.order_id, user_id=principal.user_id)
    assert order.currency is not None
    checkout = CheckoutSession(
        id=uuid.uuid4(),
        user_id=principal.user_id,
        order_id=order.id,
        amount=order.total,
        currency=order.currency,
        success_url=str(data.success_url),
        cancel_url=str(data.cancel_url),
        expires_at=utcnow() + dt.timedelta(minutes=settings.checkout_session_ttl_minutes),
    )
    session.add(checkout)
    await session.flush()
    return CheckoutSessionRead(
        id=checkout.id,
        url=f"{settings.public_base_url.rstrip('/')}/api/payments/checkout/{checkout.id}",
        order_id=order.id,
        amount=checkout.amount,
        currency=checkout.currency,
        expires_at=checkout.expires_at,
    )


async def show(
    sessionmaker: async_sessionmaker[AsyncSession],
    provider: PaymentProvider,
    session_id: uuid.UUID,
) -> Page:
    """The page as it stands; a customer coming back while the payment is processing triggers a
    status re-check with the provider (never a charge)."""
    async with sessionmaker.begin() as session:
        checkout = await repository.get(session, session_id)
        if checkout is None:
            return Page("not_found", 404)
        payment = await _latest_payment(session, checkout)
        waiting = payment is not None and payment.status == "processing"
        if payment is not None and waiting:
            with contextlib.suppress(ProviderError):  # still processing: the page says so
                payment = await settlement.reconcile(
                    session, provider, payment=payment, source="customer return"
                )
        return await _page_for(session, checkout, payment, just_paid=waiting)


async def pay(
    sessionmaker: async_sessionmaker[AsyncSession],
    provider: PaymentProvider,
    processor: PaymentProcessor,
    *,
    session_id: uuid.UUID,
    card: CardForm,
    wait_seconds: float,
) -> Page:
    async with sessionmaker.begin() as session:
        checkout = await repository.get(session, session_id, for_update=True)
        if checkout is None:
            return Page("not_found", 404)
        page = await _page_for(session, checkout, await _latest_payment(session, checkout))
        if page.kind != "form":
            return page
        try:
            payment = await _start_payment(session, provider, checkout, card)
        except ServiceError as exc:
            page.status_code = exc.status_code
            page.error = exc.message
            page.form = card.safe_fields()
            return page
    await processor.process_payment(payment.id)
    return await _await_outcome(sessionmaker, session_id, wait_seconds)


async def _start_payment(
    session: AsyncSession, provider: PaymentProvider, checkout: CheckoutSession, card: CardForm
) -> Payment:
    order = await orders.lock_payable(
        session,
        checkout.order_id,
        user_id=checkout.user_id,
        amount=checkout.amount,
        currency=checkout.currency,
    )
    token = await methods.tokenize(
        provider,
        number=card.number,
        exp_month=_as_int(card.exp_month, "expiry month"),
        exp_year=_four_digit_year(card.exp_year),
        cvc=card.cvc.strip(),
        holder_name=card.holder_name.strip() or None,
    )
    payment = payments.new_payment(
        user_id=checkout.user_id,
        amount=checkout.amount,
        currency=checkout.currency,
        order=order,
        method="card",
        detail="checkout",
        description="Hosted checkout",
        metadata={"checkout_session_id": str(checkout.id)},
    )
    payments.use_card(payment, token=token.token, brand=token.brand, last4=token.last4)
    await payments.insert(session, payment)
    checkout.payment_id = payment.id
    await session.flush()
    return payment


def _as_int(value: str, label: str) -> int:
    cleaned = value.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or len(cleaned) > 4:
        raise Unprocessable(f"The {label} must be a number.")
    return int(cleaned)


def _four_digit_year(value: str) -> int:
    year = _as_int(value, "expiry year")
    return year + 2000 if len(value.strip()) == 2 else year


async def _await_outcome(
    sessionmaker: async_sessionmaker[AsyncSession], session_id: uuid.UUID, wait_seconds: float
) -> Page:
    deadline = time.monotonic() + wait_seconds
    while True:
        async with sessionmaker() as session:
            checkout = await repository.get(session, session_id)
            assert checkout is not None
            payment = await _latest_payment(session, checkout)
            if payment is None or payment.status != "processing" or time.monotonic() > deadline:
                return await _page_for(session, checkout, payment, just_paid=True)
        await asyncio.sleep(0.1)


async def _latest_payment(session: AsyncSession, checkout: CheckoutSession) -> Payment | None:
    if checkout.payment_id is None:
        return None
    return await payments_repo.get(session, checkout.payment_id)


async def _page_for(
    session: AsyncSession,
    checkout: CheckoutSession,
    payment: Payment | None,
    *,
    just_paid: bool = False,
) -> Page:
    order = await orders_repo.get(session, checkout.order_id)
    page = Page("form", checkout=checkout, order=order)
    status = payment.status if payment is not None else None
    if status in ("succeeded", "requires_capture"):
        if just_paid:
            page.kind, page.status_code = "redirect", 303
            page.redirect_to = _with_query(checkout.success_url, session_id=str(checkout.id))
        else:
            page.kind, page.status_code = "paid", 409
    elif status == "processing":
        page.kind, page.status_code = "processing", 202
    elif checkout.expires_at <= utcnow():
        page.kind, page.status_code = "expired", 410
    elif order is None or order.status != "awaiting_payment":
        page.kind, page.status_code = "not_payable", 409
    elif payment is not None and payment.status == "failed":
        code = payment.failure_code or "card_declined"
        page.error = DECLINE_MESSAGES.get(
            code, payment.failure_message or DECLINE_MESSAGES["card_declined"]
        )
        page.status_code = 402 if just_paid else 200
    return page


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode(params)]))
    return urlunsplit(parts._replace(query=query))
