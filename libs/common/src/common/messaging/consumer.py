"""Consuming: each handler runs in one transaction with an insert into the ``inbox`` table.

The message is acked only after that commit, so a redelivered event has no second effect.
A failing handler is never acked: it is retried with backoff, then rejected into the service's
dead-letter queue. A message that cannot be parsed goes straight to the dead-letter queue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import structlog
from aio_pika.abc import AbstractIncomingMessage
from pydantic import ValidationError
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common import tracing
from common.events.base import Envelope, Event
from common.messaging.context import correlation_id
from common.metrics import EVENTS_CONSUMED
from common.platform_tables import inbox

log = structlog.get_logger("common.consumer")

E = TypeVar("E", bound=Event)
Handler = Callable[[E, AsyncSession], Awaitable[None]]
EnvelopeHandler = Callable[[Envelope, AsyncSession], Awaitable[None]]
Run = Callable[[AsyncSession], Awaitable[None]]

EVERY_EVENT = "every-event"
"""The inbox name of a service's every-event handler: stable, never its Python name."""

current_envelope: ContextVar[Envelope | None] = ContextVar("current_envelope", default=None)


@dataclass(frozen=True, slots=True)
class Registration:
    event_type: type[Event]
    handler: Handler[Any]
    name: str
    """The inbox de-duplication key with the event id: stable across renames and refactors of
    the handler function (never its Python name)."""


class Subscriber:
    """Declares a service's event handlers, one per event type::

    subscriber = Subscriber()

    @subscriber.on(OrderPlaced)
    async def on_order_placed(event: OrderPlaced, session: AsyncSession) -> None: ...

    A handler's inbox name is its event's routing key (one handler per event type in a
    service), or ``name=`` when given. Changing a name lets already handled events run again.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, Registration] = {}
        self._every: EnvelopeHandler | None = None

    def on(
        self, event_type: type[E], *, name: str | None = None
    ) -> Callable[[Handler[E]], Handler[E]]:
        def register(handler: Handler[E]) -> Handler[E]:
            if event_type.routing_key in self._handlers:
                raise ValueError(f"{event_type.routing_key} already has a handler")
            self._handlers[event_type.routing_key] = Registration(
                event_type, handler, name or event_type.routing_key
            )
            return handler

        return register

    def on_every_event(self, handler: EnvelopeHandler) -> EnvelopeHandler:
        """One handler for every event on the exchange (the queue binds ``#``): the catalog's
        and a newer producer's alike, so it receives the envelope with ``data`` unparsed.
        A typed handler registered with :meth:`on` still takes its own event type."""
        if self._every is not None:
            raise ValueError("every event already has a handler")
        self._every = handler
        return handler

    @property
    def routing_keys(self) -> list[str]:
        return ["#"] if self._every is not None else sorted(self._handlers)

    @property
    def every_event(self) -> EnvelopeHandler | None:
        return self._every

    def handler_for(self, routing_key: str) -> Registration | None:
        return self._handlers.get(routing_key)


class PoisonMessage(Exception):
    """The message can never be handled (unparseable, or no handler for its type)."""


class InboxProcessor:
    """Runs handlers exactly once per event id; usable with or without a broker."""

    def __init__(
        self, subscriber: Subscriber, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        self._subscriber = subscriber
        self._sessionmaker = sessionmaker

    def parse(self, body: bytes) -> tuple[Envelope, str, Run]:
        """The envelope, the handler's name (its inbox key) and the call that handles it."""
        try:
            envelope = Envelope.model_validate_json(body)
        except (ValidationError, RecursionError) as exc:
            raise PoisonMessage(f"not an event envelope: {exc!r}") from exc
        registered = self._subscriber.handler_for(envelope.type)
        every = self._subscriber.every_event
        if registered is None:
            if every is None:
                raise PoisonMessage(f"no handler for {envelope.type}")
            return envelope, EVERY_EVENT, lambda session: every(envelope, session)
        try:
            event = registered.event_type.model_validate(envelope.data)
        except ValidationError as exc:
            raise PoisonMessage(f"invalid {envelope.type} data: {exc}") from exc
        handler = registered.handler
        return envelope, registered.name, lambda session: handler(event, session)

    async def process(self, body: bytes) -> bool:
        """Handle one delivery; False when this event was already handled (a duplicate)."""
        envelope, name, run = self.parse(body)
        envelope_token = current_envelope.set(envelope)
        correlation_token = correlation_id.set(envelope.correlation_id or str(envelope.id))
        try:
            async with self._sessionmaker.begin() as session:
                claimed = await session.scalar(
                    insert(inbox)
                    .values(
                        event_id=envelope.id,
                        handler=name,
                        routing_key=envelope.type,
                    )
                    .on_conflict_do_nothing()
                    .returning(inbox.c.event_id)
                )
                if claimed is None:
                    return False
                await run(session)
            return True
        finally:
            current_envelope.reset(envelope_token)
            correlation_id.reset(correlation_token)


class BrokerConsumer:
    """Feeds deliveries from the service queue to the :class:`InboxProcessor`."""

    def __init__(
        self, processor: InboxProcessor, *, max_attempts: int = 5, retry_base_seconds: float = 0.5
    ) -> None:
        self._processor = processor
        self._max_attempts = max_attempts
        self._retry_base = retry_base_seconds

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        if not tracing.enabled():
            await self._handle(message)
            return
        with tracing.span(
            f"consume {message.routing_key}",
            kind="consumer",
            carrier=message.headers or {},
            attributes={"messaging.destination": message.routing_key or ""},
        ):
            await self._handle(message)

    async def _handle(self, message: AbstractIncomingMessage) -> None:
        attempt = _delivery_count(message) + 1
        try:
            duplicate = not await self._processor.process(message.body)
        except PoisonMessage as exc:
            log.error("event_poison", routing_key=message.routing_key, error=str(exc))
            await message.reject(requeue=False)
            _outcome(message, "poison")
            return
        except Exception as exc:
            if attempt >= self._max_attempts:
                log.error(
                    "event_dead_lettered",
                    routing_key=message.routing_key,
                    attempt=attempt,
                    error=repr(exc),
                )
                await message.reject(requeue=False)
                _outcome(message, "dead_lettered")
                return
            delay = min(self._retry_base * 2 ** (attempt - 1), 30.0)
            log.warning(
                "event_handler_failed",
                routing_key=message.routing_key,
                attempt=attempt,
                retry_in=delay,
                error=repr(exc),
            )
            await asyncio.sleep(delay)
            await message.nack(requeue=True)
            _outcome(message, "retried")
            return
        if duplicate:
            log.info("event_duplicate_skipped", routing_key=message.routing_key)
        await message.ack()
        _outcome(message, "duplicate" if duplicate else "handled")


def _outcome(message: AbstractIncomingMessage, outcome: str) -> None:
    EVENTS_CONSUMED.labels(message.routing_key or "unknown", outcome).inc()


def _delivery_count(message: AbstractIncomingMessage) -> int:
    count = (message.headers or {}).get("x-delivery-count", 0)
    return int(count) if isinstance(count, int | str) and str(count).isdigit() else 0
