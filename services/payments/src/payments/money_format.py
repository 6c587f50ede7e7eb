"""Amounts as a customer reads them: per currency and the browser's locale, through Babel
(CLDR data): ``$70.99`` in en-US, ``70,99 $`` in fr-FR, ``￥7,099`` in ja-JP."""

from __future__ import annotations

from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency

from common.money import currency_exponent

DEFAULT_LOCALE = "en_US"


def negotiate_locale(accept_language: str | None) -> str:
    """The first supported locale of an ``Accept-Language`` header, else en_US."""
    preferred: list[tuple[float, str]] = []
    for index, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and tag != "*" and len(tag) <= 35:
            preferred.append((-quality + index * 1e-6, tag))
    for _, tag in sorted(preferred):
        try:
            locale = Locale.parse(tag.replace("-", "_"))
        except (UnknownLocaleError, ValueError, TypeError):
            continue
        return str(locale)
    return DEFAULT_LOCALE


def format_money(amount: int, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """Minor units as the locale writes that currency, with the currency's ISO 4217 digits."""
    exponent = currency_exponent(currency)
    value = Decimal(amount).scaleb(-exponent)
    return str(format_currency(value, currency, locale=locale, currency_digits=True))
