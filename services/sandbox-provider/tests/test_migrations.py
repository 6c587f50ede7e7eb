"""The models and the migration history describe the same schema (``alembic check``)."""

from __future__ import annotations

import asyncio

from alembic import command

from common.migrations import alembic_config
from common.testing import ServiceSpec


async def test_models_and_migrations_have_not_drifted(
    service_spec: ServiceSpec, database_url: str
) -> None:
    config = alembic_config(service_spec.directory, database_url)
    await asyncio.to_thread(command.check, config)
