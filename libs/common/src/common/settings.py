"""Base settings every service extends: environment variables with a per-service prefix."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]

POSTGRES_DEFAULT = "postgresql+asyncpg://postgres@127.0.0.1:5432"
AMQP_DEFAULT = "amqp://guest:guest@127.0.0.1:5672/"


class ServiceSettings(BaseSettings):
    """Settings shared by every service; subclasses set `env_prefix` (e.g. ``PAYMENTS_``).

    Every value has a local default so `make run` works with no configuration at all.
    """

    model_config = SettingsConfigDict(env_prefix="SHOP_", extra="ignore", frozen=True)

    service_name: str = "service"
    environment: Environment = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "INFO"
    access_log: bool = True
    metrics_dir: str = ""
    """prometheus-client's multiprocess directory when workers > 1 ('' = a temporary one)."""
    worker_metrics_port: int | None = None
    """The worker's Prometheus /metrics on host:port. None: the api's port + 1000 in a worker
    process (``run_worker``; a Worker run by a test serves none); 0 or less: off."""

    database_url: str = ""
    # Per process. PostgreSQL allows 100 connections by default and a full `make run` starts
    # about a dozen processes, so each keeps a small pool.
    database_pool_size: int = 8
    database_max_overflow: int = 4

    amqp_url: str = AMQP_DEFAULT
    events_exchange: str = "shop.events"
    queue_prefix: str = ""
    consumer_prefetch: int = 100
    consumer_max_attempts: int = 5
    consumer_retry_base_seconds: float = 0.5
    relay_batch_size: int = 500
    relay_poll_seconds: float = 1.0
    fast_path: bool = True
    """A worker publishes the events it writes right after their commit
    (common.messaging.fastpath); the relay stays the safety net."""
    fast_path_api: bool = False
    """The same in the api processes (each then holds a broker connection)."""
    fast_path_lease_seconds: float = 2.0
    """How long the relay leaves a fast-path row alone: what a crash after commit delays the
    row by. Short, because a publisher slower than this only causes a duplicate (inboxes drop
    it), while a long lease left a killed worker's events unseen for that long (a payment
    then found its order "unknown here yet")."""
    bus_gauges_seconds: float = 15.0
    """How often a worker samples its outbox backlog and dead-letter queue."""

    jwks_url: str = "http://127.0.0.1:8001/.well-known/jwks.json"
    jwt_issuer: str = "shop-auth"
    jwt_audience: str = "shop-api"
    # Where auth records revoked tokens (common.revocation); empty turns the check off.
    redis_url: str = "redis://127.0.0.1:6379/0"
    revocation_cache_seconds: float = 1.0

    idempotency_wait_seconds: float = 10.0
    idempotency_ttl_hours: int = 24

    @model_validator(mode="after")
    def _fill_database_url(self) -> ServiceSettings:
        if not self.database_url:
            object.__setattr__(
                self, "database_url", f"{POSTGRES_DEFAULT}/{self.service_name.replace('-', '_')}"
            )
        return self

    @property
    def queue_name(self) -> str:
        """The service's durable event queue, e.g. ``payments.events``."""
        return f"{self.queue_prefix}{self.service_name}.events"


def refuse_default_secrets(settings: BaseSettings, *names: str) -> None:
    """Refuse to start in production while a secret still has its development default."""
    if getattr(settings, "environment", "development") != "production":
        return
    fields = type(settings).model_fields
    weak = [name for name in names if getattr(settings, name) == fields[name].default]
    if weak:
        raise RuntimeError(f"refusing to start in production with default secrets: {weak}")


__all__ = ["Environment", "ServiceSettings", "refuse_default_secrets"]
