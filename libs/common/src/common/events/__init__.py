"""The typed event catalog, one module per producing service."""

from common.events import auth, billing, catalog, orders, payments, webhooks
from common.events.base import Envelope, Event, event_class, event_types

__all__ = [
    "Envelope",
    "Event",
    "auth",
    "billing",
    "catalog",
    "event_class",
    "event_types",
    "orders",
    "payments",
    "webhooks",
]
