"""Refunds of a payment: ``/payments/{id}/refunds``.

Who: a seller the payment pays refunds up to its own share and sees only its part of each
refund; an admin refunds anything; the payer reads its refunds but never refunds itself (403).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.idempotency import IdempotencyDep, IdempotencyKeyInFlight, IdempotencyKeyReused
from common.pagination import Page, PageDep
from payments.dependencies import PaymentId
from payments.errors import (
    PaymentNotFound,
    PaymentNotRefundable,
    RefundExceedsCaptured,
    RefundExceedsShare,
    RefundForbidden,
)
from payments.schemas import RefundCreate, RefundRead
from payments.service import payments as payments_service
from payments.service import refunds as service
from payments.service.shares import refund_scope

router = APIRouter(prefix="/{payment_id:uuid}/refunds", tags=["refunds"])


@router.post(
    "",
    status_code=201,
    response_model=RefundRead,
    responses=error_responses(
        Unauthorized,
        RefundForbidden,
        PaymentNotFound,
        PaymentNotRefundable,
        RefundExceedsCaptured,
        RefundExceedsShare,
        IdempotencyKeyInFlight,
        IdempotencyKeyReused,
    ),
)
async def create_refund(
    payment_id: PaymentId,
    body: RefundCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyDep,
) -> Any:
    """Refund all that is left (default) or part of it: a seller from its own share, an admin
    from every share. Wallet refunds are credited at once (``succeeded``); card refunds are
    ``pending`` until the provider confirms."""

    async def produce() -> RefundRead:
        payment = await payments_service.get_visible(session, user, payment_id, for_update=True)
        seller_id = refund_scope(user, payer_id=payment.user_id, sellers=payment.seller_ids)
        refund = await service.reserve(
            session,
            payment,
            amount=body.amount,
            reason=body.reason,
            requested_by=user.user_id,
            seller_id=seller_id,
        )
        return await service.read_for(session, refund, seller_id=seller_id)

    return await idempotency.respond(
        session, caller=str(user.user_id), status_code=201, produce=produce
    )


@router.get(
    "",
    response_model=Page[RefundRead],
    responses=error_responses(Unauthorized, PaymentNotFound),
)
async def list_refunds(
    payment_id: PaymentId, session: SessionDep, user: CurrentUser, page: PageDep
) -> Any:
    """The payer and admins see every refund; a seller only its part of those that take from
    its share."""
    payment = await payments_service.get_visible(session, user, payment_id)
    return await service.listing(session, payment, principal=user, page=page)
