"""``POST /test-clock {now}`` (admin, outside production): moves billing's time forward."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from billing.dependencies import ClockDep
from billing.schemas import TestClockRead, TestClockSet
from billing.service.subscriptions import DUE_CHANNEL
from common.auth import AdminUser
from common.clock import ClockCannotGoBack, TestClockDisabled
from common.db import SessionDep
from common.duework import notify
from common.errors import Forbidden, Unauthorized, error_responses

router = APIRouter(tags=["billing"])


@router.post(
    "/test-clock",
    response_model=TestClockRead,
    responses=error_responses(Unauthorized, Forbidden, ClockCannotGoBack, TestClockDisabled),
)
async def move_test_clock(
    body: TestClockSet, session: SessionDep, clock: ClockDep, _: AdminUser
) -> Any:
    """Admins only, outside production (in production 404): moves billing's clock forward to
    `now`, and whatever came due runs at once; the clock then runs on from there. Only
    forward: an earlier time is 409, so repeating the same request later is 409 too (not
    idempotent: read `GET /test-clock` and send a later time)."""
    now = await clock.move_to(session, body.now)
    await notify(session, DUE_CHANNEL)  # whatever came due runs at once
    return TestClockRead(now=now)


@router.get("/test-clock", response_model=TestClockRead, responses=error_responses(Unauthorized))
async def read_test_clock(session: SessionDep, clock: ClockDep, _: AdminUser) -> Any:
    """Admins only: the time billing currently reads (the wall clock plus the test clock's
    offset outside production; the wall clock in production). Read-only."""
    return TestClockRead(now=await clock.now(session))
