"""Saved cards: checked locally, tokenized at the provider, stored as token + what identifies it.

The number and CVC only pass through memory on their way to the provider. Adding a card the
caller already saved (same fingerprint) returns the saved method instead of a duplicate.
"""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from payments.errors import CardRejected, PaymentMethodNotFound, ProviderUnavailable
from payments.models import PaymentMethod
from payments.provider.base import CardToken, PaymentProvider, ProviderError
from payments.repository import methods as repository
from payments.schemas import PaymentMethodCreate
from payments.service.cards import validate_card


async def tokenize(
    provider: PaymentProvider,
    *,
    number: str,
    exp_month: int,
    exp_year: int,
    cvc: str,
    holder_name: str | None,
) -> CardToken:
    """Validate locally, then exchange the card for the provider's token."""
    normalized = validate_card(number=number, exp_month=exp_month, exp_year=exp_year, cvc=cvc)
    try:
        return await provider.tokenize(
            number=normalized,
            exp_month=exp_month,
            exp_year=exp_year,
            cvc=cvc,
            holder_name=holder_name,
        )
    except ProviderError as exc:
        if exc.retryable:
            raise ProviderUnavailable() from None
        raise CardRejected() from None
    except ValueError as exc:  # the adapter's CardRejected(ValueError): code and message
        message = getattr(exc, "message", None) or CardRejected.default_message
        code = getattr(exc, "code", "card_rejected")
        raise CardRejected(f"{message} ({code})") from None


async def add(
    session: AsyncSession,
    provider: PaymentProvider,
    *,
    user_id: uuid.UUID,
    data: PaymentMethodCreate,
) -> tuple[PaymentMethod, bool]:
    """The saved method and whether it was created now (False: this card was saved before)."""
    card = await tokenize(
        provider,
        number=data.number,
        exp_month=data.exp_month,
        exp_year=data.exp_year,
        cvc=data.cvc,
        holder_name=data.holder_name,
    )
    existing = await repository.by_fingerprint(
        session, user_id=user_id, fingerprint=card.fingerprint
    )
    if existing is not None:
        return existing, False
    method = PaymentMethod(
        id=uuid.uuid4(),
        user_id=user_id,
        provider=provider.name,
        token=card.token,
        brand=card.brand,
        last4=card.last4,
        exp_month=card.exp_month,
        exp_year=card.exp_year,
        fingerprint=card.fingerprint,
    )
    try:
        async with session.begin_nested():
            session.add(method)
    except IntegrityError:  # the same card saved concurrently: the other request won
        existing = await repository.by_fingerprint(
            session, user_id=user_id, fingerprint=card.fingerprint
        )
        assert existing is not None
        return existing, False
    return method, True


async def remove(session: AsyncSession, *, user_id: uuid.UUID, method_id: uuid.UUID) -> None:
    method = await repository.get_own(session, method_id, user_id=user_id)
    if method is None:
        raise PaymentMethodNotFound()
    method.deleted_at = utcnow()
    await session.flush()
