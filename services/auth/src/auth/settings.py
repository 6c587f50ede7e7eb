"""Settings of the auth service (environment prefix ``AUTH_``); every value has a local default."""

from __future__ import annotations

from functools import cache

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict

from common.settings import ServiceSettings, refuse_default_secrets

DEV_INTERNAL_TOKEN = "dev-internal-token"
DEV_ADMIN_PASSWORD = "admin-password-change-me"
DEV_CODE_SECRET = "dev-code-secret"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUTH_")

    service_name: str = "auth"
    port: int = 8001

    redis_url: str = "redis://127.0.0.1:6379/0"
    redis_prefix: str = "auth:"

    access_token_ttl_seconds: int = 900
    api_key_token_ttl_seconds: int = 300
    refresh_token_ttl_days: int = 30
    key_cache_seconds: float = 60.0

    argon2_time_cost: int = 2
    argon2_memory_cost: int = 19456
    argon2_parallelism: int = 1

    login_max_failures: int = 5
    login_ip_max_failures: int = 20
    login_window_seconds: int = 900

    code_ttl_seconds: int = 900
    code_max_attempts: int = 5
    code_resend_seconds: int = 60
    code_secret: str = DEV_CODE_SECRET
    codes_per_address_per_day: int = 5
    email_change_cooldown_seconds: int = 300

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0
    email_from: str = "Shop <no-reply@shop.local>"
    email_batch_size: int = 50
    email_poll_seconds: float = 2.0
    email_max_attempts: int = 8
    email_retry_base_seconds: float = 5.0

    internal_token: str = DEV_INTERNAL_TOKEN

    admin_email: str = "admin@example.com"
    admin_username: str = "admin"
    admin_password: str = DEV_ADMIN_PASSWORD

    @model_validator(mode="after")
    def _refuse_dev_secrets(self) -> Settings:
        refuse_default_secrets(self, "internal_token", "admin_password", "code_secret")
        return self


@cache
def get_settings() -> Settings:
    return Settings()
