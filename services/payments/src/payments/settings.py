"""Payments settings from ``PAYMENTS_*`` environment variables; every value has a local default."""

from __future__ import annotations

from functools import cache

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from common.money import CurrencyCode
from common.settings import ServiceSettings

DEV_PROVIDER_API_KEY = "sk_sandbox_dev"
DEV_PROVIDER_WEBHOOK_SECRET = "whsec_sandbox_dev"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PAYMENTS_", extra="ignore", frozen=True)

    service_name: str = "payments"
    port: int = 8004

    provider_name: str = "sandbox"
    provider_url: str = "http://127.0.0.1:8010"
    provider_api_key: str = DEV_PROVIDER_API_KEY
    provider_webhook_secret: str = DEV_PROVIDER_WEBHOOK_SECRET
    provider_timeout: float = 10.0

    # Card processing by the worker: a claimed payment is leased for processing_timeout_seconds;
    # past it (a crashed or stuck worker) the payment is due again and resolved by a status check.
    processing_timeout_seconds: float = 30.0
    max_attempts: int = 5
    retry_base_seconds: float = 1.0
    retry_max_seconds: float = 300.0
    worker_poll_seconds: float = 1.0
    worker_batch_size: int = 20

    wallet_currency: CurrencyCode = "USD"
    # How long a payment for an order not yet confirmed here waits for the confirmation event
    # (without holding a database connection) before it is refused with 409.
    order_confirmation_wait_seconds: float = 3.0

    public_base_url: str = "http://localhost:8000"
    checkout_session_ttl_minutes: int = 30
    checkout_wait_seconds: float = 5.0

    @model_validator(mode="after")
    def _refuse_dev_secrets_in_production(self) -> Settings:
        if self.environment == "production" and (
            self.provider_api_key == DEV_PROVIDER_API_KEY
            or self.provider_webhook_secret == DEV_PROVIDER_WEBHOOK_SECRET
        ):
            raise ValueError("refusing to start in production with the sandbox's dev secrets")
        return self


@cache
def get_settings() -> Settings:
    return Settings()
