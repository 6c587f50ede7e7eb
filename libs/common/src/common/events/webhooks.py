"""Events of the webhooks service: the ones it publishes, and the test event it sends itself."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from common.events.base import Event


class EndpointDisabled(Event):
    """An endpoint stopped receiving deliveries: it answered 410 Gone (``gone``) or failed
    without a success for the configured number of days (``failing``)."""

    routing_key = "webhooks.endpoint.disabled"
    endpoint_id: uuid.UUID
    user_id: uuid.UUID
    url: str
    reason: Literal["gone", "failing"]
    failing_since: dt.datetime | None = None


class WebhookTest(Event):
    """Sent to one endpoint on request, to check that it receives and verifies deliveries."""

    routing_key = "webhook.test"
    on_bus = False
    endpoint_id: uuid.UUID
    user_id: uuid.UUID
    message: str = "A test event from the shop platform's webhooks."
