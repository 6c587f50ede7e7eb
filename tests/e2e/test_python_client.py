"""The generated Python client (clients/python) drives the main flow against the real processes:
register, log in, a product, an order, a card, the payment, paid, and the seller's refund."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from shop_client import AuthenticatedClient, Client
from shop_client.api.auth import auth_register, auth_token
from shop_client.api.catalog import catalog_create_product
from shop_client.api.orders import orders_place_order, orders_read_order
from shop_client.api.payments import (
    payments_add_method,
    payments_create_payment,
    payments_create_refund,
    payments_get_payment,
)
from shop_client.models import (
    AuthTokenLoginRequest,
    LineItem,
    OrderCreate,
    OrderRead,
    PaymentCreate,
    PaymentDetail,
    PaymentMethodCreate,
    PaymentMethodRead,
    PaymentRead,
    ProductCreate,
    ProductRead,
    RefundCreate,
    RefundRead,
    ShippingAddress,
    TokenPair,
    UserCreate,
    UserCreateRole,
    UserRead,
)

from tests.e2e.platform import ROOT, Platform

pytestmark = pytest.mark.e2e

T = TypeVar("T")
PASSWORD = "correct-horse-42"


def expect(result: object, kind: type[T]) -> T:
    """The parsed body when it is the expected model (a problem+json body fails the test)."""
    assert isinstance(result, kind), f"expected {kind.__name__}, got {result!r}"
    return result


async def eventually(fetch: Callable[[], Awaitable[T | None]], ready: Callable[[T], bool]) -> T:
    """Polls until ``ready`` holds (the saga and the payment settle through events)."""
    last: T | None = None
    for _ in range(400):
        last = await fetch()
        if last is not None and ready(last):
            return last
        await asyncio.sleep(0.05)
    raise AssertionError(f"not reached within 20 s; last: {last!r}")


async def sign_up(gateway: str, role: UserCreateRole) -> AuthenticatedClient:
    name = f"client{uuid.uuid4().hex[:10]}"
    async with Client(base_url=gateway) as anonymous:
        user = await auth_register.asyncio(
            client=anonymous,
            body=UserCreate(
                email=f"{name}@example.com", username=name, password=PASSWORD, role=role
            ),
        )
        assert expect(user, UserRead).username == name
        pair = await auth_token.asyncio(
            client=anonymous, body=AuthTokenLoginRequest(username=name, password=PASSWORD)
        )
    return AuthenticatedClient(base_url=gateway, token=expect(pair, TokenPair).access_token)


async def test_the_main_flow_through_the_generated_client(platform: Platform) -> None:
    seller = await sign_up(platform.gateway_url, UserCreateRole.SELLER)
    buyer = await sign_up(platform.gateway_url, UserCreateRole.BUYER)
    async with seller, buyer:
        product = expect(
            await catalog_create_product.asyncio(
                client=seller,
                body=ProductCreate(
                    name=f"Client lamp {uuid.uuid4().hex[:8]}", price=1500, currency="USD", stock=5
                ),
            ),
            ProductRead,
        )
        order_body = OrderCreate(
            items=[LineItem(product_id=product.id, quantity=2)],
            shipping_address=ShippingAddress(
                name="Ada Lovelace",
                line1="12 St James's Square",
                city="London",
                postal_code="SW1Y 4JH",
                country="GB",
            ),
        )
        placed = await eventually(  # orders learns of a new product through an event
            lambda: orders_place_order.asyncio(
                client=buyer, body=order_body, idempotency_key=uuid.uuid4().hex
            ),
            lambda result: isinstance(result, OrderRead),
        )
        order_id = expect(placed, OrderRead).id
        order = await eventually(
            lambda: orders_read_order.asyncio(order_id, client=buyer),
            lambda result: isinstance(result, OrderRead) and result.status == "awaiting_payment",
        )
        total = expect(order, OrderRead).total
        assert total == 3000

        card = expect(
            await payments_add_method.asyncio(
                client=buyer,
                body=PaymentMethodCreate(
                    number="4242424242424242", exp_month=12, exp_year=2035, cvc="123"
                ),
            ),
            PaymentMethodRead,
        )
        assert card.last4 == "4242"
        payment = expect(
            await payments_create_payment.asyncio(
                client=buyer,
                body=PaymentCreate(
                    amount=total, currency="USD", payment_method_id=card.id, order_id=order_id
                ),
                idempotency_key=uuid.uuid4().hex,
            ),
            PaymentRead,
        )
        await eventually(
            lambda: payments_get_payment.asyncio(payment.id, client=buyer),
            lambda result: isinstance(result, PaymentDetail) and result.status == "succeeded",
        )
        await eventually(
            lambda: orders_read_order.asyncio(order_id, client=buyer),
            lambda result: isinstance(result, OrderRead) and result.status == "paid",
        )

        refund = expect(
            await payments_create_refund.asyncio(
                payment.id,
                client=seller,
                body=RefundCreate(amount=1000, reason="one lamp arrived broken"),
                idempotency_key=uuid.uuid4().hex,
            ),
            RefundRead,
        )
        assert refund.amount == 1000
        await eventually(
            lambda: orders_read_order.asyncio(order_id, client=buyer),
            lambda result: isinstance(result, OrderRead) and result.status == "partially_refunded",
        )


async def test_the_client_comes_from_the_document_the_gateway_serves(
    platform: Platform, tmp_path: Path
) -> None:
    """clients/generate.py builds the merged document in-process; it is the one served."""
    spec = tmp_path / "openapi.json"
    generator = [sys.executable, str(ROOT / "clients" / "generate.py"), "--spec", str(spec)]
    await asyncio.to_thread(subprocess.run, generator, check=True, timeout=300)
    async with httpx.AsyncClient(base_url=platform.gateway_url) as gateway:
        served = (await gateway.get("/openapi.json", params={"refresh": "1"})).json()
    assert json.loads(spec.read_text()) == served
