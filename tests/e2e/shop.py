"""A client for driving the platform through the gateway in end-to-end tests."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

ADDRESS = {
    "name": "Ada Lovelace",
    "line1": "12 St James's Square",
    "city": "London",
    "postal_code": "SW1Y 4JH",
    "country": "GB",
}
CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2035, "cvc": "123"}


class Shopper:
    def __init__(self, gateway: httpx.AsyncClient) -> None:
        self.gateway = gateway

    async def user(self, role: str = "buyer") -> dict[str, str]:
        name = f"e2e{uuid.uuid4().hex[:10]}"
        body = {"email": f"{name}@example.com", "username": name, "password": "correct-horse-42"}
        registered = await self.gateway.post("/api/auth/register", json={**body, "role": role})
        assert registered.status_code == 201, registered.text
        login = await self.gateway.post("/api/auth/token", json=body)
        assert login.status_code == 200, login.text
        return {"Authorization": f"Bearer {login.json()['access_token']}"}

    async def admin(self) -> dict[str, str]:
        login = await self.gateway.post(
            "/api/auth/token", json={"username": "admin", "password": "admin-password-change-me"}
        )
        assert login.status_code == 200, login.text
        return {"Authorization": f"Bearer {login.json()['access_token']}"}

    async def product(self, seller: dict[str, str], *, stock: int, price: int = 1500) -> Any:
        response = await self.gateway.post(
            "/api/catalog/products",
            headers=seller,
            json={
                "name": f"Lamp {uuid.uuid4().hex[:8]}",
                "description": "A warm desk lamp",
                "price": price,
                "currency": "USD",
                "stock": stock,
            },
        )
        assert response.status_code == 201, response.text
        product = response.json()
        await self.until(
            lambda: self.gateway.get("/api/catalog/products/" + product["id"]),
            lambda body: body["id"] == product["id"],
        )
        return product

    async def order(self, buyer: dict[str, str], product_id: str, quantity: int) -> Any:
        for _ in range(100):  # the orders read model learns of new products through events
            response = await self.gateway.post(
                "/api/orders",
                headers=buyer,
                json={
                    "items": [{"product_id": product_id, "quantity": quantity}],
                    "shipping_address": ADDRESS,
                },
            )
            if response.status_code != 422 or "product_unavailable" not in response.text:
                break
            await asyncio.sleep(0.1)
        assert response.status_code == 201, response.text
        return response.json()

    async def order_in(self, buyer: dict[str, str], order_id: str, *statuses: str) -> Any:
        return await self.until(
            lambda: self.gateway.get(f"/api/orders/{order_id}", headers=buyer),
            lambda body: body["status"] in statuses,
        )

    async def payment_in(self, buyer: dict[str, str], payment_id: str, *statuses: str) -> Any:
        return await self.until(
            lambda: self.gateway.get(f"/api/payments/{payment_id}", headers=buyer),
            lambda body: body["status"] in statuses,
        )

    async def until(self, fetch: Any, ready: Any, timeout: float = 20.0) -> Any:
        body: Any = None
        for _ in range(int(timeout / 0.05)):
            response = await fetch()
            if response.status_code == 200:
                body = response.json()
                if ready(body):
                    return body
            await asyncio.sleep(0.05)
        raise AssertionError(f"not reached within {timeout}s; last: {body}")
