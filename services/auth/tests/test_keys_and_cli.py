"""Signing key rotation and retirement, the admin bootstrap, and the operator commands."""

import asyncio

import pytest
from jose import jwt
from sqlalchemy import func, select

from auth import cli
from auth.main import create_app
from auth.models import SigningKey, User
from auth.service.keys import KeyOperationRefused
from auth.settings import get_settings
from common.testing import app_client, outbox_events


class TestRotation:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {**settings_overrides, "key_cache_seconds": 0}

    async def test_rotation_publishes_both_keys_and_retirement_drops_the_old(
        self, client, make_account, settings
    ):
        account = await make_account()
        old_kid = jwt.get_unverified_header(account.access_token)["kid"]
        await cli.manage_keys(settings, "rotate")
        kids = {k["kid"] for k in (await client.get("/.well-known/jwks.json")).json()["keys"]}
        assert len(kids) == 2
        assert old_kid in kids
        fresh = (
            await client.post(
                "/token", json={"username": account.username, "password": account.password}
            )
        ).json()
        new_kid = jwt.get_unverified_header(fresh["access_token"])["kid"]
        assert new_kid != old_kid
        assert new_kid in kids
        assert (await client.get("/me", headers=account.headers)).status_code == 200

        await cli.manage_keys(settings, "retire", old_kid)
        kids = {k["kid"] for k in (await client.get("/.well-known/jwks.json")).json()["keys"]}
        assert kids == {new_kid}
        assert (await client.get("/me", headers=account.headers)).status_code == 401
        new_headers = {"Authorization": f"Bearer {fresh['access_token']}"}
        assert (await client.get("/me", headers=new_headers)).status_code == 200

        with pytest.raises(KeyOperationRefused):
            await cli.manage_keys(settings, "retire", new_kid)
        with pytest.raises(KeyOperationRefused):
            await cli.manage_keys(settings, "retire", "no-such-kid")

    @pytest.mark.fresh_keys
    async def test_a_key_is_generated_once_at_first_start(self, app, settings, sessionmaker):
        async with app_client(app), app_client(create_app(settings)):
            pass
        async with sessionmaker() as session:
            assert await session.scalar(select(func.count()).select_from(SigningKey)) == 1


class TestAdminBootstrap:
    async def test_startup_creates_the_admin_once(self, client, settings, sessionmaker):
        async with app_client(create_app(settings)):
            pass
        async with sessionmaker() as session:
            admins = (await session.scalars(select(User).where(User.role == "admin"))).all()
            events = await outbox_events(session, "auth.user.registered")
        assert [(a.email, a.username, a.email_verified) for a in admins] == [
            (settings.admin_email, settings.admin_username, True)
        ]
        assert len(events) == 1

    async def test_admin_can_sign_in_with_the_configured_password(self, api, settings):
        response = await api.login(settings.admin_email, settings.admin_password)
        assert response.status_code == 200
        assert jwt.get_unverified_claims(response.json()["access_token"])["role"] == "admin"


class TestCommands:
    @pytest.fixture
    def env(self, monkeypatch, settings):
        monkeypatch.setenv("AUTH_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("AUTH_ARGON2_MEMORY_COST", "1024")
        get_settings.cache_clear()
        yield
        get_settings.cache_clear()

    async def test_create_admin_is_idempotent(self, env, capsys, sessionmaker):
        argv = ["create-admin", "--email", "Root@Example.com", "--username", "root"]
        assert await asyncio.to_thread(cli.main, [*argv, "--password", "a long root secret"]) == 0
        assert "created" in capsys.readouterr().out
        assert await asyncio.to_thread(cli.main, argv) == 0
        assert "already exists" in capsys.readouterr().out
        async with sessionmaker() as session:
            root = await session.scalar(select(User).where(User.username == "root"))
        assert root.role == "admin"
        assert root.email == "root@example.com"

    async def test_rotate_list_and_refused_retire(self, env, capsys):
        assert await asyncio.to_thread(cli.main, ["rotate-key"]) == 0
        assert "new signing key" in capsys.readouterr().out
        assert await asyncio.to_thread(cli.main, ["rotate-key"]) == 0
        capsys.readouterr()
        assert await asyncio.to_thread(cli.main, ["list-keys"]) == 0
        listing = capsys.readouterr().out.strip().splitlines()
        assert len(listing) == 2
        assert all(line.endswith("published") for line in listing)
        assert await asyncio.to_thread(cli.main, ["retire-key", "nope"]) == 1
        assert "no published key" in capsys.readouterr().err
