"""The event envelope and the typed catalog every event class registers in.

Event classes are owned by their producer (``common/events/<producer>.py``), frozen, versioned,
and registered under an explicit routing key; a key used twice is refused at import time.
Changes are additive (consumers ignore fields they do not know); a breaking change is a new key.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

_REGISTRY: dict[str, type[Event]] = {}


class Event(BaseModel):
    """Base of every event payload (the envelope's ``data``)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    routing_key: ClassVar[str]
    version: ClassVar[int] = 1
    on_bus: ClassVar[bool] = True
    """False for an event a service hands straight to its consumer and never publishes (the
    webhooks service's ``webhook.test``): its type need not be ``<service>.<entity>.<verb>``."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        key = cls.__dict__.get("routing_key")
        if key is None:
            return
        if key in _REGISTRY and _REGISTRY[key] is not cls:
            raise TypeError(f"routing key {key!r} is already used by {_REGISTRY[key].__name__}")
        if cls.on_bus and key.count(".") != 2:
            raise TypeError(f"routing key {key!r} must be <service>.<entity>.<verb>")
        _REGISTRY[key] = cls

    @classmethod
    def producer(cls) -> str:
        return cls.routing_key.split(".", 1)[0]


class Envelope(BaseModel):
    """What travels on the bus: metadata around one event's ``data``."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4)
    type: str
    version: int
    occurred_at: dt.datetime
    producer: str
    correlation_id: str | None = None
    subject_user_ids: list[uuid.UUID] = Field(default_factory=list)
    traceparent: str | None = None
    """W3C trace context of the change that caused the event (tracing on only); the relay
    copies it into the message's headers. Kept before ``data`` so the relay finds it first."""
    data: dict[str, Any]

    @classmethod
    def wrap(
        cls,
        event: Event,
        *,
        subject_user_ids: list[uuid.UUID] | None = None,
        correlation_id: str | None = None,
        occurred_at: dt.datetime | None = None,
        traceparent: str | None = None,
    ) -> Envelope:
        return cls(
            type=event.routing_key,
            version=event.version,
            occurred_at=occurred_at or dt.datetime.now(dt.UTC),
            producer=event.producer(),
            correlation_id=correlation_id,
            subject_user_ids=subject_user_ids or [],
            traceparent=traceparent,
            data=event.model_dump(mode="json"),
        )


def event_types() -> dict[str, type[Event]]:
    """Every registered event class by routing key (imports the whole catalog first)."""
    import common.events  # noqa: F401  (registers the catalog)

    return dict(_REGISTRY)


def event_class(routing_key: str) -> type[Event] | None:
    return event_types().get(routing_key)
