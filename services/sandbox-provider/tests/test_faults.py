"""The fault-injection controls tests use: refused charges, lost answers, latency."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from common.testing import app_client
from sandbox_provider.main import create_app
from sandbox_provider.settings import Settings

TokenMaker = Callable[..., Awaitable[dict[str, Any]]]


async def charge(api: httpx.AsyncClient, token: str, reference: str) -> httpx.Response:
    body = {"reference": reference, "token": token, "amount": 500, "currency": "USD"}
    return await api.post("/v1/charges", json=body)


class TestFailNext:
    async def test_the_next_n_charges_are_503_without_a_charge(
        self, api: httpx.AsyncClient, make_token: TokenMaker
    ) -> None:
        token = (await make_token())["token"]
        await api.post("/v1/test/behaviour", json={"fail_next": 2})
        for _ in range(2):
            response = await charge(api, token, "pay-1")
            assert response.status_code == 503
            assert response.json()["code"] == "processing_error"
        assert (await api.get("/v1/charges", params={"reference": "pay-1"})).status_code == 404
        assert (await charge(api, token, "pay-1")).status_code == 201


class TestDropResponse:
    async def test_the_charge_is_made_but_its_answer_is_a_late_503(
        self, api: httpx.AsyncClient, make_token: TokenMaker
    ) -> None:
        token = (await make_token())["token"]
        await api.post("/v1/test/behaviour", json={"drop_response_next": 1, "hang_ms": 400})
        started = time.monotonic()
        pending = asyncio.create_task(charge(api, token, "pay-1"))
        await asyncio.sleep(0.2)
        during = await api.get("/v1/charges", params={"reference": "pay-1"})
        assert (pending.done(), during.status_code) == (False, 200)  # charged, answer pending
        response = await pending
        assert time.monotonic() - started >= 0.4
        assert response.status_code == 503
        assert response.json()["code"] == "processing_error"
        found = await api.get("/v1/charges", params={"reference": "pay-1"})
        assert found.json()["status"] == "captured"
        retry = await charge(api, token, "pay-1")
        assert (retry.status_code, retry.json()["id"]) == (200, found.json()["id"])

    async def test_a_refused_charge_does_not_use_up_a_lost_answer(
        self, api: httpx.AsyncClient, make_token: TokenMaker
    ) -> None:
        token = (await make_token())["token"]
        await api.post("/v1/test/behaviour", json={"drop_response_next": 1})
        assert (await charge(api, "tok_missing", "pay-1")).status_code == 422
        assert (await charge(api, token, "pay-2")).status_code == 503
        assert (await api.get("/v1/test/behaviour")).json()["drop_response_next"] == 0


class TestLatency:
    async def test_latency_delays_every_call_until_reset(
        self, api: httpx.AsyncClient, make_token: TokenMaker
    ) -> None:
        set_response = await api.post("/v1/test/behaviour", json={"latency_ms": 250})
        assert set_response.json() == {
            "latency_ms": 250,
            "fail_next": 0,
            "drop_response_next": 0,
            "hang_ms": 0,
        }
        started = time.monotonic()
        await make_token()
        assert time.monotonic() - started >= 0.25
        reset = await api.delete("/v1/test/behaviour")
        assert reset.json()["latency_ms"] == 0
        assert (await api.get("/v1/test/behaviour")).json()["latency_ms"] == 0


class TestControlsSwitch:
    def test_controls_default_off_in_production_and_on_elsewhere(self) -> None:
        production = Settings(
            environment="production", api_key="k", webhook_secret="w", fingerprint_secret="f"
        )
        assert production.test_controls is False
        assert Settings(environment="test").test_controls is True
        assert Settings(environment="development").test_controls is True

    async def test_controls_are_404_when_disabled(self, settings: Settings) -> None:
        disabled = settings.model_copy(update={"test_controls": False})
        async with app_client(create_app(disabled)) as client:
            response = await client.post(
                "/v1/test/behaviour",
                json={"fail_next": 1},
                headers={"Authorization": "Bearer sk_sandbox_dev"},
            )
        assert response.status_code == 404

    @pytest.mark.parametrize("body", [{"fail_next": -1}, {"latency_ms": "slow"}])
    async def test_bad_behaviour_is_422(self, api: httpx.AsyncClient, body: dict[str, Any]) -> None:
        response = await api.post("/v1/test/behaviour", json=body)
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"
