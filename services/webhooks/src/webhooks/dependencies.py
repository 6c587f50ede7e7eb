"""Annotated dependencies: settings and path ids."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Path, Request

from webhooks.settings import Settings


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(_settings)]
EndpointId = Annotated[uuid.UUID, Path(description="The endpoint's id")]
DeliveryId = Annotated[uuid.UUID, Path(description="The delivery's id (its webhook-id)")]
