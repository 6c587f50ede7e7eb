"""Card ownership, asked of payments on its internal route while the user waits (a card saved
a moment ago must count, and billing has no read model of cards)."""

from __future__ import annotations

import uuid

import httpx

from billing.errors import PaymentMethodNotFound, PaymentsUnavailable
from billing.settings import Settings


async def require_own_card(
    http: httpx.AsyncClient, settings: Settings, *, user_id: uuid.UUID, method_id: uuid.UUID
) -> None:
    """Returns if the card is the user's own; an unknown id and another's card are the same 422."""
    url = (
        f"{settings.payments_url.rstrip('/')}/internal/users/{user_id}/payment-methods/{method_id}"
    )
    try:
        response = await http.get(
            url,
            headers={"X-Internal-Token": settings.internal_token},
            timeout=settings.payments_timeout_seconds,
        )
    except httpx.HTTPError as exc:
        raise PaymentsUnavailable() from exc
    if response.status_code == 404:
        raise PaymentMethodNotFound()
    if response.status_code != 200:
        raise PaymentsUnavailable()
