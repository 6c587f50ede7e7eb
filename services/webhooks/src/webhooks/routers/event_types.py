"""The public catalog of event types a webhook endpoint can subscribe to."""

from __future__ import annotations

from functools import cache

from fastapi import APIRouter

from common.events.base import event_types
from webhooks.schemas import EventTypeList, EventTypeRead

router = APIRouter(tags=["webhook event types"])


@cache
def _catalog() -> EventTypeList:
    items = [
        EventTypeRead(
            type=key,
            description=(event_type.__doc__ or "").strip().split("\n\n")[0],
            schema_=event_type.model_json_schema(mode="serialization"),
        )
        for key, event_type in sorted(event_types().items())
    ]
    return EventTypeList(items=items)


@router.get("/event-types", response_model=EventTypeList, response_model_by_alias=True)
async def list_event_types() -> EventTypeList:
    """Every event type with the JSON schema of its ``data`` (the same schemas the platform's
    contract tests hold). Deliveries carry ``{type, timestamp, data, sequence}``."""
    return _catalog()
