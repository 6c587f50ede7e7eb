"""Subscriptions: ``/api/billing/subscriptions`` at the gateway (``/subscriptions`` here)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response

from billing import cards
from billing import repository as repo
from billing.dependencies import HttpDep, NowDep, SettingsDep, SubscriptionStatusFilter, UserFilter
from billing.errors import (
    PaymentMethodNotFound,
    PaymentsUnavailable,
    StartTooFarInPast,
    SubscriptionNotFound,
    SubscriptionNotPausable,
    SubscriptionTerminated,
)
from billing.schemas import (
    SubscriptionCancel,
    SubscriptionCreate,
    SubscriptionRead,
    SubscriptionUpdate,
)
from billing.service import subscriptions as service
from common.auth import CurrentUser
from common.db import SessionDep
from common.errors import Unauthorized, error_responses
from common.idempotency import IdempotencyDep, IdempotencyKeyInFlight, IdempotencyKeyReused
from common.pagination import Page, PageDep

router = APIRouter(prefix="/subscriptions", tags=["billing"])
ONE = error_responses(Unauthorized, SubscriptionNotFound)


@router.post(
    "",
    status_code=201,
    response_model=SubscriptionRead,
    responses=error_responses(
        Unauthorized,
        PaymentMethodNotFound,
        StartTooFarInPast,
        PaymentsUnavailable,
        IdempotencyKeyInFlight,
        IdempotencyKeyReused,
    ),
)
async def create_subscription(
    body: SubscriptionCreate,
    session: SessionDep,
    user: CurrentUser,
    idempotency: IdempotencyDep,
    settings: SettingsDep,
    http: HttpDep,
    now: NowDep,
) -> Response:
    """Any signed-in user subscribes themselves: a new `active` subscription whose first charge
    is due at `start_at` (default now), then one per period. The card must be the caller's own
    (someone else's card and an unknown id give the same 422). With an `Idempotency-Key`, the
    same key and body replay the first answer (same status and body) and create nothing more;
    the same key with another body is 422, and while the first request still runs 409."""

    async def produce() -> SubscriptionRead:
        await cards.require_own_card(
            http, settings, user_id=user.user_id, method_id=body.payment_method_id
        )
        sub = await service.create(
            session,
            user_id=user.user_id,
            data=body,
            now=now,
            catch_up_limit_days=settings.catch_up_limit_days,
        )
        return service.to_read(sub)

    return await idempotency.respond(
        session, caller=str(user.user_id), status_code=201, produce=produce
    )


@router.get("", response_model=Page[SubscriptionRead], responses=error_responses(Unauthorized))
async def list_subscriptions(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    status: SubscriptionStatusFilter = None,
    user_id: UserFilter = None,
) -> Any:
    """The caller's own subscriptions, newest first, optionally filtered by `status`; an admin
    sees everyone's, or one user's with `?user_id=` (ignored for others). Read-only."""
    rows, cursor = await repo.page_subscriptions(
        session, page, user_id=service.visible_user(user, user_id), status=status
    )
    return Page(items=[service.to_read(sub) for sub in rows], next_cursor=cursor)


@router.get("/{subscription_id}", response_model=SubscriptionRead, responses=ONE)
async def get_subscription(
    subscription_id: uuid.UUID, session: SessionDep, user: CurrentUser
) -> Any:
    """One subscription with its `status`, `next_charge_at` and `current_period`, for its
    owner or an admin; another user's subscription is 404. Read-only."""
    return service.to_read(await service.get_visible(session, user, subscription_id))


@router.patch(
    "/{subscription_id}",
    response_model=SubscriptionRead,
    responses=error_responses(
        Unauthorized, SubscriptionNotFound, PaymentMethodNotFound, SubscriptionTerminated
    ),
)
async def update_subscription(
    subscription_id: uuid.UUID,
    body: SubscriptionUpdate,
    session: SessionDep,
    user: CurrentUser,
    settings: SettingsDep,
    http: HttpDep,
    now: NowDep,
) -> Any:
    """The owner or an admin sets a new `payment_method_id`, which must be the subscription
    owner's own card (otherwise 422). A charge that failed or waits for a dunning retry is
    retried with the new card at once, and a `past_due` subscription becomes `active` again.
    A cancelled subscription is 409; another user's is 404. Repeating the request sets the
    same card again (safe to retry)."""
    sub = await service.get_visible(session, user, subscription_id)
    await cards.require_own_card(
        http, settings, user_id=sub.user_id, method_id=body.payment_method_id
    )
    changed = await service.change_card(
        session, sub, payment_method_id=body.payment_method_id, now=now
    )
    return service.to_read(changed)


@router.post(
    "/{subscription_id}/cancel",
    response_model=SubscriptionRead,
    responses=ONE,
)
async def cancel_subscription(
    subscription_id: uuid.UUID,
    session: SessionDep,
    user: CurrentUser,
    now: NowDep,
    body: SubscriptionCancel | None = None,
) -> Any:
    """The owner or an admin cancels: at once (no charge is ever requested again), or with
    `{"at_period_end": true}` at the end of the current period (at once if no period has been
    charged yet, or if the subscription is `past_due`). The body is optional.
    Idempotent: cancelling an already cancelled subscription is 200 and changes nothing.
    Another user's subscription is 404."""
    sub = await service.get_visible(session, user, subscription_id, lock=True)
    at_period_end = body.at_period_end if body is not None else False
    return service.to_read(await service.cancel(session, sub, at_period_end=at_period_end, now=now))


@router.post(
    "/{subscription_id}/pause",
    response_model=SubscriptionRead,
    responses=error_responses(
        Unauthorized, SubscriptionNotFound, SubscriptionTerminated, SubscriptionNotPausable
    ),
)
async def pause_subscription(
    subscription_id: uuid.UUID, session: SessionDep, user: CurrentUser
) -> Any:
    """The owner or an admin pauses an `active` subscription: no charges while paused.
    Idempotent: pausing a paused subscription is 200 and changes nothing. A cancelled one is
    409 (`past_due` too: only an active subscription can be paused); another user's is 404."""
    sub = await service.get_visible(session, user, subscription_id, lock=True)
    return service.to_read(await service.pause(session, sub))


@router.post(
    "/{subscription_id}/resume",
    response_model=SubscriptionRead,
    responses=error_responses(Unauthorized, SubscriptionNotFound, SubscriptionTerminated),
)
async def resume_subscription(
    subscription_id: uuid.UUID, session: SessionDep, user: CurrentUser, now: NowDep
) -> Any:
    """The owner or an admin resumes a paused subscription: periods that started while paused
    are skipped and charging resumes at the next period. Idempotent: resuming a subscription
    that is not paused is 200 and changes nothing. A cancelled one is 409; another user's 404."""
    sub = await service.get_visible(session, user, subscription_id, lock=True)
    return service.to_read(await service.resume(session, sub, now=now))
