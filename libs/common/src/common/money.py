"""Money as integer minor units plus an ISO 4217 currency; never floats.

``Amount`` and ``PositiveAmount`` are strict JSON integers: ``"15"`` and ``15.5`` are 422.
"""

from __future__ import annotations

from typing import Annotated

from iso4217 import Currency
from pydantic import AfterValidator, Field, StrictInt

# Funds and testing codes are not money a shop charges in.
_NOT_TENDER = {
    "XAU",
    "XAG",
    "XPT",
    "XPD",
    "XTS",
    "XXX",
    "XBA",
    "XBB",
    "XBC",
    "XBD",
    "XDR",
    "XSU",
    "XUA",
    "BOV",
    "CLF",
    "COU",
    "MXV",
    "USN",
    "UYI",
    "UYW",
    "CHE",
    "CHW",
}


def currency_exponent(code: str) -> int:
    """Number of minor-unit digits: 2 for USD, 0 for JPY, 3 for KWD."""
    exponent = Currency(code).exponent
    return 0 if exponent is None else int(exponent)


def _valid_currency(value: str) -> str:
    code = value.upper()
    try:
        Currency(code)
    except ValueError as exc:
        raise ValueError(f"'{value}' is not an ISO 4217 currency code") from exc
    if code in _NOT_TENDER:
        raise ValueError(f"'{value}' is not a currency that can be charged")
    return code


CurrencyCode = Annotated[
    str,
    Field(min_length=3, max_length=3, examples=["USD"], description="ISO 4217 code"),
    AfterValidator(_valid_currency),
]
Amount = Annotated[StrictInt, Field(ge=0, le=10**15, description="Integer minor units")]
PositiveAmount = Annotated[StrictInt, Field(gt=0, le=10**15, description="Integer minor units")]
Quantity = Annotated[StrictInt, Field(gt=0, le=10_000)]


def format_amount(amount: int, currency: str) -> str:
    """``format_amount(1999, "USD") == "19.99 USD"`` for humans (emails, the checkout page)."""
    exponent = currency_exponent(currency)
    if exponent == 0:
        return f"{amount} {currency}"
    sign = "-" if amount < 0 else ""
    major, minor = divmod(abs(amount), 10**exponent)
    return f"{sign}{major}.{minor:0{exponent}d} {currency}"
