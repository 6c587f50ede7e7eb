"""Signed callbacks reach the merchant after a change commits, with retries."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from common.testing import wait_for

ChargeMaker = Callable[..., Awaitable[dict[str, Any]]]
SECRET = "whsec_test_callbacks"


@pytest.fixture
def settings_overrides(receiver: Any) -> dict[str, object]:
    return {
        "callbacks_enabled": True,
        "callback_url": receiver.url,
        "webhook_secret": SECRET,
        "callback_retry_seconds": (0.05, 0.05),
    }


def bodies(receiver: Any) -> list[dict[str, Any]]:
    """Every notice received, a batch's one by one."""
    notices: list[dict[str, Any]] = []
    for _, body in receiver.received:
        data = json.loads(body)
        notices += data["data"] if data["type"] == "batch" else [data]
    return notices


async def received(receiver: Any, count: int) -> list[dict[str, Any]]:
    async def arrived() -> bool:
        return len(bodies(receiver)) >= count

    await wait_for(arrived, timeout=5)
    return bodies(receiver)


class TestDelivery:
    async def test_a_new_charge_is_announced_with_a_valid_signature(
        self, make_charge: ChargeMaker, receiver: Any
    ) -> None:
        charge = await make_charge()
        [notice] = await received(receiver, 1)
        assert notice["id"].startswith("evt_")
        assert notice | {"id": None} == {
            "id": None,
            "type": "charge.updated",
            "reference": charge["reference"],
            "charge_id": charge["id"],
            "status": "captured",
            "amount": charge["amount"],
            "captured_amount": charge["amount"],
            "refunded_amount": 0,
        }
        headers, body = receiver.received[0]
        timestamp = headers["sandbox-timestamp"]
        assert abs(int(timestamp) - time.time()) < 5
        expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
        assert headers["sandbox-signature"] == f"v1={expected.hexdigest()}"

    async def test_capture_void_and_refund_are_announced(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker, receiver: Any
    ) -> None:
        authorized = await make_charge(capture=False)
        await api.post(f"/v1/charges/{authorized['id']}/capture")
        voidable = await make_charge(capture=False)
        await api.post(f"/v1/charges/{voidable['id']}/void")
        refund = {"reference": "re-1", "charge_id": authorized["id"], "amount": 10}
        await api.post("/v1/refunds", json=refund)
        notices = await received(receiver, 5)
        assert [n["charge_id"] for n in notices].count(authorized["id"]) == 3
        assert [n["charge_id"] for n in notices].count(voidable["id"]) == 2

    async def test_a_failing_merchant_gets_retried(
        self, make_charge: ChargeMaker, receiver: Any
    ) -> None:
        receiver.fail_next = 2
        await make_charge()
        await received(receiver, 1)
        assert receiver.attempts == 3


class TestBatches:
    @pytest.fixture
    def settings_overrides(self, receiver: Any) -> dict[str, object]:
        return {
            "callbacks_enabled": True,
            "callback_url": receiver.url,
            "webhook_secret": SECRET,
            "callback_batch_window_seconds": 0.3,
        }

    async def test_changes_committed_together_go_out_in_one_signed_post(
        self, api: httpx.AsyncClient, make_token: Any, receiver: Any
    ) -> None:
        token = (await make_token())["token"]

        async def charge(i: int) -> dict[str, Any]:
            body = {"reference": f"batch-{i}", "token": token, "amount": 100 + i, "currency": "USD"}
            response = await api.post("/v1/charges", json=body)
            assert response.status_code == 201, response.text
            result: dict[str, Any] = response.json()
            return result

        charges = await asyncio.gather(*(charge(i) for i in range(8)))
        notices = await received(receiver, 8)
        assert len(receiver.received) < 8  # fewer POSTs than notices
        assert sorted((n["reference"], n["status"], n["amount"]) for n in notices) == sorted(
            (c["reference"], "captured", c["amount"]) for c in charges
        )
        for headers, body in receiver.received:
            timestamp = headers["sandbox-timestamp"]
            expected = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
            assert headers["sandbox-signature"] == f"v1={expected.hexdigest()}"


class TestNoChangeNoCallback:
    async def test_replays_and_refused_calls_announce_nothing(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker, receiver: Any
    ) -> None:
        charge = await make_charge(capture=False)
        await received(receiver, 1)
        replay = {
            "reference": charge["reference"],
            "token": "tok_x",
            "amount": 1000,
            "currency": "USD",
        }
        assert (await api.post("/v1/charges", json=replay)).status_code == 409
        await api.post(f"/v1/charges/{charge['id']}/void")
        await api.post(f"/v1/charges/{charge['id']}/void")  # already voided
        await api.post(f"/v1/charges/{charge['id']}/capture")  # refused
        await received(receiver, 2)
        await asyncio.sleep(0.3)
        assert len(bodies(receiver)) == 2


class TestDisabled:
    @pytest.fixture
    def settings_overrides(self, receiver: Any) -> dict[str, object]:
        return {"callbacks_enabled": False, "callback_url": receiver.url}

    async def test_nothing_is_sent_when_callbacks_are_off(
        self, make_charge: ChargeMaker, receiver: Any
    ) -> None:
        await make_charge()
        await asyncio.sleep(0.3)
        assert receiver.attempts == 0
