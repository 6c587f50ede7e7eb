"""Access-token verification against the auth service's JWKS, and the role dependencies.

The only module that touches JWTs: the auth service signs through :func:`sign_access_token`,
every service and the gateway verify through :class:`TokenVerifier`.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, Protocol

import httpx
from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from jose import jwk, jwt
from jose.backends.base import Key
from jose.exceptions import JOSEError

from common.errors import DependencyUnavailable, Forbidden, Unauthorized
from common.revocation import RevocationCheck

Role = Literal["buyer", "seller", "admin"]
ALGORITHM = "RS256"


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: the verified claims of an access token."""

    user_id: uuid.UUID
    role: Role
    token_id: str
    issued_at: float
    session_id: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class KeyProvider(Protocol):
    async def get(self, kid: str) -> Key | None: ...


class StaticKeyProvider:
    """Keys known up front (tests, or a service configured with a fixed JWKS)."""

    def __init__(self, jwks: Mapping[str, Any]) -> None:
        self._keys = {k["kid"]: jwk.construct(k, ALGORITHM) for k in jwks["keys"]}

    async def get(self, kid: str) -> Key | None:
        return self._keys.get(kid)


class JWKSKeyProvider:
    """Fetches the JWKS over HTTP, caches it, and refetches when an unknown ``kid`` shows up.

    Refetches are rate-limited so a flood of tokens with made-up kids cannot hammer auth.
    """

    def __init__(
        self, url: str, client: httpx.AsyncClient, *, ttl: float = 300.0, min_refresh: float = 5.0
    ) -> None:
        self._url = url
        self._client = client
        self._ttl = ttl
        self._min_refresh = min_refresh
        self._keys: dict[str, Key] = {}
        self._fetched_at = 0.0

    async def _refresh(self) -> None:
        try:
            response = await self._client.get(self._url, timeout=5.0)
            response.raise_for_status()
            payload = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            if not self._keys:
                raise DependencyUnavailable("The token keys cannot be fetched.") from exc
            return
        self._keys = {k["kid"]: jwk.construct(k, ALGORITHM) for k in payload.get("keys", [])}
        self._fetched_at = time.monotonic()

    async def get(self, kid: str) -> Key | None:
        age = time.monotonic() - self._fetched_at
        if age > self._ttl or (kid not in self._keys and age > self._min_refresh):
            await self._refresh()
        return self._keys.get(kid)


class TokenVerifier:
    """Verifies signature (RS256 only, so ``alg: none`` and HMAC confusion fail), exp, iss, aud.

    A verified token's principal is remembered until the token's ``exp`` (at most
    ``cache_size`` tokens, the oldest forgotten first): the RSA check costs far more than the
    rest of a small request, and a client sends the same token many times. A remembered token
    still needs its signing key to be published: retiring a key ends its tokens at once.
    """

    def __init__(
        self, keys: KeyProvider, *, issuer: str, audience: str, cache_size: int = 10_000
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._cache_size = cache_size
        self._verified: dict[str, tuple[Principal, float, str]] = {}

    async def verify(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None:
            principal, expires_at, kid = cached
            if time.time() < expires_at and await self._keys.get(kid) is not None:
                return principal
            del self._verified[token]
        principal, expires_at, kid = await self._verify(token)
        if self._cache_size > 0:
            if len(self._verified) >= self._cache_size:
                del self._verified[next(iter(self._verified))]
            self._verified[token] = (principal, expires_at, kid)
        return principal

    async def _verify(self, token: str) -> tuple[Principal, float, str]:
        try:
            header = jwt.get_unverified_header(token)
        except JOSEError as exc:
            raise Unauthorized("The access token is malformed.") from exc
        if header.get("alg") != ALGORITHM or not isinstance(header.get("kid"), str):
            raise Unauthorized("The access token is not signed with an accepted key.")
        key = await self._keys.get(header["kid"])
        if key is None:
            raise Unauthorized("The access token is signed with an unknown key.")
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],
                audience=self._audience,
                issuer=self._issuer,
                options={"require_exp": True, "require_iat": True, "require_sub": True},
            )
            principal = Principal(
                user_id=uuid.UUID(claims["sub"]),
                role=claims["role"],
                token_id=str(claims.get("jti", "")),
                issued_at=float(claims["iat"]),
                session_id=_session_id(claims.get("sid")),
            )
            return principal, float(claims["exp"]), header["kid"]
        except (JOSEError, KeyError, ValueError, TypeError) as exc:
            raise Unauthorized("The access token is invalid or expired.") from exc


def _session_id(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError("sid must be a non-empty string")
    return value


def sign_access_token(
    private_key_pem: str | Key,
    kid: str,
    *,
    user_id: uuid.UUID,
    role: str,
    issuer: str,
    audience: str,
    ttl_seconds: int,
    now: float | None = None,
    session_id: uuid.UUID | None = None,
) -> str:
    """An RS256 access token. ``iat`` keeps milliseconds (a JWT NumericDate may be fractional)
    so a revocation at second T does not also void tokens issued later in that second.
    ``sid`` names what the token was issued for (a refresh-token family or an API key), so
    revoking that session voids the token (:mod:`common.revocation`)."""
    issued = round(time.time() if now is None else now, 3)
    claims = {
        "sub": str(user_id),
        "role": role,
        "iss": issuer,
        "aud": audience,
        "iat": issued,
        "exp": int(issued) + ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    if session_id is not None:
        claims["sid"] = str(session_id)
    key = private_key_pem if isinstance(private_key_pem, Key) else _parsed_key(private_key_pem)
    return jwt.encode(claims, key, algorithm=ALGORITHM, headers={"kid": kid})


@lru_cache(maxsize=32)
def _parsed_key(pem: str) -> Key:
    """Parsing a PEM costs tens of milliseconds; signing with a parsed key well under one."""
    return jwk.construct(pem, ALGORITHM)


def public_jwk(private_key_pem: str, kid: str) -> dict[str, Any]:
    """The public half of a signing key, as a JWKS entry."""
    public = _parsed_key(private_key_pem).public_key().to_dict()
    return {**public, "kid": kid, "use": "sig", "alg": ALGORITHM}


oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/auth/token", auto_error=False)


async def current_principal(
    request: Request, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Principal:
    if not token:
        raise Unauthorized()
    verifier: TokenVerifier = request.app.state.token_verifier
    principal = await verifier.verify(token)
    revocation: RevocationCheck | None = getattr(request.app.state, "revocation", None)
    if revocation is not None:
        await revocation.refuse_revoked(
            principal.user_id, principal.issued_at, principal.session_id
        )
    return principal


CurrentUser = Annotated[Principal, Depends(current_principal)]


def require_role(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting only the given roles (403 otherwise)."""

    async def dependency(principal: CurrentUser) -> Principal:
        if principal.role not in roles:
            raise Forbidden(f"This requires one of the roles: {', '.join(roles)}.")
        return principal

    return dependency


AdminUser = Annotated[Principal, Depends(require_role("admin"))]
SellerUser = Annotated[Principal, Depends(require_role("seller", "admin"))]
