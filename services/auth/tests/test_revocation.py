"""Ending a session, a password or an API key voids its access tokens at once, not in 15 min."""

from __future__ import annotations

from jose import jwt

from common.revocation import session_revocation_key

INTERNAL = {"X-Internal-Token": "dev-internal-token"}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _me_status(client, token: str) -> int:
    return (await client.get("/me", headers=_bearer(token))).status_code


class TestLogout:
    async def test_logged_out_access_token_is_refused(self, api, client, make_account):
        account = await make_account()
        other_device = (await api.login(account.username)).json()
        assert await _me_status(client, account.access_token) == 200
        response = await client.post(
            "/logout", json={"refresh_token": account.refresh_token}, headers=account.headers
        )
        assert response.status_code == 204
        assert await _me_status(client, account.access_token) == 401
        assert await _me_status(client, other_device["access_token"]) == 200

    async def test_tokens_rotated_in_the_session_are_refused_too(self, client, make_account):
        account = await make_account()
        rotated = (
            await client.post("/token/refresh", json={"refresh_token": account.refresh_token})
        ).json()
        await client.post(
            "/logout", json={"refresh_token": rotated["refresh_token"]}, headers=account.headers
        )
        assert await _me_status(client, account.access_token) == 401
        assert await _me_status(client, rotated["access_token"]) == 401

    async def test_the_token_carries_its_session(self, make_account, redis):
        account = await make_account()
        sid = jwt.get_unverified_claims(account.access_token)["sid"]
        assert await redis.get(session_revocation_key(sid)) is None


class TestRefreshReuse:
    async def test_reuse_voids_the_access_tokens_of_the_family(self, api, client, make_account):
        account = await make_account()
        other_device = (await api.login(account.username)).json()
        rotated = (
            await client.post("/token/refresh", json={"refresh_token": account.refresh_token})
        ).json()
        reused = await client.post("/token/refresh", json={"refresh_token": account.refresh_token})
        assert reused.status_code == 401
        assert await _me_status(client, rotated["access_token"]) == 401
        assert await _me_status(client, account.access_token) == 401
        assert await _me_status(client, other_device["access_token"]) == 200


class TestPasswordChange:
    async def test_every_access_token_of_the_user_is_refused(self, api, client, make_account):
        account = await make_account()
        other_device = (await api.login(account.username)).json()
        response = await client.post(
            "/me/password",
            json={"current_password": account.password, "new_password": "a brand new secret"},
            headers=account.headers,
        )
        assert response.status_code == 204
        assert await _me_status(client, account.access_token) == 401
        assert await _me_status(client, other_device["access_token"]) == 401
        fresh = (await api.login(account.username, "a brand new secret")).json()
        assert await _me_status(client, fresh["access_token"]) == 200

    async def test_api_keys_survive_a_password_change(self, client, make_account):
        seller = await make_account(role="seller")
        key = (await client.post("/api-keys", json={"name": "b"}, headers=seller.headers)).json()
        await client.post(
            "/me/password",
            json={"current_password": seller.password, "new_password": "a brand new secret"},
            headers=seller.headers,
        )
        introspected = await client.post(
            "/internal/api-keys/introspect", json={"key": key["key"]}, headers=INTERNAL
        )
        assert introspected.status_code == 200
        assert await _me_status(client, introspected.json()["access_token"]) == 200


class TestApiKeyDeletion:
    async def test_tokens_issued_for_a_deleted_key_are_refused(self, client, make_account):
        seller = await make_account(role="seller")
        key = (await client.post("/api-keys", json={"name": "b"}, headers=seller.headers)).json()
        introspected = await client.post(
            "/internal/api-keys/introspect", json={"key": key["key"]}, headers=INTERNAL
        )
        token = introspected.json()["access_token"]
        assert jwt.get_unverified_claims(token)["sid"] == key["id"]
        assert await _me_status(client, token) == 200
        deleted = await client.delete(f"/api-keys/{key['id']}", headers=seller.headers)
        assert deleted.status_code == 204
        assert await _me_status(client, token) == 401
        assert await _me_status(client, seller.access_token) == 200


class TestLogoutWithAnApiKeyToken:
    async def test_signing_out_with_a_key_token_leaves_the_key_working(self, client, make_account):
        seller = await make_account(role="seller")
        key = (await client.post("/api-keys", json={"name": "b"}, headers=seller.headers)).json()
        introspected = await client.post(
            "/internal/api-keys/introspect", json={"key": key["key"]}, headers=INTERNAL
        )
        token = introspected.json()["access_token"]
        response = await client.post(
            "/logout", json={"refresh_token": "not-a-token"}, headers=_bearer(token)
        )
        assert response.status_code == 204
        assert await _me_status(client, token) == 200


class TestLogoutOfAnotherDevice:
    async def test_the_calling_session_ends_too(self, api, client, make_account):
        account = await make_account()
        other = (await api.login(account.username)).json()
        await client.post(
            "/logout", json={"refresh_token": other["refresh_token"]}, headers=account.headers
        )
        assert await _me_status(client, other["access_token"]) == 401
        assert await _me_status(client, account.access_token) == 401
        refresh = await client.post("/token/refresh", json={"refresh_token": account.refresh_token})
        assert refresh.status_code == 401
