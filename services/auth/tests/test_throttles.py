"""Throttles: sign-in attempts counted before the check, daily code quotas per address, the
email change cooldown, and password reset requests that do the same work for any address."""

import asyncio

import pytest
from sqlalchemy import func, select

from auth.models import EmailMessage, PasswordResetRequest, VerificationCode

WRONG_PASSWORD = "wrong password here"


class TestConcurrentSignIn:
    async def test_fifteen_concurrent_wrong_passwords_stop_at_the_limit_of_five(self, api):
        await api.register(name="ada")
        answers = await asyncio.gather(*(api.login("ada", WRONG_PASSWORD) for _ in range(15)))
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses == [401] * 5 + [429] * 10
        assert all("retry-after" in a.headers for a in answers if a.status_code == 429)
        assert (await api.login("ada")).status_code == 429

    async def test_refused_attempts_do_not_extend_the_count(self, api, redis, settings):
        await api.register(name="ada")
        await asyncio.gather(*(api.login("ada", WRONG_PASSWORD) for _ in range(9)))
        keys = [key async for key in redis.scan_iter(f"{settings.redis_prefix}login-failures:*")]
        counts = {key.decode().split(":")[-2]: int(await redis.get(key)) for key in keys}
        assert counts["account"] == 5

    async def test_a_right_password_gives_the_ip_attempt_back(self, api, redis, settings):
        await api.register(name="ada")
        headers = {"x-forwarded-for": "198.51.100.7"}
        for _ in range(3):
            assert (await api.login("ada", headers=headers)).status_code == 200
        key = f"{settings.redis_prefix}login-failures:ip:198.51.100.7"
        assert int(await redis.get(key) or 0) == 0


class TestDailyCodeQuota:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {**settings_overrides, "codes_per_address_per_day": 3}

    async def test_verification_codes_stop_at_the_daily_quota(self, client, make_account):
        account = await make_account()  # registration mails the first code (not counted)
        for _ in range(3):
            sent = await client.post("/email-verification", headers=account.headers)
            assert sent.status_code == 202
        refused = await client.post("/email-verification", headers=account.headers)
        assert refused.status_code == 429
        assert refused.json()["code"] == "daily_code_limit"
        assert int(refused.headers["retry-after"]) > 3600

    async def test_reset_requests_mail_only_up_to_the_quota(self, api, client, mailbox, deliver):
        await api.register(name="ada")
        await deliver()
        mailbox.clear()
        for _ in range(10):
            answer = await client.post("/password-reset", json={"email": "ada@example.com"})
            assert answer.status_code == 202
            await deliver()
        assert len(mailbox.to("ada@example.com")) == 3

    async def test_the_quota_is_per_address(self, api, client, mailbox, deliver):
        await api.register(name="ada")
        await api.register(name="bob")
        for _ in range(4):
            await client.post("/password-reset", json={"email": "ada@example.com"})
            await deliver()
        mailbox.clear()
        await client.post("/password-reset", json={"email": "bob@example.com"})
        await deliver()
        assert len(mailbox.to("bob@example.com")) == 1


class TestResetRequestsDoTheSameWork:
    async def test_known_and_unknown_addresses_each_queue_one_request_and_nothing_else(
        self, api, client, sessionmaker, deliver
    ):
        await api.register(name="ada")
        await deliver()

        async def counts() -> tuple[int, int, int]:
            async with sessionmaker() as session:
                return (
                    await session.scalar(select(func.count()).select_from(PasswordResetRequest)),
                    await session.scalar(select(func.count()).select_from(VerificationCode)),
                    await session.scalar(select(func.count()).select_from(EmailMessage)),
                )

        before = await counts()
        known = await client.post("/password-reset", json={"email": "ada@example.com"})
        after_known = await counts()
        unknown = await client.post("/password-reset", json={"email": "ghost@example.com"})
        after_unknown = await counts()
        assert known.json() == unknown.json()
        assert after_known == (before[0] + 1, before[1], before[2])
        assert after_unknown == (before[0] + 2, before[1], before[2])
        await deliver()
        assert (await counts())[0] == 0


class TestEmailChangeCooldown:
    async def test_a_second_change_at_once_is_429(self, client, make_account):
        account = await make_account()
        first = await client.post(
            "/me/email",
            json={"new_email": "first@example.com", "password": account.password},
            headers=account.headers,
        )
        assert first.status_code == 200
        second = await client.post(
            "/me/email",
            json={"new_email": "victim@example.com", "password": account.password},
            headers=account.headers,
        )
        assert second.status_code == 429
        assert second.json()["code"] == "email_change_too_soon"
        assert 0 < int(second.headers["retry-after"]) <= 300
