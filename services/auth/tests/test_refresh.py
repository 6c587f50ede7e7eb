"""POST /token/refresh and POST /logout: rotation, reuse detection, revocation."""

import asyncio
import datetime as dt

from sqlalchemy import select, update

from auth.models import RefreshToken


async def _refresh(client, token):
    return await client.post("/token/refresh", json={"refresh_token": token})


class TestRotation:
    async def test_refresh_returns_a_new_pair_of_the_same_family(
        self, client, make_account, sessionmaker
    ):
        account = await make_account()
        response = await _refresh(client, account.refresh_token)
        assert response.status_code == 200
        pair = response.json()
        assert pair["refresh_token"] != account.refresh_token
        assert pair["token_type"] == "bearer"
        me = await client.get("/me", headers={"Authorization": f"Bearer {pair['access_token']}"})
        assert me.status_code == 200
        async with sessionmaker() as session:
            families = set(await session.scalars(select(RefreshToken.family_id)))
            tokens = (await session.scalars(select(RefreshToken))).all()
        assert len(families) == 1
        assert all(
            t.token_hash not in (account.refresh_token, pair["refresh_token"]) for t in tokens
        )

    async def test_unknown_token_is_401(self, client):
        response = await _refresh(client, "not-a-token")
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_refresh_token"

    async def test_expired_token_is_401(self, client, make_account, sessionmaker):
        account = await make_account()
        async with sessionmaker.begin() as session:
            past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
            await session.execute(update(RefreshToken).values(expires_at=past))
        response = await _refresh(client, account.refresh_token)
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_refresh_token"

    async def test_refresh_tokens_live_thirty_days(self, make_account, sessionmaker):
        await make_account()
        async with sessionmaker() as session:
            token = await session.scalar(select(RefreshToken))
        assert token.expires_at - token.created_at > dt.timedelta(days=29, hours=23)


class TestReuse:
    async def test_presenting_a_used_token_revokes_the_whole_family(self, client, make_account):
        account = await make_account()
        rotated = (await _refresh(client, account.refresh_token)).json()
        reuse = await _refresh(client, account.refresh_token)
        assert reuse.status_code == 401
        assert reuse.json()["code"] == "refresh_token_reused"
        # The legitimate-looking newest token of that family is dead too.
        after = await _refresh(client, rotated["refresh_token"])
        assert after.status_code == 401
        assert after.json()["code"] == "invalid_refresh_token"

    async def test_other_sessions_survive_a_reuse(self, api, client, make_account):
        account = await make_account()
        other = (await api.login(account.username)).json()
        await _refresh(client, account.refresh_token)
        await _refresh(client, account.refresh_token)
        assert (await _refresh(client, other["refresh_token"])).status_code == 200

    async def test_concurrent_refreshes_of_one_token_give_one_new_pair(self, client, make_account):
        account = await make_account()
        responses = await asyncio.gather(
            *(_refresh(client, account.refresh_token) for _ in range(10))
        )
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [200] + [401] * 9


class TestLogout:
    async def test_logout_revokes_the_refresh_token(self, client, make_account):
        account = await make_account()
        response = await client.post(
            "/logout", json={"refresh_token": account.refresh_token}, headers=account.headers
        )
        assert response.status_code == 204
        assert (await _refresh(client, account.refresh_token)).status_code == 401

    async def test_logout_needs_a_signed_in_user(self, client, make_account):
        account = await make_account()
        response = await client.post("/logout", json={"refresh_token": account.refresh_token})
        assert response.status_code == 401
        assert (await _refresh(client, account.refresh_token)).status_code == 200

    async def test_logout_cannot_revoke_another_users_token(self, client, make_account):
        ada = await make_account()
        bob = await make_account()
        response = await client.post(
            "/logout", json={"refresh_token": bob.refresh_token}, headers=ada.headers
        )
        assert response.status_code == 204
        assert (await _refresh(client, bob.refresh_token)).status_code == 200

    async def test_refresh_for_a_deactivated_account_is_401(self, client, make_account, admin):
        account = await make_account()
        await client.patch(f"/users/{account.id}", json={"is_active": False}, headers=admin.headers)
        assert (await _refresh(client, account.refresh_token)).status_code == 401
