"""Annotated dependencies: the runtime, settings and path ids."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path

from common.runtime import runtime_dependency
from webhooks.runtime import Runtime
from webhooks.settings import Settings

RuntimeDep = Annotated[Runtime, Depends(runtime_dependency(Runtime))]


async def _settings(runtime: RuntimeDep) -> Settings:
    return runtime.settings


SettingsDep = Annotated[Settings, Depends(_settings)]
EndpointId = Annotated[uuid.UUID, Path(description="The endpoint's id")]
DeliveryId = Annotated[uuid.UUID, Path(description="The delivery's id (its webhook-id)")]
