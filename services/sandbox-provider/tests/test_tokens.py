"""POST /v1/tokens: validation, brands, fingerprints, and card numbers kept out of logs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from sandbox_provider.models import Card

VALID = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2099, "cvc": "123"}


async def tokenize(api: httpx.AsyncClient, **changes: Any) -> httpx.Response:
    return await api.post("/v1/tokens", json={**VALID, **changes})


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == code


class TestTokenize:
    async def test_a_valid_card_gets_a_token(
        self, api: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        response = await tokenize(api, holder_name="Ada Lovelace")
        assert response.status_code == 201
        body = response.json()
        assert body["token"].startswith("tok_")
        assert body | {"token": None, "fingerprint": None} == {
            "token": None,
            "brand": "visa",
            "last4": "4242",
            "exp_month": 12,
            "exp_year": 2099,
            "fingerprint": None,
        }
        async with sessionmaker() as session:
            card = await session.get(Card, body["token"])
        assert card is not None
        assert (card.number, card.holder_name) == ("4242424242424242", "Ada Lovelace")

    async def test_spaces_and_dashes_in_the_number_are_ignored(
        self, api: httpx.AsyncClient
    ) -> None:
        response = await tokenize(api, number="4242 4242-4242 4242")
        assert response.status_code == 201
        assert response.json()["last4"] == "4242"

    @pytest.mark.parametrize(
        ("number", "cvc", "brand"),
        [
            ("5555555555554444", "123", "mastercard"),
            ("2223003122003222", "123", "mastercard"),
            ("378282246310005", "1234", "amex"),
            ("6011111111111117", "123", "discover"),
            ("3566002020360505", "123", "jcb"),
            ("36227206271667", "123", "diners"),
            ("6200000000000005", "123", "unionpay"),
        ],
    )
    async def test_the_brand_is_reported(
        self, api: httpx.AsyncClient, number: str, cvc: str, brand: str
    ) -> None:
        response = await tokenize(api, number=number, cvc=cvc)
        assert response.status_code == 201, response.text
        assert response.json()["brand"] == brand


class TestFingerprint:
    async def test_the_same_card_twice_has_the_same_fingerprint(
        self, api: httpx.AsyncClient
    ) -> None:
        first = (await tokenize(api)).json()
        second = (await tokenize(api, exp_month=1, exp_year=2098, cvc="999")).json()
        assert first["token"] != second["token"]
        assert first["fingerprint"] == second["fingerprint"]
        assert len(first["fingerprint"]) == 64

    async def test_another_card_has_another_fingerprint(self, api: httpx.AsyncClient) -> None:
        visa = (await tokenize(api)).json()
        other = (await tokenize(api, number="4000056655665556")).json()
        assert visa["fingerprint"] != other["fingerprint"]


class TestValidation:
    @pytest.mark.parametrize("number", ["4242424242424241", "4242", "4242x42424242424", "٤٢٤٢"])
    async def test_bad_number_is_422_invalid_number(
        self, api: httpx.AsyncClient, number: str
    ) -> None:
        assert_problem(await tokenize(api, number=number), 422, "invalid_number")

    async def test_past_expiry_is_422_expired_card(self, api: httpx.AsyncClient) -> None:
        last_year = dt.datetime.now(dt.UTC).year - 1
        assert_problem(await tokenize(api, exp_year=last_year), 422, "expired_card")

    async def test_month_13_is_422_invalid_expiry_month(self, api: httpx.AsyncClient) -> None:
        assert_problem(await tokenize(api, exp_month=13), 422, "invalid_expiry_month")

    async def test_far_future_year_is_422_invalid_expiry_year(self, api: httpx.AsyncClient) -> None:
        assert_problem(await tokenize(api, exp_year=2999), 422, "invalid_expiry_year")

    @pytest.mark.parametrize("cvc", ["12", "1234", "12a", ""])
    async def test_visa_needs_a_three_digit_cvc(self, api: httpx.AsyncClient, cvc: str) -> None:
        assert_problem(await tokenize(api, cvc=cvc), 422, "invalid_cvc")

    async def test_amex_needs_a_four_digit_cvc(self, api: httpx.AsyncClient) -> None:
        response = await tokenize(api, number="378282246310005", cvc="123")
        assert_problem(response, 422, "invalid_cvc")

    async def test_a_string_month_is_422_validation_error(self, api: httpx.AsyncClient) -> None:
        assert_problem(await tokenize(api, exp_month="12"), 422, "validation_error")


class TestNumbersStayOutOfLogs:
    async def test_neither_success_nor_failure_logs_the_number(
        self, api: httpx.AsyncClient, capfd: pytest.CaptureFixture[str]
    ) -> None:
        api.headers["X-Request-ID"] = "no-pan-test"
        assert (await tokenize(api, number="5555555555554444")).status_code == 201
        assert (await tokenize(api, number="5555555555554443")).status_code == 422
        assert (await tokenize(api, number="5555555555554444" * 3)).status_code == 422
        output = capfd.readouterr()
        logged = output.out + output.err
        assert "card_tokenized" in logged
        assert "555555555555444" not in logged
        assert "4444" in logged


class TestStoredCards:
    async def test_card_rows_hold_no_cvc(
        self, api: httpx.AsyncClient, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        await tokenize(api, cvc="987")
        async with sessionmaker() as session:
            card = (await session.scalars(select(Card))).one()
        assert "987" not in repr(card.__dict__)
