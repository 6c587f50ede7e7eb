"""The event consumer: every event on the exchange (the queue binds ``#``) fans out to the
endpoints of the users it concerns; auth's account events also adjust endpoints."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from common.events.base import Envelope
from common.messaging.consumer import Subscriber
from webhooks.service import accounts
from webhooks.service.fanout import fan_out

subscriber = Subscriber()


@subscriber.on_every_event
async def on_event(envelope: Envelope, session: AsyncSession) -> None:
    await accounts.apply(session, envelope)
    await fan_out(session, envelope)
