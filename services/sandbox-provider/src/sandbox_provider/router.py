"""The acquirer's API under /v1, behind the secret key."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query, Response

from common.db import SessionDep
from common.errors import ProblemDetail, ServiceError, error_responses
from sandbox_provider import service
from sandbox_provider.dependencies import (
    BehaviourDep,
    NotifierDep,
    SettingsDep,
    require_secret_key,
    simulated_latency,
)
from sandbox_provider.errors import (
    CaptureExceedsAuthorized,
    ChargeNotCapturable,
    ChargeNotFound,
    ChargeNotRefundable,
    ChargeNotVoidable,
    ExpiredCard,
    InvalidApiKey,
    InvalidCvc,
    InvalidExpiryMonth,
    InvalidExpiryYear,
    InvalidNumber,
    ProcessingError,
    ReferenceReused,
    RefundExceedsCaptured,
    UnknownToken,
)
from sandbox_provider.faults import DelayedResponse
from sandbox_provider.models import Charge
from sandbox_provider.schemas import (
    CaptureCreate,
    ChargeBatchCreate,
    ChargeBatchItem,
    ChargeBatchRead,
    ChargeCreate,
    ChargeRead,
    ItemError,
    RefundCreate,
    RefundRead,
    TokenCreate,
    TokenRead,
)

router = APIRouter(
    prefix="/v1",
    tags=["acquirer"],
    dependencies=[Depends(require_secret_key), Depends(simulated_latency)],
    responses=error_responses(InvalidApiKey),
)

CARD_ERRORS = (InvalidNumber, InvalidExpiryMonth, InvalidExpiryYear, ExpiredCard, InvalidCvc)


@router.post(
    "/tokens", status_code=201, response_model=TokenRead, responses=error_responses(*CARD_ERRORS)
)
async def create_token(body: TokenCreate, session: SessionDep, settings: SettingsDep) -> Any:
    return await service.tokenize(
        session, data=body, fingerprint_secret=settings.fingerprint_secret
    )


@router.post(
    "/charges",
    status_code=201,
    response_model=ChargeRead,
    responses=error_responses(UnknownToken, ReferenceReused, ProcessingError),
)
async def create_charge(
    body: ChargeCreate,
    session: SessionDep,
    response: Response,
    behaviour: BehaviourDep,
    notifier: NotifierDep,
) -> Any:
    """201 when the charge is made now, 200 with the existing charge for a known reference."""
    if behaviour.take_failure():
        raise ProcessingError()
    charge, created = await service.charge(session, data=body, notifier=notifier)
    hang_ms = behaviour.take_drop()
    if hang_ms is not None:
        return _lost_answer(hang_ms)
    response.status_code = 201 if created else 200
    return charge


@router.post(
    "/charges/batch",
    response_model=ChargeBatchRead,
    responses=error_responses(ProcessingError),
)
async def create_charges(
    body: ChargeBatchCreate,
    session: SessionDep,
    behaviour: BehaviourDep,
    notifier: NotifierDep,
) -> Any:
    """Several charges in one call: each item is answered as ``POST /v1/charges`` answers it
    (201 made now, 200 made earlier, 409, 422 or 503 for that item alone)."""
    answers = await service.charge_many(
        session, items=body.charges, notifier=notifier, refuse=behaviour.take_failure
    )
    hang_ms = behaviour.take_drop()
    if hang_ms is not None:
        return _lost_answer(hang_ms)
    return ChargeBatchRead(results=[_batch_item(answer) for answer in answers])


def _batch_item(answer: tuple[Charge, bool] | ServiceError) -> ChargeBatchItem:
    if isinstance(answer, ServiceError):
        return ChargeBatchItem(
            status=answer.status_code,
            error=ItemError(code=answer.code(), detail=answer.message),
        )
    charge, created = answer
    return ChargeBatchItem(status=201 if created else 200, charge=ChargeRead.model_validate(charge))


def _lost_answer(hang_ms: int) -> DelayedResponse:
    error = ProcessingError()
    problem = ProblemDetail(
        title="Service Unavailable", status=503, detail=error.message, code=error.code()
    )
    return DelayedResponse(
        problem.model_dump(exclude_none=True),
        delay_ms=hang_ms,
        status_code=503,
        media_type="application/problem+json",
    )


@router.get("/charges", response_model=ChargeRead, responses=error_responses(ChargeNotFound))
async def find_charge(session: SessionDep, reference: str = Query(max_length=255)) -> Any:
    """The charge made with ``reference``: how a merchant resolves a call whose answer it lost."""
    return await service.charge_by_reference(session, reference=reference)


@router.get(
    "/charges/{charge_id}", response_model=ChargeRead, responses=error_responses(ChargeNotFound)
)
async def read_charge(charge_id: str, session: SessionDep) -> Any:
    return await service.get_charge(session, charge_id=charge_id)


@router.post(
    "/charges/{charge_id}/capture",
    response_model=ChargeRead,
    responses=error_responses(ChargeNotFound, ChargeNotCapturable, CaptureExceedsAuthorized),
)
async def capture_charge(
    charge_id: str, session: SessionDep, notifier: NotifierDep, body: CaptureCreate | None = None
) -> Any:
    amount = body.amount if body is not None else None
    return await service.capture(session, charge_id=charge_id, amount=amount, notifier=notifier)


@router.post(
    "/charges/{charge_id}/void",
    response_model=ChargeRead,
    responses=error_responses(ChargeNotFound, ChargeNotVoidable),
)
async def void_charge(charge_id: str, session: SessionDep, notifier: NotifierDep) -> Any:
    return await service.void(session, charge_id=charge_id, notifier=notifier)


@router.post(
    "/refunds",
    status_code=201,
    response_model=RefundRead,
    responses=error_responses(
        ChargeNotFound, ChargeNotRefundable, RefundExceedsCaptured, ReferenceReused
    ),
)
async def create_refund(
    body: RefundCreate, session: SessionDep, response: Response, notifier: NotifierDep
) -> Any:
    """201 when the refund is made now, 200 with the existing refund for a known reference."""
    refund, charge, created = await service.refund(session, data=body, notifier=notifier)
    response.status_code = 201 if created else 200
    return RefundRead(
        id=refund.id,
        reference=refund.reference,
        charge_id=refund.charge_id,
        amount=refund.amount,
        currency=charge.currency,
        charge=ChargeRead.model_validate(charge),
        created_at=refund.created_at,
    )
