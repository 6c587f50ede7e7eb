"""The Alembic history creates exactly what the models describe."""

import asyncio
from pathlib import Path

from alembic import command

from common.migrations import alembic_config

SERVICE_DIR = Path(__file__).resolve().parents[1]


async def test_models_and_migrations_have_not_drifted(database_url):
    # `alembic check` raises when autogenerate would emit any operation.
    await asyncio.to_thread(command.check, alembic_config(SERVICE_DIR, database_url))


async def test_downgrade_and_upgrade_round_trip(database_url):
    config = alembic_config(SERVICE_DIR, database_url)
    await asyncio.to_thread(command.downgrade, config, "base")
    await asyncio.to_thread(command.upgrade, config, "head")
    await asyncio.to_thread(command.check, config)
