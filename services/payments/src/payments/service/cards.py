"""Local card checks made before anything reaches the provider. No I/O; error messages never
contain the number or the CVC."""

from __future__ import annotations

import datetime as dt

from common.cards import card_digits, luhn_valid
from payments.errors import CardExpired, InvalidCardNumber, InvalidCvc, InvalidExpiry

MAX_YEARS_AHEAD = 50


def normalize_number(raw: str) -> str:
    """Digits only (the spaces and dashes people type are dropped), 12 to 19 of them, Luhn-valid."""
    number = card_digits(raw)
    if number is None:
        raise InvalidCardNumber("The card number must have 12 to 19 digits.")
    if not luhn_valid(number):
        raise InvalidCardNumber("The card number is not valid (check digit mismatch).")
    return number


def check_expiry(exp_month: int, exp_year: int, *, today: dt.date | None = None) -> None:
    """A card is valid through the last day of its expiry month."""
    today = today or dt.datetime.now(dt.UTC).date()
    if not 1 <= exp_month <= 12 or not 2000 <= exp_year <= today.year + MAX_YEARS_AHEAD:
        raise InvalidExpiry()
    if (exp_year, exp_month) < (today.year, today.month):
        raise CardExpired()


def check_cvc(cvc: str, number: str) -> None:
    length = 4 if number[:2] in ("34", "37") else 3
    if len(cvc) != length or not (cvc.isascii() and cvc.isdigit()):
        raise InvalidCvc(f"The security code (CVC) must have {length} digits.")


def validate_card(*, number: str, exp_month: int, exp_year: int, cvc: str) -> str:
    """The normalized number, or the first problem as a 422 with its own code."""
    normalized = normalize_number(number)
    check_expiry(exp_month, exp_year)
    check_cvc(cvc, normalized)
    return normalized
