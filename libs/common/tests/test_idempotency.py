"""Idempotency keys against the real database, with real concurrency."""

import asyncio
import uuid

from sqlalchemy import func, select

from common.platform_tables import outbox


async def _count_credits(sessionmaker) -> int:
    async with sessionmaker() as session:
        return await session.scalar(select(func.count()).select_from(outbox))


class TestIdempotencyKeys:
    async def test_twenty_concurrent_requests_with_one_key_have_one_effect(
        self, client, tokens, sessionmaker
    ):
        headers = {**tokens.headers(), "Idempotency-Key": "key-1"}
        body = {"amount": 500, "note": "once", "delay": 0.2}
        responses = await asyncio.gather(
            *(client.post("/credits", json=body, headers=headers) for _ in range(20))
        )
        assert {r.status_code for r in responses} == {201}
        assert len({r.content for r in responses}) == 1
        assert await _count_credits(sessionmaker) == 1

    async def test_replay_is_marked(self, client, tokens):
        headers = {**tokens.headers(), "Idempotency-Key": "key-2"}
        first = await client.post("/credits", json={"amount": 5}, headers=headers)
        again = await client.post("/credits", json={"amount": 5}, headers=headers)
        assert first.json() == again.json()
        assert again.headers["Idempotent-Replayed"] == "true"

    async def test_same_key_different_body_is_422(self, client, tokens):
        headers = {**tokens.headers(), "Idempotency-Key": "key-3"}
        await client.post("/credits", json={"amount": 5}, headers=headers)
        response = await client.post("/credits", json={"amount": 6}, headers=headers)
        assert response.status_code == 422
        assert response.json()["code"] == "idempotency_key_reused"

    async def test_keys_are_per_caller(self, client, tokens, sessionmaker):
        for _ in range(2):
            headers = {**tokens.headers(uuid.uuid4()), "Idempotency-Key": "shared"}
            assert (
                await client.post("/credits", json={"amount": 5}, headers=headers)
            ).status_code == 201
        assert await _count_credits(sessionmaker) == 2

    async def test_without_a_key_two_requests_are_two_effects(self, client, tokens, sessionmaker):
        headers = tokens.headers()
        for _ in range(2):
            await client.post("/credits", json={"amount": 5}, headers=headers)
        assert await _count_credits(sessionmaker) == 2

    async def test_failed_request_leaves_no_key_behind(self, client, tokens):
        headers = {**tokens.headers(), "Idempotency-Key": "key-4"}
        bad = await client.post("/credits", json={"amount": "5"}, headers=headers)
        assert bad.status_code == 422
        good = await client.post("/credits", json={"amount": 5}, headers=headers)
        assert good.status_code == 201


class TestKeyStillInFlight:
    async def test_second_request_while_first_runs_past_the_wait_is_409(
        self, service_spec, database_url, tokens
    ):
        from common.testing import app_client

        settings = service_spec.settings_cls(
            database_url=database_url, idempotency_wait_seconds=0.2, access_log=False
        )
        app = service_spec.app_factory(settings, key_provider=tokens.key_provider())
        headers = {**tokens.headers(), "Idempotency-Key": "slow"}
        async with app_client(app) as client:
            slow = asyncio.create_task(
                client.post("/credits", json={"amount": 5, "delay": 1.5}, headers=headers)
            )
            await asyncio.sleep(0.3)
            second = await client.post(
                "/credits", json={"amount": 5, "delay": 1.5}, headers=headers
            )
            assert second.status_code == 409
            assert second.json()["code"] == "idempotency_key_in_flight"
            assert (await slow).status_code == 201
