"""Queries on wallets: balance changes are single conditional statements."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from payments.models import Wallet


async def get(session: AsyncSession, user_id: uuid.UUID) -> Wallet | None:
    return await session.get(Wallet, user_id)


async def credit(session: AsyncSession, user_id: uuid.UUID, *, currency: str, amount: int) -> int:
    """Add ``amount`` (creating the wallet on first use); returns the new balance."""
    statement = insert(Wallet).values(user_id=user_id, currency=currency, balance=amount)
    balance = await session.scalar(
        statement.on_conflict_do_update(
            index_elements=[Wallet.user_id],
            set_={"balance": Wallet.balance + amount, "updated_at": utcnow()},
        ).returning(Wallet.balance)
    )
    assert balance is not None
    return int(balance)


async def debit(session: AsyncSession, user_id: uuid.UUID, *, amount: int) -> int | None:
    """Take ``amount`` if the balance covers it; None (and no change) otherwise."""
    balance = await session.scalar(
        update(Wallet)
        .where(Wallet.user_id == user_id, Wallet.balance >= amount)
        .values(balance=Wallet.balance - amount, updated_at=utcnow())
        .returning(Wallet.balance)
    )
    return None if balance is None else int(balance)


async def lock(session: AsyncSession, user_id: uuid.UUID) -> Wallet | None:
    result = await session.execute(
        select(Wallet).where(Wallet.user_id == user_id).with_for_update(),
        execution_options={"populate_existing": True},
    )
    return result.scalar_one_or_none()
