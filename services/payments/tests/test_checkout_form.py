"""The checkout page's pure parts: the card form's checks and money per locale."""

import datetime as dt

import pytest

from payments.money_format import format_money, negotiate_locale
from payments.service.card_form import CardForm

TODAY = dt.date(2026, 12, 1)


def _card(**fields: str) -> CardForm:
    values = {"number": "4242 4242 4242 4242", "exp": "12 / 30", "cvc": "123", "holder_name": ""}
    values |= fields
    return CardForm.from_fields(exp_month="", exp_year="", **values)


class TestCardForm:
    @pytest.mark.parametrize("exp", ["12/30", "12 / 30", "1230", "12-2030", " 12 / 2030 "])
    def test_expiry_as_people_type_it(self, exp):
        card = _card(exp=exp)
        assert (card.month(), card.year()) == (12, 2030)
        assert card.field_errors(today=TODAY) == {}
        assert card.safe_fields()["exp"] == "12 / 30"

    def test_separate_month_and_year_still_work(self):
        card = CardForm.from_fields(
            number="4242424242424242", exp="", exp_month="7", exp_year="2031", cvc="123",
            holder_name="Ada",
        )  # fmt: skip
        assert card.field_errors(today=TODAY) == {}
        assert card.safe_fields() == {"exp": "07 / 31", "holder_name": "Ada"}

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"number": ""}, "number", "Enter your card number."),
            ({"number": "4242 4242"}, "number", "Your card number is incomplete."),
            ({"number": "4242 4242 4242 4241"}, "number", "Your card number is invalid."),
            ({"exp": ""}, "exp", "Enter your card's expiration date."),
            ({"exp": "1"}, "exp", "Your card's expiration date is incomplete."),
            ({"exp": "13 / 30"}, "exp", "Your card's expiration month is invalid."),
            ({"exp": "11 / 26"}, "exp", "Your card's expiration date is in the past."),
            ({"cvc": ""}, "cvc", "Enter your card's security code."),
            ({"cvc": "12"}, "cvc", "Your card's security code is incomplete."),
            ({"cvc": "1234"}, "cvc", "Your card's security code is invalid."),
        ],
    )
    def test_each_problem_in_plain_words(self, fields, field, message):
        assert _card(**fields).field_errors(today=TODAY) == {field: message}

    def test_amex_takes_a_four_digit_code(self):
        assert _card(number="3782 822463 10005", cvc="1234").field_errors(today=TODAY) == {}
        assert "cvc" in _card(number="378282246310005", cvc="123").field_errors(today=TODAY)

    def test_the_number_and_cvc_are_never_shown_again(self):
        shown = _card(holder_name="Ada").safe_fields()
        assert set(shown) == {"exp", "holder_name"}


class TestMoneyPerLocale:
    @pytest.mark.parametrize(
        ("amount", "currency", "locale", "text"),
        [
            (7099, "USD", "en_US", "$70.99"),
            (7099, "USD", "en_GB", "US$70.99"),
            (7099, "EUR", "de_DE", "70,99\u00a0€"),
            (7099, "JPY", "ja_JP", "￥7,099"),
            (70990, "KWD", "en_US", "KWD70.990"),
        ],
    )
    def test_currency_digits_and_the_locales_way(self, amount, currency, locale, text):
        assert format_money(amount, currency, locale) == text

    @pytest.mark.parametrize(
        ("header", "locale"),
        [
            ("fr-FR,fr;q=0.9,en;q=0.8", "fr_FR"),
            ("en;q=0.2, de-DE;q=0.9", "de_DE"),
            ("xx-YY, ja-JP", "ja_JP"),
            ("*", "en_US"),
            (None, "en_US"),
            ("q=;;,,", "en_US"),
        ],
    )
    def test_accept_language_negotiation(self, header, locale):
        assert negotiate_locale(header) == locale
