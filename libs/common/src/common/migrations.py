"""Alembic helpers: one migration history per service, sharing this env and the platform tables."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import asyncpg
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import async_engine_from_config

from common.platform_tables import platform_metadata


def run_env(service_metadata: MetaData, default_url: str) -> None:
    """Body of a service's ``migrations/env.py``.

    The URL comes from the Alembic config (tests set ``sqlalchemy.url``) or the service settings.
    """
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or default_url
    target: Sequence[MetaData] = [service_metadata, platform_metadata]

    def do_run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=target,
            compare_type=True,
            compare_server_default=False,
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = async_engine_from_config(
            {"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool
        )
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        asyncio.run(run_async())


def create_platform_tables() -> None:
    """Create outbox, inbox and idempotency_key; call from a service's first revision."""
    platform_metadata.create_all(op.get_bind())
    op.execute(
        "CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_notify('outbox', ''); RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox()"
    )


def lease_outbox_rows() -> None:
    """Outbox rows get a lease (``leased_until``): the process that writes a row may publish it
    itself right after its commit (common.messaging.fastpath) while the relay leaves it alone,
    and the insert trigger wakes the relay only for rows nobody holds. ``IF NOT EXISTS``: a
    database created after this change already has the column (the first revision creates the
    platform tables from the current metadata)."""
    op.execute("ALTER TABLE outbox ADD COLUMN IF NOT EXISTS leased_until TIMESTAMPTZ")
    op.execute("DROP TRIGGER IF EXISTS outbox_notify ON outbox")
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH ROW "
        "WHEN (NEW.leased_until IS NULL) EXECUTE FUNCTION notify_outbox()"
    )


def unlease_outbox_rows() -> None:
    op.execute("DROP TRIGGER IF EXISTS outbox_notify ON outbox")
    op.execute(
        "CREATE TRIGGER outbox_notify AFTER INSERT ON outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox()"
    )
    op.execute("ALTER TABLE outbox DROP COLUMN IF EXISTS leased_until")


def key_inbox_by_handler_name() -> None:
    """Re-key handled events from the handler's Python name to its stable inbox name (its
    event's routing key, ``common.messaging.consumer.Subscriber``): a row keeps meaning "this
    service handled this event", so a redelivery after the upgrade is still a duplicate."""
    op.execute(
        "DELETE FROM inbox AS a USING inbox AS b WHERE a.event_id = b.event_id "
        "AND a.routing_key = b.routing_key AND a.ctid < b.ctid"
    )
    op.execute("UPDATE inbox SET handler = routing_key WHERE handler <> routing_key")


def drop_platform_tables() -> None:
    op.execute("DROP TRIGGER IF EXISTS outbox_notify ON outbox")
    op.execute("DROP FUNCTION IF EXISTS notify_outbox()")
    platform_metadata.drop_all(op.get_bind())


def notify_on_insert(table: str, channel: str) -> None:
    """A trigger that NOTIFYs ``channel`` once per inserting statement on ``table``, waking the
    due-work loop of :mod:`common.duework` when the transaction commits."""
    op.execute(
        f"CREATE FUNCTION notify_{table}() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN PERFORM pg_notify('{channel}', ''); RETURN NULL; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {table}_notify AFTER INSERT ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION notify_{table}()"
    )


def drop_notify_on_insert(table: str) -> None:
    op.execute(f"DROP TRIGGER IF EXISTS {table}_notify ON {table}")
    op.execute(f"DROP FUNCTION IF EXISTS notify_{table}()")


def alembic_config(service_dir: Path, database_url: str | None = None) -> Config:
    config = Config(str(service_dir / "alembic.ini"))
    if database_url:
        config.set_main_option("sqlalchemy.url", database_url)
    return config


def upgrade_head(service_dir: Path, database_url: str | None = None) -> None:
    """Run ``alembic upgrade head`` for one service (blocking; runs its own event loop)."""
    command.upgrade(alembic_config(service_dir, database_url), "head")


def _server_dsn(database_url: str) -> tuple[str, str]:
    url = make_url(database_url)
    name = url.database or ""
    server = url.set(drivername="postgresql", database="postgres")
    return server.render_as_string(hide_password=False), name


async def ensure_database(database_url: str) -> bool:
    """Create the database named in ``database_url`` if it is missing; True when created."""
    dsn, name = _server_dsn(database_url)
    conn = await asyncpg.connect(dsn)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if exists:
            return False
        await conn.execute(f'CREATE DATABASE "{name}"')
        return True
    finally:
        await conn.close()


async def drop_database(database_url: str) -> None:
    dsn, name = _server_dsn(database_url)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
