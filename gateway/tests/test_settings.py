"""Settings come from GATEWAY_* variables, and production refuses the development secret."""

from __future__ import annotations

import pydantic
import pytest

from gateway.settings import Settings


def test_service_urls_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("GATEWAY_ORDERS_URL", "http://orders.internal:9000")
    monkeypatch.setenv("GATEWAY_MAX_BODY_BYTES", "2048")
    settings = Settings()
    assert settings.services["orders"] == "http://orders.internal:9000"
    assert settings.services["auth"] == "http://127.0.0.1:8001"
    assert settings.max_body_bytes == 2048


def test_defaults_work_locally():
    settings = Settings()
    assert settings.port == 8000
    assert set(settings.services) == {
        "auth",
        "catalog",
        "orders",
        "payments",
        "billing",
        "webhooks",
    }
    assert settings.jwks_url == "http://127.0.0.1:8001/.well-known/jwks.json"


def test_production_refuses_the_development_internal_token():
    with pytest.raises(pydantic.ValidationError, match="internal_token"):
        Settings(environment="production")
    assert Settings(environment="production", internal_token="s3cret").internal_token == "s3cret"
