"""The double-entry ledger: the admin's balance check, and a randomized workload of deposits,
payments, captures, voids, refunds, resets and cancellations after which the books balance."""

import asyncio
import random
import uuid

import pytest
from sqlalchemy import func, select

from payments.models import LedgerAccount, Payment, Posting, Wallet

CARDS = ["4242424242424242"] * 4 + ["4000000000000002", "4000000000009995"]


class TestBalanceCheck:
    async def test_admin_only(self, client, shop):
        for role in ("buyer", "seller"):
            _, headers = shop.user(role)
            response = await client.get("/ledger/balance-check", headers=headers)
            assert response.status_code == 403
        assert (await client.get("/ledger/balance-check")).status_code == 401

    async def test_books_of_a_sale_balance_and_pay_each_seller_their_lines(
        self, shop, sessionmaker
    ):
        buyer, headers = shop.user()
        seller_a, seller_b = uuid.uuid4(), uuid.uuid4()
        order_id = await shop.order(buyer, lines=[(seller_a, 700), (seller_b, 300)])
        await shop.pay(headers, await shop.card(headers), 1000, order_id=str(order_id))
        await shop.process()
        check = await shop.balance_check()
        assert check == {"ok": True, "currencies": {"USD": 0}, "mismatched_accounts": []}
        async with sessionmaker() as session:
            balances = dict(
                (await session.execute(select(LedgerAccount.name, LedgerAccount.balance)))
                .tuples()
                .all()
            )
        assert balances == {
            "customer:card": -1000,
            f"seller:{seller_a}": 700,
            f"seller:{seller_b}": 300,
        }

    async def test_a_tampered_balance_is_reported(self, shop, sessionmaker):
        _, headers = shop.user()
        await shop.deposit(headers, 50)
        async with sessionmaker.begin() as session:
            await session.execute(
                LedgerAccount.__table__.update()
                .where(LedgerAccount.name == "cash:coins")
                .values(balance=LedgerAccount.balance + 1)
            )
        check = await shop.balance_check()
        assert check["ok"] is False
        assert check["mismatched_accounts"] == [
            {"account": "cash:coins", "currency": "USD", "stored": -49, "computed": -50}
        ]


class Workload:
    """A seeded random mix of everything that moves money, some of it concurrent."""

    def __init__(self, shop, rng: random.Random) -> None:
        self.shop, self.rng, self.client = shop, rng, shop.client
        self.buyers = [shop.user() for _ in range(3)]
        self.sellers = [uuid.uuid4() for _ in range(3)]
        self.payments: list[tuple[str, dict]] = []

    async def deposit(self, _, headers) -> None:
        await self.shop.deposit(headers, self.rng.choice([5, 10, 20, 50, 100]))

    async def pay(self, buyer, headers) -> None:
        wallet = self.rng.random() < 0.5
        most = 40 if wallet else 150  # coins come in slowly
        count = self.rng.randint(1, 3)
        lines = [(self.rng.choice(self.sellers), self.rng.randint(1, most)) for _ in range(count)]
        total = sum(amount for _, amount in lines)
        order = str(await self.shop.order(buyer, lines=lines)) if self.rng.random() < 0.7 else None
        extra = {"order_id": order} if order else {}
        if wallet:
            response = await self.shop.pay(headers, "wallet", total, **extra)
        else:
            method = await self.shop.card(headers, self.rng.choice(CARDS))
            capture = self.rng.choice(["automatic", "automatic", "manual"])
            response = await self.shop.pay(headers, method, total, capture=capture, **extra)
        if response.status_code in (201, 202):
            self.payments.append((response.json()["id"], headers))

    async def _one_payment(self):
        return self.rng.choice(self.payments) if self.payments else (None, None)

    async def capture_or_void(self, *_) -> None:
        payment_id, headers = await self._one_payment()
        if payment_id:
            action = self.rng.choice(["capture", "capture", "cancel"])
            body = {"amount": self.rng.randint(1, 50)} if self.rng.random() < 0.3 else None
            await self.client.post(f"/{payment_id}/{action}", json=body, headers=headers)

    async def refund(self, *_) -> None:
        payment_id, headers = await self._one_payment()
        if payment_id:
            body = {"amount": self.rng.randint(1, 100)} if self.rng.random() < 0.6 else {}
            await self.client.post(f"/{payment_id}/refunds", json=body, headers=headers)

    async def reset(self, _, headers) -> None:
        await self.client.post("/wallet/reset", headers=headers)

    async def cancel(self, buyer, _) -> None:
        payment_id, _ = await self._one_payment()
        if payment_id:
            payment = await self.shop.payment(payment_id)
            if payment.order_id:
                await self.shop.cancel_order(
                    payment.order_id, payment.user_id, payment_id=payment.id
                )

    async def run(self, rounds: int) -> None:
        actions = (
            [self.deposit] * 5
            + [self.pay] * 4
            + [self.capture_or_void, self.refund, self.refund, self.reset, self.cancel]
        )
        for _ in range(rounds):
            batch = [self.rng.choice(actions)(*self.rng.choice(self.buyers)) for _ in range(4)]
            await asyncio.gather(*batch, self.shop.processor.process_due())
        await self.shop.process()


class TestRandomWorkload:
    @pytest.mark.parametrize("seed", [7, 2024])
    async def test_books_balance_after_a_random_workload(self, shop, sessionmaker, seed):
        workload = Workload(shop, random.Random(seed))
        await workload.run(rounds=15)
        assert await shop.balance_check() == {
            "ok": True,
            "currencies": {"USD": 0},
            "mismatched_accounts": [],
        }
        async with sessionmaker() as session:
            payments = (await session.scalars(select(Payment))).all()
            assert all(0 <= p.refunded_amount <= p.captured_amount <= p.amount for p in payments)
            assert all(w.balance >= 0 for w in (await session.scalars(select(Wallet))).all())
            card_collected = await session.scalar(
                select(func.coalesce(func.sum(Posting.amount), 0)).where(
                    Posting.account == "customer:card"
                )
            )
        net_card = sum(
            p.captured_amount - p.refunded_amount for p in payments if p.method == "card"
        )
        assert -card_collected == net_card
        assert len(payments) > 5
