"""Test helpers shared by every service's suite: real databases, tokens, apps and workers."""

from common.testing.helpers import (
    ServiceSpec,
    TokenFactory,
    app_client,
    free_port,
    outbox_events,
    running_worker,
    wait_for,
)

__all__ = [
    "ServiceSpec",
    "TokenFactory",
    "app_client",
    "free_port",
    "outbox_events",
    "running_worker",
    "wait_for",
]
