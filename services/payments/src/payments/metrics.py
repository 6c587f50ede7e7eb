"""Payments' business metrics, counted once the change commits (common.metrics.after_commit)."""

from __future__ import annotations

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from common.metrics import after_commit

PAYMENTS = Counter(
    "payments_total",
    "Payments by outcome (succeeded, failed, captured, canceled) and method (card, wallet)",
    ["outcome", "method", "currency"],
)
REFUNDS = Counter(
    "refunds_total", "Refunds by outcome (succeeded, failed)", ["outcome", "currency"]
)
REFUNDED_AMOUNT = Counter(
    "refunded_amount_minor_total", "Money refunded, in minor units", ["currency"]
)
WALLET_MOVEMENTS = Counter(
    "wallet_movements_total",
    "Wallet ledger entries by kind (wallet_deposit, wallet_payout, wallet_capture, wallet_refund)",
    ["kind", "currency"],
)
WALLET_AMOUNT = Counter(
    "wallet_movement_amount_minor_total", "Money moved by wallet entries", ["kind", "currency"]
)


def payment(session: AsyncSession, *, outcome: str, method: str, currency: str) -> None:
    after_commit(session, PAYMENTS.labels(outcome, method, currency).inc)


def refund(session: AsyncSession, *, outcome: str, currency: str, amount: int) -> None:
    def count() -> None:
        REFUNDS.labels(outcome, currency).inc()
        if outcome == "succeeded":
            REFUNDED_AMOUNT.labels(currency).inc(amount)

    after_commit(session, count)


def wallet(session: AsyncSession, *, kind: str, currency: str, amount: int) -> None:
    def count() -> None:
        WALLET_MOVEMENTS.labels(kind, currency).inc()
        WALLET_AMOUNT.labels(kind, currency).inc(amount)

    after_commit(session, count)
