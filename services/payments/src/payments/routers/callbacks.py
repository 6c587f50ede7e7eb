"""Provider notifications: ``/providers/{provider}/callback`` (public, signature-verified)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from common.db import SessionDep
from common.errors import error_responses
from payments.dependencies import ProviderDep
from payments.errors import (
    InvalidCallbackSignature,
    MalformedCallback,
    ProviderNotFound,
    ProviderUnavailable,
)
from payments.schemas import CallbackReceived
from payments.service import callbacks as service

router = APIRouter(prefix="/providers", tags=["provider callbacks"])


@router.post(
    "/{provider_name}/callback",
    response_model=CallbackReceived,
    responses=error_responses(
        MalformedCallback, InvalidCallbackSignature, ProviderNotFound, ProviderUnavailable
    ),
)
async def provider_callback(
    provider_name: str, request: Request, session: SessionDep, provider: ProviderDep
) -> CallbackReceived:
    """Verify the signature, then re-check the payment's status with the provider and settle.
    Called by the payment provider, no token. Idempotent: a payment is settled once however
    often its callback arrives."""
    if provider_name != provider.name:
        raise ProviderNotFound()
    notice = service.verify(provider, headers=request.headers, body=await request.body())
    return await service.handle(session, provider, notice)
