"""Root conftest: every suite gets the platform's shared fixtures (real PostgreSQL and RabbitMQ)."""

pytest_plugins = ["common.testing.plugin"]
