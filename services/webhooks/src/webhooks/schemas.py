"""API shapes: endpoints, their secrets, deliveries with their attempts, the event catalog."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field

from common.pagination import Page

# PostgreSQL text cannot hold NUL; no field here needs control characters.
_NO_CONTROL = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
EventPattern = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True, pattern=_NO_CONTROL),
]
Url = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2048, strip_whitespace=True, pattern=_NO_CONTROL),
]
Description = Annotated[str, StringConstraints(max_length=500, pattern=_NO_CONTROL)]
DeliveryStatus = Literal["pending", "succeeded", "failed"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EndpointCreate(_Strict):
    url: Url = Field(examples=["https://shop.example/hooks"])
    event_types: list[EventPattern] = Field(
        min_length=1, max_length=50, examples=[["payments.payment.succeeded", "orders.*"]]
    )
    description: Description = ""
    all_users: bool = Field(
        default=False, description="Admins only: receive every user's events, not just yours."
    )


class EndpointUpdate(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://shop.example/hooks",
                    "event_types": ["payments.payment.succeeded", "orders.*"],
                    "description": "Order and payment updates for the shop backend",
                    "enabled": True,
                }
            ]
        },
    )

    url: Url | None = None
    event_types: list[EventPattern] | None = Field(default=None, min_length=1, max_length=50)
    description: Description | None = None
    enabled: bool | None = None
    all_users: bool | None = None


class EndpointRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    url: str
    description: str
    event_types: list[str]
    all_users: bool
    status: Literal["enabled", "disabled"]
    disabled_reason: str | None
    failing_since: dt.datetime | None
    last_success_at: dt.datetime | None
    previous_secret_expires_at: dt.datetime | None = Field(
        description="Until then the secret before the last rotation also signs deliveries."
    )
    created_at: dt.datetime
    updated_at: dt.datetime


class EndpointCreated(EndpointRead):
    secret: str = Field(description="The signing secret (whsec_...): shown this once.")


class EndpointSecret(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    secret: str = Field(description="The new signing secret: shown this once.")
    previous_secret_expires_at: dt.datetime | None


EndpointList = Page[EndpointRead]


class AttemptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    attempted_at: dt.datetime
    trigger: Literal["automatic", "manual"]
    status_code: int | None = Field(description="None when no answer came (timeout, refused).")
    duration_ms: int
    response_excerpt: str = Field(description="The first KiB of the response body.")
    error: str | None


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID = Field(description="The webhook-id header, the same on every attempt.")
    endpoint_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    status: DeliveryStatus
    next_attempt_at: dt.datetime | None
    last_status_code: int | None
    created_at: dt.datetime
    updated_at: dt.datetime
    attempts: list[AttemptRead]


class DeliveryDetail(DeliveryRead):
    payload_bytes: bytes = Field(exclude=True)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def payload(self) -> dict[str, Any]:
        """The body as sent: ``{type, timestamp, data, sequence}``."""
        parsed: dict[str, Any] = json.loads(self.payload_bytes)
        return parsed


DeliveryList = Page[DeliveryRead]


class EventTypeRead(BaseModel):
    type: str
    description: str
    schema_: dict[str, Any] = Field(alias="schema", serialization_alias="schema")

    model_config = ConfigDict(populate_by_name=True)


class EventTypeList(BaseModel):
    items: list[EventTypeRead]
