"""Models and migrations agree (the equivalent of ``alembic check``), and settings are safe."""

import asyncio

import pytest
from alembic import command

from auth.settings import Settings
from common.migrations import alembic_config


async def test_models_match_migrations(service_spec, database_url):
    config = alembic_config(service_spec.directory, database_url)
    await asyncio.to_thread(command.check, config)


class TestSettings:
    def test_production_refuses_default_secrets(self):
        with pytest.raises(RuntimeError, match="default secrets"):
            Settings(environment="production")

    def test_production_starts_with_real_secrets(self):
        settings = Settings(
            environment="production",
            internal_token="a-real-internal-token",
            admin_password="a-real-admin-password",
            code_secret="a-real-code-secret",
        )
        assert settings.environment == "production"

    def test_development_keeps_local_defaults(self):
        settings = Settings()
        assert settings.port == 8001
        assert settings.database_url.endswith("/auth")
        assert settings.redis_url == "redis://127.0.0.1:6379/0"
