"""Who is calling: access tokens (JWKS signature, exp, iss, aud, then revocation) and API keys.

A verified token's claims are kept for a short while (never past its ``exp``) so the RSA check
runs once per token rather than once per request. The revocation lookup in Redis
(:mod:`common.revocation`: the user's "issued before T" mark and the token's session, a
sign-in or an API key) is remembered per token for ``revocation_cache_seconds`` (default 1 s;
0 = ask Redis on every request), and that memory is dropped whenever a request that changes
accounts (any POST/PUT/PATCH/DELETE under /api/auth) passes through, so a revoked token is
refused by the next request through this gateway process, and by every process within
``revocation_cache_seconds``.

``Bearer sk_...`` is an API key: auth's internal introspection endpoint trades it for a
short-lived access token, which is cached (never past its expiry) and forwarded instead of
the key. Unknown keys are cached as refused for a few seconds. A cached token found revoked
is dropped and the key introspected again: a deleted key is then refused by auth, while a
key whose owner only changed the password gets a fresh token.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import time
from dataclasses import dataclass

import aiohttp
import structlog
from redis.asyncio import Redis

from common.auth import Principal, TokenVerifier
from common.errors import DependencyUnavailable, Unauthorized
from common.revocation import RevocationCheck
from gateway.cache import TTLCache
from gateway.settings import Settings

API_KEY_PREFIX = "sk_"
_REFUSED = frozenset({400, 401, 422})  # auth's answers meaning "this key is no good"
_EXPIRY_MARGIN_SECONDS = 5.0
log = structlog.get_logger("gateway.authn")


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated caller and the Authorization header to forward (None: unchanged)."""

    user_id: str
    role: str
    authorization: bytes | None = None


@dataclass(frozen=True, slots=True)
class _Verified:
    principal: Principal
    user_id: str
    expires_at: float


@dataclass(frozen=True, slots=True)
class _KeyAnswer:
    """An introspection result: the access token to use, or None when auth refused the key."""

    access_token: str | None


def bearer_credentials(authorization: bytes) -> str | None:
    """The credentials of an ``Authorization: Bearer ...`` header, or None for other schemes."""
    scheme, _, credentials = authorization.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer":
        return None
    credentials = credentials.strip()
    return credentials or None


def _token_expiry(token: str) -> float:
    """``exp`` of a token whose signature has already been verified."""
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return float(claims["exp"])


class Authenticator:
    def __init__(
        self,
        settings: Settings,
        *,
        verifier: TokenVerifier,
        redis: Redis,
        http: aiohttp.ClientSession,
    ) -> None:
        self._settings = settings
        self._verifier = verifier
        self._redis = redis
        self._http = http
        self._introspect_url = f"{settings.auth_url.rstrip('/')}/internal/api-keys/introspect"
        self._tokens: TTLCache[_Verified] = TTLCache(settings.token_cache_size)
        self._keys: TTLCache[_KeyAnswer] = TTLCache(settings.token_cache_size)
        self._revocation = RevocationCheck(redis, cache_seconds=settings.revocation_cache_seconds)
        self._inflight: dict[str, asyncio.Future[_KeyAnswer]] = {}

    async def authenticate(self, authorization: bytes) -> Caller:
        """The caller behind an Authorization header; Unauthorized (401) or
        DependencyUnavailable (503: keys, auth or the revocation store unreachable)."""
        credentials = bearer_credentials(authorization)
        if credentials is None:
            raise Unauthorized("Send 'Authorization: Bearer <access token or API key>'.")
        if credentials.startswith(API_KEY_PREFIX):
            return await self._api_key_caller(credentials)
        verified = await self._verify(credentials)
        await self._refuse_revoked(verified)
        return Caller(verified.user_id, verified.principal.role)

    async def _api_key_caller(self, key: str) -> Caller:
        digest = hashlib.sha256(key.encode()).hexdigest()
        for attempt in range(2):
            access_token = await self._exchange_api_key(key, digest)
            verified = await self._verify(access_token)
            try:
                await self._refuse_revoked(verified)
            except Unauthorized:
                self._keys.pop(digest)
                if attempt:
                    raise
                continue
            forward = f"Bearer {access_token}".encode("latin-1")
            return Caller(verified.user_id, verified.principal.role, forward)
        raise AssertionError("unreachable")

    async def _verify(self, token: str) -> _Verified:
        verified = self._tokens.get(token)
        if verified is None:
            principal = await self._verifier.verify(token)
            verified = _Verified(principal, str(principal.user_id), _token_expiry(token))
            lifetime = verified.expires_at - time.time()
            self._tokens.set(token, verified, min(self._settings.token_cache_seconds, lifetime))
        elif verified.expires_at <= time.time():
            raise Unauthorized("The access token is invalid or expired.")
        return verified

    def accounts_changed(self) -> None:
        """Forget remembered revocation answers (a session or account may just have ended)."""
        self._revocation.forget()

    async def _refuse_revoked(self, verified: _Verified) -> None:
        principal = verified.principal
        await self._revocation.refuse_revoked(
            verified.user_id, principal.issued_at, principal.session_id
        )

    async def _exchange_api_key(self, key: str, digest: str) -> str:
        answer = self._keys.get(digest)
        if answer is None:
            # One introspection per key at a time, owned by no single request (a caller that
            # disconnects does not cancel it for the others waiting on the same key).
            task = self._inflight.get(digest)
            if task is None:
                task = asyncio.ensure_future(self._introspect(key, digest))
                self._inflight[digest] = task
                task.add_done_callback(lambda done: self._settle(digest, done))
            answer = await asyncio.shield(task)
        if answer.access_token is None:
            raise Unauthorized("The API key is invalid or revoked.")
        return answer.access_token

    def _settle(self, digest: str, task: asyncio.Future[_KeyAnswer]) -> None:
        self._inflight.pop(digest, None)
        if not task.cancelled():
            task.exception()  # retrieved here too, so an unawaited failure is not reported

    async def _introspect(self, key: str, digest: str) -> _KeyAnswer:
        settings = self._settings
        try:
            async with self._http.post(
                self._introspect_url,
                json={"key": key},
                headers={
                    "X-Internal-Token": settings.internal_token,
                    "Content-Type": "application/json",
                },
                timeout=aiohttp.ClientTimeout(total=settings.connect_timeout_seconds + 5.0),
            ) as response:
                if response.status in _REFUSED:
                    answer = _KeyAnswer(None)
                    self._keys.set(digest, answer, settings.api_key_negative_cache_seconds)
                    return answer
                if response.status != 200:
                    # 403 means auth does not accept our internal token: a deployment error,
                    # not the caller's; never cached, so fixing the setting takes effect at once.
                    log.error("api_key_introspection_failed", status=response.status)
                    raise DependencyUnavailable("The auth service cannot check API keys now.")
                body = await response.json()
                answer = _KeyAnswer(str(body["access_token"]))
                lifetime = float(body["expires_in"]) - _EXPIRY_MARGIN_SECONDS
        except (aiohttp.ClientError, TimeoutError, ValueError, KeyError, TypeError) as exc:
            log.error("api_key_introspection_failed", error=repr(exc))
            raise DependencyUnavailable("The auth service cannot check API keys now.") from exc
        self._keys.set(digest, answer, min(settings.api_key_cache_seconds, lifetime))
        return answer
