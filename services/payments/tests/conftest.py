"""Fixtures for the payments suite: a real database and broker (common.testing.plugin), an
in-process card acquirer (``FakeProvider``: the PaymentProvider protocol with the sandbox's test
cards, plus latency, refused calls, and charges whose answer is lost or whose worker dies after
the money was taken), the worker's processor, and ``shop``, which drives the service like its
neighbours and users do."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from common.events.base import Envelope, Event
from common.events.orders import (
    ConfirmedLine,
    OrderCancelled,
    OrderConfirmed,
    OrderPlaced,
    PlacedLine,
)
from common.messaging.consumer import InboxProcessor
from common.testing import ServiceSpec, outbox_events
from payments.handlers import subscriber
from payments.main import create_app
from payments.models import Payment
from payments.provider.base import (
    CallbackNotice,
    CardToken,
    ChargeRequest,
    ProviderError,
    ProviderResult,
)
from payments.service.processor import PaymentProcessor
from payments.settings import Settings

SUCCESS = "4242424242424242"
DECLINED = "4000000000000002"
INSUFFICIENT = "4000000000009995"
PROCESSING_ERROR = "4000000000000119"
REJECTED_AT_TOKENIZE = "4000000000000127"
_DECLINES = {
    DECLINED: ("card_declined", "The card was declined."),
    INSUFFICIENT: ("insufficient_funds", "The card has insufficient funds."),
}
SIGNATURE_HEADER = "sandbox-signature"
TOLERANCE_SECONDS = 300


class CardRejected(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class WorkerKilled(BaseException):
    """Raised after the provider charged, as if the worker process died before storing it."""


@dataclass
class Charge:
    reference: str
    provider_ref: str
    token: str
    amount: int
    currency: str
    status: str
    captured_amount: int = 0
    refunded_amount: int = 0
    failure_code: str | None = None
    failure_message: str | None = None

    def result(self) -> ProviderResult:
        return ProviderResult(
            status=self.status,  # type: ignore[arg-type]
            provider_ref=self.provider_ref,
            amount=self.amount,
            captured_amount=self.captured_amount,
            refunded_amount=self.refunded_amount,
            failure_code=self.failure_code,
            failure_message=self.failure_message,
        )


class FakeProvider:
    name = "sandbox"

    def __init__(self, *, secret: str = "whsec_test", latency: float = 0.0) -> None:
        self.secret = secret
        self.latency = latency
        self.cards: dict[str, str] = {}
        self.charges: dict[str, Charge] = {}
        self.refunds: dict[str, tuple[str, int]] = {}
        self.authorize_calls = 0
        self.status_calls = 0
        self.refund_calls = 0
        self.fail_next = 0  # calls refused with a retryable error, nothing done
        self.lose_answers = 0  # charges made whose answer is lost (retryable error)
        self.kill_after_charge = 0  # charges made, then the caller "dies"
        self.batch_calls = 0

    async def _pause(self) -> None:
        await asyncio.sleep(self.latency)
        if self.fail_next > 0:
            self.fail_next -= 1
            raise ProviderError("The provider is unavailable.", code="provider_unavailable")

    @property
    def charge_count(self) -> int:
        return len(self.charges)

    async def tokenize(
        self, *, number: str, exp_month: int, exp_year: int, cvc: str, holder_name: str | None
    ) -> CardToken:
        await self._pause()
        if number == REJECTED_AT_TOKENIZE:
            raise CardRejected("incorrect_cvc", "The card's security code is incorrect.")
        token = f"tok_{uuid.uuid4().hex}"
        self.cards[token] = number
        fingerprint = hashlib.sha256(f"{self.secret}:{number}".encode()).hexdigest()[:32]
        return CardToken(token, "visa", number[-4:], exp_month, exp_year, fingerprint)

    async def authorize(
        self, *, reference: str, token: str, amount: int, currency: str, capture: bool
    ) -> ProviderResult:
        self.authorize_calls += 1
        await self._pause()
        if reference in self.charges:
            return self.charges[reference].result()
        number = self.cards.get(token)
        if number is None:
            raise ProviderError("Unknown token.", code="unknown_token", retryable=False)
        if number == PROCESSING_ERROR:
            raise ProviderError("Processing error.", code="processing_error")
        status, code, message = "captured" if capture else "authorized", None, None
        if number in _DECLINES:
            status, (code, message) = "declined", _DECLINES[number]
        charge = Charge(
            reference,
            f"ch_{uuid.uuid4().hex[:12]}",
            token,
            amount,
            currency,
            status,
            captured_amount=amount if status == "captured" else 0,
            failure_code=code,
            failure_message=message,
        )
        self.charges[reference] = charge
        if self.lose_answers > 0:
            self.lose_answers -= 1
            raise ProviderError("Timed out waiting for the provider.", code="timeout")
        if self.kill_after_charge > 0:
            self.kill_after_charge -= 1
            raise WorkerKilled()
        return charge.result()

    async def authorize_many(
        self, charges: Sequence[ChargeRequest]
    ) -> list[ProviderResult | ProviderError]:
        """Each charge as ``authorize`` makes it; a lost answer or a dying worker loses the
        whole call's answer (after every charge was made), as with a real batch call."""
        self.batch_calls += 1
        answers: list[ProviderResult | ProviderError] = []
        lost = killed = False
        for charge in charges:
            try:
                answers.append(await self.authorize(**asdict(charge)))
            except WorkerKilled:
                killed = True
            except ProviderError as exc:
                lost = lost or exc.code == "timeout"
                answers.append(exc)
        if killed:
            raise WorkerKilled()
        if lost:
            raise ProviderError("Timed out waiting for the provider.", code="timeout")
        return answers

    def _by_ref(self, provider_ref: str) -> Charge:
        for charge in self.charges.values():
            if charge.provider_ref == provider_ref:
                return charge
        raise ProviderError("No such charge.", code="charge_not_found", retryable=False)

    async def capture(self, *, reference: str, provider_ref: str, amount: int) -> ProviderResult:
        await self._pause()
        charge = self._by_ref(provider_ref)
        if charge.status == "captured" and charge.captured_amount == amount:
            return charge.result()
        if charge.status != "authorized":
            raise ProviderError("Not capturable.", code="charge_not_capturable", retryable=False)
        charge.status, charge.captured_amount = "captured", amount
        return charge.result()

    async def void(self, *, reference: str, provider_ref: str) -> ProviderResult:
        await self._pause()
        charge = self._by_ref(provider_ref)
        if charge.status not in ("authorized", "voided"):
            raise ProviderError("Not voidable.", code="charge_not_voidable", retryable=False)
        charge.status = "voided"
        return charge.result()

    async def refund(self, *, reference: str, provider_ref: str, amount: int) -> ProviderResult:
        self.refund_calls += 1
        await self._pause()
        charge = self._by_ref(provider_ref)
        if reference not in self.refunds:
            if charge.captured_amount - charge.refunded_amount < amount:
                raise ProviderError("Exceeds captured.", code="refund_exceeds", retryable=False)
            self.refunds[reference] = (provider_ref, amount)
            charge.refunded_amount += amount
        result = charge.result()
        return replace(
            result, status="refunded", provider_ref=f"re_{reference[:12]}", amount=amount
        )

    async def status(self, *, reference: str) -> ProviderResult | None:
        self.status_calls += 1
        await self._pause()
        charge = self.charges.get(reference)
        return None if charge is None else charge.result()

    def verify_callback(self, *, headers: Mapping[str, str], body: bytes) -> CallbackNotice:
        self._verify(headers, body)
        data = json.loads(body)
        return CallbackNotice(data["reference"], data["charge_id"], data["event"])

    def verify_callbacks(self, *, headers: Mapping[str, str], body: bytes) -> list[CallbackNotice]:
        """A single notice, or ``{"batch": [notice, ...]}`` under one signature."""
        self._verify(headers, body)
        data = json.loads(body)
        items = data["batch"] if isinstance(data.get("batch"), list) else [data]
        return [
            CallbackNotice(item["reference"], item["charge_id"], item["event"], item.get("status"))
            for item in items
        ]

    def _verify(self, headers: Mapping[str, str], body: bytes) -> None:
        header = headers.get(SIGNATURE_HEADER, "")
        parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
        timestamp, signature = parts.get("t", ""), parts.get("v1", "")
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
            raise ValueError("timestamp missing or outside the tolerance")
        if not hmac.compare_digest(signature, self._sign(timestamp, body)):
            raise ValueError("signature mismatch")

    def _sign(self, timestamp: str, body: bytes) -> str:
        message = timestamp.encode() + b"." + body
        return hmac.new(self.secret.encode(), message, hashlib.sha256).hexdigest()

    def signed(
        self, body: bytes, *, at: float | None = None, secret: str | None = None
    ) -> dict[str, str]:
        """Headers a genuine notification carries (or a forged one, with another secret)."""
        timestamp = str(int(time.time() if at is None else at))
        key = (secret or self.secret).encode()
        signature = hmac.new(key, timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        return {
            SIGNATURE_HEADER: f"t={timestamp},v1={signature}",
            "content-type": "application/json",
        }


@pytest.fixture(scope="session")
def service_spec() -> ServiceSpec:
    return ServiceSpec(
        name="payments",
        directory=Path(__file__).parent.parent,
        settings_cls=Settings,
        app_factory=create_app,
    )


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {
        "retry_base_seconds": 0.01,
        "worker_poll_seconds": 0.1,
        "checkout_wait_seconds": 3.0,
    }


@pytest.fixture
def provider() -> FakeProvider:
    return FakeProvider()


@pytest.fixture
def app(settings, tokens, provider):
    # A private Redis namespace per test: checkout attempt counters never leak between tests.
    private = settings.model_copy(update={"redis_prefix": f"test:{uuid.uuid4().hex[:10]}:pay:"})
    return create_app(private, key_provider=tokens.key_provider(), provider=provider)


@pytest.fixture
def processor(sessionmaker, provider, settings) -> PaymentProcessor:
    return PaymentProcessor(sessionmaker, provider, settings)


class Shop:
    """Users, orders (fed through the real inbox, as the orders service's events), cards and
    the worker's processing, for tests to compose."""

    def __init__(self, client, tokens, sessionmaker, processor: PaymentProcessor) -> None:
        self.client = client
        self.tokens = tokens
        self.sessionmaker = sessionmaker
        self.processor = processor
        self.inbox = InboxProcessor(subscriber, sessionmaker)

    def user(self, role: str = "buyer") -> tuple[uuid.UUID, dict[str, str]]:
        user_id = uuid.uuid4()
        return user_id, self.tokens.headers(user_id, role)

    async def deliver(self, event: Event) -> bool:
        return await self.inbox.process(Envelope.wrap(event).model_dump_json().encode())

    async def order(
        self, user_id: uuid.UUID, *, lines: list[tuple[uuid.UUID, int]], currency: str = "USD"
    ) -> uuid.UUID:
        """An order placed and confirmed (awaiting payment): ``lines`` = (seller_id, amount)."""
        order_id = uuid.uuid4()
        products = [uuid.uuid4() for _ in lines]
        await self.deliver(
            OrderPlaced(
                order_id=order_id,
                user_id=user_id,
                currency=currency,
                lines=[PlacedLine(product_id=p, quantity=1) for p in products],
            )
        )
        await self.deliver(
            OrderConfirmed(
                order_id=order_id,
                user_id=user_id,
                total=sum(amount for _, amount in lines),
                currency=currency,
                lines=[
                    ConfirmedLine(product_id=p, seller_id=s, quantity=1, unit_price=a, amount=a)
                    for p, (s, a) in zip(products, lines, strict=True)
                ],
            )
        )
        return order_id

    async def cancel_order(self, order_id, user_id, *, payment_id=None) -> None:
        await self.deliver(
            OrderCancelled(
                order_id=order_id,
                user_id=user_id,
                reason="customer",
                was_paid=payment_id is not None,
                payment_id=payment_id,
            )
        )

    async def card(self, headers, number: str = SUCCESS) -> str:
        body = {"number": number, "exp_month": 12, "exp_year": 2040, "cvc": "123"}
        response = await self.client.post("/methods", json=body, headers=headers)
        assert response.status_code in (200, 201), response.text
        return response.json()["id"]

    async def pay(self, headers, method_id: str, amount: int, **extra: Any):
        body = {"amount": amount, "currency": "USD", "payment_method_id": method_id, **extra}
        return await self.client.post("/", json=body, headers=headers)

    async def deposit(self, headers, *coins: int) -> None:
        for coin in coins:
            response = await self.client.post(
                "/wallet/deposit", json={"coin": coin}, headers=headers
            )
            assert response.status_code == 200, response.text

    async def process(self, *, timeout: float = 10.0) -> None:
        """Run the worker's processor until no payment or refund waits (retries included)."""
        deadline = time.monotonic() + timeout
        while True:
            await self.processor.process_due()
            async with self.sessionmaker() as session:
                waiting = await session.scalar(
                    text(
                        "SELECT (SELECT count(*) FROM payment WHERE status = 'processing')"
                        " + (SELECT count(*) FROM refund WHERE status = 'pending')"
                    )
                )
            if not waiting:
                return
            assert time.monotonic() < deadline, f"{waiting} jobs still waiting"
            await asyncio.sleep(0.02)

    async def process_voids(self, *, timeout: float = 10.0) -> None:
        """Run the processor until no authorization waits to be voided."""
        deadline = time.monotonic() + timeout
        while True:
            await self.processor.process_due()
            async with self.sessionmaker() as session:
                waiting = await session.scalar(
                    text(
                        "SELECT count(*) FROM payment WHERE status = 'requires_capture'"
                        " AND void_requested_at IS NOT NULL"
                    )
                )
            if not waiting:
                return
            assert time.monotonic() < deadline, f"{waiting} voids still waiting"
            await asyncio.sleep(0.02)

    async def payment(self, payment_id) -> Payment:
        async with self.sessionmaker() as session:
            payment = await session.scalar(
                select(Payment).where(Payment.id == uuid.UUID(str(payment_id)))
            )
            assert payment is not None
            return payment

    async def events(self, routing_key: str | None = None) -> list[Envelope]:
        async with self.sessionmaker() as session:
            return await outbox_events(session, routing_key)

    async def balance_check(self) -> dict[str, Any]:
        _, admin = self.user("admin")
        response = await self.client.get("/ledger/balance-check", headers=admin)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def shop(client, tokens, sessionmaker, processor) -> Shop:
    return Shop(client, tokens, sessionmaker, processor)
