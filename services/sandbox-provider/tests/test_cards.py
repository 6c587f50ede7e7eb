"""Card arithmetic without I/O: Luhn, brands, expiry."""

from __future__ import annotations

import datetime as dt

import pytest

from sandbox_provider import cards
from sandbox_provider.errors import ExpiredCard, InvalidExpiryMonth, InvalidExpiryYear


class TestBrandDetection:
    @pytest.mark.parametrize(
        ("number", "brand"),
        [
            ("4242424242424242", "visa"),
            ("4000056655665556", "visa"),
            ("5555555555554444", "mastercard"),
            ("2223003122003222", "mastercard"),
            ("2720990000000007", "mastercard"),
            ("378282246310005", "amex"),
            ("371449635398431", "amex"),
            ("6011111111111117", "discover"),
            ("6445644564456445", "discover"),
            ("6221260000000000", "discover"),
            ("3566002020360505", "jcb"),
            ("30569309025904", "diners"),
            ("36227206271667", "diners"),
            ("6200000000000005", "unionpay"),
            ("9999999999999995", "unknown"),
            ("2730000000000000", "unknown"),
        ],
    )
    def test_brand_is_detected_from_the_prefix(self, number: str, brand: str) -> None:
        assert cards.detect_brand(number) == brand


class TestLuhn:
    @pytest.mark.parametrize("number", ["4242424242424242", "378282246310005", "79927398713"])
    def test_valid_checksums_pass(self, number: str) -> None:
        assert cards.luhn_valid(number)

    @pytest.mark.parametrize("number", ["4242424242424241", "378282246310006", "79927398710"])
    def test_a_wrong_digit_fails(self, number: str) -> None:
        assert not cards.luhn_valid(number)


class TestExpiry:
    today = dt.date(2026, 11, 25)

    def test_the_current_month_is_still_valid(self) -> None:
        assert cards.validate_expiry(11, 2026, today=self.today) == 2026

    def test_two_digit_years_are_in_this_century(self) -> None:
        assert cards.validate_expiry(1, 30, today=self.today) == 2030

    def test_last_month_is_expired(self) -> None:
        with pytest.raises(ExpiredCard):
            cards.validate_expiry(10, 2026, today=self.today)

    @pytest.mark.parametrize("month", [0, 13, -1])
    def test_month_out_of_range_is_refused(self, month: int) -> None:
        with pytest.raises(InvalidExpiryMonth):
            cards.validate_expiry(month, 2030, today=self.today)

    @pytest.mark.parametrize("year", [2100, 1999, 100])
    def test_absurd_years_are_refused(self, year: int) -> None:
        with pytest.raises(InvalidExpiryYear):
            cards.validate_expiry(1, year, today=self.today)
