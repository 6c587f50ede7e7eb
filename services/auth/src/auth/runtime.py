"""What the auth services need besides a session, built once per process in the lifespan."""

from __future__ import annotations

from dataclasses import dataclass

from redis.asyncio import Redis

from auth.keystore import KeyStore
from auth.passwords import PasswordHasher
from auth.settings import Settings
from auth.throttle import LoginThrottle
from common.revocation import RevocationCheck


def password_hasher(settings: Settings) -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_cost,
        parallelism=settings.argon2_parallelism,
    )


@dataclass(frozen=True, slots=True)
class Runtime:
    settings: Settings
    passwords: PasswordHasher
    keys: KeyStore
    redis: Redis
    throttle: LoginThrottle
    # This process's memory of "not revoked" answers, dropped when it revokes something.
    revocation: RevocationCheck | None = None

    def revoked(self) -> None:
        """Something was just revoked: this process stops trusting remembered answers."""
        if self.revocation is not None:
            self.revocation.forget()

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        keys: KeyStore,
        redis: Redis,
        revocation: RevocationCheck | None = None,
    ) -> Runtime:
        throttle = LoginThrottle(
            redis,
            prefix=settings.redis_prefix,
            account_limit=settings.login_max_failures,
            ip_limit=settings.login_ip_max_failures,
            window=settings.login_window_seconds,
        )
        return cls(settings, password_hasher(settings), keys, redis, throttle, revocation)
