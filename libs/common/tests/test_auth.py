"""Access-token verification: only RS256 tokens from a known key with the right claims pass."""

import base64
import json
import time
import uuid

import pytest

from common.auth import StaticKeyProvider, TokenVerifier, sign_access_token
from common.errors import Unauthorized
from common.testing import TokenFactory
from common.testing.helpers import _rsa_private_pem


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


@pytest.fixture
def factory() -> TokenFactory:
    return TokenFactory()


@pytest.fixture
def verifier(factory) -> TokenVerifier:
    return TokenVerifier(factory.key_provider(), issuer="shop-auth", audience="shop-api")


def _token(factory: TokenFactory, **overrides) -> str:
    values = {
        "user_id": uuid.uuid4(),
        "role": "buyer",
        "issuer": "shop-auth",
        "audience": "shop-api",
        "ttl_seconds": 900,
    }
    values.update(overrides)
    pem = values.pop("pem", factory.private_pem)
    return sign_access_token(pem, values.pop("kid", factory.kid), **values)


class TestTokenVerifier:
    async def test_valid_token_gives_the_principal(self, factory, verifier):
        user_id = uuid.uuid4()
        principal = await verifier.verify(_token(factory, user_id=user_id, role="seller"))
        assert principal.user_id == user_id
        assert principal.role == "seller"

    async def test_alg_none_is_refused(self, factory, verifier):
        claims = {
            "sub": str(uuid.uuid4()),
            "role": "admin",
            "iss": "shop-auth",
            "aud": "shop-api",
            "exp": int(time.time()) + 600,
            "iat": int(time.time()),
        }
        token = f"{_b64({'alg': 'none', 'kid': factory.kid})}.{_b64(claims)}."
        with pytest.raises(Unauthorized):
            await verifier.verify(token)

    async def test_hmac_signed_with_the_public_key_is_refused(self, factory, verifier):
        from jose import jwt

        public = factory.jwks()["keys"][0]
        token = jwt.encode(
            {"sub": "x"}, json.dumps(public), algorithm="HS256", headers={"kid": factory.kid}
        )
        with pytest.raises(Unauthorized):
            await verifier.verify(token)

    async def test_wrong_key_is_refused(self, factory, verifier):
        other = _rsa_private_pem("other")
        with pytest.raises(Unauthorized):
            await verifier.verify(_token(factory, pem=other))

    @pytest.mark.parametrize(
        "overrides",
        [{"audience": "someone-else"}, {"issuer": "evil"}, {"ttl_seconds": -10}, {"kid": "nope"}],
    )
    async def test_wrong_claims_are_refused(self, factory, verifier, overrides):
        with pytest.raises(Unauthorized):
            await verifier.verify(_token(factory, **overrides))

    async def test_tampered_payload_is_refused(self, factory, verifier):
        header, payload, signature = _token(factory).split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
        claims["role"] = "admin"
        with pytest.raises(Unauthorized):
            await verifier.verify(f"{header}.{_b64(claims)}.{signature}")

    async def test_garbage_is_refused(self, verifier):
        with pytest.raises(Unauthorized):
            await verifier.verify("not-a-jwt")

    async def test_static_provider_knows_only_its_keys(self, factory):
        provider = StaticKeyProvider(factory.jwks())
        assert await provider.get(factory.kid) is not None
        assert await provider.get("unknown") is None


class TestRoleDependencies:
    async def test_missing_token_is_401_problem(self, client):
        response = await client.get("/credits")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "unauthorized"
