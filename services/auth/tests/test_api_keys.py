"""API keys: lifecycle for sellers and admins, and introspection by the gateway."""

import pytest
from jose import jwt
from sqlalchemy import select

from auth.models import ApiKey

INTERNAL = {"X-Internal-Token": "dev-internal-token"}


async def _create(client, account, name="backend"):
    return await client.post("/api-keys", json={"name": name}, headers=account.headers)


async def _introspect(client, key, headers=INTERNAL):
    return await client.post("/internal/api-keys/introspect", json={"key": key}, headers=headers)


class TestLifecycle:
    async def test_seller_creates_a_key_shown_once_and_stored_hashed(
        self, client, make_account, sessionmaker
    ):
        seller = await make_account(role="seller")
        response = await _create(client, seller)
        assert response.status_code == 201
        created = response.json()
        key = created["key"]
        assert key.startswith("sk_")
        assert len(key) > 40
        assert created["prefix"] == key[:10]
        assert created["last4"] == key[-4:]
        listed = await client.get("/api-keys", headers=seller.headers)
        assert listed.status_code == 200
        (item,) = listed.json()["items"]
        assert "key" not in item
        assert key not in listed.text
        assert item["name"] == "backend"
        assert item["last_used_at"] is None
        async with sessionmaker() as session:
            row = await session.scalar(select(ApiKey))
        assert key not in row.key_hash

    async def test_buyer_gets_403(self, client, make_account):
        buyer = await make_account()
        for response in (
            await _create(client, buyer),
            await client.get("/api-keys", headers=buyer.headers),
        ):
            assert response.status_code == 403
            assert response.json()["code"] == "role_required"

    async def test_revoked_key_no_longer_introspects(self, client, make_account):
        seller = await make_account(role="seller")
        created = (await _create(client, seller)).json()
        deleted = await client.delete(f"/api-keys/{created['id']}", headers=seller.headers)
        assert deleted.status_code == 204
        assert (await _introspect(client, created["key"])).status_code == 401
        assert (await client.get("/api-keys", headers=seller.headers)).json()["items"] == []
        again = await client.delete(f"/api-keys/{created['id']}", headers=seller.headers)
        assert again.status_code == 404
        assert again.json()["code"] == "api_key_not_found"

    async def test_another_sellers_key_is_404(self, client, make_account):
        owner = await make_account(role="seller")
        other = await make_account(role="seller")
        created = (await _create(client, owner)).json()
        response = await client.delete(f"/api-keys/{created['id']}", headers=other.headers)
        assert response.status_code == 404
        assert (await client.get("/api-keys", headers=other.headers)).json()["items"] == []

    async def test_admin_sees_and_revokes_everyones_keys(self, client, make_account, admin):
        seller = await make_account(role="seller")
        created = (await _create(client, seller)).json()
        await _create(client, admin, name="admin key")
        everyone = (await client.get("/api-keys", headers=admin.headers)).json()["items"]
        assert {item["name"] for item in everyone} == {"backend", "admin key"}
        one = await client.get(
            "/api-keys", params={"user_id": str(seller.id)}, headers=admin.headers
        )
        assert [item["id"] for item in one.json()["items"]] == [created["id"]]
        deleted = await client.delete(f"/api-keys/{created['id']}", headers=admin.headers)
        assert deleted.status_code == 204


class TestIntrospection:
    async def test_a_live_key_gives_its_owner_and_a_short_lived_token(
        self, client, make_account, settings
    ):
        seller = await make_account(role="seller")
        key = (await _create(client, seller)).json()["key"]
        response = await _introspect(client, key)
        assert response.status_code == 200
        body = response.json()
        assert body["user_id"] == str(seller.id)
        assert body["role"] == "seller"
        assert body["expires_in"] == 300
        claims = jwt.get_unverified_claims(body["access_token"])
        assert claims["exp"] - int(claims["iat"]) == 300
        assert claims["aud"] == settings.jwt_audience
        me = await client.get("/me", headers={"Authorization": f"Bearer {body['access_token']}"})
        assert me.json()["id"] == str(seller.id)
        listed = (await client.get("/api-keys", headers=seller.headers)).json()["items"]
        assert listed[0]["last_used_at"] is not None

    @pytest.mark.parametrize("headers", [{}, {"X-Internal-Token": "guess"}])
    async def test_wrong_or_missing_internal_token_is_403(self, client, make_account, headers):
        seller = await make_account(role="seller")
        key = (await _create(client, seller)).json()["key"]
        response = await _introspect(client, key, headers=headers)
        assert response.status_code == 403
        assert response.json()["code"] == "invalid_internal_token"

    @pytest.mark.parametrize("key", ["sk_unknown", "not-even-a-key"])
    async def test_unknown_key_is_401(self, client, key):
        response = await _introspect(client, key)
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_api_key"

    async def test_key_of_a_deactivated_owner_is_401(self, client, make_account, admin):
        seller = await make_account(role="seller")
        key = (await _create(client, seller)).json()["key"]
        await client.patch(f"/users/{seller.id}", json={"is_active": False}, headers=admin.headers)
        assert (await _introspect(client, key)).status_code == 401

    async def test_key_of_an_owner_demoted_to_buyer_is_401(self, client, make_account, admin):
        seller = await make_account(role="seller")
        key = (await _create(client, seller)).json()["key"]
        await client.patch(f"/users/{seller.id}", json={"role": "buyer"}, headers=admin.headers)
        assert (await _introspect(client, key)).status_code == 401

    async def test_introspection_is_not_in_the_public_docs(self, client):
        spec = (await client.get("/openapi.json")).json()
        assert not any(path.startswith("/internal") for path in spec["paths"])
