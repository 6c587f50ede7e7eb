"""Property-based fuzzing of every documented operation through the gateway (schemathesis),
with its response-conformance checks on: whatever a client sends, with admin rights, the
platform never answers 5xx, and every answer is one the merged OpenAPI document describes:
a documented status code, a documented content type, documented headers, and a body that
matches its schema (problem+json errors included).

Path parameters are pinned to real resources made first (a product, an order, a payment, a
card, a cart line, a checkout session, an API key, a user), so operations on one resource
also answer from their happy path and those bodies are checked too, not only 404s.
"""

import asyncio
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.shop import Shopper

# The run is bounded by its own subprocess timeout (400 s), above the suite-wide 120 s.
pytestmark = [pytest.mark.e2e, pytest.mark.timeout(450)]
ST = Path(sys.executable).with_name("st")
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
# Deleting the fuzzer's own account would leave every later request a 401.
EXCLUDED_OPERATIONS = ["auth_delete_me_me_delete"]


async def _throwaway_admin(gateway: httpx.AsyncClient) -> dict[str, str]:
    """An admin of its own, promoted by the built-in one: fuzzing may demote it."""
    shop = Shopper(gateway)
    name = f"fuzz{uuid.uuid4().hex[:8]}"
    body = {"email": f"{name}@example.com", "username": name, "password": "correct-horse-42"}
    user = (await gateway.post("/api/auth/register", json=body)).json()
    promoted = await gateway.patch(
        f"/api/auth/users/{user['id']}", headers=await shop.admin(), json={"role": "admin"}
    )
    assert promoted.status_code == 200, promoted.text
    login = await gateway.post("/api/auth/token", json=body)
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


async def _created(response: Any) -> Any:
    result = await response
    assert result.status_code in (200, 201, 202), result.text
    return result.json()


async def _resources(gateway: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, str]:
    """Ids of real resources the admin owns (or, for ``user_id``, another account)."""
    shop = Shopper(gateway)
    other = await _created(gateway.get("/api/auth/me", headers=await shop.user()))
    product = await shop.product(admin, stock=10_000)
    paid = await shop.order(admin, product["id"], 1)
    unpaid = await shop.order(admin, product["id"], 1)
    await shop.order_in(admin, paid["id"], "awaiting_payment")
    await shop.order_in(admin, unpaid["id"], "awaiting_payment")
    card = await _created(
        gateway.post(
            "/api/payments/methods",
            headers=admin,
            json={"number": "4242424242424242", "exp_month": 12, "exp_year": 2030, "cvc": "123"},
        )
    )
    payment = await _created(
        gateway.post(
            "/api/payments",
            headers={**admin, "Idempotency-Key": uuid.uuid4().hex},
            json={
                "amount": 1500,
                "currency": "USD",
                "payment_method_id": card["id"],
                "order_id": paid["id"],
            },
        )
    )
    await shop.payment_in(admin, payment["id"], "succeeded")
    line = await _created(
        gateway.post(
            "/api/orders/cart/items",
            headers=admin,
            json={"product_id": product["id"], "quantity": 1},
        )
    )
    checkout = await _created(
        gateway.post(
            "/api/payments/checkout-sessions",
            headers=admin,
            json={
                "order_id": unpaid["id"],
                "success_url": "https://shop.example/thanks",
                "cancel_url": "https://shop.example/basket",
            },
        )
    )
    key = await _created(gateway.post("/api/auth/api-keys", headers=admin, json={"name": "fuzz"}))
    return {
        "product_id": product["id"],
        "order_id": paid["id"],
        "payment_id": payment["id"],
        "method_id": card["id"],
        "item_id": line["id"],
        "session_id": checkout["id"],
        "key_id": key["id"],
        "user_id": other["id"],
        "provider_name": "sandbox",
    }


def _config(path: Path, resources: dict[str, str]) -> Path:
    lines = ["[parameters]", *(f'"path.{name}" = "{value}"' for name, value in resources.items())]
    path.write_text("\n".join(lines) + "\n")
    return path


class TestAnswersConformToTheDocument:
    @pytest.mark.timeout(900)  # about 2,500 requests, several of which wait 3 s by design
    async def test_generated_requests_get_documented_answers_never_a_5xx(
        self, gateway, platform, tmp_path
    ):
        admin = await _throwaway_admin(gateway)
        config = _config(tmp_path / "schemathesis.toml", await _resources(gateway, admin))
        command = [
            str(ST),
            "--config-file",
            str(config),
            "run",
            f"{platform.gateway_url}/openapi.json",
            "--checks",
            CHECKS,
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "8",
            "--seed",
            "20261125",
            "--workers",
            "2",
            # Generous: on a loaded 2-core machine a payment for an order this service has
            # not seen waits 3 s for its confirmation, and requests queue behind it.
            "--request-timeout",
            "60",
            "-H",
            f"Authorization: {admin['Authorization']}",
        ]
        for operation_id in EXCLUDED_OPERATIONS:
            command += ["--exclude-operation-id", operation_id]
        result = await asyncio.to_thread(
            subprocess.run, command, capture_output=True, text=True, timeout=800, check=False
        )
        assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
