"""Request dependencies: the runtime (settings, behaviour, notifier), the secret-key check and
injected latency."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Request

from common.runtime import runtime_dependency
from sandbox_provider.errors import InvalidApiKey
from sandbox_provider.faults import Behaviour
from sandbox_provider.notifications import Notifier
from sandbox_provider.runtime import Runtime
from sandbox_provider.settings import Settings

RuntimeDep = Annotated[Runtime, Depends(runtime_dependency(Runtime))]


async def get_settings(runtime: RuntimeDep) -> Settings:
    return runtime.settings


async def get_behaviour(runtime: RuntimeDep) -> Behaviour:
    return runtime.behaviour


async def get_notifier(runtime: RuntimeDep) -> Notifier:
    return runtime.notifier


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
