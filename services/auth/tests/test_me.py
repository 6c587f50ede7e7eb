"""GET/PATCH/DELETE /me, POST /me/email, POST /me/password."""

from jose import jwt
from sqlalchemy import select

from auth.models import User
from common.revocation import is_revoked
from common.testing import outbox_events


class TestReadAndUpdate:
    async def test_me_returns_the_callers_account(self, client, make_account):
        account = await make_account(role="seller")
        response = await client.get("/me", headers=account.headers)
        assert response.status_code == 200
        assert response.json()["id"] == str(account.id)
        assert response.json()["role"] == "seller"

    async def test_me_without_a_token_is_401(self, client):
        response = await client.get("/me")
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"

    async def test_me_with_a_garbage_token_is_401(self, client):
        response = await client.get("/me", headers={"Authorization": "Bearer nonsense"})
        assert response.status_code == 401

    async def test_token_of_an_unknown_user_is_401(self, client, tokens):
        response = await client.get("/me", headers=tokens.headers())
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"

    async def test_patch_changes_the_username_and_publishes(
        self, client, make_account, sessionmaker
    ):
        account = await make_account()
        response = await client.patch("/me", json={"username": "renamed"}, headers=account.headers)
        assert response.status_code == 200
        assert response.json()["username"] == "renamed"
        async with sessionmaker() as session:
            (event,) = await outbox_events(session, "auth.user.updated")
        assert event.data["username"] == "renamed"
        assert [str(u) for u in event.subject_user_ids] == [str(account.id)]

    async def test_patch_to_a_taken_username_is_409(self, client, make_account):
        ada = await make_account()
        bob = await make_account()
        response = await client.patch(
            "/me", json={"username": bob.username.upper()}, headers=ada.headers
        )
        assert response.status_code == 409
        assert response.json()["code"] == "username_taken"

    async def test_patch_ignores_fields_a_user_cannot_change(self, client, make_account):
        account = await make_account()
        response = await client.patch("/me", json={"role": "admin"}, headers=account.headers)
        assert response.status_code == 200
        assert response.json()["role"] == "buyer"


class TestDelete:
    async def test_delete_removes_the_account_and_revokes_every_token(
        self, api, client, make_account, sessionmaker, redis
    ):
        account = await make_account()
        response = await client.delete("/me", headers=account.headers)
        assert response.status_code == 204
        iat = jwt.get_unverified_claims(account.access_token)["iat"]
        assert await is_revoked(redis, account.id, iat)
        assert (await client.get("/me", headers=account.headers)).status_code == 401
        refresh = await client.post("/token/refresh", json={"refresh_token": account.refresh_token})
        assert refresh.status_code == 401
        assert (await api.login(account.username)).status_code == 401
        async with sessionmaker() as session:
            assert await session.get(User, account.id) is None
            (event,) = await outbox_events(session, "auth.user.deleted")
        assert event.data == {"user_id": str(account.id)}
        assert [str(u) for u in event.subject_user_ids] == [str(account.id)]

    async def test_a_new_account_may_take_the_freed_email(self, api, client, make_account):
        account = await make_account(name="ada")
        await client.delete("/me", headers=account.headers)
        assert (await api.register(name="ada")).status_code == 201


class TestChangeEmail:
    async def test_change_marks_unverified_and_mails_a_code_to_the_new_address(
        self, client, make_account, sessionmaker, mailbox, deliver
    ):
        account = await make_account()
        response = await client.post(
            "/me/email",
            json={"new_email": "New@Example.com", "password": account.password},
            headers=account.headers,
        )
        assert response.status_code == 200
        assert response.json()["email"] == "new@example.com"
        assert response.json()["email_verified"] is False
        await deliver()
        code = mailbox.last_code("new@example.com")
        notice = await mailbox.wait_for(account.email, count=2)
        assert notice[-1]["Subject"] == "Your email address was changed"
        confirm = await client.post(
            "/email-verification/confirm", json={"code": code}, headers=account.headers
        )
        assert confirm.status_code == 200
        assert confirm.json()["email_verified"] is True
        async with sessionmaker() as session:
            events = await outbox_events(session, "auth.user.updated")
        assert [e.data["email_verified"] for e in events] == [False, True]

    async def test_wrong_password_is_403(self, client, make_account):
        account = await make_account()
        response = await client.post(
            "/me/email",
            json={"new_email": "new@example.com", "password": "wrong password"},
            headers=account.headers,
        )
        assert response.status_code == 403
        assert response.json()["code"] == "incorrect_password"

    async def test_taken_email_is_409(self, client, make_account):
        ada = await make_account()
        bob = await make_account()
        response = await client.post(
            "/me/email",
            json={"new_email": bob.email, "password": ada.password},
            headers=ada.headers,
        )
        assert response.status_code == 409
        assert response.json()["code"] == "email_taken"

    async def test_repeated_wrong_passwords_are_throttled(self, client, make_account):
        account = await make_account()
        body = {"new_email": "new@example.com", "password": "wrong password"}
        for _ in range(5):
            await client.post("/me/email", json=body, headers=account.headers)
        body["password"] = account.password
        response = await client.post("/me/email", json=body, headers=account.headers)
        assert response.status_code == 429


class TestChangePassword:
    async def test_change_revokes_every_refresh_token(
        self, api, client, make_account, sessionmaker
    ):
        account = await make_account()
        other_device = (await api.login(account.username)).json()
        response = await client.post(
            "/me/password",
            json={"current_password": account.password, "new_password": "a brand new secret"},
            headers=account.headers,
        )
        assert response.status_code == 204
        for token in (account.refresh_token, other_device["refresh_token"]):
            refresh = await client.post("/token/refresh", json={"refresh_token": token})
            assert refresh.status_code == 401
        assert (await api.login(account.username)).status_code == 401
        assert (await api.login(account.username, "a brand new secret")).status_code == 200

    async def test_wrong_current_password_is_403(self, client, make_account):
        account = await make_account()
        response = await client.post(
            "/me/password",
            json={"current_password": "not it at all", "new_password": "a brand new secret"},
            headers=account.headers,
        )
        assert response.status_code == 403
        assert response.json()["code"] == "incorrect_password"

    async def test_weak_new_password_is_422(self, client, make_account):
        account = await make_account()
        response = await client.post(
            "/me/password",
            json={"current_password": account.password, "new_password": "qwerty123"},
            headers=account.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "new_password"]


async def test_usernames_keep_their_case(client, api, sessionmaker):
    await api.register(name="x", email="x@example.com", username="MixedCase")
    async with sessionmaker() as session:
        stored = await session.scalar(select(User.username).where(User.email == "x@example.com"))
    assert stored == "MixedCase"
    assert (await api.login("mixedcase")).status_code == 200
