"""Fixtures for the webhooks suite: a real database and broker (common.testing.plugin), a
real local HTTP receiver, the dispatcher running against both, and ``hooks``, which drives
the service as users and the platform's events do."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from common.events.base import Envelope, Event
from common.messaging.consumer import InboxProcessor
from common.testing import ServiceSpec, outbox_events, wait_for
from services.webhooks.tests.support import Receiver, running
from webhooks.delivery.dispatcher import Dispatcher
from webhooks.handlers import subscriber
from webhooks.main import create_app
from webhooks.models import Delivery
from webhooks.settings import Settings


@pytest.fixture(scope="session")
def service_spec() -> ServiceSpec:
    return ServiceSpec(
        name="webhooks",
        directory=Path(__file__).parent.parent,
        settings_cls=Settings,
        app_factory=create_app,
    )


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {
        "retry_schedule_seconds": (0.3, 0.3, 0.3),
        "retry_jitter": 0.0,
        "delivery_timeout_seconds": 2.0,
        "dispatch_poll_seconds": 0.2,
    }


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    server = Receiver()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def dispatcher(sessionmaker, settings) -> AsyncIterator[Dispatcher]:
    async with running(Dispatcher(sessionmaker, settings)) as active:
        yield active


class Hooks:
    """Users with endpoints, platform events fed through the real inbox, and the log."""

    def __init__(self, client: Any, tokens: Any, sessionmaker: Any) -> None:
        self.client = client
        self.tokens = tokens
        self.sessionmaker = sessionmaker
        self.inbox = InboxProcessor(subscriber, sessionmaker)

    def user(self, role: str = "buyer") -> tuple[uuid.UUID, dict[str, str]]:
        user_id = uuid.uuid4()
        return user_id, self.tokens.headers(user_id, role)

    async def endpoint(
        self, headers: dict[str, str], url: str, event_types: list[str] | None = None, **extra: Any
    ) -> dict[str, Any]:
        body = {"url": url, "event_types": event_types or ["*"], **extra}
        response = await self.client.post("/endpoints", json=body, headers=headers)
        assert response.status_code == 201, response.text
        return dict(response.json())

    async def publish(self, event: Event, *subjects: uuid.UUID) -> Envelope:
        """The event as it arrives from the bus, about ``subjects``."""
        envelope = Envelope.wrap(event, subject_user_ids=list(subjects))
        assert await self.inbox.process(envelope.model_dump_json().encode())
        return envelope

    async def deliveries(self, endpoint_id: Any | None = None) -> list[Delivery]:
        async with self.sessionmaker() as session:
            statement = select(Delivery).order_by(Delivery.created_at)
            if endpoint_id is not None:
                statement = statement.where(Delivery.endpoint_id == uuid.UUID(str(endpoint_id)))
            return list((await session.scalars(statement)).all())

    async def settled(self, count: int, *, timeout: float = 10.0) -> list[Delivery]:
        """Wait until ``count`` deliveries exist and none is pending."""

        async def probe() -> list[Delivery] | None:
            rows = await self.deliveries()
            done = len(rows) >= count and all(d.status != "pending" for d in rows)
            return rows if done else None

        result: list[Delivery] = await wait_for(probe, timeout=timeout)
        return result

    async def log(self, endpoint_id: Any, headers: dict[str, str]) -> list[dict[str, Any]]:
        response = await self.client.get(f"/endpoints/{endpoint_id}/deliveries", headers=headers)
        assert response.status_code == 200, response.text
        return list(response.json()["items"])

    async def events(self, routing_key: str | None = None) -> list[Envelope]:
        async with self.sessionmaker() as session:
            return await outbox_events(session, routing_key)


@pytest.fixture
def hooks(client, tokens, sessionmaker) -> Hooks:
    return Hooks(client, tokens, sessionmaker)
