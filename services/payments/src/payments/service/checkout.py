"""Hosted checkout: a session per order, and the page flow of paying it by card.

The session id is the capability (random UUID, no login on the page). One session leads to at
most one successful payment: its row is locked while a payment is started, and the order's
payment rules apply as for ``POST /payments``. The payment is charged at once through the
worker's own code path (or by the worker, whoever claims it first) and settled by the single
owner; the page waits a few seconds for the outcome. A card that passes the form's checks is
an attempt, limited per session and per client IP (:mod:`payments.service.checkout_limits`);
declines all read alike, so the page tells a card tester nothing about a number.
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
from common.errors import ServiceError
from payments.errors import CardRejected, CheckoutSessionNotFound
from payments.models import CheckoutSession, Order, Payment
from payments.provider.base import PaymentProvider, ProviderError
from payments.repository import checkout as repository
from payments.repository import orders as orders_repo
from payments.repository import payments as payments_repo
from payments.schemas import CheckoutSessionCreate, CheckoutSessionRead
from payments.service import methods, orders, payments, return_urls, settlement
from payments.service.card_form import CardForm
from payments.service.checkout_limits import CheckoutLimiter, LimitReached
from payments.service.processor import PaymentProcessor
from payments.settings import Settings

PageKind = Literal[
    "form",
    "processing",
    "paid",
    "expired",
    "not_payable",
    "not_found",
    "redirect",
    "too_many_attempts",
    "bad_origin",
]

PAID = ("succeeded", "requires_capture")

# Worded as Stripe words them to customers. Every decline reads the same: a specific reason
# (stolen, wrong CVC, no funds...) tells a card tester which stolen numbers are live.
GENERIC_DECLINE = "Your card was declined."
DECLINE_MESSAGES = {
    "processing_error": "An error occurred while processing your card. Try again in a little bit.",
}


def decline_message(code: str | None) -> str:
    return DECLINE_MESSAGES.get(code or "", GENERIC_DECLINE)


@dataclass
class Page:
    kind: PageKind
    status_code: int = 200
    checkout: CheckoutSession | None = None
    order: Order | None = None
    error: str | None = None
    redirect_to: str | None = None
    form: dict[str, str] = field(default_factory=dict)
    field_errors: dict[str, str] = field(default_factory=dict)
    retry_after: int | None = None


async def create_session(
    session: AsyncSession, *, principal: Principal, data: CheckoutSessionCreate, settings: Settings
) -> CheckoutSessionRead:
    return_urls.check(
        {"success_url": data.success_url, "cancel_url": data.cancel_url},
        allow_http_loopback=settings.environment != "production",
    )
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
    return _read(checkout, None, settings)


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
    limiter: CheckoutLimiter,
    *,
    session_id: uuid.UUID,
    card: CardForm,
    client_ip: str,
    wait_seconds: float,
) -> Page:
    """Pay the session's order with ``card``. A card that fails the local checks is sent back
    with every problem under its field; one that passes counts as an attempt (per session and
    per IP) before it reaches the provider."""
    async with sessionmaker.begin() as session:
        checkout = await repository.get(session, session_id, for_update=True)
        if checkout is None:
            return Page("not_found", 404)
        page = await _page_for(session, checkout, await _latest_payment(session, checkout))
        if page.kind != "form":
            return page
        page.form, page.error = card.safe_fields(), None
        page.field_errors = card.field_errors()
        if page.field_errors:
            page.status_code = 422
            return page
        ttl = int((checkout.expires_at - utcnow()).total_seconds())
        limited = await limiter.take(session_id=checkout.id, ip=client_ip, session_ttl_seconds=ttl)
        if limited is not None:
            return _too_many_attempts(page, limited)
        try:
            payment = await _start_payment(session, provider, checkout, card)
        except CardRejected:
            page.status_code, page.error = 402, GENERIC_DECLINE
            return page
        except ServiceError as exc:
            page.status_code, page.error = exc.status_code, exc.message
            return page
    await processor.process_payment(payment.id)
    outcome = await _await_outcome(sessionmaker, session_id, wait_seconds)
    outcome.form = card.safe_fields()
    return outcome


def _too_many_attempts(page: Page, limited: LimitReached) -> Page:
    page.kind, page.status_code, page.retry_after = "too_many_attempts", 429, limited.retry_after
    if limited.scope == "session":
        page.error = (
            "Too many card attempts on this checkout. Return to the shop and start a new one."
        )
    else:
        page.error = "Too many card attempts from your network. Please try again later."
    return page


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
        exp_month=card.month(),
        exp_year=card.year(),
        cvc=card.cvc,
        holder_name=card.holder_name or None,
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


async def read_session(
    session: AsyncSession, *, principal: Principal, session_id: uuid.UUID, settings: Settings
) -> CheckoutSessionRead:
    """How a shop confirms the payment after the redirect: its creator's or an admin's view."""
    checkout = await repository.get(session, session_id)
    if checkout is None or (checkout.user_id != principal.user_id and not principal.is_admin):
        raise CheckoutSessionNotFound()
    payment = await _latest_payment(session, checkout)
    return _read(checkout, payment, settings)


def session_status(checkout: CheckoutSession, payment: Payment | None) -> str:
    if payment is not None and payment.status in PAID:
        return "complete"
    return "expired" if checkout.expires_at <= utcnow() else "open"


def _read(
    checkout: CheckoutSession, payment: Payment | None, settings: Settings
) -> CheckoutSessionRead:
    return CheckoutSessionRead(
        id=checkout.id,
        status=session_status(checkout, payment),
        url=f"{settings.public_base_url.rstrip('/')}/api/payments/checkout/{checkout.id}",
        order_id=checkout.order_id,
        payment_id=checkout.payment_id,
        amount=checkout.amount,
        currency=checkout.currency,
        expires_at=checkout.expires_at,
    )


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
    if status in PAID:
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
        page.error = decline_message(payment.failure_code)
        page.status_code = 402 if just_paid else 200
    return page


def _with_query(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = "&".join(filter(None, [parts.query, urlencode(params)]))
    return urlunsplit(parts._replace(query=query))
