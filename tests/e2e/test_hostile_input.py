"""Hostile input through the gateway, over every public string and integer field (issue 8,
item 8): NUL characters, lone surrogates, integers beyond 64 bits, out-of-range cursors and
deeply nested JSON are each a 4xx problem+json, never a 500, and store nothing."""

from __future__ import annotations

import base64
import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.shop import ADDRESS, CARD, Shopper

PROBLEM = "application/problem+json"
TEXTS = {"nul": "x\u0000y", "surrogate": "x\ud800y"}
HUGE = {"above": 2**64, "below": -(2**64)}
DEEP = b"[" * 20_000 + b"]" * 20_000


@dataclass(frozen=True)
class Field:
    """One field of one operation: where the hostile value goes."""

    method: str
    path: str
    who: str  # anyone | buyer | seller
    body: dict[str, Any] | None
    field: tuple[str, ...]  # into the body, or ("query", name)
    kind: str  # text | integer

    def request(self, value: Any, ids: dict[str, str]) -> tuple[str, str, bytes | None]:
        path = self.path.format(**ids)
        if self.field[0] == "query":
            return self.method, f"{path}?{self.field[1]}={_percent(str(value))}", None
        body = json.loads(json.dumps(self.body))
        node = body
        for key in self.field[:-1]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[self.field[-1]] = value
        return self.method, path, json.dumps(body).encode()  # ensure_ascii: \ud800 as an escape


def _percent(value: str) -> str:
    from urllib.parse import quote

    return quote(value.encode("utf-8", "surrogatepass"))


REGISTER = {"email": "h@example.com", "username": "hostile", "password": "correct-horse-42"}
PRODUCT = {"name": "Hostile", "description": "d", "price": 100, "currency": "USD", "stock": 1}
ORDER = {"items": [{"product_id": "{product}", "quantity": 1}], "shipping_address": ADDRESS}
PAYMENT = {"amount": 100, "currency": "USD", "payment_method_id": "wallet", "description": "d"}

FIELDS = [
    *(Field("POST", "/api/auth/register", "anyone", REGISTER, (f,), "text") for f in REGISTER),
    Field(
        "POST",
        "/api/auth/token",
        "anyone",
        {"username": "a", "password": "b"},
        ("username",),
        "text",
    ),
    Field(
        "POST",
        "/api/auth/token",
        "anyone",
        {"username": "a", "password": "b"},
        ("password",),
        "text",
    ),
    Field(
        "POST", "/api/auth/password-reset", "anyone", {"email": "a@example.com"}, ("email",), "text"
    ),
    Field("PATCH", "/api/auth/me", "buyer", {"username": "renamed"}, ("username",), "text"),
    Field("POST", "/api/auth/api-keys", "seller", {"name": "ci"}, ("name",), "text"),
    *(
        Field("POST", "/api/catalog/products", "seller", PRODUCT, (f,), "text")
        for f in ("name", "description", "currency")
    ),
    *(
        Field("POST", "/api/catalog/products", "seller", PRODUCT, (f,), "integer")
        for f in ("price", "stock")
    ),
    Field("PATCH", "/api/catalog/products/{product}", "seller", {"name": "n"}, ("name",), "text"),
    Field(
        "POST",
        "/api/catalog/products/{product}/stock",
        "seller",
        {"delta": 1},
        ("delta",),
        "integer",
    ),
    *(
        Field("GET", "/api/catalog/products", "anyone", None, ("query", q), "text")
        for q in ("q", "seller_id", "cursor")
    ),
    *(
        Field("GET", "/api/catalog/products", "anyone", None, ("query", q), "integer")
        for q in ("min_price", "max_price", "limit")
    ),
    *(
        Field("POST", "/api/orders", "buyer", ORDER, ("shipping_address", f), "text")
        for f in ("name", "line1", "line2", "city", "state", "postal_code", "country", "phone")
    ),
    Field("POST", "/api/orders", "buyer", ORDER, ("items", "0", "quantity"), "integer"),
    Field(
        "POST",
        "/api/orders/cart/items",
        "buyer",
        {"product_id": "{product}", "quantity": 1},
        ("quantity",),
        "integer",
    ),
    Field("POST", "/api/orders/{order}/messages", "buyer", {"body": "hello"}, ("body",), "text"),
    *(
        Field("GET", "/api/orders", "buyer", None, ("query", q), "text")
        for q in ("status", "cursor")
    ),
    Field("GET", "/api/orders", "buyer", None, ("query", "limit"), "integer"),
    *(
        Field("POST", "/api/payments/methods", "buyer", CARD, (f,), "text")
        for f in ("number", "cvc", "holder_name")
    ),
    *(
        Field("POST", "/api/payments/methods", "buyer", CARD, (f,), "integer")
        for f in ("exp_month", "exp_year")
    ),
    *(
        Field("POST", "/api/payments", "buyer", PAYMENT, (f,), "text")
        for f in ("description", "currency", "payment_method_id")
    ),
    Field("POST", "/api/payments", "buyer", PAYMENT, ("amount",), "integer"),
    Field("POST", "/api/payments/wallet/deposit", "buyer", {"amount": 5}, ("amount",), "integer"),
    Field("GET", "/api/payments", "buyer", None, ("query", "cursor"), "text"),
]


def _cases() -> list[Any]:
    cases = []
    for spec in FIELDS:
        values = TEXTS if spec.kind == "text" else HUGE
        for label, value in values.items():
            name = f"{spec.method} {spec.path} {'.'.join(spec.field)} {label}"
            cases.append(pytest.param(spec, value, id=name))
    return cases


@pytest.fixture(scope="module")
async def actors(platform) -> dict[str, Any]:
    import httpx

    async with httpx.AsyncClient(base_url=platform.gateway_url, timeout=30) as gateway:
        shop = Shopper(gateway)
        seller, buyer = await shop.user("seller"), await shop.user()
        product = await shop.product(seller, stock=50)
        order = await shop.order(buyer, product["id"], 1)
    return {
        "headers": {"anyone": {}, "buyer": buyer, "seller": seller},
        "ids": {"product": product["id"], "order": order["id"]},
    }


def _fill(data: bytes | None, ids: dict[str, str]) -> bytes | None:
    return data.replace(b"{product}", ids["product"].encode()) if data else data


@pytest.mark.parametrize(("spec", "value"), _cases())
async def test_hostile_value_is_a_4xx_problem(gateway, actors, spec, value):
    method, path, body = spec.request(value, actors["ids"])
    headers = {**actors["headers"][spec.who], "content-type": "application/json"}
    response = await gateway.request(
        method, path, content=_fill(body, actors["ids"]), headers=headers
    )
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2026-01-01T00:00:00"]
)
@pytest.mark.parametrize("path", ["/api/catalog/products", "/api/orders", "/api/payments"])
async def test_cursor_with_an_out_of_range_date_is_422(gateway, actors, path, moment):
    cursor = base64.urlsafe_b64encode(f"{moment}|{uuid.uuid4()}".encode()).decode()
    response = await gateway.get(
        path, params={"cursor": cursor}, headers=actors["headers"]["buyer"]
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM


async def test_deeply_nested_json_on_the_public_provider_callback_is_400(gateway):
    response = await gateway.post(
        "/api/payments/providers/sandbox/callback",
        content=DEEP,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.parametrize("action", ["capture", "cancel"])
async def test_deeply_nested_json_on_a_bodyless_route_with_an_idempotency_key_is_400(
    gateway, actors, action
):
    response = await gateway.post(
        f"/api/payments/{uuid.uuid4()}/{action}",
        content=DEEP,
        headers={
            **actors["headers"]["buyer"],
            "content-type": "application/json",
            "Idempotency-Key": uuid.uuid4().hex,
        },
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM


async def test_nothing_hostile_was_stored_and_the_platform_still_works(gateway, actors):
    listed = await gateway.get("/api/catalog/products", params={"q": "Hostile", "limit": 100})
    assert listed.status_code == 200
    assert not [p for p in listed.json()["items"] if "\x00" in p["name"] or "\ufffd" in p["name"]]
    me = await gateway.get("/api/auth/me", headers=actors["headers"]["buyer"])
    assert me.status_code == 200
    assert me.json()["username"].startswith("e2e")  # the hostile renames changed nothing
    shop = Shopper(gateway)
    product = await shop.product(actors["headers"]["seller"], stock=2)
    order = await shop.order(actors["headers"]["buyer"], product["id"], 1)
    await shop.order_in(actors["headers"]["buyer"], order["id"], "awaiting_payment")
