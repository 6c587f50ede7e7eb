"""Card arithmetic: Luhn, brand detection, expiry and the keyed fingerprint. No I/O."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from common.cards import card_digits, luhn_valid
from sandbox_provider.errors import (
    ExpiredCard,
    InvalidCvc,
    InvalidExpiryMonth,
    InvalidExpiryYear,
    InvalidNumber,
)

# (brand, inclusive prefix ranges compared on the first len(low) digits); order matters:
# Discover's co-branded 622126-622925 must win over UnionPay's wider 62.
_BRAND_RANGES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("amex", (("34", "34"), ("37", "37"))),
    ("visa", (("4", "4"),)),
    ("mastercard", (("51", "55"), ("2221", "2720"))),
    ("discover", (("6011", "6011"), ("622126", "622925"), ("644", "649"), ("65", "65"))),
    ("jcb", (("3528", "3589"),)),
    ("diners", (("300", "305"), ("3095", "3095"), ("36", "36"), ("38", "39"))),
    ("unionpay", (("62", "62"), ("81", "81"))),
)
LAST_YEAR = 2099  # what a two-digit YY on the card can say


def normalize_number(raw: str) -> str:
    """Digits only: spaces and dashes people type are dropped; anything else is invalid."""
    number = card_digits(raw)
    if number is None:
        raise InvalidNumber("The card number must have 12 to 19 digits.")
    if not luhn_valid(number):
        raise InvalidNumber("The card number is not valid.")
    return number


def detect_brand(number: str) -> str:
    for brand, ranges in _BRAND_RANGES:
        for low, high in ranges:
            if low <= number[: len(low)] <= high:
                return brand
    return "unknown"


def validate_expiry(exp_month: int, exp_year: int, *, today: dt.date | None = None) -> int:
    """The four-digit expiry year; a card is valid through the last day of its month."""
    today = today or dt.datetime.now(dt.UTC).date()
    if not 1 <= exp_month <= 12:
        raise InvalidExpiryMonth("The expiry month must be between 1 and 12.")
    year = exp_year + 2000 if 0 <= exp_year < 100 else exp_year
    if not 2000 <= year <= LAST_YEAR:
        raise InvalidExpiryYear("The expiry year is not valid.")
    if is_expired(exp_month, year, today=today):
        raise ExpiredCard("The card has expired.")
    return year


def is_expired(exp_month: int, exp_year: int, *, today: dt.date | None = None) -> bool:
    today = today or dt.datetime.now(dt.UTC).date()
    return (exp_year, exp_month) < (today.year, today.month)


def validate_cvc(cvc: str, brand: str) -> None:
    length = 4 if brand == "amex" else 3
    if len(cvc) != length or not cvc.isascii() or not cvc.isdigit():
        raise InvalidCvc(f"The security code must have {length} digits.")


def fingerprint(number: str, secret: str) -> str:
    """Stable per card and sandbox: the same number always gives the same fingerprint."""
    return hmac.new(secret.encode(), number.encode(), hashlib.sha256).hexdigest()
