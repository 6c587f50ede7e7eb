"""Consuming: handlers run in one transaction with their events' claims in the ``inbox`` table.

A delivery is acked only after that commit, so a redelivered event has no second effect.
Deliveries that arrive together are handled together (:mod:`common.messaging.delivery`): one
claim statement, the handlers in delivery order, one commit. A failing handler is never acked:
it is retried with backoff, then rejected into the service's dead-letter queue. A message that
cannot be parsed goes straight to the dead-letter queue.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from common import tracing
from common.events.base import Envelope, Event
from common.messaging.context import correlation_id

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


class Delivery(NamedTuple):
    """One parsed event: its envelope, its handler's inbox name and the call that handles it."""

    envelope: Envelope
    name: str
    run: Run
    headers: Mapping[str, Any] | None = None
    """The message's headers (its trace context), when it came from the broker."""


# One statement for any number of events (a constant text: prepared once per connection).
# ORDER BY: two replicas claiming overlapping batches lock inbox keys in the same order.
_CLAIM = text(
    "INSERT INTO inbox (event_id, handler, routing_key) "
    "SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:names AS varchar[]), "
    "CAST(:keys AS varchar[])) AS claim(event_id, handler, routing_key) ORDER BY 1, 2 "
    "ON CONFLICT DO NOTHING RETURNING event_id, handler"
)


class InboxProcessor:
    """Runs handlers exactly once per event id; usable with or without a broker."""

    def __init__(
        self, subscriber: Subscriber, sessionmaker: async_sessionmaker[AsyncSession]
    ) -> None:
        self._subscriber = subscriber
        self._sessionmaker = sessionmaker

    def parse(self, body: bytes, headers: Mapping[str, Any] | None = None) -> Delivery:
        """The envelope, the handler's name (its inbox key) and the call that handles it."""
        try:
            envelope = Envelope.model_validate_json(body)
        except (ValidationError, RecursionError) as exc:
            raise PoisonMessage(f"not an event envelope: {exc!r}") from exc
        registered = self._subscriber.handler_for(envelope.type)
        if registered is None:
            every = self._subscriber.every_event
            if every is None:
                raise PoisonMessage(f"no handler for {envelope.type}")
            return Delivery(
                envelope, EVERY_EVENT, lambda session: every(envelope, session), headers
            )
        try:
            event = registered.event_type.model_validate(envelope.data)
        except ValidationError as exc:
            raise PoisonMessage(f"invalid {envelope.type} data: {exc}") from exc
        handler = registered.handler
        return Delivery(envelope, registered.name, lambda session: handler(event, session), headers)

    async def process(self, body: bytes) -> bool:
        """Handle one delivery; False when this event was already handled (a duplicate)."""
        return (await self.process_batch([self.parse(body)]))[0]

    async def process_batch(self, deliveries: Sequence[Delivery]) -> list[bool]:
        """Handle deliveries in one transaction, in order: one inbox claim for all of them, the
        handler of each event not handled before, one commit. For each delivery, True if its
        handler ran, False for a duplicate (handled before, or earlier in the same batch).

        Any exception rolls the whole batch back (nothing is handled); the caller decides what
        to retry. Between two handlers the session is flushed and its identity map emptied, so
        each handler sees the earlier ones' writes and no object loaded before it, as it would
        in a transaction of its own."""
        async with self._sessionmaker.begin() as session:
            claimed = await _claim(session, deliveries)
            handled = [False] * len(deliveries)
            started = False
            for index, delivery in enumerate(deliveries):
                key = (delivery.envelope.id, delivery.name)
                if key not in claimed:
                    continue
                claimed.discard(key)
                if started:  # not the first handler: start from a clean session
                    await session.flush()
                    if session.identity_map:
                        session.expunge_all()
                started = True
                with _event_context(delivery):
                    await delivery.run(session)
                handled[index] = True
        return handled


async def _claim(session: AsyncSession, deliveries: Sequence[Delivery]) -> set[tuple[Any, str]]:
    """Insert the deliveries' inbox keys; the keys that were new (not handled before)."""
    ids: list[uuid.UUID] = []
    names: list[str] = []
    keys: list[str] = []
    for delivery in deliveries:
        ids.append(delivery.envelope.id)
        names.append(delivery.name)
        keys.append(delivery.envelope.type)
    rows = await session.execute(_CLAIM, {"ids": ids, "names": names, "keys": keys})
    return {(row[0], row[1]) for row in rows}


@contextmanager
def _event_context(delivery: Delivery) -> Iterator[None]:
    """The handler runs with its event's envelope and correlation id (and, tracing on, in a
    consumer span continuing the producer's trace)."""
    envelope = delivery.envelope
    envelope_token = current_envelope.set(envelope)
    correlation_token = correlation_id.set(envelope.correlation_id or str(envelope.id))
    try:
        if tracing.enabled() and delivery.headers is not None:
            with tracing.span(
                f"consume {envelope.type}",
                kind="consumer",
                carrier=delivery.headers,
                attributes={"messaging.destination": envelope.type},
            ):
                yield
        else:
            yield
    finally:
        current_envelope.reset(envelope_token)
        correlation_id.reset(correlation_token)
