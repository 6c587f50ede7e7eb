"""Gateway settings, read from ``GATEWAY_*`` environment variables; every default works locally."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from common import registry
from common.settings import Environment
from gateway.cors import LOOPBACK_ORIGINS

DEV_INTERNAL_TOKEN = "dev-internal-token"  # a development default, refused in production


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore", frozen=True)

    service_name: str = "gateway"
    environment: Environment = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1, description="uvicorn worker processes")
    log_level: str = "INFO"
    access_log: bool = True
    ops_host: str = Field(
        default="127.0.0.1",
        description="Where /metrics, /readyz and the docs rebuild listen: an internal address.",
    )
    ops_port: int = Field(default=8009, ge=1, le=65535)
    forwarded_allow_ips: str = Field(
        default="",
        description="Proxies whose X-Forwarded-For/-Proto the gateway trusts ('' = none: the "
        "gateway is the edge and the TCP peer is the client).",
    )

    upstreams: dict[str, str] = Field(
        default_factory=dict,
        description="Where each prefix goes: /api/<name>/... -> URL. Filled from the service "
        "registry (127.0.0.1:<port>), overridden per service by GATEWAY_<NAME>_URL or a "
        "<name>_url keyword.",
    )

    # Browser origins allowed to call the API (exact "https://shop.example", or any port with
    # "http://localhost:*"). Unset: none in production, loopback origins otherwise.
    cors_allow_origins: tuple[str, ...] | None = None

    # Access tokens (the auth service's JWKS) and their revocation list.
    jwks_url: str = "http://127.0.0.1:8001/.well-known/jwks.json"
    jwks_cache_seconds: float = Field(default=300.0, gt=0)
    jwt_issuer: str = "shop-auth"
    jwt_audience: str = "shop-api"
    token_cache_seconds: float = Field(
        default=60.0, ge=0, description="How long a verified token's signature check is reused."
    )
    token_cache_size: int = Field(default=50_000, ge=1)
    revocation_cache_seconds: float = Field(
        default=1.0,
        ge=0,
        description="How long a 'not revoked' answer from Redis is reused (0: every request).",
    )
    redis_url: str = "redis://127.0.0.1:6379/0"

    # API keys (sk_...): introspected at auth's internal endpoint, cached briefly.
    internal_token: str = DEV_INTERNAL_TOKEN
    api_key_cache_seconds: float = Field(default=30.0, ge=0)
    api_key_negative_cache_seconds: float = Field(default=5.0, ge=0)

    # Upstream connections.
    connect_timeout_seconds: float = Field(default=5.0, gt=0)
    read_timeout_seconds: float = Field(default=30.0, gt=0)
    upstream_connections_per_host: int = Field(default=100, ge=1)
    upstream_keepalive_seconds: float = Field(
        default=4.0, gt=0, description="Below uvicorn's 5 s idle timeout, so reuse never races it."
    )
    max_body_bytes: int = Field(default=1024 * 1024, ge=0)

    # Rate limits, per gateway process (token buckets); 0 disables a limit.
    login_rate_limit_per_minute: int = Field(default=10, ge=0)
    rate_limit_per_minute: int = Field(default=600, ge=0)

    # The merged OpenAPI document.
    openapi_cache_seconds: float = Field(default=30.0, ge=0)
    openapi_fetch_timeout_seconds: float = Field(default=3.0, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _collect_upstreams(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        upstreams = {name: f"http://127.0.0.1:{port}" for name, port in registry.routed().items()}
        for name in upstreams:
            from_env = os.environ.get(f"GATEWAY_{name.upper()}_URL")
            if from_env:
                upstreams[name] = from_env
        for key in [k for k in data if k.endswith("_url") and k not in cls.model_fields]:
            upstreams[key.removesuffix("_url")] = data.pop(key)
        return {**data, "upstreams": upstreams | dict(data.get("upstreams") or {})}

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.environment == "production" and self.internal_token == DEV_INTERNAL_TOKEN:
            raise ValueError("refusing to run in production with the default internal_token")
        return self

    @property
    def cors_origins(self) -> tuple[str, ...]:
        if self.cors_allow_origins is not None:
            return self.cors_allow_origins
        return () if self.environment == "production" else LOOPBACK_ORIGINS

    @property
    def services(self) -> dict[str, str]:
        """Service name (the path segment after /api/) -> its base URL."""
        return dict(self.upstreams)

    @property
    def auth_url(self) -> str:
        """The auth service, where API keys are introspected."""
        return self.upstreams["auth"]


@lru_cache
def get_settings() -> Settings:
    return Settings()
