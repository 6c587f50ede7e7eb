"""Request dependencies: the secret-key check, injected latency, the notifier and settings."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from sandbox_provider.errors import InvalidApiKey
from sandbox_provider.faults import Behaviour
from sandbox_provider.notifications import Notifier
from sandbox_provider.settings import Settings


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_behaviour(request: Request) -> Behaviour:
    behaviour: Behaviour = request.app.state.behaviour
    return behaviour


async def get_notifier(request: Request) -> Notifier:
    notifier: Notifier = request.app.state.notifier
    return notifier


SettingsDep = Annotated[Settings, Depends(get_settings)]
BehaviourDep = Annotated[Behaviour, Depends(get_behaviour)]
NotifierDep = Annotated[Notifier, Depends(get_notifier)]


async def require_secret_key(request: Request, settings: SettingsDep) -> None:
    scheme, _, key = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        key.strip().encode(), settings.api_key.encode()
    ):
        raise InvalidApiKey()


async def simulated_latency(behaviour: BehaviourDep) -> None:
    await behaviour.delay()
