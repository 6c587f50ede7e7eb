"""POST /token: JSON and OAuth2 form sign-in, identical failures, throttling, token claims."""

import time
import uuid

import pytest
from jose import jwt

from common.auth import StaticKeyProvider, TokenVerifier


class TestSignIn:
    async def test_json_with_username_returns_a_bearer_pair(self, api):
        await api.register(name="ada")
        response = await api.login("ada")
        assert response.status_code == 200
        body = response.json()
        assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in"}
        assert body["token_type"] == "bearer"
        assert body["expires_in"] == 900

    async def test_json_with_email_in_any_case(self, api):
        await api.register(name="ada")
        assert (await api.login("ADA@example.com")).status_code == 200

    async def test_oauth2_password_form(self, api, client):
        await api.register(name="ada")
        response = await client.post(
            "/token",
            data={"grant_type": "password", "username": "ada", "password": api.password},
        )
        assert response.status_code == 200
        assert response.json()["token_type"] == "bearer"

    async def test_other_grant_types_are_422(self, api, client):
        response = await client.post(
            "/token",
            data={"grant_type": "client_credentials", "username": "a", "password": "b"},
        )
        assert response.status_code == 422

    async def test_missing_fields_are_422(self, client):
        response = await client.post("/token", json={"username": "ada"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "password"]

    async def test_malformed_json_is_400(self, client):
        response = await client.post(
            "/token", content=b"{", headers={"content-type": "application/json"}
        )
        assert response.status_code == 400
        assert response.json()["code"] == "malformed_request"


class TestAccessToken:
    async def test_claims_kid_and_signature(self, api, client, settings):
        user = (await api.register(name="ada", role="seller")).json()
        token = (await api.login("ada")).json()["access_token"]
        header = jwt.get_unverified_header(token)
        claims = jwt.get_unverified_claims(token)
        jwks = (await client.get("/.well-known/jwks.json")).json()
        assert header["alg"] == "RS256"
        assert header["kid"] in {key["kid"] for key in jwks["keys"]}
        assert set(claims) == {"sub", "role", "iss", "aud", "exp", "iat", "jti", "sid"}
        assert claims["sub"] == user["id"]
        assert claims["role"] == "seller"
        assert claims["exp"] - int(claims["iat"]) == 900
        verifier = TokenVerifier(
            StaticKeyProvider(jwks), issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )
        principal = await verifier.verify(token)
        assert str(principal.user_id) == user["id"]

    async def test_jwks_publishes_public_keys_only(self, client):
        response = await client.get("/.well-known/jwks.json")
        assert response.status_code == 200
        (key,) = response.json()["keys"]
        assert key["kty"] == "RSA"
        assert key["alg"] == "RS256"
        assert key["use"] == "sig"
        assert "d" not in key
        assert "p" not in key


class TestFailures:
    async def test_wrong_password_and_unknown_user_are_the_same_401(self, api):
        await api.register(name="ada")
        wrong_password = await api.login("ada", "not the password at all")
        unknown_user = await api.login("nobody", "not the password at all")
        assert wrong_password.status_code == unknown_user.status_code == 401
        assert wrong_password.json() == unknown_user.json()
        assert wrong_password.json()["code"] == "invalid_credentials"
        assert wrong_password.headers["www-authenticate"] == "Bearer"

    async def test_deactivated_account_cannot_sign_in(self, api, client, admin):
        user = (await api.register(name="ada")).json()
        await client.patch(f"/users/{user['id']}", json={"is_active": False}, headers=admin.headers)
        response = await api.login("ada")
        assert response.status_code == 403
        assert response.json()["code"] == "account_disabled"

    async def test_deactivated_account_with_wrong_password_is_plain_401(self, api, client, admin):
        user = (await api.register(name="ada")).json()
        await client.patch(f"/users/{user['id']}", json={"is_active": False}, headers=admin.headers)
        assert (await api.login("ada", "wrong password here")).status_code == 401


class TestTiming:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {**settings_overrides, "argon2_time_cost": 2, "argon2_memory_cost": 19456}

    async def test_unknown_user_costs_as_much_as_a_wrong_password(self, api):
        await api.register(name="ada")

        async def timed(username: str) -> float:
            started = time.perf_counter()
            response = await api.login(username, "wrong password here")
            assert response.status_code == 401
            return time.perf_counter() - started

        known = [await timed("ada") for _ in range(4)]
        unknown = [await timed(f"ghost{i}") for i in range(4)]
        # Without the dummy hash an unknown user answers in ~1 ms instead of tens of ms.
        # Minimums, because a busy machine only ever adds time.
        assert min(unknown) > 0.5 * min(known)


class TestThrottling:
    async def test_five_failures_for_one_account_give_429_with_retry_after(self, api):
        await api.register(name="ada")
        for _ in range(5):
            assert (await api.login("ada", "wrong password here")).status_code == 401
        response = await api.login("ada")
        assert response.status_code == 429
        assert response.json()["code"] == "login_throttled"
        assert 0 < int(response.headers["retry-after"]) <= 900

    async def test_the_account_counter_covers_username_and_email(self, api):
        await api.register(name="ada")
        for i in range(5):
            await api.login("ada" if i % 2 else "ada@example.com", "wrong password here")
        assert (await api.login("ada@example.com")).status_code == 429

    async def test_success_resets_the_account_counter(self, api):
        await api.register(name="ada")
        for _ in range(4):
            await api.login("ada", "wrong password here")
        assert (await api.login("ada")).status_code == 200
        for _ in range(4):
            assert (await api.login("ada", "wrong password here")).status_code == 401

    async def test_other_accounts_are_not_affected(self, api):
        await api.register(name="ada")
        await api.register(name="bob")
        for _ in range(5):
            await api.login("ada", "wrong password here", headers={"x-forwarded-for": "10.0.0.1"})
        ok = await api.login("bob", headers={"x-forwarded-for": "10.0.0.2"})
        assert ok.status_code == 200


class TestIpThrottling:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {**settings_overrides, "login_ip_max_failures": 5}

    async def test_failures_from_one_ip_across_accounts_give_429(self, api):
        await api.register(name="ada")
        for _ in range(5):
            name = f"ghost{uuid.uuid4().hex[:6]}"
            headers = {"x-forwarded-for": "203.0.113.9, 10.0.0.1"}
            assert (await api.login(name, "wrong pw here", headers=headers)).status_code == 401
        blocked = await api.login("ada", headers={"x-forwarded-for": "203.0.113.9"})
        assert blocked.status_code == 429
        assert "retry-after" in blocked.headers
        other_ip = await api.login("ada", headers={"x-forwarded-for": "198.51.100.7"})
        assert other_ip.status_code == 200


class TestRedisDown:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {**settings_overrides, "redis_url": "redis://127.0.0.1:1/0"}

    async def test_sign_in_answers_503_not_500(self, api):
        await api.register(name="ada")
        response = await api.login("ada")
        assert response.status_code == 503
        assert response.json()["code"] == "redis_unavailable"
