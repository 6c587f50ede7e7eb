"""The signing keys held in memory by an api process, reloaded from the database now and then
so a rotation done by the CLI reaches every replica without a restart."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import structlog
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from auth.repository import keys as key_repo
from common.auth import KeyProvider, StaticKeyProvider, public_jwk, sign_access_token
from common.errors import DependencyUnavailable

if TYPE_CHECKING:
    from jose.backends.base import Key

log = structlog.get_logger("auth.keys")


@dataclass(frozen=True, slots=True)
class LoadedKey:
    kid: str
    private: RSAPrivateKey
    public: dict[str, Any]

    @classmethod
    def from_pem(cls, kid: str, pem: str) -> LoadedKey:
        """Parse once. ``common.auth`` takes a PEM string, but parsing (and validating) an RSA
        PEM costs ~70 ms, so it is handed the parsed key, which python-jose accepts as is."""
        private = load_pem_private_key(pem.encode(), None, unsafe_skip_rsa_key_validation=True)
        assert isinstance(private, RSAPrivateKey)
        return cls(kid, private, public_jwk(cast(str, private), kid))


class KeyStore:
    """Signs access tokens with the newest key, serves the JWKS and verifies tokens (it is the
    auth app's own :class:`~common.auth.KeyProvider`). ``fallback`` is consulted for kids it
    does not know (tests pass their token factory's keys)."""

    def __init__(self, *, cache_seconds: float, fallback: KeyProvider | None = None) -> None:
        self._cache_seconds = cache_seconds
        self._fallback = fallback
        self._sessionmaker: async_sessionmaker[AsyncSession] | None = None
        self._keys: list[LoadedKey] = []
        self._verifiers = StaticKeyProvider({"keys": []})
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    def bind(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker

    async def reload(self) -> None:
        assert self._sessionmaker is not None, "KeyStore.bind() was not called"
        async with self._sessionmaker() as session:
            rows = await key_repo.published(session)
        known = {key.kid: key for key in self._keys}
        loaded = [
            known.get(row.kid) or LoadedKey.from_pem(row.kid, row.private_pem) for row in rows
        ]
        self._verifiers = StaticKeyProvider({"keys": [key.public for key in loaded]})
        self._keys = loaded
        self._loaded_at = time.monotonic()

    async def _fresh(self, *, force: bool = False) -> list[LoadedKey]:
        stale = time.monotonic() - self._loaded_at > self._cache_seconds
        if stale or force:
            async with self._lock:
                if time.monotonic() - self._loaded_at > (1.0 if force else self._cache_seconds):
                    await self._reload_or_keep()
        return self._keys

    async def _reload_or_keep(self) -> None:
        """A database hiccup must not stop sign-in or verification while keys are cached."""
        try:
            await self.reload()
        except (SQLAlchemyError, OSError) as exc:
            if not self._keys:
                raise DependencyUnavailable("The signing keys cannot be loaded.") from exc
            log.warning("signing_keys_reload_failed", error=repr(exc))
            self._loaded_at = time.monotonic()

    async def jwks(self) -> dict[str, Any]:
        return {"keys": [key.public for key in await self._fresh()]}

    async def sign(
        self,
        *,
        user_id: uuid.UUID,
        role: str,
        issuer: str,
        audience: str,
        ttl: int,
        session_id: uuid.UUID | None = None,
    ) -> str:
        keys = await self._fresh()
        if not keys:
            raise RuntimeError("no signing key is published")
        signer = keys[0]
        return sign_access_token(
            cast(str, signer.private),
            signer.kid,
            user_id=user_id,
            role=role,
            issuer=issuer,
            audience=audience,
            ttl_seconds=ttl,
            session_id=session_id,
        )

    async def get(self, kid: str) -> Key | None:
        await self._fresh()
        found = await self._verifiers.get(kid)
        if found is None:
            # A kid minted by another replica after our last reload (rate-limited to 1/s).
            await self._fresh(force=True)
            found = await self._verifiers.get(kid)
        if found is None and self._fallback is not None:
            return await self._fallback.get(kid)
        return found
