"""Access tokens: every bad token is refused with 401 before any service sees the request."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from common.auth import sign_access_token
from common.revocation import revocation_key, revoke_user_tokens
from common.testing import TokenFactory


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _other_private_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _claims(**overrides: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": str(uuid.uuid4()),
        "role": "admin",
        "iss": "shop-auth",
        "aud": "shop-api",
        "iat": now,
        "exp": now + 900,
        "jti": uuid.uuid4().hex,
    }
    return claims | overrides


def _alg_none() -> str:
    return f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': 'test-key'})}.{_b64(_claims())}."


def _wrong_key(_: TokenFactory) -> str:
    return sign_access_token(
        _other_private_key(),
        "test-key",
        user_id=uuid.uuid4(),
        role="buyer",
        issuer="shop-auth",
        audience="shop-api",
        ttl_seconds=900,
    )


def _tampered(tokens: TokenFactory) -> str:
    header, _, signature = tokens.token(role="buyer").split(".")
    return f"{header}.{_b64(_claims())}.{signature}"  # role admin, original signature


def _hs256_with_public_key(tokens: TokenFactory) -> str:
    header = _b64({"alg": "HS256", "typ": "JWT", "kid": "test-key"})
    payload = _b64(_claims())
    secret = json.dumps(tokens.jwks()["keys"][0]).encode()
    mac = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def _unknown_kid(tokens: TokenFactory) -> str:
    _, payload, signature = tokens.token().split(".")
    return f"{_b64({'alg': 'RS256', 'typ': 'JWT', 'kid': 'nope'})}.{payload}.{signature}"


BAD_TOKENS = {
    "alg_none": lambda tokens: _alg_none(),
    "signed_by_wrong_key": _wrong_key,
    "wrong_audience": lambda tokens: TokenFactory(audience="another-api").token(),
    "wrong_issuer": lambda tokens: TokenFactory(issuer="someone-else").token(),
    "expired": lambda tokens: tokens.token(ttl=-60),
    "tampered_payload": _tampered,
    "hs256_confusion": _hs256_with_public_key,
    "garbage": lambda tokens: "not-a-jwt",
    "unknown_kid": lambda tokens: _unknown_kid(tokens),
}


class TestRefusedTokens:
    @pytest.mark.parametrize("kind", sorted(BAD_TOKENS))
    async def test_bad_token_is_401_and_never_reaches_the_service(
        self, client, token_factory, auth_upstream, kind
    ):
        rid = uuid.uuid4().hex
        token = BAD_TOKENS[kind](token_factory)
        response = await client.get(
            "/api/orders/cart", headers={"Authorization": f"Bearer {token}", "X-Request-ID": rid}
        )
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.headers["x-request-id"] == rid
        assert response.json()["code"] == "unauthorized"
        assert auth_upstream.saw(rid) == []

    async def test_missing_token_is_401(self, client, auth_upstream):
        rid = uuid.uuid4().hex
        response = await client.post("/api/orders", json={}, headers={"X-Request-ID": rid})
        assert response.status_code == 401
        assert response.json()["code"] == "unauthorized"
        assert auth_upstream.saw(rid) == []

    async def test_other_scheme_is_401(self, client):
        response = await client.get("/api/orders/cart", headers={"Authorization": "Basic dTpw"})
        assert response.status_code == 401


class TestRevocation:
    async def test_revoked_users_unexpired_token_is_401(self, client, token_factory, redis):
        user_id = uuid.uuid4()
        headers = {"Authorization": f"Bearer {token_factory.token(user_id)}"}
        assert (await client.get("/api/orders/cart", headers=headers)).status_code == 200
        await revoke_user_tokens(redis, user_id, now=time.time(), token_ttl_seconds=900)
        try:
            # Through the auth service (as DELETE /api/auth/me would): re-checked at once.
            await client.delete("/api/auth/me", headers=headers)
            response = await client.get("/api/orders/cart", headers=headers)
            assert response.status_code == 401
            assert response.json()["detail"] == "The access token has been revoked."
        finally:
            await redis.delete(revocation_key(user_id))

    async def test_revocation_is_read_on_every_request_without_cache(
        self, start_gateway, token_factory, redis, auth_upstream
    ):
        user_id = uuid.uuid4()
        headers = {"Authorization": f"Bearer {token_factory.token(user_id)}"}
        async with start_gateway(revocation_cache_seconds=0) as client:
            assert (await client.get("/api/orders/cart", headers=headers)).status_code == 200
            await revoke_user_tokens(redis, user_id, now=time.time(), token_ttl_seconds=900)
            try:
                rid = uuid.uuid4().hex
                response = await client.get(
                    "/api/orders/cart", headers={**headers, "X-Request-ID": rid}
                )
                assert response.status_code == 401
                assert auth_upstream.saw(rid) == []
            finally:
                await redis.delete(revocation_key(user_id))

    async def test_token_issued_after_revocation_passes(self, client, token_factory, redis):
        user_id = uuid.uuid4()
        await revoke_user_tokens(redis, user_id, now=time.time() - 5, token_ttl_seconds=900)
        try:
            headers = {"Authorization": f"Bearer {token_factory.token(user_id)}"}
            assert (await client.get("/api/orders/cart", headers=headers)).status_code == 200
        finally:
            await redis.delete(revocation_key(user_id))

    async def test_revocation_store_down_is_503(self, start_gateway, token_factory, down_url):
        redis_url = down_url.replace("http://", "redis://") + "/0"
        async with start_gateway(redis_url=redis_url) as client:
            response = await client.get("/api/orders/cart", headers=token_factory.headers())
        assert response.status_code == 503
        assert response.headers["content-type"] == "application/problem+json"


class TestValidToken:
    async def test_service_sees_the_token_and_request_id(
        self, client, token_factory, auth_upstream
    ):
        token = token_factory.token()
        response = await client.get(
            "/api/orders/cart", headers={"Authorization": f"Bearer {token}", "X-Request-ID": "r-1"}
        )
        assert response.status_code == 200
        seen = response.json()["headers"]
        assert seen["authorization"] == f"Bearer {token}"
        assert seen["x-request-id"] == "r-1"
        assert response.headers["x-request-id"] == "r-1"

    async def test_keys_from_the_auth_jwks_endpoint(self, start_gateway, token_factory):
        async with start_gateway(static_keys=False) as client:
            ok = await client.get("/api/orders/cart", headers=token_factory.headers())
            forged = await client.get(
                "/api/orders/cart", headers={"Authorization": f"Bearer {_wrong_key(token_factory)}"}
            )
        assert ok.status_code == 200
        assert forged.status_code == 401
