"""Orders settings, read from ``ORDERS_*`` environment variables."""

from __future__ import annotations

from functools import cache

from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERS_", extra="ignore", frozen=True)

    service_name: str = "orders"
    port: int = 8003
    expiry_job_interval_seconds: float = 15.0
    expiry_job_batch_size: int = 200


@cache
def get_settings() -> Settings:
    return Settings()
