"""The buyer's wallet: ``/wallet``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.idempotency import IdempotencyDep, IdempotencyKeyInFlight, IdempotencyKeyReused
from payments.dependencies import SettingsDep, WalletOwner
from payments.errors import InvalidCoin, WalletForbidden
from payments.schemas import WalletDeposit, WalletDepositRead, WalletRead, WalletResetRead
from payments.service import wallet as service

router = APIRouter(prefix="/wallet", tags=["wallet"])


@router.get("", response_model=WalletRead, responses=error_responses(Unauthorized, WalletForbidden))
async def get_wallet(session: SessionDep, user: WalletOwner, settings: SettingsDep) -> Any:
    """The caller's coin wallet balance (minor units). Buyers only (sellers 403). Read-only."""
    return await service.read(session, user_id=user.user_id, currency=settings.wallet_currency)


@router.post(
    "/deposit",
    response_model=WalletDepositRead,
    responses=error_responses(
        Unauthorized, WalletForbidden, InvalidCoin, IdempotencyKeyInFlight, IdempotencyKeyReused
    ),
)
async def deposit(
    body: WalletDeposit,
    session: SessionDep,
    user: WalletOwner,
    settings: SettingsDep,
    idempotency: IdempotencyDep,
) -> Any:
    """Insert one coin: ``{"coin": 5|10|20|50|100}`` (or ``{"amount": ...}``), in minor units.
    Buyers only (sellers 403); any other coin is 422. Send an ``Idempotency-Key`` to retry
    without depositing twice."""

    async def produce() -> WalletDepositRead:
        return await service.deposit(
            session, user_id=user.user_id, coin=body.value, currency=settings.wallet_currency
        )

    return await idempotency.respond(
        session, caller=str(user.user_id), status_code=200, produce=produce
    )


@router.post(
    "/reset",
    response_model=WalletResetRead,
    responses=error_responses(
        Unauthorized, WalletForbidden, IdempotencyKeyInFlight, IdempotencyKeyReused
    ),
)
async def reset(
    session: SessionDep, user: WalletOwner, settings: SettingsDep, idempotency: IdempotencyDep
) -> Any:
    """Pay the balance out in the fewest coins; what no coin can pay (under 5) stays.
    Buyers only (sellers 403)."""

    async def produce() -> WalletResetRead:
        return await service.reset(session, user_id=user.user_id, currency=settings.wallet_currency)

    return await idempotency.respond(
        session, caller=str(user.user_id), status_code=200, produce=produce
    )
