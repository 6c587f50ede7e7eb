"""Endpoint secrets at rest: the database never holds a plaintext secret; deliveries still
verify with the ``standardwebhooks`` library after a restart and through a secret rotation;
a new encryption key leaves old rows readable until ``rotate-encryption-key`` moves them."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import uuid
from typing import Any

import pytest
from sqlalchemy import text, update
from standardwebhooks.webhooks import Webhook

from common.events.orders import OrderShipped
from common.testing import wait_for
from services.webhooks.tests.support import running
from webhooks import encryption, signing
from webhooks.cli import rotate_encryption_key
from webhooks.delivery.dispatcher import Dispatcher
from webhooks.encryption import generate_key, key_id, parse_key
from webhooks.models import Endpoint
from webhooks.settings import Settings

OLD_KEY, NEW_KEY = generate_key(), generate_key()


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"secrets_key": OLD_KEY, "retry_jitter": 0.0, "dispatch_poll_seconds": 0.2}


def _with_keys(settings: Settings, *keys: str) -> Settings:
    """The same settings as a freshly started process with ``keys`` would read them."""
    encryption.keyring.cache_clear()
    signing._signer.cache_clear()
    return Settings.model_validate({**settings.model_dump(), "secrets_key": ",".join(keys)})


async def _everything_stored(sessionmaker: Any) -> str:
    """Every row of every table, as text."""
    async with sessionmaker() as session:
        tables = await session.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        )
        dumps = [
            await session.scalar(
                text(f"SELECT coalesce(string_agg(t::text, ' '), '') FROM \"{name}\" t")
            )
            for name in tables.all()
        ]
    return " ".join(dumps)


async def _stored_secrets(sessionmaker: Any, endpoint_id: str) -> tuple[str, str | None]:
    async with sessionmaker() as session:
        row = (
            await session.execute(
                text(
                    "SELECT secret_ciphertext, previous_secret_ciphertext FROM endpoint "
                    "WHERE id = :id"
                ),
                {"id": uuid.UUID(endpoint_id)},
            )
        ).one()
    return row[0], row[1]


async def _delivered(hooks, receiver, user: uuid.UUID, settings: Settings, sessionmaker) -> Any:
    """Publish one event about ``user`` and send it with a dispatcher built from ``settings``
    (as a worker started afresh); the request the receiver got."""
    before = len(receiver.to("/hooks"))
    await hooks.publish(OrderShipped(order_id=uuid.uuid4(), user_id=user), user)
    async with running(Dispatcher(sessionmaker, settings)):

        async def arrived() -> Any:
            requests = receiver.to("/hooks")
            return requests[-1] if len(requests) > before else None

        return await wait_for(arrived)


class TestNothingInPlaintext:
    async def test_the_database_never_holds_a_secret_in_plaintext(self, hooks, sessionmaker):
        _, headers = hooks.user()
        created = await hooks.endpoint(headers, "http://127.0.0.1:9/hooks")
        rotated = await hooks.client.post(
            f"/endpoints/{created['id']}/rotate-secret", headers=headers
        )
        assert rotated.status_code == 200
        stored = await _everything_stored(sessionmaker)
        assert created["id"] in stored
        assert "whsec_" not in stored
        for secret in (created["secret"], rotated.json()["secret"]):
            assert secret.removeprefix("whsec_") not in stored

    async def test_rotation_keeps_both_secrets_encrypted(self, hooks, sessionmaker, settings):
        _, headers = hooks.user()
        created = await hooks.endpoint(headers, "http://127.0.0.1:9/hooks")
        (first, previous) = await _stored_secrets(sessionmaker, created["id"])
        assert previous is None
        rotated = await hooks.client.post(
            f"/endpoints/{created['id']}/rotate-secret", headers=headers
        )
        current, previous = await _stored_secrets(sessionmaker, created["id"])
        assert previous == first
        endpoint_id = uuid.UUID(created["id"])
        assert settings.keyring.decrypt(previous, endpoint_id=endpoint_id) == created["secret"]
        assert (
            settings.keyring.decrypt(current, endpoint_id=endpoint_id) == rotated.json()["secret"]
        )


class TestSigningAfterARestart:
    async def test_deliveries_verify_with_both_secrets_after_a_restart(
        self, hooks, receiver, settings, sessionmaker
    ):
        ada, headers = hooks.user()
        created = await hooks.endpoint(headers, receiver.url("/hooks"))
        rotated = await hooks.client.post(
            f"/endpoints/{created['id']}/rotate-secret", headers=headers
        )
        restarted = _with_keys(settings, OLD_KEY)
        request = await _delivered(hooks, receiver, ada, restarted, sessionmaker)
        assert len(request.headers["webhook-signature"].split(" ")) == 2
        for secret in (created["secret"], rotated.json()["secret"]):
            body = Webhook(secret).verify(request.body, request.headers)
            assert body["type"] == "orders.order.shipped"


class TestKeyRotation:
    async def test_old_rows_decrypt_with_a_new_key_added_and_the_command_moves_them(
        self, hooks, receiver, settings, sessionmaker
    ):
        ada, headers = hooks.user()
        created = await hooks.endpoint(headers, receiver.url("/hooks"))
        rotated = await hooks.client.post(
            f"/endpoints/{created['id']}/rotate-secret", headers=headers
        )
        assert rotated.status_code == 200, rotated.text
        secrets = (created["secret"], rotated.json()["secret"])
        old_id, new_id = key_id(parse_key(OLD_KEY)), key_id(parse_key(NEW_KEY))

        # A new key in front: rows still under the old one keep signing.
        both = _with_keys(settings, NEW_KEY, OLD_KEY)
        request = await _delivered(hooks, receiver, ada, both, sessionmaker)
        for secret in secrets:
            Webhook(secret).verify(request.body, request.headers)
        stored = await _stored_secrets(sessionmaker, created["id"])
        assert all(value is not None and value.startswith(f"v1.{old_id}.") for value in stored)

        out = io.StringIO()
        await rotate_encryption_key(argparse.Namespace(batch_size=1), settings=both, out=out)
        assert f"1 rewritten, every secret now encrypted with key {new_id}" in out.getvalue()
        stored = await _stored_secrets(sessionmaker, created["id"])
        assert all(value is not None and value.startswith(f"v1.{new_id}.") for value in stored)

        # The old key can go.
        only_new = _with_keys(settings, NEW_KEY)
        request = await _delivered(hooks, receiver, ada, only_new, sessionmaker)
        for secret in secrets:
            Webhook(secret).verify(request.body, request.headers)

    async def test_the_command_drops_expired_previous_secrets_and_is_rerunnable(
        self, hooks, settings, sessionmaker
    ):
        _, headers = hooks.user()
        ids = []
        for _ in range(3):
            created = await hooks.endpoint(headers, "http://127.0.0.1:9/hooks")
            rotated = await hooks.client.post(
                f"/endpoints/{created['id']}/rotate-secret", headers=headers
            )
            assert rotated.status_code == 200, rotated.text
            ids.append(uuid.UUID(created["id"]))
        async with sessionmaker.begin() as session:
            await session.execute(
                update(Endpoint)
                .where(Endpoint.id == ids[0])
                .values(previous_secret_expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
            )
        both = _with_keys(settings, NEW_KEY, OLD_KEY)
        out = io.StringIO()
        await rotate_encryption_key(argparse.Namespace(batch_size=2), settings=both, out=out)
        assert "3 endpoints: 3 rewritten" in out.getvalue(), out.getvalue()
        assert "(1 expired previous secrets dropped)" in out.getvalue()
        assert (await _stored_secrets(sessionmaker, str(ids[0])))[1] is None
        assert (await _stored_secrets(sessionmaker, str(ids[1])))[1] is not None
        again = io.StringIO()
        await rotate_encryption_key(argparse.Namespace(batch_size=2), settings=both, out=again)
        assert "3 endpoints: 0 rewritten" in again.getvalue()

    async def test_a_row_under_a_missing_key_stops_the_command_and_is_not_sent(
        self, hooks, receiver, settings, sessionmaker
    ):
        ada, headers = hooks.user()
        created = await hooks.endpoint(headers, receiver.url("/hooks"))
        without_old = _with_keys(settings, NEW_KEY)
        with pytest.raises(SystemExit, match=key_id(parse_key(OLD_KEY))):
            await rotate_encryption_key(
                argparse.Namespace(batch_size=10), settings=without_old, out=io.StringIO()
            )
        dispatcher = Dispatcher(sessionmaker, without_old)
        await hooks.publish(OrderShipped(order_id=uuid.uuid4(), user_id=ada), ada)
        async with running(dispatcher):
            await wait_for(lambda: _claimed_once(hooks, created["id"]))
        assert receiver.to("/hooks") == []
        (delivery,) = await hooks.deliveries(created["id"])
        # Not the endpoint's fault: no attempt logged, still pending for when the key is back.
        assert delivery.status == "pending"
        assert delivery.attempts == 0
        assert dispatcher.sent == 0


async def _claimed_once(hooks: Any, endpoint_id: str) -> bool:
    rows = await hooks.deliveries(endpoint_id)
    return bool(rows) and rows[0].claimed_until is not None
