"""Email verification and password reset codes: delivery, single use, expiry, locking, and
no account enumeration."""

import asyncio
import datetime as dt
import time

import pytest
from sqlalchemy import select, update

from auth.models import EmailMessage, VerificationCode

WRONG = "000000"


def _other(code: str) -> str:
    return WRONG if code != WRONG else "111111"


async def _expire_codes(sessionmaker) -> None:
    async with sessionmaker.begin() as session:
        past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        await session.execute(update(VerificationCode).values(expires_at=past))


class TestEmailVerification:
    async def test_send_and_confirm(self, client, make_account, mailbox, deliver):
        account = await make_account()
        response = await client.post("/email-verification", headers=account.headers)
        assert response.status_code == 202
        await deliver()
        code = mailbox.last_code(account.email)
        confirm = await client.post(
            "/email-verification/confirm", json={"code": code}, headers=account.headers
        )
        assert confirm.status_code == 200
        assert confirm.json()["email_verified"] is True

    async def test_only_the_newest_code_works(self, client, make_account, mailbox, deliver):
        account = await make_account()
        await deliver()
        first = mailbox.last_code(account.email)
        await client.post("/email-verification", headers=account.headers)
        await deliver()
        second = mailbox.last_code(account.email)
        if first != second:
            stale = await client.post(
                "/email-verification/confirm", json={"code": first}, headers=account.headers
            )
            assert stale.status_code == 422
        fresh = await client.post(
            "/email-verification/confirm", json={"code": second}, headers=account.headers
        )
        assert fresh.status_code == 200

    async def test_wrong_code_is_422_invalid_code(self, client, make_account, mailbox, deliver):
        account = await make_account()
        await deliver()
        code = mailbox.last_code(account.email)
        response = await client.post(
            "/email-verification/confirm", json={"code": _other(code)}, headers=account.headers
        )
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_code"

    async def test_code_must_be_six_digits(self, client, make_account):
        account = await make_account()
        response = await client.post(
            "/email-verification/confirm", json={"code": "12345"}, headers=account.headers
        )
        assert response.status_code == 422
        assert response.json()["code"] == "validation_error"

    async def test_five_wrong_tries_lock_the_code(self, client, make_account, mailbox, deliver):
        account = await make_account()
        await deliver()
        code = mailbox.last_code(account.email)
        for _ in range(5):
            wrong = await client.post(
                "/email-verification/confirm", json={"code": _other(code)}, headers=account.headers
            )
            assert wrong.status_code == 422
        locked = await client.post(
            "/email-verification/confirm", json={"code": code}, headers=account.headers
        )
        assert locked.status_code == 429
        assert locked.json()["code"] == "code_locked"
        assert "retry-after" in locked.headers

    async def test_an_expired_code_is_refused(
        self, client, make_account, mailbox, deliver, sessionmaker
    ):
        account = await make_account()
        await deliver()
        code = mailbox.last_code(account.email)
        await _expire_codes(sessionmaker)
        response = await client.post(
            "/email-verification/confirm", json={"code": code}, headers=account.headers
        )
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_code"

    async def test_already_verified_is_409(self, client, make_account, mailbox, deliver):
        account = await make_account()
        await deliver()
        code = mailbox.last_code(account.email)
        await client.post(
            "/email-verification/confirm", json={"code": code}, headers=account.headers
        )
        for path, body in (
            ("/email-verification", None),
            ("/email-verification/confirm", {"code": code}),
        ):
            response = await client.post(path, json=body, headers=account.headers)
            assert response.status_code == 409
            assert response.json()["code"] == "email_already_verified"

    async def test_codes_are_stored_hashed(self, make_account, mailbox, deliver, sessionmaker):
        account = await make_account()
        await deliver()
        code = mailbox.last_code(account.email)
        async with sessionmaker() as session:
            row = await session.scalar(select(VerificationCode))
        assert code not in row.code_hash
        assert len(row.code_hash) == 64


class TestResendCooldown:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {**settings_overrides, "code_resend_seconds": 60}

    async def test_asking_again_at_once_is_429(self, client, make_account):
        account = await make_account()
        response = await client.post("/email-verification", headers=account.headers)
        assert response.status_code == 429
        assert response.json()["code"] == "code_recently_sent"
        assert response.headers["retry-after"] == "60"


class TestTinyTtl:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {**settings_overrides, "code_ttl_seconds": 1}

    async def test_codes_expire_after_the_configured_ttl(self, client, api, mailbox, deliver):
        await api.register(name="ada")
        await client.post("/password-reset", json={"email": "ada@example.com"})
        await deliver()
        code = mailbox.last_code("ada@example.com")
        await asyncio.sleep(1.2)
        response = await client.post(
            "/password-reset/confirm",
            json={"email": "ada@example.com", "code": code, "new_password": "a brand new secret"},
        )
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_code"


class TestPasswordReset:
    async def _reset_code(self, client, mailbox, deliver, email: str) -> str:
        response = await client.post("/password-reset", json={"email": email})
        assert response.status_code == 202
        await deliver()
        return mailbox.last_code(email)

    async def test_reset_sets_the_password_and_ends_every_session(
        self, api, client, make_account, mailbox, deliver
    ):
        account = await make_account()
        code = await self._reset_code(client, mailbox, deliver, account.email)
        response = await client.post(
            "/password-reset/confirm",
            json={"email": account.email, "code": code, "new_password": "a brand new secret"},
        )
        assert response.status_code == 204
        refresh = await client.post("/token/refresh", json={"refresh_token": account.refresh_token})
        assert refresh.status_code == 401
        assert (await api.login(account.username)).status_code == 401
        assert (await client.get("/me", headers=account.headers)).status_code == 401
        fresh = await api.login(account.username, "a brand new secret")
        assert fresh.status_code == 200
        token = fresh.json()["access_token"]
        me = await client.get("/me", headers={"Authorization": f"Bearer {token}"})
        assert me.json()["email_verified"] is True

    async def test_a_code_works_once(self, client, make_account, mailbox, deliver):
        account = await make_account()
        code = await self._reset_code(client, mailbox, deliver, account.email)
        body = {"email": account.email, "code": code, "new_password": "a brand new secret"}
        assert (await client.post("/password-reset/confirm", json=body)).status_code == 204
        body["new_password"] = "yet another secret"
        again = await client.post("/password-reset/confirm", json=body)
        assert again.status_code == 422
        assert again.json()["code"] == "invalid_code"

    async def test_five_wrong_tries_lock_the_code(self, client, make_account, mailbox, deliver):
        account = await make_account()
        code = await self._reset_code(client, mailbox, deliver, account.email)
        body = {"email": account.email, "code": _other(code), "new_password": "a brand new secret"}
        for _ in range(5):
            assert (await client.post("/password-reset/confirm", json=body)).status_code == 422
        body["code"] = code
        locked = await client.post("/password-reset/confirm", json=body)
        assert locked.status_code == 429
        assert locked.json()["code"] == "code_locked"

    async def test_weak_new_password_is_422_and_spends_no_try(
        self, client, make_account, mailbox, deliver
    ):
        account = await make_account()
        code = await self._reset_code(client, mailbox, deliver, account.email)
        body = {"email": account.email, "code": code, "new_password": "password"}
        for _ in range(6):
            response = await client.post("/password-reset/confirm", json=body)
            assert response.status_code == 422
            assert response.json()["code"] == "validation_error"
        body["new_password"] = "a brand new secret"
        assert (await client.post("/password-reset/confirm", json=body)).status_code == 204


class TestNoEnumeration:
    async def test_request_answers_the_same_for_unknown_addresses(
        self, api, client, mailbox, deliver, sessionmaker
    ):
        await api.register(name="ada")
        await deliver()
        mailbox.clear()
        known = await client.post("/password-reset", json={"email": "ada@example.com"})
        unknown = await client.post("/password-reset", json={"email": "ghost@example.com"})
        assert known.status_code == unknown.status_code == 202
        assert known.json() == unknown.json()
        assert known.headers["content-type"] == unknown.headers["content-type"]
        await deliver()
        assert len(mailbox.to("ada@example.com")) == 1
        assert mailbox.to("ghost@example.com") == []
        async with sessionmaker() as session:
            recipients = set(await session.scalars(select(EmailMessage.to_address)))
        assert "ghost@example.com" not in recipients

    async def test_request_takes_similar_time_either_way(self, api, client):
        await api.register(name="ada")

        async def timed(email: str) -> float:
            started = time.perf_counter()
            assert (await client.post("/password-reset", json={"email": email})).status_code == 202
            return time.perf_counter() - started

        # Minimums, because a busy machine only ever adds time.
        known = min([await timed("ada@example.com") for _ in range(7)])
        unknown = min([await timed(f"ghost{i}@example.com") for i in range(7)])
        assert abs(known - unknown) < 0.02

    async def test_confirm_for_an_unknown_address_fails_like_a_wrong_code(self, client, api):
        await api.register(name="ada")
        await client.post("/password-reset", json={"email": "ada@example.com"})
        answers = []
        for email in ("ada@example.com", "ghost@example.com"):
            body = {"email": email, "code": WRONG, "new_password": "a brand new secret"}
            answers.append(await client.post("/password-reset/confirm", json=body))
        assert answers[0].status_code == answers[1].status_code == 422
        assert answers[0].json() == answers[1].json()

    async def test_unknown_addresses_lock_after_five_tries_too(self, client):
        body = {"email": "ghost@example.com", "code": WRONG, "new_password": "a brand new secret"}
        for _ in range(5):
            assert (await client.post("/password-reset/confirm", json=body)).status_code == 422
        locked = await client.post("/password-reset/confirm", json=body)
        assert locked.status_code == 429
        assert locked.json()["code"] == "code_locked"
