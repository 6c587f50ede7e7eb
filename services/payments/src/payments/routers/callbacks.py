"""Provider notifications: ``/providers/{provider}/callback`` (public, signature-verified)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel

from common.errors import error_responses
from payments.dependencies import ProviderDep, SessionmakerDep
from payments.errors import (
    InvalidCallbackSignature,
    MalformedCallback,
    ProviderNotFound,
    ProviderUnavailable,
)
from payments.schemas import CallbackReceived
from payments.service import callbacks as service

router = APIRouter(prefix="/providers", tags=["provider callbacks"])


class CallbacksReceived(BaseModel):
    """The answer to a delivery of several notices: one entry per notice, in order."""

    received: list[CallbackReceived]


@router.post(
    "/{provider_name}/callback",
    response_model=CallbackReceived | CallbacksReceived,
    responses=error_responses(
        MalformedCallback, InvalidCallbackSignature, ProviderNotFound, ProviderUnavailable
    ),
)
async def provider_callback(
    provider_name: str, request: Request, sessionmaker: SessionmakerDep, provider: ProviderDep
) -> CallbackReceived | CallbacksReceived:
    """Verify the signature, then confirm each notified payment: one read for a payment
    already settled (or whose first charge attempt is in flight), a status re-check with the
    provider and settlement for one waiting for a retry. A delivery may carry one notice or a
    batch of them under one signature. Called by the payment provider, no token. Idempotent:
    a payment is settled once however often its callback arrives."""
    if provider_name != provider.name:
        raise ProviderNotFound()
    notices = service.verify(provider, headers=request.headers, body=await request.body())
    answers = await service.handle(request.app.state.engine, sessionmaker, provider, notices)
    return answers[0] if len(answers) == 1 else CallbacksReceived(received=answers)
