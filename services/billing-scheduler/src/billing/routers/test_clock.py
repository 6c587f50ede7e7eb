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
    now = await clock.move_to(session, body.now)
    await notify(session, DUE_CHANNEL)  # whatever came due runs at once
    return TestClockRead(now=now)


@router.get("/test-clock", response_model=TestClockRead, responses=error_responses(Unauthorized))
async def read_test_clock(session: SessionDep, clock: ClockDep, _: AdminUser) -> Any:
    return TestClockRead(now=await clock.now(session))
