"""The vending machine's coins: what a deposit accepts and how a balance is paid out."""

from __future__ import annotations

COINS = (100, 50, 20, 10, 5)


def make_change(amount: int) -> tuple[dict[str, int], int]:
    """The fewest coins worth at most ``amount``, and what is left (under the smallest coin).

    Greedy is optimal because this coin set is canonical (as euro and dollar coins are); the
    tests check it against an exhaustive minimum."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    coins: dict[str, int] = {}
    left = amount
    for coin in COINS:
        coins[str(coin)], left = divmod(left, coin)
    return coins, left
