"""Annotated aliases the routers share: the runtime (settings, the HTTP client), the clock's
time, filters."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import httpx
from fastapi import Depends, Query

from billing.clock import billing_clock
from billing.runtime import Runtime
from billing.schemas import ChargeStatus, SubscriptionStatus
from billing.settings import Settings
from common.clock import Clock
from common.db import SessionDep
from common.runtime import runtime_dependency

RuntimeDep = Annotated[Runtime, Depends(runtime_dependency(Runtime))]


async def _settings(runtime: RuntimeDep) -> Settings:
    return runtime.settings


async def _http(runtime: RuntimeDep) -> httpx.AsyncClient:
    return runtime.http


SettingsDep = Annotated[Settings, Depends(_settings)]
HttpDep = Annotated[httpx.AsyncClient, Depends(_http)]


def _clock(settings: SettingsDep) -> Clock:
    return billing_clock(settings)


ClockDep = Annotated[Clock, Depends(_clock)]


async def _now(session: SessionDep, clock: ClockDep) -> dt.datetime:
    return await clock.now(session)


NowDep = Annotated[dt.datetime, Depends(_now)]
UserFilter = Annotated[uuid.UUID | None, Query(description="Admins only: this user's rows")]
SubscriptionStatusFilter = Annotated[SubscriptionStatus | None, Query()]
ChargeStatusFilter = Annotated[ChargeStatus | None, Query()]
