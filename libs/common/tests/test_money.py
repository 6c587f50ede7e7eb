"""Money: ISO 4217 currencies with their exponents, strict integer amounts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from common.money import CurrencyCode, PositiveAmount, currency_exponent, format_amount


class Price(BaseModel):
    amount: PositiveAmount
    currency: CurrencyCode


class TestMoney:
    def test_currency_is_normalised_to_upper_case(self):
        assert Price(amount=1, currency="usd").currency == "USD"

    @pytest.mark.parametrize("currency", ["XYZ", "US", "XAU", "12A"])
    def test_unknown_or_non_tender_currency_is_refused(self, currency):
        with pytest.raises(ValidationError):
            Price(amount=1, currency=currency)

    @pytest.mark.parametrize("amount", ["15", 15.5, 0, -1, True])
    def test_amount_must_be_a_positive_json_integer(self, amount):
        with pytest.raises(ValidationError):
            Price.model_validate({"amount": amount, "currency": "USD"})

    def test_exponents_come_from_iso_4217(self):
        assert (currency_exponent("USD"), currency_exponent("JPY"), currency_exponent("KWD")) == (
            2,
            0,
            3,
        )

    @pytest.mark.parametrize(
        ("amount", "currency", "text"),
        [
            (1999, "USD", "19.99 USD"),
            (5, "USD", "0.05 USD"),
            (500, "JPY", "500 JPY"),
            (1234, "KWD", "1.234 KWD"),
            (-250, "EUR", "-2.50 EUR"),
        ],
    )
    def test_format_amount(self, amount, currency, text):
        assert format_amount(amount, currency) == text

    @given(st.integers(min_value=0, max_value=10**12))
    def test_format_amount_keeps_every_minor_unit(self, amount):
        major, minor = format_amount(amount, "USD").split()[0].split(".")
        assert int(major) * 100 + int(minor) == amount
