"""The ledger audit: ``/ledger/balance-check``."""

from __future__ import annotations

from fastapi import APIRouter

from common.auth import AdminUser
from common.db import SessionDep
from common.errors import Forbidden, Unauthorized, error_responses
from payments.schemas import BalanceCheck
from payments.service import ledger as service

router = APIRouter(prefix="/ledger", tags=["ledger"])


@router.get(
    "/balance-check",
    response_model=BalanceCheck,
    responses=error_responses(Unauthorized, Forbidden),
)
async def balance_check(session: SessionDep, _: AdminUser) -> BalanceCheck:
    """Postings sum to zero per currency, and every stored balance equals its postings.
    Admins only. Read-only."""
    return await service.balance_check(session)
