"""The worker's bus metrics on the real database and broker: outbox backlog and age, events
relayed per type."""

import uuid

from common.events.auth import UserRegistered
from common.messaging.gauges import BusGauges
from common.messaging.outbox import publish
from common.messaging.relay import OutboxRelay
from common.messaging.topology import Topology
from common.metrics import EVENTS_RELAYED, OUTBOX_BACKLOG, OUTBOX_OLDEST_AGE


def _registered() -> UserRegistered:
    name = f"u{uuid.uuid4().hex[:8]}"
    return UserRegistered(
        user_id=uuid.uuid4(), email=f"{name}@example.com", username=name, role="buyer"
    )


async def test_backlog_age_and_relay_count(sessionmaker, settings):
    topology = Topology(exchange=settings.events_exchange, queue=settings.queue_name)
    gauges = BusGauges(settings.amqp_url, topology, consumes=False)
    relayed_before = EVENTS_RELAYED.labels(UserRegistered.routing_key)._value.get()
    try:
        async with sessionmaker.begin() as session:
            for _ in range(3):
                await publish(session, _registered())
        await gauges.sample(sessionmaker)
        assert OUTBOX_BACKLOG._value.get() == 3
        assert OUTBOX_OLDEST_AGE._value.get() >= 0.0

        relay = OutboxRelay(
            sessionmaker,
            database_url=settings.database_url,
            amqp_url=settings.amqp_url,
            exchange=settings.events_exchange,
        )
        try:
            assert await relay.relay_once() == 3
        finally:
            await relay.close()
        await gauges.sample(sessionmaker)
        assert OUTBOX_BACKLOG._value.get() == 0
        assert OUTBOX_OLDEST_AGE._value.get() == 0.0
        relayed = EVENTS_RELAYED.labels(UserRegistered.routing_key)._value.get()
        assert relayed - relayed_before == 3
    finally:
        await gauges.close()
