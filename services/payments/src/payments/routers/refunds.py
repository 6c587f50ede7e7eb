"""Refunds of a payment: ``/payments/{id}/refunds``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.idempotency import IdempotencyDep, IdempotencyKeyInFlight, IdempotencyKeyReused
from common.pagination import Page, PageDep, paginate
from payments.dependencies import PaymentId
from payments.errors import PaymentNotFound, PaymentNotRefundable, RefundExceedsCaptured
from payments.models import Refund
from payments.repository import refunds as repository
from payments.schemas import RefundCreate, RefundRead
from payments.service import payments as payments_service
from payments.service import refunds as service

router = APIRouter(prefix="/{payment_id:uuid}/refunds", tags=["refunds"])


@router.post(
    "",
    status_code=201,
    response_model=RefundRead,
    responses=error_responses(
        Unauthorized,
        PaymentNotFound,
        PaymentNotRefundable,
        RefundExceedsCaptured,
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
    """Refund all that is left (default) or part of it. Wallet refunds are credited at once
    (``succeeded``); card refunds are ``pending`` until the provider confirms. The seller paid
    (up to its own share) or an admin; the payer gets 403. Never more than was captured (409).
    Send an ``Idempotency-Key``: the same key and body replay the first refund."""

    async def produce() -> RefundRead:
        payment = await payments_service.get_visible(session, user, payment_id, for_update=True)
        refund = await service.reserve(
            session, payment, amount=body.amount, reason=body.reason, requested_by=user.user_id
        )
        return RefundRead.model_validate(refund)

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
    """The refunds of a payment. Its payer, a seller it pays (refunds of its own share) or an
    admin. Read-only.
    """
    await payments_service.get_visible(session, user, payment_id)
    rows, cursor = await paginate(
        session,
        repository.for_payment(payment_id),
        page,
        created_at=Refund.created_at,
        id_column=Refund.id,
    )
    return {"items": rows, "next_cursor": cursor}
