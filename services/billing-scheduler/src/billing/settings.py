"""Billing settings from ``BILLING_*`` environment variables; every value has a local default."""

from __future__ import annotations

from functools import cache

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings

DEV_INTERNAL_TOKEN = "dev-internal-token"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BILLING_", extra="ignore", frozen=True)

    service_name: str = "billing"
    port: int = 8005

    # Card ownership is checked at payments' internal route when a subscription is created.
    payments_url: str = "http://127.0.0.1:8004"
    internal_token: str = DEV_INTERNAL_TOKEN
    payments_timeout_seconds: float = Field(default=5.0, gt=0)

    catch_up_limit_days: int = Field(
        default=31, ge=0, description="How far in the past start_at may lie (missed periods)."
    )
    dunning_retry_days: tuple[float, ...] = Field(
        default=(1.0, 3.0, 5.0), description="After a soft decline: retry after these days."
    )
    past_due_grace_days: float = Field(
        default=7.0, ge=0, description="A past_due subscription is cancelled after this."
    )

    scheduler_batch_size: int = Field(default=200, ge=1)
    scheduler_poll_seconds: float = Field(default=0.5, gt=0)
    scheduler_lease_seconds: float = Field(default=60.0, gt=0)

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        if self.environment == "production" and self.internal_token == DEV_INTERNAL_TOKEN:
            raise ValueError("refusing to start in production with the default internal_token")
        return self

    @property
    def test_clock(self) -> bool:
        """The test clock may move outside production only."""
        return self.environment != "production"


@cache
def get_settings() -> Settings:
    return Settings()
