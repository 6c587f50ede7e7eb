"""The README's walkthrough, runnable: the main flow through the gateway, step by step.

    uv run --no-sync python examples/walkthrough.py [--gateway http://localhost:8000]

Every run makes its own users and products (a random suffix), so it can run again and again.
It stops at the first unexpected answer, says which call it was, and exits with status 1.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys

from api import Api, Json, StepFailed, coins_for

PASSWORD = "correct-horse-42"
ADDRESS = {
    "name": "Ada Lovelace",
    "line1": "12 St James's Square",
    "city": "London",
    "postal_code": "SW1Y 4JH",
    "country": "GB",
}
CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2035, "cvc": "123"}


def step(title: str) -> None:
    print(f"\n== {title}")


def register(api: Api, name: str, role: str) -> str:
    """Registers ``name`` and returns its access token."""
    body = {"email": f"{name}@example.com", "username": name, "password": PASSWORD, "role": role}
    api.call("POST", "/api/auth/register", expect=(201,), body=body)
    pair = api.json("POST", "/api/auth/token", body={"username": name, "password": PASSWORD})
    api.call("POST", "/api/auth/token/refresh", body={"refresh_token": pair["refresh_token"]})
    token: str = pair["access_token"]
    me = api.json("GET", "/api/auth/me", token=token)
    print(f"  {role} {me['username']} (id {me['id']})")
    return token


def order_of(api: Api, buyer: str, product: Json, quantity: int) -> Json:
    lines = [{"product_id": product["id"], "quantity": quantity}]
    placed = api.place_order(buyer, {"items": lines, "shipping_address": ADDRESS})
    order = api.order_in(buyer, placed["id"], "awaiting_payment")
    print(f"  order {order['id']}: {order['status']}, total {order['total']} {order['currency']}")
    return order


def walkthrough(api: Api, admin_username: str, admin_password: str) -> None:
    run = secrets.token_hex(4)
    step("1. accounts: a buyer and a seller register, log in, refresh their tokens")
    buyer = register(api, f"ada-{run}", "buyer")
    seller = register(api, f"sam-{run}", "seller")

    step("2. the seller adds products (prices in minor units: 1500 is 15.00 USD)")
    lamp = api.json(
        "POST",
        "/api/catalog/products",
        expect=(201,),
        token=seller,
        body={"name": f"Desk lamp {run}", "price": 1500, "currency": "USD", "stock": 10},
    )
    bulb = api.json(
        "POST",
        "/api/catalog/products",
        expect=(201,),
        token=seller,
        body={"name": f"Bulb {run}", "price": 245, "currency": "USD", "stock": 10},
    )
    found = api.json("GET", f"/api/catalog/products?q={run}&in_stock=true")
    print(f"  products found by name: {len(found['items'])}")

    step("3. the buyer fills a cart and orders it; the catalog reserves the stock")
    api.when_known(
        "POST",
        "/api/orders/cart/items",
        expect=(200, 201),
        token=buyer,
        body={"product_id": lamp["id"], "quantity": 2},
    )
    cart = api.json("GET", "/api/orders/cart", token=buyer)
    print(f"  cart total {cart['total']}")
    placed = api.place_order(buyer, {"from_cart": True, "shipping_address": ADDRESS})
    order = api.order_in(buyer, placed["id"], "awaiting_payment")
    print(f"  order {order['id']}: {order['status']}, total {order['total']} {order['currency']}")

    step("4. the buyer saves a card and pays the order's total")
    card = api.json("POST", "/api/payments/methods", expect=(201,), token=buyer, body=CARD)
    print(f"  card {card['brand']} ...{card['last4']}")
    payment = api.json(
        "POST",
        "/api/payments",
        expect=(202,),
        token=buyer,
        idempotent=True,
        body={
            "amount": order["total"],
            "currency": order["currency"],
            "payment_method_id": card["id"],
            "order_id": order["id"],
        },
    )
    settled = api.until(
        f"payment {payment['id']} settled",
        lambda: api.json("GET", f"/api/payments/{payment['id']}", token=buyer, quiet=True),
        lambda body: body["status"] != "processing",
    )
    if settled["status"] != "succeeded":
        raise StepFailed(f"payment {payment['id']} {settled['status']}: {settled}")
    api.order_in(buyer, order["id"], "paid")
    print(f"  payment {payment['id']}: succeeded; order paid")

    step("5. the seller paid refunds part, then the rest (the buyer never refunds itself)")
    refunds = f"/api/payments/{payment['id']}/refunds"
    api.call("POST", refunds, expect=(201,), token=seller, idempotent=True, body={"amount": 1000})
    api.call("POST", refunds, expect=(201,), token=seller, idempotent=True, body={})
    refunded = api.order_in(buyer, order["id"], "refunded")
    print(f"  order {refunded['id']}: {refunded['status']}")

    step("6. the buyer pays another order from the coin wallet (one coin of 5-100 per deposit)")
    second = order_of(api, buyer, bulb, 1)
    for coin in coins_for(second["total"]):
        api.call("POST", "/api/payments/wallet/deposit", token=buyer, body={"coin": coin})
    wallet_payment = api.json(
        "POST",
        "/api/payments",
        expect=(201, 202),
        token=buyer,
        idempotent=True,
        body={
            "amount": second["total"],
            "currency": second["currency"],
            "payment_method_id": "wallet",
            "order_id": second["id"],
        },
    )
    print(f"  spent {wallet_payment['spent']}, wallet balance {wallet_payment['wallet_balance']}")
    api.order_in(buyer, second["id"], "paid")
    print(f"  order {second['id']}: paid")
    api.call("POST", "/api/payments/wallet/deposit", token=buyer, body={"coin": 50})
    reset = api.json("POST", "/api/payments/wallet/reset", token=buyer)
    print(f"  wallet reset: {reset['refunded']} returned as coins {reset['coins']}")

    step("7. the buyer cancels an unpaid order; its stock goes back")
    third = order_of(api, buyer, lamp, 3)
    api.call("POST", f"/api/orders/{third['id']}/cancel", token=buyer, body={})
    cancelled = api.order_in(buyer, third["id"], "cancelled")
    print(f"  order {cancelled['id']}: {cancelled['status']}")

    step("8. the admin checks the double-entry ledger")
    admin = api.login(admin_username, admin_password)["access_token"]
    check = api.json("GET", "/api/payments/ledger/balance-check", token=admin)
    print(f"  ledger balanced: {check}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The main flow through the gateway.")
    parser.add_argument("--gateway", default=os.environ.get("GATEWAY_URL", "http://localhost:8000"))
    parser.add_argument("--admin-username", default=os.environ.get("AUTH_ADMIN_USERNAME", "admin"))
    parser.add_argument(
        "--admin-password",
        default=os.environ.get("AUTH_ADMIN_PASSWORD", "admin-password-change-me"),
    )
    args = parser.parse_args(argv)
    print(f"walkthrough against {args.gateway}")
    with Api(args.gateway) as api:
        try:
            walkthrough(api, args.admin_username, args.admin_password)
        except StepFailed as failure:
            print(f"\nwalkthrough FAILED: {failure}", file=sys.stderr)
            return 1
    print("\nwalkthrough complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
