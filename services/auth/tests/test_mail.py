"""Email delivery by the worker over real SMTP: claim, retry with backoff, give up, no doubles."""

import asyncio
import datetime as dt

import pytest
from sqlalchemy import event, select, update

from auth import mail
from auth.models import EmailMessage
from auth.worker import build_worker
from common.testing import free_port, running_worker


async def _queue(sessionmaker, count: int) -> None:
    async with sessionmaker.begin() as session:
        for i in range(count):
            mail.enqueue(session, to=f"r{i}@example.com", subject=f"s{i}", body=f"body {i}")


class TestWorker:
    @pytest.fixture
    def settings_overrides(self, settings_overrides):
        return {**settings_overrides, "email_poll_seconds": 0.1}

    async def test_the_worker_delivers_the_registration_email(
        self, api, settings, mailbox, sessionmaker
    ):
        async with running_worker(build_worker(settings)):
            await api.register(name="ada")
            (message,) = await mailbox.wait_for("ada@example.com")
        assert message["From"] == settings.email_from
        assert message["Subject"] == "Verify your email address"
        async with sessionmaker() as session:
            row = await session.scalar(select(EmailMessage))
        assert row.sent_at is not None
        assert row.attempts == 1


class TestDelivery:
    async def test_two_deliverers_at_once_send_each_message_once(
        self, sessionmaker, settings, mailbox
    ):
        await _queue(sessionmaker, 30)
        sent = await asyncio.gather(
            *(mail.deliver_all_due(sessionmaker, settings) for _ in range(3))
        )
        assert sum(sent) == 30
        for i in range(30):
            assert len(mailbox.to(f"r{i}@example.com")) == 1

    async def test_failure_is_retried_with_backoff_then_delivered(
        self, sessionmaker, settings, mailbox
    ):
        await _queue(sessionmaker, 1)
        down = settings.model_copy(update={"smtp_port": free_port()})
        assert await mail.deliver_due(sessionmaker, down) == 0
        async with sessionmaker() as session:
            row = await session.scalar(select(EmailMessage))
        assert row.sent_at is None
        assert row.attempts == 1
        assert row.last_error
        assert row.next_attempt_at > dt.datetime.now(dt.UTC)
        # Not due yet: nothing is sent even though the server is back.
        assert await mail.deliver_due(sessionmaker, settings) == 0
        async with sessionmaker.begin() as session:
            await session.execute(
                update(EmailMessage).values(next_attempt_at=dt.datetime.now(dt.UTC))
            )
        assert await mail.deliver_due(sessionmaker, settings) == 1
        assert len(mailbox.to("r0@example.com")) == 1

    async def test_gives_up_after_the_last_attempt(self, sessionmaker, settings):
        await _queue(sessionmaker, 1)
        down = settings.model_copy(update={"smtp_port": free_port(), "email_max_attempts": 2})
        for _ in range(2):
            async with sessionmaker.begin() as session:
                await session.execute(
                    update(EmailMessage).values(next_attempt_at=dt.datetime.now(dt.UTC))
                )
            await mail.deliver_due(sessionmaker, down)
        async with sessionmaker() as session:
            row = await session.scalar(select(EmailMessage))
        assert row.failed_at is not None
        assert row.attempts == 2

    def test_backoff_grows(self, settings):
        first = mail.backoff(settings, 1).total_seconds()
        later = mail.backoff(settings, 5).total_seconds()
        assert later > first * 8


class TestIdlePoll:
    async def test_a_poll_with_nothing_due_opens_no_transaction(
        self, sessionmaker, settings, mailbox
    ):
        step = mail.delivery_job(sessionmaker, settings).step
        begun: list[object] = []
        engine = sessionmaker.kw["bind"].sync_engine
        listener = begun.append
        event.listen(engine, "begin", listener)
        try:
            assert await step() == 0
        finally:
            event.remove(engine, "begin", listener)
        assert begun == []
        await _queue(sessionmaker, 1)
        assert await step() == 1  # a due message is seen and sent
        assert len(mailbox.to("r0@example.com")) == 1
