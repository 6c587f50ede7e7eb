"""Annotated aliases the routers share: settings, the clock's time, the HTTP client, filters."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

import httpx
from fastapi import Depends, Query, Request

from billing.clock import billing_clock
from billing.schemas import ChargeStatus, SubscriptionStatus
from billing.settings import Settings
from common.clock import Clock
from common.db import SessionDep


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _http(request: Request) -> httpx.AsyncClient:
    http: httpx.AsyncClient = request.app.state.http
    return http


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
