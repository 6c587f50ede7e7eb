"""Capture, void and refund rules on a charge."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

ChargeMaker = Callable[..., Awaitable[dict[str, Any]]]


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


async def refund(
    api: httpx.AsyncClient, charge: dict[str, Any], amount: int, reference: str = "re-1"
) -> httpx.Response:
    body = {"reference": reference, "charge_id": charge["id"], "amount": amount}
    return await api.post("/v1/refunds", json=body)


class TestCapture:
    async def test_capture_without_amount_takes_all(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(capture=False, amount=1000)
        response = await api.post(f"/v1/charges/{charge['id']}/capture")
        assert response.status_code == 200
        assert (response.json()["status"], response.json()["captured_amount"]) == (
            "captured",
            1000,
        )

    async def test_partial_capture_takes_the_amount(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(capture=False, amount=1000)
        response = await api.post(f"/v1/charges/{charge['id']}/capture", json={"amount": 600})
        assert (response.json()["status"], response.json()["captured_amount"]) == (
            "captured",
            600,
        )

    async def test_repeating_the_same_capture_changes_nothing(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(capture=False, amount=1000)
        first = await api.post(f"/v1/charges/{charge['id']}/capture", json={"amount": 600})
        again = await api.post(f"/v1/charges/{charge['id']}/capture", json={"amount": 600})
        assert again.status_code == 200
        assert again.json() == first.json()

    async def test_a_second_different_capture_is_409_charge_not_capturable(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(capture=False, amount=1000)
        await api.post(f"/v1/charges/{charge['id']}/capture", json={"amount": 600})
        response = await api.post(f"/v1/charges/{charge['id']}/capture", json={"amount": 400})
        assert_problem(response, 409, "charge_not_capturable")

    async def test_capture_over_authorized_is_409_capture_exceeds_authorized(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(capture=False, amount=1000)
        response = await api.post(f"/v1/charges/{charge['id']}/capture", json={"amount": 1001})
        assert_problem(response, 409, "capture_exceeds_authorized")

    @pytest.mark.parametrize("number", ["4000000000000002", "4000000000009995"])
    async def test_capturing_a_declined_charge_is_409(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker, number: str
    ) -> None:
        charge = await make_charge(number, capture=False)
        response = await api.post(f"/v1/charges/{charge['id']}/capture")
        assert_problem(response, 409, "charge_not_capturable")

    async def test_concurrent_different_captures_capture_once(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(capture=False, amount=1000)
        url = f"/v1/charges/{charge['id']}/capture"
        responses = await asyncio.gather(
            *(api.post(url, json={"amount": 100 + i}) for i in range(10))
        )
        assert sorted(r.status_code for r in responses) == [200] + [409] * 9
        final = (await api.get(f"/v1/charges/{charge['id']}")).json()
        assert final["captured_amount"] in range(100, 110)

    async def test_capture_of_an_unknown_charge_is_404(self, api: httpx.AsyncClient) -> None:
        response = await api.post("/v1/charges/ch_missing/capture")
        assert_problem(response, 404, "charge_not_found")


class TestVoid:
    async def test_an_authorization_can_be_voided_twice_with_one_effect(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(capture=False)
        first = await api.post(f"/v1/charges/{charge['id']}/void")
        again = await api.post(f"/v1/charges/{charge['id']}/void")
        assert (first.status_code, again.status_code) == (200, 200)
        assert first.json()["status"] == again.json()["status"] == "voided"

    async def test_a_captured_charge_cannot_be_voided(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge()
        response = await api.post(f"/v1/charges/{charge['id']}/void")
        assert_problem(response, 409, "charge_not_voidable")

    async def test_a_voided_charge_cannot_be_captured(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(capture=False)
        await api.post(f"/v1/charges/{charge['id']}/void")
        response = await api.post(f"/v1/charges/{charge['id']}/capture")
        assert_problem(response, 409, "charge_not_capturable")

    async def test_void_of_an_unknown_charge_is_404(self, api: httpx.AsyncClient) -> None:
        assert_problem(await api.post("/v1/charges/ch_missing/void"), 404, "charge_not_found")


class TestRefund:
    async def test_a_partial_refund_keeps_the_charge_captured(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(amount=1000)
        response = await refund(api, charge, 300)
        assert response.status_code == 201
        body = response.json()
        assert body["id"].startswith("re_")
        assert (body["amount"], body["currency"], body["status"]) == (300, "USD", "succeeded")
        assert (body["charge"]["status"], body["charge"]["refunded_amount"]) == ("captured", 300)

    async def test_refunding_everything_marks_the_charge_refunded(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(amount=1000)
        await refund(api, charge, 400, "re-1")
        response = await refund(api, charge, 600, "re-2")
        assert response.json()["charge"]["status"] == "refunded"
        assert response.json()["charge"]["refunded_amount"] == 1000

    async def test_refund_over_captured_amount_is_409_refund_exceeds_captured(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(capture=False, amount=1000)
        await api.post(f"/v1/charges/{charge['id']}/capture", json={"amount": 500})
        assert_problem(await refund(api, charge, 501), 409, "refund_exceeds_captured")

    async def test_the_same_reference_refunds_once(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(amount=1000)
        first = await refund(api, charge, 300)
        again = await refund(api, charge, 300)
        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        assert again.json()["charge"]["refunded_amount"] == 300

    async def test_a_reference_reused_for_another_amount_is_409(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(amount=1000)
        await refund(api, charge, 300)
        assert_problem(await refund(api, charge, 200), 409, "reference_reused")

    @pytest.mark.parametrize("capture", [False, True])
    async def test_an_uncaptured_or_declined_charge_is_not_refundable(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker, capture: bool
    ) -> None:
        number = "4242424242424242" if not capture else "4000000000000002"
        charge = await make_charge(number, capture=capture)
        assert_problem(await refund(api, charge, 1), 409, "charge_not_refundable")

    async def test_refund_of_an_unknown_charge_is_404(self, api: httpx.AsyncClient) -> None:
        assert_problem(await refund(api, {"id": "ch_missing"}, 1), 404, "charge_not_found")

    async def test_concurrent_refunds_never_exceed_the_capture(
        self, api: httpx.AsyncClient, make_charge: ChargeMaker
    ) -> None:
        charge = await make_charge(amount=1000)
        responses = await asyncio.gather(*(refund(api, charge, 300, f"re-{i}") for i in range(10)))
        assert sorted(r.status_code for r in responses) == [201] * 3 + [409] * 7
        final = (await api.get(f"/v1/charges/{charge['id']}")).json()
        assert (final["status"], final["refunded_amount"]) == ("captured", 900)
