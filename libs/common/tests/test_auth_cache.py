"""The verified-token cache: one RSA check per token, never past the token's expiry."""

import time
import uuid

import pytest
from jose.backends.base import Key

from common.auth import KeyProvider, TokenVerifier, sign_access_token
from common.errors import Unauthorized
from common.testing import TokenFactory


class CountingKeys:
    """Counts key lookups: each full verification asks for the key once."""

    def __init__(self, inner: KeyProvider) -> None:
        self.inner = inner
        self.lookups = 0

    async def get(self, kid: str) -> Key | None:
        self.lookups += 1
        return await self.inner.get(kid)


def _token(factory: TokenFactory, *, ttl_seconds: int = 900, now: float | None = None) -> str:
    return sign_access_token(
        factory.private_pem,
        factory.kid,
        user_id=uuid.uuid4(),
        role="buyer",
        issuer="shop-auth",
        audience="shop-api",
        ttl_seconds=ttl_seconds,
        now=now,
    )


@pytest.fixture
def factory() -> TokenFactory:
    return TokenFactory()


async def test_a_token_is_checked_once_then_served_from_the_cache(factory, monkeypatch):
    import common.auth

    decoded = []
    real_decode = common.auth.jwt.decode
    monkeypatch.setattr(
        common.auth.jwt, "decode", lambda *a, **k: decoded.append(1) or real_decode(*a, **k)
    )
    verifier = TokenVerifier(factory.key_provider(), issuer="shop-auth", audience="shop-api")
    token = _token(factory)
    first = await verifier.verify(token)
    assert await verifier.verify(token) == first
    assert len(decoded) == 1  # one signature check; the second answer came from the cache


class RetiringKeys:
    """A key set from which a key can be retired, as auth's key rotation does."""

    def __init__(self, inner: KeyProvider) -> None:
        self.inner = inner
        self.retired: set[str] = set()

    async def get(self, kid: str) -> Key | None:
        return None if kid in self.retired else await self.inner.get(kid)


async def test_a_remembered_token_ends_when_its_key_is_retired(factory):
    keys = RetiringKeys(factory.key_provider())
    verifier = TokenVerifier(keys, issuer="shop-auth", audience="shop-api")
    token = _token(factory)
    await verifier.verify(token)
    keys.retired.add(factory.kid)
    with pytest.raises(Unauthorized):
        await verifier.verify(token)


async def test_past_its_expiry_a_token_is_checked_again_not_served_from_the_cache(
    factory, monkeypatch
):
    keys = CountingKeys(factory.key_provider())
    verifier = TokenVerifier(keys, issuer="shop-auth", audience="shop-api")
    token = _token(factory, ttl_seconds=60)
    await verifier.verify(token)
    later = time.time() + 120
    monkeypatch.setattr(time, "time", lambda: later)
    await verifier.verify(token)  # (the JWT library reads its own clock for ``exp``)
    assert keys.lookups == 2


async def test_an_expired_token_is_refused(factory):
    verifier = TokenVerifier(factory.key_provider(), issuer="shop-auth", audience="shop-api")
    token = _token(factory, ttl_seconds=60, now=time.time() - 3600)
    with pytest.raises(Unauthorized):
        await verifier.verify(token)


async def test_a_refused_token_is_not_cached(factory):
    keys = CountingKeys(factory.key_provider())
    verifier = TokenVerifier(keys, issuer="shop-auth", audience="wrong-audience")
    token = _token(factory)
    for _ in range(2):
        with pytest.raises(Unauthorized):
            await verifier.verify(token)
    assert keys.lookups == 2


async def test_the_cache_keeps_at_most_cache_size_tokens(factory):
    keys = CountingKeys(factory.key_provider())
    verifier = TokenVerifier(keys, issuer="shop-auth", audience="shop-api", cache_size=2)
    tokens = [_token(factory) for _ in range(3)]
    for token in tokens:
        await verifier.verify(token)
    await verifier.verify(tokens[0])  # the oldest was forgotten: checked again
    assert keys.lookups == 4
