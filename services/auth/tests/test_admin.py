"""Admin user management: /users."""

import pytest
from jose import jwt

from common.revocation import is_revoked
from common.testing import outbox_events


class TestAccess:
    @pytest.mark.parametrize("role", ["buyer", "seller"])
    async def test_non_admins_get_403_everywhere(self, client, make_account, role):
        caller = await make_account(role=role)
        target = f"/users/{caller.id}"
        for method, path, body in (
            ("GET", "/users", None),
            ("GET", target, None),
            ("PATCH", target, {"role": "admin"}),
            ("DELETE", target, None),
        ):
            response = await client.request(method, path, json=body, headers=caller.headers)
            assert response.status_code == 403, (method, path)
            assert response.json()["code"] == "role_required"

    async def test_anonymous_gets_401(self, client):
        assert (await client.get("/users")).status_code == 401


class TestList:
    async def test_lists_newest_first_with_a_cursor(self, client, make_account, admin):
        made = [await make_account(name=f"user{i}") for i in range(3)]
        first = await client.get("/users", params={"limit": 2}, headers=admin.headers)
        assert first.status_code == 200
        page = first.json()
        assert [u["username"] for u in page["items"]] == ["user2", "user1"]
        second = await client.get(
            "/users", params={"limit": 2, "cursor": page["next_cursor"]}, headers=admin.headers
        )
        rest = second.json()
        assert [u["username"] for u in rest["items"]] == ["user0", "admin"]
        assert rest["next_cursor"] is None
        assert len(made) == 3

    async def test_filters_by_role_activity_and_text(self, client, make_account, admin):
        await make_account(name="alice", role="seller")
        bob = await make_account(name="bob")
        await client.patch(f"/users/{bob.id}", json={"is_active": False}, headers=admin.headers)

        async def names(**params):
            response = await client.get("/users", params=params, headers=admin.headers)
            return {u["username"] for u in response.json()["items"]}

        assert await names(role="seller") == {"alice"}
        assert await names(is_active="false") == {"bob"}
        assert await names(q="ALI") == {"alice"}
        assert await names(q="%") == set()

    async def test_bad_cursor_is_422(self, client, admin):
        response = await client.get("/users", params={"cursor": "!!"}, headers=admin.headers)
        assert response.status_code == 422


class TestReadUpdateDelete:
    async def test_read_and_unknown_is_404(self, client, make_account, admin):
        user = await make_account()
        assert (await client.get(f"/users/{user.id}", headers=admin.headers)).status_code == 200
        missing = await client.get(
            "/users/00000000-0000-0000-0000-000000000000", headers=admin.headers
        )
        assert missing.status_code == 404
        assert missing.json()["code"] == "user_not_found"

    async def test_role_change_publishes_and_voids_access_tokens(
        self, client, make_account, admin, sessionmaker, redis
    ):
        user = await make_account()
        response = await client.patch(
            f"/users/{user.id}", json={"role": "seller"}, headers=admin.headers
        )
        assert response.status_code == 200
        assert response.json()["role"] == "seller"
        assert await is_revoked(redis, user.id, jwt.get_unverified_claims(user.access_token)["iat"])
        async with sessionmaker() as session:
            (event,) = await outbox_events(session, "auth.user.updated")
        assert event.data["role"] == "seller"

    async def test_deactivation_revokes_every_token(self, api, client, make_account, admin, redis):
        user = await make_account()
        response = await client.patch(
            f"/users/{user.id}", json={"is_active": False}, headers=admin.headers
        )
        assert response.json()["is_active"] is False
        assert await is_revoked(redis, user.id, jwt.get_unverified_claims(user.access_token)["iat"])
        refresh = await client.post("/token/refresh", json={"refresh_token": user.refresh_token})
        assert refresh.status_code == 401
        assert (await client.get("/me", headers=user.headers)).status_code == 401
        await client.patch(f"/users/{user.id}", json={"is_active": True}, headers=admin.headers)
        assert (await api.login(user.username)).status_code == 200

    async def test_username_and_email_changes(self, client, make_account, admin):
        ada = await make_account()
        bob = await make_account()
        taken = await client.patch(
            f"/users/{ada.id}", json={"email": bob.email}, headers=admin.headers
        )
        assert taken.status_code == 409
        assert taken.json()["code"] == "email_taken"
        taken = await client.patch(
            f"/users/{ada.id}", json={"username": bob.username}, headers=admin.headers
        )
        assert taken.json()["code"] == "username_taken"
        ok = await client.patch(
            f"/users/{ada.id}",
            json={"email": "fresh@example.com", "username": "fresh"},
            headers=admin.headers,
        )
        assert ok.json()["email"] == "fresh@example.com"
        assert ok.json()["username"] == "fresh"

    async def test_invalid_role_is_422(self, client, make_account, admin):
        user = await make_account()
        response = await client.patch(
            f"/users/{user.id}", json={"role": "root"}, headers=admin.headers
        )
        assert response.status_code == 422

    async def test_admin_cannot_lock_themselves_out(self, client, admin):
        for body in ({"is_active": False}, {"role": "buyer"}):
            response = await client.patch(f"/users/{admin.id}", json=body, headers=admin.headers)
            assert response.status_code == 409
            assert response.json()["code"] == "cannot_modify_self"
        response = await client.delete(f"/users/{admin.id}", headers=admin.headers)
        assert response.status_code == 409

    async def test_delete_user(self, api, client, make_account, admin, sessionmaker, redis):
        user = await make_account()
        response = await client.delete(f"/users/{user.id}", headers=admin.headers)
        assert response.status_code == 204
        assert (await client.get(f"/users/{user.id}", headers=admin.headers)).status_code == 404
        assert await is_revoked(redis, user.id, jwt.get_unverified_claims(user.access_token)["iat"])
        assert (await api.login(user.username)).status_code == 401
        async with sessionmaker() as session:
            (event,) = await outbox_events(session, "auth.user.deleted")
        assert event.data["user_id"] == str(user.id)
        again = await client.delete(f"/users/{user.id}", headers=admin.headers)
        assert again.status_code == 404
