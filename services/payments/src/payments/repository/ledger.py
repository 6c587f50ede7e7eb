"""Queries on the double-entry ledger: writing an entry and auditing the books."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import String, cast, func, insert, literal_column, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from common.db import utcnow
from payments.models import JournalEntry, LedgerAccount, Posting, Wallet

Line = tuple[str, str, int]  # (account, currency, signed amount)


async def write_entry(
    session: AsyncSession,
    *,
    kind: str,
    reference_id: uuid.UUID,
    postings: Sequence[Line],
    balance_changes: Sequence[Line],
) -> uuid.UUID:
    """Insert the entry, its postings and the account balance changes.

    ``balance_changes`` must be sorted by (account, currency): accounts are row-locked in that
    order, so concurrent entries touching the same accounts cannot deadlock."""
    entry_id = uuid.uuid4()
    await session.execute(
        insert(JournalEntry).values(id=entry_id, kind=kind, reference_id=reference_id)
    )
    await session.execute(
        insert(Posting),
        [
            {"entry_id": entry_id, "account": account, "currency": currency, "amount": amount}
            for account, currency, amount in postings
        ],
    )
    if balance_changes:
        await _add_to_balances(session, balance_changes)
    return entry_id


async def write_entries(
    session: AsyncSession,
    entries: Sequence[tuple[str, uuid.UUID, Sequence[Line]]],
    *,
    balance_changes: Sequence[Line],
) -> None:
    """Several entries ``(kind, reference_id, postings)`` in three statements whatever their
    number: the entries, all their postings, and one upsert of the summed balance changes
    (sorted by account and currency, like :func:`write_entry`, for the same lock order)."""
    if not entries:
        return
    ids = [uuid.uuid4() for _ in entries]
    await session.execute(
        insert(JournalEntry),
        [
            {"id": entry_id, "kind": kind, "reference_id": reference_id}
            for entry_id, (kind, reference_id, _) in zip(ids, entries, strict=True)
        ],
    )
    await session.execute(
        insert(Posting),
        [
            {"entry_id": entry_id, "account": account, "currency": currency, "amount": amount}
            for entry_id, (_, _, postings) in zip(ids, entries, strict=True)
            for account, currency, amount in postings
        ],
    )
    if balance_changes:
        await _add_to_balances(session, balance_changes)


async def _add_to_balances(session: AsyncSession, balance_changes: Sequence[Line]) -> None:
    statement = pg_insert(LedgerAccount).values(
        [
            {"name": account, "currency": currency, "balance": amount}
            for account, currency, amount in balance_changes
        ]
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[LedgerAccount.name, LedgerAccount.currency],
            set_={
                "balance": LedgerAccount.balance + statement.excluded.balance,
                "updated_at": utcnow(),
            },
        )
    )


async def totals_by_currency(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(
        select(Posting.currency, func.sum(Posting.amount)).group_by(Posting.currency)
    )
    return {currency: int(total) for currency, total in rows.all()}


async def mismatched_accounts(session: AsyncSession) -> list[tuple[str, str, int, int]]:
    """Accounts whose stored balance differs from the sum of their postings, and wallets
    whose balance differs from their ledger account: (account, currency, stored, computed)."""
    computed = (
        select(
            Posting.account,
            Posting.currency,
            func.sum(Posting.amount).label("total"),
        )
        .group_by(Posting.account, Posting.currency)
        .subquery()
    )
    account = func.coalesce(LedgerAccount.name, computed.c.account)
    stored = func.coalesce(LedgerAccount.balance, 0)
    total = func.coalesce(computed.c.total, 0)
    accounts = await session.execute(
        select(account, func.coalesce(LedgerAccount.currency, computed.c.currency), stored, total)
        .select_from(LedgerAccount)
        .join(
            computed,
            (LedgerAccount.name == computed.c.account)
            & (LedgerAccount.currency == computed.c.currency),
            full=True,
        )
        .where(stored != total)
    )
    wallet_account = literal_column("'wallet:'", String) + cast(Wallet.user_id, String)
    ledger_balance = func.coalesce(LedgerAccount.balance, 0)
    wallets = await session.execute(
        select(wallet_account, Wallet.currency, Wallet.balance, ledger_balance)
        .select_from(Wallet)
        .outerjoin(
            LedgerAccount,
            (LedgerAccount.name == wallet_account) & (LedgerAccount.currency == Wallet.currency),
        )
        .where(Wallet.balance != ledger_balance)
    )
    return [
        (str(name), str(currency), int(stored_), int(computed_))
        for name, currency, stored_, computed_ in [*accounts.all(), *wallets.all()]
    ]
