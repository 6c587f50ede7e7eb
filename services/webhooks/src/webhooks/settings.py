"""Webhooks settings from ``WEBHOOKS_*`` environment variables; every value has a local default."""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict

from common.settings import ServiceSettings
from webhooks import encryption

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# DESIGN.md's retry schedule: the delay before each retry after a failed attempt.
DEFAULT_RETRY_SCHEDULE = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)
LOOPBACK = ("127.0.0.0/8", "::1/128")


class Settings(ServiceSettings):
    # Errors never echo their input: it may hold WEBHOOKS_SECRETS_KEY.
    model_config = SettingsConfigDict(
        env_prefix="WEBHOOKS_", extra="ignore", frozen=True, hide_input_in_errors=True
    )

    service_name: str = "webhooks"
    port: int = 8006

    # Destinations. None means "the environment's default": loopback in development and test
    # (a developer's local receiver), nothing in production.
    allowed_networks: Annotated[tuple[str, ...] | None, NoDecode] = Field(
        default=None,
        description="Networks an endpoint may resolve to despite the SSRF guard (CIDR list).",
    )
    require_https: bool = False

    # Endpoint signing secrets are stored encrypted with these keys (webhooks.encryption):
    # comma-separated, newest first. The default is a public development key, refused in
    # production.
    secrets_key: Annotated[tuple[SecretStr, ...], NoDecode] = Field(
        default=(SecretStr(encryption.DEV_KEY),),
        description="Keys (32 bytes in base64, newest first) encrypting endpoint secrets.",
    )

    # Sending.
    delivery_timeout_seconds: float = Field(default=10.0, gt=0)
    retry_schedule_seconds: tuple[float, ...] = DEFAULT_RETRY_SCHEDULE
    retry_jitter: float = Field(default=0.2, ge=0, lt=1)
    max_retry_after_seconds: float = Field(default=86400.0, gt=0)
    disable_after_failing_seconds: float = Field(default=5 * 86400.0, gt=0)
    secret_overlap_seconds: float = Field(default=86400.0, ge=0)
    response_excerpt_bytes: int = Field(default=1024, ge=0)
    delivery_retention_days: float = Field(
        default=30.0, gt=0, description="Finished deliveries and their attempts are kept this long."
    )

    # The dispatcher: how many deliveries one worker keeps in flight, how many per endpoint
    # (so one slow endpoint never takes every slot), and how it claims and records them.
    max_in_flight: int = Field(default=512, ge=1)
    max_in_flight_per_endpoint: int = Field(default=32, ge=1)
    claim_batch_size: int = Field(default=256, ge=1)
    lease_margin_seconds: float = Field(default=30.0, gt=0)
    dispatch_poll_seconds: float = Field(default=1.0, gt=0)
    record_batch_size: int = Field(default=256, ge=1)
    record_interval_seconds: float = Field(default=0.01, ge=0)

    @field_validator("allowed_networks", "secrets_key", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("allowed_networks")
    @classmethod
    def _valid_networks(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for network in value or ():
            ipaddress.ip_network(network, strict=False)
        return value

    @field_validator("secrets_key")
    @classmethod
    def _valid_keys(cls, value: tuple[SecretStr, ...]) -> tuple[SecretStr, ...]:
        if not value:
            raise ValueError("WEBHOOKS_SECRETS_KEY needs at least one key")
        for key in value:
            encryption.parse_key(key.get_secret_value())
        return value

    @model_validator(mode="after")
    def _loopback_only_outside_production(self) -> Settings:
        if self.environment == "production" and any(
            ipaddress.ip_network(n, strict=False).is_loopback for n in self.allowed_networks or ()
        ):
            raise ValueError("refusing to allow loopback webhook destinations in production")
        if not self.retry_schedule_seconds:
            raise ValueError("retry_schedule_seconds needs at least one delay")
        return self

    @model_validator(mode="after")
    def _own_secrets_key_in_production(self) -> Settings:
        development = encryption.parse_key(encryption.DEV_KEY)
        if self.environment == "production" and any(
            encryption.parse_key(key) == development for key in self.secrets_key_values
        ):
            raise ValueError(
                "WEBHOOKS_SECRETS_KEY must be set in production (it is unset or holds the public "
                "development key): generate a key with "
                "`python -m webhooks.cli generate-encryption-key`"
            )
        return self

    @property
    def allowed(self) -> tuple[IPNetwork, ...]:
        """The networks the SSRF guard lets through."""
        if self.allowed_networks is not None:
            names = self.allowed_networks
        else:
            names = () if self.environment == "production" else LOOPBACK
        return tuple(ipaddress.ip_network(name, strict=False) for name in names)

    @property
    def secrets_key_values(self) -> tuple[str, ...]:
        return tuple(key.get_secret_value().strip() for key in self.secrets_key)

    @property
    def keyring(self) -> encryption.KeyRing:
        """Encrypts endpoint secrets with the newest key, decrypts with any configured one."""
        return encryption.keyring(self.secrets_key_values)

    @property
    def lease_seconds(self) -> float:
        """How long a claimed delivery belongs to one worker before another may take it."""
        return self.delivery_timeout_seconds + self.lease_margin_seconds


@cache
def get_settings() -> Settings:
    return Settings()
