"""Annotated dependencies: the provider, the processor, the confirmation waiter, settings, and
who may use a wallet."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common.auth import CurrentUser, Principal
from payments.errors import WalletForbidden
from payments.provider.base import PaymentProvider
from payments.service.confirmations import ConfirmationWaiter
from payments.service.processor import PaymentProcessor
from payments.settings import Settings


def _provider(request: Request) -> PaymentProvider:
    provider: PaymentProvider = request.app.state.provider
    return provider


def _processor(request: Request) -> PaymentProcessor:
    processor: PaymentProcessor = request.app.state.processor
    return processor


def _confirmations(request: Request) -> ConfirmationWaiter:
    waiter: ConfirmationWaiter = request.app.state.confirmations
    return waiter


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _sessionmaker(request: Request) -> async_sessionmaker[AsyncSession]:
    sessionmaker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    return sessionmaker


async def _wallet_owner(principal: CurrentUser) -> Principal:
    if principal.role != "buyer":
        raise WalletForbidden()
    return principal


ProviderDep = Annotated[PaymentProvider, Depends(_provider)]
ProcessorDep = Annotated[PaymentProcessor, Depends(_processor)]
SettingsDep = Annotated[Settings, Depends(_settings)]
ConfirmationsDep = Annotated[ConfirmationWaiter, Depends(_confirmations)]
SessionmakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(_sessionmaker)]
WalletOwner = Annotated[Principal, Depends(_wallet_owner)]
PaymentId = Annotated[uuid.UUID, Path(description="The payment's id")]
