"""The double-entry ledger: every money movement is one journal entry whose postings sum to
zero per currency, written in the same transaction as the movement itself.

Accounts (a posting's amount is positive when value flows into the account):
``customer:card`` card money collected through the provider, ``platform:clearing`` money in
transit between payer and payees, ``seller:<id>`` what the platform owes a seller,
``platform:revenue`` payments that name no order, ``wallet:<user>`` a buyer's wallet,
``cash:coins`` coins put into or paid out of the vending machine.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from payments import metrics
from payments.models import Payment
from payments.repository import ledger as repository
from payments.repository.ledger import Line
from payments.schemas import BalanceCheck, LedgerMismatch

CARD_FUNDS = "customer:card"
CLEARING = "platform:clearing"
REVENUE = "platform:revenue"
COINS = "cash:coins"


class LedgerImbalance(AssertionError):
    """A bug, never user input: an entry whose postings do not sum to zero."""


def wallet_account(user_id: uuid.UUID) -> str:
    return f"wallet:{user_id}"


def seller_account(seller_id: uuid.UUID | str) -> str:
    return f"seller:{seller_id}"


def allocate(amount: int, weights: Sequence[int]) -> list[int]:
    """Split ``amount`` in proportion to ``weights`` (largest remainder): the parts sum to
    ``amount`` exactly, and equal the weights when ``amount`` is their sum."""
    total = sum(weights)
    if not weights or total <= 0:
        raise ValueError("weights must be positive")
    floors = [amount * weight // total for weight in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % total), i))
    for i in remainders[: amount - sum(floors)]:
        floors[i] += 1
    return floors


def payee_shares(splits: Sequence[dict[str, Any]], amount: int) -> list[tuple[str, int]]:
    """Who receives ``amount`` of a payment: its order's sellers by line amount, or revenue."""
    if not splits:
        return [(REVENUE, amount)]
    parts = allocate(amount, [int(split["amount"]) for split in splits])
    return [
        (seller_account(split["seller_id"]), part)
        for split, part in zip(splits, parts, strict=True)
    ]


def _balanced(kind: str, postings: Sequence[Line]) -> list[Line]:
    """The entry's non-zero lines; LedgerImbalance unless they sum to zero per currency."""
    lines = [line for line in postings if line[2] != 0]
    by_currency: dict[str, int] = defaultdict(int)
    for _, currency, amount in lines:
        by_currency[currency] += amount
    if not lines or any(by_currency.values()):
        raise LedgerImbalance(f"{kind} entry does not balance: {dict(by_currency)}")
    return lines


def _balance_changes(lines: Iterable[Line]) -> list[Line]:
    """Net change per account, sorted by (account, currency): the accounts' lock order."""
    by_account: dict[tuple[str, str], int] = defaultdict(int)
    for account, currency, amount in lines:
        by_account[account, currency] += amount
    return sorted((acc, cur, amount) for (acc, cur), amount in by_account.items() if amount)


async def post(
    session: AsyncSession, *, kind: str, reference_id: uuid.UUID, postings: Sequence[Line]
) -> uuid.UUID:
    lines = _balanced(kind, postings)
    changes = _balance_changes(lines)
    by_currency = {currency for _, currency, _ in lines}
    if kind.startswith("wallet_"):
        for currency in by_currency:
            moved = sum(amount for _, cur, amount in lines if cur == currency and amount > 0)
            metrics.wallet(session, kind=kind, currency=currency, amount=moved)
    return await repository.write_entry(
        session, kind=kind, reference_id=reference_id, postings=lines, balance_changes=changes
    )


async def record_capture(
    session: AsyncSession, payment: Payment, *, amount: int, source: str
) -> None:
    """Money taken from ``source`` into clearing, then clearing to the payees."""
    postings = capture_postings(payment, amount=amount, source=source)
    await post(
        session, kind=f"{payment.method}_capture", reference_id=payment.id, postings=postings
    )


def capture_postings(payment: Payment, *, amount: int, source: str) -> list[Line]:
    """Money taken from ``source`` into clearing, then clearing to the payees."""
    currency = payment.currency
    postings: list[Line] = [(source, currency, -amount), (CLEARING, currency, amount)]
    for account, share in payee_shares(payment.splits, amount):
        postings += [(CLEARING, currency, -share), (account, currency, share)]
    return postings


def capture_source(payment: Payment) -> str:
    return CARD_FUNDS if payment.method == "card" else wallet_account(payment.user_id)


async def record_captures(session: AsyncSession, payments: Sequence[Payment]) -> None:
    """The captures of several payments (each its own balanced entry) in a few statements.

    The hot accounts (card funds, clearing) change once for the whole batch."""
    entries: list[tuple[str, uuid.UUID, Sequence[Line]]] = []
    for payment in payments:
        kind = f"{payment.method}_capture"
        postings = capture_postings(
            payment, amount=payment.captured_amount, source=capture_source(payment)
        )
        entries.append((kind, payment.id, _balanced(kind, postings)))
    changes = _balance_changes(line for _, _, lines in entries for line in lines)
    await repository.write_entries(session, entries, balance_changes=changes)


async def record_refund(
    session: AsyncSession,
    payment: Payment,
    *,
    refund_id: uuid.UUID,
    amount: int,
    shares: Mapping[uuid.UUID, int],
    destination: str,
) -> None:
    """The capture reversed: each seller gives back its ``shares`` of the refund (revenue gives
    back all of it for a payment that names no order), then clearing pays ``destination``."""
    currency = payment.currency
    payees = [(seller_account(seller), part) for seller, part in sorted(shares.items())]
    postings: list[Line] = []
    for account, part in payees or [(REVENUE, amount)]:
        postings += [(account, currency, -part), (CLEARING, currency, part)]
    postings += [(CLEARING, currency, -amount), (destination, currency, amount)]
    await post(session, kind=f"{payment.method}_refund", reference_id=refund_id, postings=postings)


async def record_transfer(
    session: AsyncSession,
    *,
    kind: str,
    reference_id: uuid.UUID,
    source: str,
    destination: str,
    currency: str,
    amount: int,
) -> None:
    await post(
        session,
        kind=kind,
        reference_id=reference_id,
        postings=[(source, currency, -amount), (destination, currency, amount)],
    )


async def balance_check(session: AsyncSession) -> BalanceCheck:
    totals = await repository.totals_by_currency(session)
    mismatched = [
        LedgerMismatch(account=account, currency=currency, stored=stored, computed=computed)
        for account, currency, stored, computed in await repository.mismatched_accounts(session)
    ]
    ok = not mismatched and not any(totals.values())
    return BalanceCheck(ok=ok, currencies=totals, mismatched_accounts=mismatched)
