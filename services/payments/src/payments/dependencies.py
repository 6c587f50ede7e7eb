"""Annotated dependencies: the runtime (the provider, the processor, the confirmation waiter,
settings, ...), and who may use a wallet."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.auth import CurrentUser, Principal
from common.runtime import runtime_dependency
from payments.errors import WalletForbidden
from payments.provider.base import PaymentProvider
from payments.runtime import Runtime
from payments.service.checkout_limits import CheckoutLimiter
from payments.service.confirmations import ConfirmationWaiter
from payments.service.processor import PaymentProcessor
from payments.settings import Settings

RuntimeDep = Annotated[Runtime, Depends(runtime_dependency(Runtime))]


async def _provider(runtime: RuntimeDep) -> PaymentProvider:
    return runtime.provider


async def _processor(runtime: RuntimeDep) -> PaymentProcessor:
    return runtime.processor


async def _confirmations(runtime: RuntimeDep) -> ConfirmationWaiter:
    return runtime.confirmations


async def _settings(runtime: RuntimeDep) -> Settings:
    return runtime.settings


async def _checkout_limiter(runtime: RuntimeDep) -> CheckoutLimiter:
    return runtime.checkout_limiter


async def _sessionmaker(runtime: RuntimeDep) -> async_sessionmaker[AsyncSession]:
    return runtime.sessionmaker


async def _wallet_owner(principal: CurrentUser) -> Principal:
    if principal.role != "buyer":
        raise WalletForbidden()
    return principal


ProviderDep = Annotated[PaymentProvider, Depends(_provider)]
ProcessorDep = Annotated[PaymentProcessor, Depends(_processor)]
SettingsDep = Annotated[Settings, Depends(_settings)]
ConfirmationsDep = Annotated[ConfirmationWaiter, Depends(_confirmations)]
CheckoutLimiterDep = Annotated[CheckoutLimiter, Depends(_checkout_limiter)]
SessionmakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(_sessionmaker)]
WalletOwner = Annotated[Principal, Depends(_wallet_owner)]
PaymentId = Annotated[uuid.UUID, Path(description="The payment's id")]
