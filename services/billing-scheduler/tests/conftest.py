"""Fixtures for the billing suite: a real database (common.testing.plugin), a stand-in for
payments' internal card route served over real HTTP, and ``billing``, a helper that drives the
API, runs the scheduler's step and feeds payment results through the real inbox."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, HTTPException
from sqlalchemy import select

from billing.handlers import create_subscriber
from billing.main import create_app
from billing.models import Charge, Subscription
from billing.service.scheduler import scheduler_job
from billing.settings import Settings
from common.events.base import Envelope
from common.events.billing import ChargeRequested
from common.events.payments import PaymentFailed, PaymentSucceeded
from common.messaging.consumer import InboxProcessor
from common.testing import ServiceSpec, outbox_events

CARDS: dict[uuid.UUID, uuid.UUID] = {}
"""The stand-in payments' saved cards: card id -> owner."""


@pytest.fixture(scope="session")
def service_spec() -> ServiceSpec:
    return ServiceSpec(
        name="billing",
        directory=Path(__file__).parent.parent,
        settings_cls=Settings,
        app_factory=create_app,
    )


def _payments_stand_in() -> FastAPI:
    app = FastAPI()

    @app.get("/internal/users/{user_id}/payment-methods/{method_id}")
    async def owned(user_id: uuid.UUID, method_id: uuid.UUID) -> dict[str, str]:
        if CARDS.get(method_id) != user_id:
            raise HTTPException(404)
        return {"id": str(method_id), "user_id": str(user_id)}

    return app


@pytest.fixture(scope="session")
async def payments_url() -> AsyncIterator[str]:
    """payments' internal card route on a real port (a process boundary billing calls)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(_payments_stand_in(), log_level="warning"))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 (uvicorn exposes a flag, not an event)
        await asyncio.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    await asyncio.wait_for(task, 10)
    sock.close()


@pytest.fixture
def settings_overrides(payments_url: str) -> dict[str, object]:
    return {"payments_url": payments_url}


class Billing:
    def __init__(self, client: Any, tokens: Any, sessionmaker: Any, settings: Settings) -> None:
        self.client = client
        self.tokens = tokens
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.processor = InboxProcessor(create_subscriber(settings), sessionmaker)
        self.job = scheduler_job(sessionmaker, settings)
        self.user = uuid.uuid4()
        self.admin = uuid.uuid4()
        self.card = self.new_card()

    def new_card(self, user: uuid.UUID | None = None) -> uuid.UUID:
        card = uuid.uuid4()
        CARDS[card] = user or self.user
        return card

    def headers(self, user: uuid.UUID | None = None, role: str = "buyer") -> dict[str, str]:
        return self.tokens.headers(user or self.user, role)  # type: ignore[no-any-return]

    def admin_headers(self) -> dict[str, str]:
        return self.headers(self.admin, "admin")

    async def subscribe(self, expect: int = 201, **fields: Any) -> dict[str, Any]:
        user = fields.pop("_user", None)
        body = {
            "item": "Gym membership",
            "item_id": "gym-1",
            "amount": 1999,
            "currency": "USD",
            "frequency": "monthly",
            "payment_method_id": str(self.card),
            **fields,
        }
        response = await self.client.post("/subscriptions", json=body, headers=self.headers(user))
        assert response.status_code == expect, response.text
        return response.json()  # type: ignore[no-any-return]

    async def set_clock(self, now: dt.datetime, expect: int = 200) -> None:
        response = await self.client.post(
            "/test-clock", json={"now": now.isoformat()}, headers=self.admin_headers()
        )
        assert response.status_code == expect, response.text

    async def tick(self) -> int:
        """One scheduler step, as a worker runs it."""
        return await self.job.step()

    async def requested(self) -> list[ChargeRequested]:
        async with self.sessionmaker() as session:
            envelopes = await outbox_events(session, "billing.charge.requested")
        return [ChargeRequested.model_validate(e.data) for e in envelopes]

    async def pay(self, request: ChargeRequested, failure_code: str | None = None) -> None:
        """payments' answer to ``request``, through billing's inbox."""
        fields: dict[str, Any] = {
            "payment_id": uuid.uuid5(uuid.NAMESPACE_URL, request.idempotency_key),
            "user_id": request.user_id,
            "amount": request.amount,
            "currency": request.currency,
            "metadata": {
                "billing_charge_id": str(request.charge_id),
                "billing_attempt": request.attempt,
            },
        }
        if failure_code is None:
            event: Any = PaymentSucceeded(**fields, captured_amount=request.amount)
        else:
            event = PaymentFailed(**fields, failure_code=failure_code)
        await self.processor.process(Envelope.wrap(event).model_dump_json().encode())

    async def pay_all_requested(self, failure_code: str | None = None) -> int:
        """Answer every request not answered yet; returns how many."""
        answered = 0
        for request in await self.requested():
            async with self.sessionmaker() as session:
                charge = await session.get(Charge, request.charge_id)
            if (
                charge is not None
                and charge.status == "requested"
                and (charge.attempts == request.attempt)
            ):
                await self.pay(request, failure_code)
                answered += 1
        return answered

    async def charges(self, subscription_id: Any = None) -> list[Charge]:
        async with self.sessionmaker() as session:
            statement = select(Charge).order_by(Charge.period)
            if subscription_id is not None:
                statement = statement.where(
                    Charge.subscription_id == uuid.UUID(str(subscription_id))
                )
            return list((await session.scalars(statement)).all())

    async def subscription(self, subscription_id: Any) -> Subscription:
        async with self.sessionmaker() as session:
            sub = await session.get(Subscription, uuid.UUID(str(subscription_id)))
        assert sub is not None
        return sub


@pytest.fixture
def billing(client, tokens, sessionmaker, settings) -> Billing:
    return Billing(client, tokens, sessionmaker, settings)
