"""Catalog settings, read from ``CATALOG_*`` environment variables."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings, refuse_default_secrets

DEV_INTERNAL_TOKEN = "dev-internal-token"  # refused in production


def _seconds_or_duration(value: Any) -> Any:
    """``CATALOG_RESERVATION_TTL=1800`` means seconds; ISO 8601 (``PT30M``) works too."""
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return value


Duration = Annotated[dt.timedelta, BeforeValidator(_seconds_or_duration)]


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CATALOG_", extra="ignore", frozen=True)

    service_name: str = "catalog"
    port: int = 8002

    reservation_ttl: Duration = Field(
        default=dt.timedelta(minutes=30),
        gt=dt.timedelta(0),
        description="How long stock stays held for an unpaid order (seconds or ISO 8601).",
    )
    expiry_interval_seconds: float = Field(default=3.0, gt=0)
    expiry_batch_size: int = Field(default=200, ge=1, le=10_000)
    internal_token: str = Field(
        default=DEV_INTERNAL_TOKEN,
        description="Shared secret of service-to-service routes (/internal/...): X-Internal-Token.",
    )

    @model_validator(mode="after")
    def _refuse_dev_secrets(self) -> Settings:
        refuse_default_secrets(self, "internal_token")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
