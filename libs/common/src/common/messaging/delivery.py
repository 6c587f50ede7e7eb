"""The service queue's deliveries, fed to the inbox (common.messaging.consumer) in batches.

Deliveries wait in a buffer while a batch is being handled; the batch after it is whatever the
prefetch delivered meanwhile, so a busy queue is handled in batches and an idle queue's single
event at once (nothing ever waits for a batch to fill). A batch is one transaction: one inbox
claim, the handlers in delivery order, one commit, then one ack for the whole batch.

Failures keep the semantics of one transaction per event:

- a batch whose transaction fails is rolled back and each of its events is handled again in a
  transaction of its own, so only the event that fails alone is retried or dead-lettered (the
  others' handlers run a second time; their effects, all in the database, only once);
- a failing event is nacked after a backoff (it waits in a task of its own, the queue goes on),
  then rejected into the dead-letter queue at its last attempt;
- an event that failed before (the broker's ``x-delivery-count``) runs alone, after the events
  delivered before it;
- a message that cannot be parsed is rejected at once, alone.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Sequence

import structlog
from aio_pika.abc import AbstractIncomingMessage

from common.messaging.consumer import Delivery, InboxProcessor, PoisonMessage
from common.metrics import EVENTS_CONSUMED

log = structlog.get_logger("common.consumer")

Item = tuple[AbstractIncomingMessage, Delivery]


class BrokerConsumer:
    """Feeds deliveries from the service queue to the :class:`InboxProcessor`."""

    def __init__(
        self,
        processor: InboxProcessor,
        *,
        max_attempts: int = 5,
        retry_base_seconds: float = 0.5,
        max_batch: int = 100,
    ) -> None:
        self._processor = processor
        self._max_attempts = max_attempts
        self._retry_base = retry_base_seconds
        self._max_batch = max(1, max_batch)
        self._buffer: deque[AbstractIncomingMessage] = deque()
        self._draining = False
        self._retrying: set[asyncio.Task[None]] = set()

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        """The queue's callback (one call per delivery, in delivery order). The call that finds
        nobody handling takes over and handles batch after batch until the buffer is empty."""
        self._buffer.append(message)
        if self._draining:
            return
        self._draining = True
        try:
            while self._buffer:
                count = min(len(self._buffer), self._max_batch)
                batch = [self._buffer.popleft() for _ in range(count)]
                try:
                    await self._handle(batch)
                except Exception as exc:  # an ack or reject refused: the channel went away
                    # Its unsettled deliveries return to the queue when the channel closes;
                    # the deliveries behind them must not wait for the next one to arrive.
                    log.warning("event_batch_unsettled", events=len(batch), error=repr(exc))
        finally:
            self._draining = False

    async def close(self) -> None:
        """Cancel the retries waiting for their backoff: their messages go back to the queue
        when the channel closes, as every unacked delivery does."""
        for task in self._retrying:
            task.cancel()
        await asyncio.gather(*self._retrying, return_exceptions=True)

    async def _handle(self, messages: Sequence[AbstractIncomingMessage]) -> None:
        batch: list[Item] = []
        for message in messages:
            if _channel_closed(message):
                continue  # the broker redelivers it on the new channel
            try:
                delivery = self._processor.parse(message.body, message.headers or {})
            except PoisonMessage as exc:
                log.error("event_poison", routing_key=message.routing_key, error=str(exc))
                await message.reject(requeue=False)
                _outcome(message, "poison")
                continue
            if _delivery_count(message) == 0:
                batch.append((message, delivery))
                continue
            await self._run(batch)
            batch = []
            await self._run([(message, delivery)])
        await self._run(batch)

    async def _run(self, batch: Sequence[Item]) -> None:
        if not batch:
            return
        try:
            handled = await self._processor.process_batch([delivery for _, delivery in batch])
        except Exception as exc:
            if len(batch) == 1:
                await self._failed(batch[0][0], exc)
                return
            log.warning("event_batch_failed", events=len(batch), error=repr(exc))
            for item in batch:
                await self._run([item])
            return
        await self._ack([message for message, _ in batch])
        outcomes: Counter[tuple[str, str]] = Counter()
        for (message, _), ran in zip(batch, handled, strict=True):
            if not ran:
                log.info("event_duplicate_skipped", routing_key=message.routing_key)
            outcomes[message.routing_key or "unknown", "handled" if ran else "duplicate"] += 1
        for (routing_key, outcome), count in outcomes.items():
            EVENTS_CONSUMED.labels(routing_key, outcome).inc(count)

    async def _ack(self, messages: Sequence[AbstractIncomingMessage]) -> None:
        """One ``ack(multiple=True)`` of the last delivery tag when it covers exactly these
        messages: every delivery before them on their channel is settled (none is waiting
        for its retry); else one ack each."""
        last = messages[-1]
        if len(messages) > 1 and not self._retrying and _one_channel_in_order(messages):
            await last.ack(multiple=True)
            return
        for message in messages:
            await message.ack()

    async def _failed(self, message: AbstractIncomingMessage, exc: Exception) -> None:
        attempt = _delivery_count(message) + 1
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
        task = asyncio.create_task(_retry_later(message, delay))
        self._retrying.add(task)
        task.add_done_callback(self._retrying.discard)


async def _retry_later(message: AbstractIncomingMessage, delay: float) -> None:
    await asyncio.sleep(delay)
    try:
        await message.nack(requeue=True)
    except Exception as exc:  # the channel closed meanwhile: the broker requeued it already
        log.warning("event_retry_unsettled", routing_key=message.routing_key, error=repr(exc))
        return
    _outcome(message, "retried")


def _outcome(message: AbstractIncomingMessage, outcome: str) -> None:
    EVENTS_CONSUMED.labels(message.routing_key or "unknown", outcome).inc()


def _delivery_count(message: AbstractIncomingMessage) -> int:
    count = (message.headers or {}).get("x-delivery-count", 0)
    return int(count) if isinstance(count, int | str) and str(count).isdigit() else 0


def _channel_closed(message: AbstractIncomingMessage) -> bool:
    try:
        message.channel  # noqa: B018  (raises once the channel is closed)
    except Exception:
        return True
    return False


def _one_channel_in_order(messages: Sequence[AbstractIncomingMessage]) -> bool:
    last = messages[-1]
    try:
        channel = last.channel
        tag = last.delivery_tag or 0
        return all(m.channel is channel and (m.delivery_tag or 0) <= tag for m in messages)
    except Exception:
        return False
