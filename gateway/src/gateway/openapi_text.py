"""The fixed parts of the merged OpenAPI document: its description (the conventions every
endpoint follows) and the responses the gateway itself gives."""

from __future__ import annotations

from typing import Any

from common.errors import PROBLEM_JSON
from common.openapi import problem_schemas

PROBLEM_COMPONENTS = frozenset(problem_schemas())

DESCRIPTION = """\
Every service of the shop platform behind one gateway. Press **Authorize** and log in with a \
username (or email) and password (OAuth2 password flow against `/api/auth/token`), or paste an \
access token or an API key (`sk_...`). ReDoc: [/redoc](/redoc). Events on the bus: \
[/asyncapi.json](/asyncapi.json) (AsyncAPI 3).

## Roles
- **anyone** (no token): register, log in, refresh, password reset, product reads, the hosted \
checkout page, provider callbacks. These operations are marked public (`security: []`).
- **buyer** (the default role): carts, orders, cards, payments, the coin wallet, own resources.
- **seller**: owns products, ships its own order lines, is paid, refunds up to its own share, \
creates API keys.
- **admin**: sees and manages everything; list endpoints return everyone's resources, with an \
optional `?user_id=` filter.

Each operation's description says who may call it. Another user's private resource answers 404 \
(its existence is never revealed); a role that may never call an operation gets 403.

## Money
Integer **minor units** plus an ISO 4217 currency: `{"amount": 1999, "currency": "USD"}` is \
19.99 USD (and 1999 JPY is 1999 yen). Never floats: a string, a decimal or a non-positive amount \
where one must be positive is 422, and so is mixing currencies in one operation.

## Idempotency
Every POST that moves money or creates an order accepts an `Idempotency-Key` header (any \
unique string, e.g. a UUID). The same key with the same body replays the first response \
(same status and body); the same key with a different body is 422; the same key while the \
first request is still running is 409. Keys are per caller and kept at least 24 hours.

## Pagination
Lists take `?limit=` (1..100, default 20) and `?cursor=` and answer \
`{"items": [...], "next_cursor": "..." | null}`, newest first. Pass `next_cursor` back as \
`cursor` for the next page; cursors are opaque and stable while new items are added. \
Resources with a status accept a `status` filter.

## Errors
Every error is RFC 9457 `application/problem+json`: \
`{"type", "title", "status", "detail", "code"}`, where `code` is stable and machine-readable \
(`product_not_found`, `refund_exceeds_capture`, ...). A 422 (schema `ValidationProblem`) adds \
`errors: [{"loc": ["body", "price"], "msg": "..."}]`. 400 malformed body, 401 no or bad \
credentials, 403 not allowed, 404 not found, 409 conflicts with the current state, 413 body \
too large, 422 invalid field, 429 rate limited (see `Retry-After`), 502/503/504 a service is \
unreachable, down or too slow (retry later). Every response carries `X-Request-ID`.

## Events
Services talk through events on RabbitMQ (topic exchange `shop.events`, routing key = event \
type such as `orders.order.paid`). Orders, payments and refunds therefore move through their \
states asynchronously: a new order is `pending` until the catalog has reserved its stock \
(`awaiting_payment`), and a card payment answers 202 `processing` until the acquirer settles \
it. Poll the resource (or subscribe a webhook) to see the result. The events, their payloads \
and which service publishes and consumes each are in [/asyncapi.json](/asyncapi.json).
"""


def _problem(status: int, description: str, *, headers: dict[str, Any] | None = None) -> Any:
    response: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if headers:
        response["headers"] = headers
    return response


GATEWAY_RESPONSES: dict[str, Any] = {
    "Unauthorized": _problem(
        401, "unauthorized: no, or an invalid, expired or revoked access token or API key"
    ),
    "NotFound": _problem(404, "not_found: no such resource (or not yours)"),
    "ContentTooLarge": _problem(413, "content_too_large: the body exceeds the gateway's cap"),
    "RateLimited": _problem(
        429,
        "too_many_requests: too many requests from this caller; retry after `Retry-After` seconds",
        headers={
            "Retry-After": {
                "description": "Seconds to wait before retrying.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    ),
    "BadGateway": _problem(502, "bad_gateway: the service dropped the connection"),
    "ServiceUnavailable": _problem(
        503, "service_unavailable: the service (or its database) is down"
    ),
    "GatewayTimeout": _problem(504, "gateway_timeout: the service did not answer in time"),
}
