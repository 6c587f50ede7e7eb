"""Orders settings, read from ``ORDERS_*`` environment variables."""

from __future__ import annotations

from functools import cache

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings, refuse_default_secrets

DEV_INTERNAL_TOKEN = "dev-internal-token"  # refused in production


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ORDERS_", extra="ignore", frozen=True)

    service_name: str = "orders"
    port: int = 8003
    expiry_job_interval_seconds: float = 15.0
    expiry_job_batch_size: int = 200
    # An order placed is on the bus right after its commit (the saga's first hop); the
    # worker's relay remains the safety net.
    fast_path_api: bool = True

    # Read your writes: a product the read model has not seen yet is looked up at the catalog.
    catalog_url: str = "http://127.0.0.1:8002"
    internal_token: str = Field(
        default=DEV_INTERNAL_TOKEN, description="X-Internal-Token for the catalog's /internal."
    )
    catalog_timeout_seconds: float = Field(default=2.0, gt=0)

    @model_validator(mode="after")
    def _refuse_dev_secrets(self) -> Settings:
        refuse_default_secrets(self, "internal_token")
        return self


@cache
def get_settings() -> Settings:
    return Settings()
