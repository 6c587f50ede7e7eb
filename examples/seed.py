"""Demo data for a running platform: sellers with products, buyers with saved cards.

    uv run --no-sync python examples/seed.py [--gateway http://localhost:8000]

Safe to run again: accounts, products and cards that exist are kept (nothing is duplicated),
and the logins are printed each time.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field
from urllib.parse import quote

from api import Api, Json, StepFailed

PASSWORD = "demo-password-42"


@dataclass(frozen=True)
class Product:
    name: str
    price: int
    stock: int
    description: str


@dataclass(frozen=True)
class Card:
    number: str
    note: str


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    products: tuple[Product, ...] = ()
    cards: tuple[Card, ...] = field(default=())


ACCOUNTS = (
    Account(
        "demo-seller-lumen",
        "seller",
        products=(
            Product("Demo desk lamp", 1500, 50, "Warm light, adjustable arm"),
            Product("Demo floor lamp", 7900, 10, "Linen shade, oak stand"),
            Product("Demo LED bulb", 245, 500, "E27, 2700 K, pays well from the wallet"),
        ),
    ),
    Account(
        "demo-seller-paper",
        "seller",
        products=(
            Product("Demo notebook", 900, 100, "A5, dotted, 120 pages"),
            Product("Demo fountain pen", 3500, 25, "Steel nib, blue ink"),
        ),
    ),
    Account("demo-buyer-ada", "buyer", cards=(Card("4242424242424242", "succeeds"),)),
    Account(
        "demo-buyer-grace",
        "buyer",
        cards=(
            Card("4242424242424242", "succeeds"),
            Card("4000000000000002", "is declined"),
        ),
    ),
)


def sign_in(api: Api, account: Account, password: str) -> tuple[str, Json]:
    """Registers the account unless it exists, then logs in: its token and itself."""
    body = {
        "email": f"{account.username}@example.com",
        "username": account.username,
        "password": password,
        "role": account.role,
    }
    created = api.call("POST", "/api/auth/register", expect=(201, 409), body=body, quiet=True)
    response = api.call(
        "POST",
        "/api/auth/token",
        expect=(200, 401),
        body={"username": account.username, "password": password},
        quiet=True,
    )
    if response.status_code == 401:
        raise StepFailed(f"{account.username} exists with another password than {password!r}")
    token: str = response.json()["access_token"]
    me = api.json("GET", "/api/auth/me", token=token, quiet=True)
    if me["role"] != account.role:
        raise StepFailed(f"{account.username} exists as a {me['role']}, not a {account.role}")
    state = "created" if created.status_code == 201 else "exists"
    print(f"{account.role:<7} {account.username:<20} password {password}  ({state})")
    return token, me


def seed_products(api: Api, token: str, seller: Json, products: tuple[Product, ...]) -> None:
    for product in products:
        body = {
            "name": product.name,
            "description": product.description,
            "price": product.price,
            "currency": "USD",
            "stock": product.stock,
        }
        response = api.call(
            "POST", "/api/catalog/products", expect=(201, 409), token=token, body=body, quiet=True
        )
        if response.status_code == 201:
            found: Json = response.json()
        else:
            query = f"/api/catalog/products?seller_id={seller['id']}&q={quote(product.name)}"
            matches = [
                item
                for item in api.json("GET", query, quiet=True)["items"]
                if item["name"].lower() == product.name.lower()
            ]
            if not matches:
                raise StepFailed(f"the product name {product.name!r} belongs to another seller")
            found = matches[0]
        price = f"{found['price'] / 100:.2f} {found['currency']}"
        stock = f"stock {found['stock']}"
        print(f"{'':10}product {found['name']:<20} {price:>11}  {stock:<10} {found['id']}")


def seed_cards(api: Api, token: str, cards: tuple[Card, ...]) -> None:
    saved = api.json("GET", "/api/payments/methods?limit=100", token=token, quiet=True)["items"]
    for card in cards:
        match = next((method for method in saved if method["last4"] == card.number[-4:]), None)
        if match is None:
            body = {"number": card.number, "exp_month": 12, "exp_year": 2035, "cvc": "123"}
            match = api.json(
                "POST", "/api/payments/methods", expect=(201,), token=token, body=body, quiet=True
            )
        test_card = f"{card.number} {card.note}"
        print(f"{'':10}card {match['brand']} ...{match['last4']}  ({test_card})  {match['id']}")


def seed(api: Api, password: str) -> None:
    for account in ACCOUNTS:
        token, me = sign_in(api, account, password)
        seed_products(api, token, me, account.products)
        seed_cards(api, token, account.cards)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Demo sellers, products and buyers with cards.")
    parser.add_argument("--gateway", default=os.environ.get("GATEWAY_URL", "http://localhost:8000"))
    parser.add_argument("--password", default=PASSWORD, help="the demo accounts' password")
    args = parser.parse_args(argv)
    print(f"seeding {args.gateway}")
    with Api(args.gateway, verbose=False) as api:
        try:
            seed(api, args.password)
        except StepFailed as failure:
            print(f"seed FAILED: {failure}", file=sys.stderr)
            return 1
    print("seed complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
