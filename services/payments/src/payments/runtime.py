"""What the payments routes need besides a session, built once per process in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from payments.provider.base import PaymentProvider
from payments.service.checkout_limits import CheckoutLimiter
from payments.service.confirmations import ConfirmationWaiter
from payments.service.processor import PaymentProcessor
from payments.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    provider: PaymentProvider
    processor: PaymentProcessor
    checkout_limiter: CheckoutLimiter
    confirmations: ConfirmationWaiter
