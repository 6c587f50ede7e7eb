"""Models and migrations describe the same schema (the equivalent of ``alembic check``)."""

import asyncio

from alembic import command

from common.migrations import alembic_config


async def test_models_and_migrations_have_not_drifted(service_spec, database_url):
    config = alembic_config(service_spec.directory, database_url)
    await asyncio.to_thread(command.check, config)
