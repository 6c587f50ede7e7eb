"""Endpoints: create, change, rotate the secret, disable; who may see which."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from common.auth import Principal
from common.db import utcnow
from common.events.webhooks import EndpointDisabled
from common.messaging.outbox import publish
from webhooks import signing, ssrf
from webhooks.errors import (
    AllUsersForbidden,
    EndpointNotFound,
    InvalidDestination,
    UnknownEventType,
)
from webhooks.events import unknown_patterns
from webhooks.models import Endpoint
from webhooks.repository import endpoints as repo
from webhooks.schemas import EndpointCreate, EndpointUpdate
from webhooks.settings import Settings


async def visible(
    session: AsyncSession, principal: Principal, endpoint_id: uuid.UUID, *, lock: bool = False
) -> Endpoint:
    """The endpoint if the caller owns it or is an admin; 404 otherwise (never a 403 that
    would tell another user's endpoint exists)."""
    endpoint = await repo.get(session, endpoint_id, lock=lock)
    if endpoint is None or (endpoint.user_id != principal.user_id and not principal.is_admin):
        raise EndpointNotFound()
    return endpoint


async def check_url(url: str, settings: Settings) -> None:
    try:
        await ssrf.check_url(url, allowed=settings.allowed, require_https=settings.require_https)
    except ssrf.DestinationRefused as exc:
        raise InvalidDestination(
            f"Deliveries cannot be sent to this URL: {exc}.",
            errors=[{"loc": ["body", "url"], "msg": str(exc)}],
        ) from exc


def check_event_types(patterns: Sequence[str]) -> list[str]:
    unknown = unknown_patterns(list(patterns))
    if unknown:
        raise UnknownEventType(
            f"Not in the event catalog (GET /event-types): {', '.join(unknown)}.",
            errors=[{"loc": ["body", "event_types"], "msg": f"unknown: {p}"} for p in unknown],
        )
    return list(dict.fromkeys(patterns))


def _check_all_users(principal: Principal, all_users: bool | None) -> None:
    if all_users and not principal.is_admin:
        raise AllUsersForbidden()


async def create(
    session: AsyncSession, principal: Principal, *, data: EndpointCreate, settings: Settings
) -> tuple[Endpoint, str]:
    """The new endpoint and its signing secret in plaintext (for the response, once: the row
    holds it encrypted)."""
    _check_all_users(principal, data.all_users)
    await check_url(data.url, settings)
    endpoint_id, secret = uuid.uuid4(), signing.new_secret()
    endpoint = Endpoint(
        id=endpoint_id,
        user_id=principal.user_id,
        url=data.url.strip(),
        description=data.description,
        event_types=check_event_types(data.event_types),
        all_users=data.all_users,
        enabled=True,
        secret_ciphertext=settings.keyring.encrypt(secret, endpoint_id=endpoint_id),
    )
    session.add(endpoint)
    await session.flush()
    return endpoint, secret


async def check_update(principal: Principal, data: EndpointUpdate, settings: Settings) -> None:
    """Validate a change before the endpoint's row is locked (the URL check may resolve a
    name, which must not hold a database connection)."""
    _check_all_users(principal, data.all_users)
    if data.url is not None:
        await check_url(data.url, settings)
    if data.event_types is not None:
        check_event_types(data.event_types)


async def update(session: AsyncSession, endpoint: Endpoint, *, data: EndpointUpdate) -> Endpoint:
    """Apply a change :func:`check_update` accepted."""
    if data.url is not None:
        endpoint.url = data.url.strip()
    if data.event_types is not None:
        endpoint.event_types = check_event_types(data.event_types)
    if data.description is not None:
        endpoint.description = data.description
    if data.all_users is not None:
        endpoint.all_users = data.all_users
    if data.enabled is not None and data.enabled != endpoint.enabled:
        endpoint.enabled = data.enabled
        endpoint.disabled_reason = None if data.enabled else "manual"
        endpoint.failing_since = None
        if not data.enabled:
            await repo.fail_pending(session, [endpoint.id])
    endpoint.updated_at = utcnow()
    await session.flush()
    return endpoint


async def rotate_secret(
    session: AsyncSession, endpoint: Endpoint, settings: Settings
) -> tuple[Endpoint, str]:
    """A new secret, returned in plaintext once; the current one keeps signing beside it for
    ``secret_overlap_seconds`` (a second rotation within that window drops the oldest). Both
    stay encrypted: the current ciphertext moves over as it is."""
    secret = signing.new_secret()
    endpoint.previous_secret_ciphertext = endpoint.secret_ciphertext
    endpoint.previous_secret_expires_at = utcnow() + dt.timedelta(
        seconds=settings.secret_overlap_seconds
    )
    endpoint.secret_ciphertext = settings.keyring.encrypt(secret, endpoint_id=endpoint.id)
    endpoint.updated_at = utcnow()
    await session.flush()
    return endpoint, secret


async def disable_failing(
    session: AsyncSession,
    *,
    gone: Sequence[uuid.UUID],
    failing: Sequence[uuid.UUID],
    failing_before: dt.datetime,
) -> list[Endpoint]:
    """Disable endpoints that answered 410 Gone, and those failing since before
    ``failing_before``; each owner is told by a ``webhooks.endpoint.disabled`` event."""
    disabled = [
        *await repo.disable(session, gone, reason="gone"),
        *await repo.disable(session, failing, reason="failing", failing_before=failing_before),
    ]
    for endpoint in disabled:
        await publish(
            session,
            EndpointDisabled(
                endpoint_id=endpoint.id,
                user_id=endpoint.user_id,
                url=endpoint.url,
                reason="gone" if endpoint.disabled_reason == "gone" else "failing",
                failing_since=endpoint.failing_since,
            ),
            subject_user_ids=[endpoint.user_id],
        )
    return disabled
