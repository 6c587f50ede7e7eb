"""Payments: create, read, capture and cancel."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import CurrentUser, Principal
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.idempotency import (
    IdempotencyDep,
    IdempotencyKeyInFlight,
    IdempotencyKeyReused,
    IdempotentRequest,
)
from common.pagination import Page, PageDep, paginate
from payments.dependencies import ConfirmationsDep, PaymentId, ProviderDep, SettingsDep
from payments.errors import (
    AmountMismatch,
    CaptureExceedsAuthorized,
    CurrencyMismatch,
    InsufficientFunds,
    NotPaymentOwner,
    OrderNotFound,
    OrderNotPayable,
    OrderPaymentInProgress,
    PartialCaptureOfOrderPayment,
    PaymentMethodNotFound,
    PaymentNotCancelable,
    PaymentNotCapturable,
    PaymentNotFound,
    ProviderRefused,
    ProviderUnavailable,
    WalletCaptureIsImmediate,
    WalletForbidden,
)
from payments.models import Payment, PaymentStatus
from payments.repository import payments as repository
from payments.schemas import (
    CaptureCreate,
    PaymentCreate,
    PaymentDetail,
    PaymentRead,
    WalletPaymentRead,
)
from payments.service import capture as capture_service
from payments.service import payments as service

router = APIRouter(tags=["payments"])


@router.post(
    "/",
    status_code=202,
    response_model=PaymentRead | WalletPaymentRead,
    responses={
        201: {"description": "Paid from the wallet, settled", "model": WalletPaymentRead},
        **error_responses(
            Unauthorized,
            WalletForbidden,
            PaymentMethodNotFound,
            OrderNotFound,
            OrderNotPayable,
            OrderPaymentInProgress,
            InsufficientFunds,
            IdempotencyKeyInFlight,
            AmountMismatch,
            CurrencyMismatch,
            WalletCaptureIsImmediate,
            IdempotencyKeyReused,
        ),
    },
)
async def create_payment(
    body: PaymentCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyDep,
    settings: SettingsDep,
    confirmations: ConfirmationsDep,
) -> Any:
    """A card payment is accepted as ``processing`` (202) and charged by the worker; a wallet
    payment (``payment_method_id: "wallet"``) settles at once (201). Any signed-in user, with an
    own card; with ``order_id`` the amount and currency must equal the order's total (422). For
    an order not yet confirmed here the request waits a few seconds for it, holding no database
    connection. Send an ``Idempotency-Key``: the same key and body replay the first answer,
    never a second charge."""
    if body.order_id is None and body.payment_method_id != "wallet":
        return await _card_without_order(session, user, body, idempotency)
    if body.order_id is not None and not await confirmations.wait(body.order_id):
        raise OrderNotPayable("The order cannot be paid: it is unknown here yet.")

    async def produce() -> PaymentRead:
        return await service.create(
            session, principal=user, data=body, wallet_currency=settings.wallet_currency
        )

    status_code = 201 if body.payment_method_id == "wallet" else 202
    return await idempotency.respond(
        session, caller=str(user.user_id), status_code=status_code, produce=produce
    )


async def _card_without_order(
    session: AsyncSession, user: Principal, body: PaymentCreate, idempotency: IdempotentRequest
) -> Response:
    """The busiest request: the key, its response and the payment in one statement."""
    caller = str(user.user_id)
    try:
        new = await service.new_card_payment(session, principal=user, data=body)
    except PaymentMethodNotFound:
        replay = await idempotency.stored(session, caller=caller)
        if replay is None:
            raise
        return replay
    return await idempotency.respond_in_statement(
        session,
        caller=caller,
        status_code=202,
        result=new.read,
        insert=new.insert,
        arguments=new.arguments,
        returning=new.returning,
    )


@router.get("/", response_model=Page[PaymentRead], responses=error_responses(Unauthorized))
async def list_payments(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    status: Annotated[PaymentStatus | None, Query()] = None,
    user_id: Annotated[uuid.UUID | None, Query(description="Admins: one payer's payments")] = None,
) -> Any:
    """The caller's payments, newest first, with a ``status`` filter; an admin sees everyone's
    (``?user_id=`` narrows). Read-only."""
    owner = user_id if user.is_admin else user.user_id
    rows, cursor = await paginate(
        session,
        repository.listing(user_id=owner, status=status),
        page,
        created_at=Payment.created_at,
        id_column=Payment.id,
    )
    return {"items": rows, "next_cursor": cursor}


@router.get(
    "/{payment_id:uuid}",
    response_model=PaymentDetail,
    responses=error_responses(Unauthorized, PaymentNotFound),
)
async def get_payment(payment_id: PaymentId, session: SessionDep, user: CurrentUser) -> Any:
    """One payment with its status timeline and refund summary. Its payer, a seller it pays (own
    share only) or an admin; others get 404. Read-only.
    """
    payment = await service.get_visible(session, user, payment_id)
    return await service.detail(session, payment, principal=user)


@router.post(
    "/{payment_id:uuid}/capture",
    response_model=PaymentDetail,
    responses=error_responses(
        Unauthorized,
        NotPaymentOwner,
        PaymentNotFound,
        PaymentNotCapturable,
        OrderNotPayable,
        ProviderRefused,
        CaptureExceedsAuthorized,
        PartialCaptureOfOrderPayment,
        ProviderUnavailable,
    ),
)
async def capture_payment(
    payment_id: PaymentId,
    session: SessionDep,
    user: CurrentUser,
    provider: ProviderDep,
    body: CaptureCreate | None = None,
) -> Any:
    """Capture an authorized payment. Its payer or an admin. An order payment is captured in
    full only (422 otherwise); a payment without an order in full or in part (the rest is
    released). Capturing a payment that is not ``requires_capture`` is 409."""
    amount = body.amount if body is not None else None
    payment = await capture_service.capture(
        session, provider, principal=user, payment_id=payment_id, amount=amount
    )
    return await service.detail(session, payment)


@router.post(
    "/{payment_id:uuid}/cancel",
    response_model=PaymentDetail,
    responses=error_responses(
        Unauthorized,
        NotPaymentOwner,
        PaymentNotFound,
        PaymentNotCancelable,
        ProviderRefused,
        ProviderUnavailable,
    ),
)
async def cancel_payment(
    payment_id: PaymentId, session: SessionDep, user: CurrentUser, provider: ProviderDep
) -> Any:
    """Void an authorization that was not captured. Its payer or an admin. Voiding a payment
    that is not `requires_capture` is 409."""
    payment = await capture_service.void(session, provider, principal=user, payment_id=payment_id)
    return await service.detail(session, payment)
