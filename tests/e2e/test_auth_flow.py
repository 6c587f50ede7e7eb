"""Register -> login -> me -> refresh, through the gateway, against the real processes."""

import asyncio
import uuid

import pytest

pytestmark = pytest.mark.e2e


def _user() -> dict[str, str]:
    name = f"e2e{uuid.uuid4().hex[:8]}"
    return {"email": f"{name}@example.com", "username": name, "password": "correct-horse-42"}


class TestAuthThroughGateway:
    async def test_register_login_me_refresh(self, gateway):
        user = _user()
        registered = await gateway.post("/api/auth/register", json=user)
        assert registered.status_code == 201, registered.text
        assert "password" not in registered.json()
        assert registered.headers["x-request-id"]

        login = await gateway.post(
            "/api/auth/token", json={"username": user["username"], "password": user["password"]}
        )
        assert login.status_code == 200, login.text
        pair = login.json()
        me = await gateway.get(
            "/api/auth/me", headers={"Authorization": f"Bearer {pair['access_token']}"}
        )
        assert me.status_code == 200
        assert me.json()["email"] == user["email"]

        refreshed = await gateway.post(
            "/api/auth/token/refresh", json={"refresh_token": pair["refresh_token"]}
        )
        assert refreshed.status_code == 200
        reused = await gateway.post(
            "/api/auth/token/refresh", json={"refresh_token": pair["refresh_token"]}
        )
        assert reused.status_code == 401

    async def test_oauth2_form_login_as_the_docs_ui_does(self, gateway):
        user = _user()
        await gateway.post("/api/auth/register", json=user)
        login = await gateway.post(
            "/api/auth/token",
            data={
                "grant_type": "password",
                "username": user["email"],
                "password": user["password"],
            },
        )
        assert login.status_code == 200
        assert login.json()["token_type"] == "bearer"

    async def test_protected_route_without_token_is_401_at_the_gateway(self, gateway):
        response = await gateway.get("/api/auth/me")
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")

    async def test_deleted_users_token_is_refused(self, gateway):
        user = _user()
        await gateway.post("/api/auth/register", json=user)
        login = await gateway.post("/api/auth/token", json=user)
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        assert (await gateway.delete("/api/auth/me", headers=headers)).status_code == 204
        assert (await gateway.get("/api/auth/me", headers=headers)).status_code == 401

    async def test_password_reset_code_arrives_by_mail(self, gateway, mailbox):
        user = _user()
        await gateway.post("/api/auth/register", json=user)
        assert (
            await gateway.post("/api/auth/password-reset", json={"email": user["email"]})
        ).status_code == 202
        # registration mailed a verification code first; the reset code is the second message
        await mailbox.wait_for(user["email"], count=2, timeout=15)
        code = mailbox.last_code(user["email"])
        confirmed = await gateway.post(
            "/api/auth/password-reset/confirm",
            json={"email": user["email"], "code": code, "new_password": "another-horse-43"},
        )
        assert confirmed.status_code == 204
        login = await gateway.post(
            "/api/auth/token", json={"username": user["email"], "password": "another-horse-43"}
        )
        assert login.status_code == 200

    async def test_merged_docs_list_every_running_service(self, gateway):
        # The gateway asks a service that was still starting again within a second.
        for _ in range(50):
            paths = (await gateway.get("/openapi.json")).json()["paths"]
            if "/api/auth/register" in paths:
                break
            await asyncio.sleep(0.2)
        assert "/api/auth/register" in paths
        assert any(path.startswith("/api/catalog/") for path in paths)
        assert (await gateway.get("/docs")).status_code == 200
