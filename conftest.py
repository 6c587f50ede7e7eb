"""Root conftest: every suite gets the platform's shared fixtures (real PostgreSQL and RabbitMQ)."""

# Imported first so that the `gateway/` directory (rootdir-relative) never shadows the package.
import gateway  # noqa: F401

pytest_plugins = ["common.testing.plugin"]
