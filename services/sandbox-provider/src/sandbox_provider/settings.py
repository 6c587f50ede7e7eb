"""Sandbox settings, read from ``SANDBOX_*`` environment variables."""

from __future__ import annotations

from functools import lru_cache

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings

DEV_API_KEY = "sk_sandbox_dev"
DEV_WEBHOOK_SECRET = "whsec_sandbox_dev"
DEV_FINGERPRINT_SECRET = "fp_sandbox_dev"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SANDBOX_")

    service_name: str = "sandbox_provider"
    port: int = 8010

    api_key: str = DEV_API_KEY
    webhook_secret: str = DEV_WEBHOOK_SECRET
    fingerprint_secret: str = DEV_FINGERPRINT_SECRET

    callback_url: str = "http://127.0.0.1:8004/providers/sandbox/callback"
    callbacks_enabled: bool = True
    callback_timeout_seconds: float = 5.0
    callback_retry_seconds: tuple[float, ...] = (0.5, 2.0, 5.0)
    """Pauses between delivery attempts: one first try, then one retry per entry."""
    callback_batch_window_seconds: float = 0.01
    """Notices that commit within this window go out together, in one signed POST."""

    test_controls: bool | None = None
    """The fault-injection endpoints; default on in development and test, off in production."""

    @model_validator(mode="after")
    def _default_test_controls(self) -> Settings:
        if self.test_controls is None:
            object.__setattr__(self, "test_controls", self.environment != "production")
        return self


def refuse_development_secrets(settings: Settings) -> None:
    """Refuse to run in production with the published development keys."""
    if settings.environment != "production":
        return
    defaults = {
        "api_key": DEV_API_KEY,
        "webhook_secret": DEV_WEBHOOK_SECRET,
        "fingerprint_secret": DEV_FINGERPRINT_SECRET,
    }
    weak = [name for name, value in defaults.items() if getattr(settings, name) == value]
    if weak:
        raise RuntimeError(f"refusing to start in production with development secrets: {weak}")


@lru_cache
def get_settings() -> Settings:
    return Settings()
