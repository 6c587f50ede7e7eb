"""What an event becomes for a receiver: the matching patterns of its type, the resource its
``sequence`` counts, the payload, and the data a given recipient may see."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from common.events.base import event_types

# An event's resource is the first of these it names: an order's events (its payment and
# refunds included) share one sequence, then a subscription's, a payment's, and so on.
RESOURCE_FIELDS = (
    "order_id",
    "subscription_id",
    "payment_id",
    "product_id",
    "endpoint_id",
    "user_id",
)


def patterns_matching(event_type: str) -> list[str]:
    """Every subscription pattern that selects ``event_type``: ``*``, the type itself, and
    each ``<prefix>.*`` of it (``orders.*``, ``orders.order.*``)."""
    parts = event_type.split(".")
    return ["*", event_type, *(".".join(parts[:n]) + ".*" for n in range(1, len(parts)))]


def unknown_patterns(patterns: list[str]) -> list[str]:
    """The patterns that select no type of the catalog."""
    catalog = event_types()
    known = {pattern for key in catalog for pattern in patterns_matching(key)}
    return [pattern for pattern in patterns if pattern not in known]


def resource_of(data: dict[str, Any]) -> str | None:
    for field in RESOURCE_FIELDS:
        value = data.get(field)
        if isinstance(value, str) and value:
            return f"{field.removesuffix('_id')}:{value}"
    return None


def visible_data(data: dict[str, Any], recipient: Any, *, sees_all: bool) -> dict[str, Any]:
    """A seller sees an order's lines of its own products only, never another seller's; the
    buyer and an all-users (admin) endpoint see every line."""
    lines = data.get("lines")
    if sees_all or not isinstance(lines, list) or str(data.get("user_id")) == str(recipient):
        return data
    own = [
        line
        for line in lines
        if not isinstance(line, dict) or str(line.get("seller_id", recipient)) == str(recipient)
    ]
    return {**data, "lines": own}


def payload(
    event_type: str, occurred_at: dt.datetime, data: dict[str, Any], sequence: int
) -> bytes:
    """The body receivers get: ``{type, timestamp, data, sequence}``."""
    body = {
        "type": event_type,
        "timestamp": occurred_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
        "sequence": sequence,
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
