"""POST /register."""

import asyncio

import pytest
from sqlalchemy import select

from auth.models import User
from common.testing import outbox_events


class TestRegister:
    async def test_creates_a_buyer_and_never_returns_the_password(self, api, client):
        response = await api.register(name="ada")
        assert response.status_code == 201
        body = response.json()
        assert body["email"] == "ada@example.com"
        assert body["username"] == "ada"
        assert body["role"] == "buyer"
        assert body["is_active"] is True
        assert body["email_verified"] is False
        assert not any("password" in key for key in body)
        assert api.password not in response.text

    async def test_seller_role_can_be_chosen(self, api, client):
        response = await api.register(role="seller")
        assert response.status_code == 201
        assert response.json()["role"] == "seller"

    async def test_password_is_stored_as_argon2id(self, api, client, sessionmaker):
        await api.register(name="ada")
        async with sessionmaker() as session:
            user = await session.scalar(select(User).where(User.username == "ada"))
        assert user.password_hash.startswith("$argon2id$")
        assert api.password not in user.password_hash

    async def test_email_is_case_insensitive(self, api, client):
        assert (await api.register(name="ada")).status_code == 201
        response = await api.register(name="other", email="ADA@Example.com")
        assert response.status_code == 409
        assert response.json()["code"] == "email_taken"

    async def test_duplicate_email_is_409_email_taken(self, api, client):
        await api.register(name="ada")
        response = await api.register(name="bob", email="ada@example.com")
        assert response.status_code == 409
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "email_taken"

    async def test_duplicate_username_in_any_case_is_409_username_taken(self, api, client):
        await api.register(name="ada")
        response = await api.register(name="x", email="x@example.com", username="ADA")
        assert response.status_code == 409
        assert response.json()["code"] == "username_taken"

    @pytest.mark.parametrize("password", ["short1!", "password123", "12345678", "aaaaaaaaaa"])
    async def test_short_or_common_password_is_422(self, api, client, password):
        response = await api.register(password=password)
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "password"]

    async def test_admin_role_is_422(self, api, client):
        response = await api.register(role="admin")
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "role"]

    @pytest.mark.parametrize(
        ("field", "value"), [("email", "not-an-email"), ("username", "a b"), ("username", "x@y")]
    )
    async def test_invalid_fields_are_422(self, api, client, field, value):
        response = await api.register(**{field: value})
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"

    async def test_malformed_json_is_400(self, api, client):
        response = await client.post(
            "/register", content=b"{not json", headers={"content-type": "application/json"}
        )
        assert response.status_code == 400

    async def test_publishes_user_registered(self, api, client, sessionmaker):
        user = (await api.register(name="ada", role="seller")).json()
        async with sessionmaker() as session:
            events = await outbox_events(session, "auth.user.registered")
        mine = [e for e in events if e.data["user_id"] == user["id"]]
        assert len(mine) == 1
        assert [str(u) for u in mine[0].subject_user_ids] == [user["id"]]
        assert mine[0].data == {
            "user_id": user["id"],
            "email": "ada@example.com",
            "username": "ada",
            "role": "seller",
        }

    async def test_mails_a_verification_code(self, api, client, mailbox, deliver):
        await api.register(name="ada")
        assert await deliver() == 1
        messages = await mailbox.wait_for("ada@example.com")
        assert messages[0]["Subject"] == "Verify your email address"
        assert len(mailbox.last_code("ada@example.com")) == 6


class TestConcurrentRegistration:
    async def test_twenty_registrations_with_one_email_give_one_201(self, api, client):
        responses = await asyncio.gather(
            *(api.register(name=f"racer{i}", email="race@example.com") for i in range(20))
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] + [409] * 19
        assert {r.json()["code"] for r in responses if r.status_code == 409} == {"email_taken"}

    async def test_twenty_registrations_with_one_username_give_one_201(self, api, client):
        responses = await asyncio.gather(
            *(api.register(name="racer", email=f"racer{i}@example.com") for i in range(20))
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] + [409] * 19
        assert {r.json()["code"] for r in responses if r.status_code == 409} == {"username_taken"}
