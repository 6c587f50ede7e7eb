"""POST /v1/charges: test cards, idempotency on reference, and the status re-check reads."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from sandbox_provider.models import Charge

TokenMaker = Callable[..., Awaitable[dict[str, Any]]]
ChargeMaker = Callable[..., Awaitable[dict[str, Any]]]


def charge_body(token: str, reference: str = "pay-1", **changes: Any) -> dict[str, Any]:
    return {
        "reference": reference,
        "token": token,
        "amount": 1999,
        "currency": "EUR",
        "capture": True,
        **changes,
    }


class TestTestCards:
    async def test_4242_is_captured(self, make_charge: ChargeMaker) -> None:
        charge = await make_charge("4242424242424242", amount=1999)
        assert charge["id"].startswith("ch_")
        assert charge["status"] == "captured"
        assert (charge["amount"], charge["captured_amount"], charge["refunded_amount"]) == (
            1999,
            1999,
            0,
        )
        assert charge["failure_code"] is None

    async def test_4242_without_capture_is_authorized(self, make_charge: ChargeMaker) -> None:
        charge = await make_charge("4242424242424242", capture=False)
        assert (charge["status"], charge["captured_amount"]) == ("authorized", 0)

    @pytest.mark.parametrize(
        ("number", "code"),
        [
            ("4000000000000002", "card_declined"),
            ("4000000000009995", "insufficient_funds"),
            ("4000000000000069", "expired_card"),
            ("4000000000009979", "stolen_card"),
            ("4000000000000127", "incorrect_cvc"),
        ],
    )
    async def test_declining_cards_are_declined_with_their_code(
        self, make_charge: ChargeMaker, number: str, code: str
    ) -> None:
        charge = await make_charge(number)
        assert (charge["status"], charge["failure_code"]) == ("declined", code)
        assert charge["failure_message"]
        assert charge["captured_amount"] == 0

    async def test_other_valid_cards_succeed(self, make_charge: ChargeMaker) -> None:
        charge = await make_charge("5555555555554444")
        assert charge["status"] == "captured"

    async def test_0119_is_503_processing_error_and_makes_no_charge(
        self,
        api: httpx.AsyncClient,
        make_token: TokenMaker,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        token = (await make_token("4000000000000119"))["token"]
        for _ in range(2):  # a retry with the same reference behaves the same
            response = await api.post("/v1/charges", json=charge_body(token))
            assert response.status_code == 503
            assert response.json()["code"] == "processing_error"
            assert response.headers["retry-after"] == "1"
        async with sessionmaker() as session:
            assert await session.scalar(select(func.count()).select_from(Charge)) == 0
        assert (await api.get("/v1/charges", params={"reference": "pay-1"})).status_code == 404


class TestIdempotency:
    async def test_same_reference_returns_the_existing_charge_with_200(
        self, api: httpx.AsyncClient, make_token: TokenMaker
    ) -> None:
        token = (await make_token())["token"]
        first = await api.post("/v1/charges", json=charge_body(token))
        again = await api.post("/v1/charges", json=charge_body(token))
        assert (first.status_code, again.status_code) == (201, 200)
        assert first.json() == again.json()

    async def test_a_declined_reference_stays_declined(
        self, api: httpx.AsyncClient, make_token: TokenMaker
    ) -> None:
        token = (await make_token("4000000000000002"))["token"]
        first = await api.post("/v1/charges", json=charge_body(token))
        again = await api.post("/v1/charges", json=charge_body(token))
        assert again.status_code == 200
        assert again.json()["id"] == first.json()["id"]
        assert again.json()["status"] == "declined"

    async def test_reusing_a_reference_with_other_parameters_is_409(
        self, api: httpx.AsyncClient, make_token: TokenMaker
    ) -> None:
        token = (await make_token())["token"]
        await api.post("/v1/charges", json=charge_body(token))
        response = await api.post("/v1/charges", json=charge_body(token, amount=5))
        assert response.status_code == 409
        assert response.json()["code"] == "reference_reused"

    async def test_twenty_concurrent_identical_calls_make_one_charge(
        self,
        api: httpx.AsyncClient,
        make_token: TokenMaker,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        token = (await make_token())["token"]
        responses = await asyncio.gather(
            *(api.post("/v1/charges", json=charge_body(token, "race")) for _ in range(20))
        )
        assert sorted(r.status_code for r in responses) == [200] * 19 + [201]
        assert len({r.json()["id"] for r in responses}) == 1
        async with sessionmaker() as session:
            assert await session.scalar(select(func.count()).select_from(Charge)) == 1


class TestChargeInput:
    async def test_unknown_token_is_422_unknown_token(self, api: httpx.AsyncClient) -> None:
        response = await api.post("/v1/charges", json=charge_body("tok_missing"))
        assert response.status_code == 422
        assert response.json()["code"] == "unknown_token"

    @pytest.mark.parametrize(
        "changes", [{"amount": 0}, {"amount": "10"}, {"currency": "XXX"}, {"capture": "yes"}]
    )
    async def test_bad_fields_are_422_validation_error(
        self, api: httpx.AsyncClient, make_token: TokenMaker, changes: dict[str, Any]
    ) -> None:
        token = (await make_token())["token"]
        response = await api.post("/v1/charges", json=charge_body(token, **changes))
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"


class TestReads:
    async def test_a_charge_is_found_by_reference_and_by_id(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge()
        by_reference = await api.get("/v1/charges", params={"reference": charge["reference"]})
        by_id = await api.get(f"/v1/charges/{charge['id']}")
        assert by_reference.json() == by_id.json() == charge

    async def test_unknown_reference_is_404_charge_not_found(self, api: httpx.AsyncClient) -> None:
        response = await api.get("/v1/charges", params={"reference": "never"})
        assert response.status_code == 404
        assert response.json()["code"] == "charge_not_found"

    async def test_unknown_id_is_404_charge_not_found(self, api: httpx.AsyncClient) -> None:
        response = await api.get("/v1/charges/ch_missing")
        assert response.status_code == 404
        assert response.json()["code"] == "charge_not_found"
