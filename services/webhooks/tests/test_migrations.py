"""Models and migrations describe the same schema (the equivalent of ``alembic check``)."""

import asyncio
import datetime as dt
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from alembic import command
from alembic.config import Config

from common.migrations import alembic_config, drop_database, ensure_database
from common.settings import POSTGRES_DEFAULT
from webhooks.encryption import KeyRing, generate_key, parse_key
from webhooks.signing import new_secret


async def test_models_and_migrations_have_not_drifted(service_spec, database_url):
    config = alembic_config(service_spec.directory, database_url)
    await asyncio.to_thread(command.check, config)


class TestEncryptingSecrets:
    """0002 encrypts the plaintext secrets already stored; its downgrade decrypts them back."""

    @pytest.fixture
    async def at_0001(self, service_spec) -> AsyncIterator[tuple[Config, str]]:
        url = f"{POSTGRES_DEFAULT}/test_webhooks_0002_{uuid.uuid4().hex[:8]}"
        await ensure_database(url)
        config = alembic_config(service_spec.directory, url)
        await asyncio.to_thread(command.upgrade, config, "0001")
        try:
            yield config, url
        finally:
            await drop_database(url)

    async def test_upgrade_encrypts_and_downgrade_restores(self, at_0001, monkeypatch):
        config, url = at_0001
        key = generate_key()
        monkeypatch.setenv("WEBHOOKS_SECRETS_KEY", key)
        now = dt.datetime.now(dt.UTC)
        rows = {
            uuid.uuid4(): (new_secret(), None, None),
            uuid.uuid4(): (new_secret(), new_secret(), now + dt.timedelta(hours=1)),
            uuid.uuid4(): (new_secret(), new_secret(), now - dt.timedelta(hours=1)),
        }
        conn = await asyncpg.connect(url.replace("postgresql+asyncpg", "postgresql"))
        try:
            await conn.executemany(
                "INSERT INTO endpoint (id, user_id, url, description, event_types, all_users, "
                "enabled, secret, previous_secret, previous_secret_expires_at) "
                "VALUES ($1, $1, 'http://127.0.0.1:9/', '', '{*}', false, true, $2, $3, $4)",
                [(id_, *values) for id_, values in rows.items()],
            )
            await asyncio.to_thread(command.upgrade, config, "0002")
            stored = await conn.fetch("SELECT * FROM endpoint")
            assert "whsec_" not in " ".join(str(dict(row)) for row in stored)
            ring = KeyRing([parse_key(key)])
            live, expired = list(rows)[1:]
            for row in stored:
                secret, previous, _ = rows[row["id"]]
                assert ring.decrypt(row["secret_ciphertext"], endpoint_id=row["id"]) == secret
                if row["id"] == live:
                    opened = ring.decrypt(row["previous_secret_ciphertext"], endpoint_id=live)
                    assert opened == previous
                else:  # none, or expired: nothing signs with it any more
                    assert row["previous_secret_ciphertext"] is None

            monkeypatch.setenv("WEBHOOKS_SECRETS_KEY", generate_key())
            with pytest.raises(RuntimeError, match="cannot downgrade"):
                await asyncio.to_thread(command.downgrade, config, "0001")
            monkeypatch.setenv("WEBHOOKS_SECRETS_KEY", key)
            await asyncio.to_thread(command.downgrade, config, "0001")
            restored = {
                row["id"]: (row["secret"], row["previous_secret"])
                for row in await conn.fetch("SELECT * FROM endpoint")
            }
        finally:
            await conn.close()
        assert restored == {
            id_: (secret, previous if id_ != expired else None)
            for id_, (secret, previous, _) in rows.items()
        }
