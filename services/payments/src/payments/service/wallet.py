"""The buyer's wallet (the vending machine): coin deposits, payments that settle at once, and a
reset that pays the balance out in the fewest coins.

One currency for every wallet (setting ``wallet_currency``). The balance is changed only by
single conditional statements and a CHECK (balance >= 0) guards it, so it never goes negative
under concurrency. A balance under 5 (left by a payment or refund of any amount) cannot be paid
out in coins and stays in the wallet after a reset.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from payments.errors import InsufficientFunds, InvalidCoin
from payments.repository import wallets as repository
from payments.schemas import WalletDepositRead, WalletRead, WalletResetRead
from payments.service import ledger
from payments.service.coins import COINS, make_change


async def read(session: AsyncSession, *, user_id: uuid.UUID, currency: str) -> WalletRead:
    wallet = await repository.get(session, user_id)
    if wallet is None:
        return WalletRead(balance=0, currency=currency)
    return WalletRead(balance=wallet.balance, currency=wallet.currency)


async def deposit(
    session: AsyncSession, *, user_id: uuid.UUID, coin: int, currency: str
) -> WalletDepositRead:
    if coin not in COINS:
        raise InvalidCoin(errors=[{"loc": ["body", "coin"], "msg": "must be 5, 10, 20, 50 or 100"}])
    balance = await repository.credit(session, user_id, currency=currency, amount=coin)
    await ledger.record_transfer(
        session,
        kind="wallet_deposit",
        reference_id=user_id,
        source=ledger.COINS,
        destination=ledger.wallet_account(user_id),
        currency=currency,
        amount=coin,
    )
    return WalletDepositRead(balance=balance, currency=currency, deposited=coin)


async def reset(session: AsyncSession, *, user_id: uuid.UUID, currency: str) -> WalletResetRead:
    wallet = await repository.lock(session, user_id)
    balance = 0 if wallet is None else wallet.balance
    coins, remaining = make_change(balance)
    paid_out = balance - remaining
    if wallet is not None and paid_out:
        left = await repository.debit(session, user_id, amount=paid_out)
        assert left == remaining
        await ledger.record_transfer(
            session,
            kind="wallet_payout",
            reference_id=user_id,
            source=ledger.wallet_account(user_id),
            destination=ledger.COINS,
            currency=wallet.currency,
            amount=paid_out,
        )
    return WalletResetRead(refunded=paid_out, coins=coins, remaining=remaining)


async def spend(session: AsyncSession, *, user_id: uuid.UUID, amount: int) -> int:
    """Take ``amount`` for a payment; the balance left. 409 if the balance is too low."""
    left = await repository.debit(session, user_id, amount=amount)
    if left is None:
        raise InsufficientFunds()
    return left
