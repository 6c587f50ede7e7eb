"""Settings come from GATEWAY_* variables, and production refuses the development secret."""

from __future__ import annotations

import pydantic
import pytest

from common import registry
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
    assert set(settings.services) == {s.name for s in registry.SERVICES if s.routed}
    assert settings.services["payments"] == "http://127.0.0.1:8004"
    assert settings.jwks_url == "http://127.0.0.1:8001/.well-known/jwks.json"


def test_a_keyword_url_adds_or_overrides_an_upstream():
    settings = Settings(orders_url="http://o:1", extra_url="http://e:2")
    assert settings.services["orders"] == "http://o:1"
    assert settings.services["extra"] == "http://e:2"
    assert settings.jwks_url == "http://127.0.0.1:8001/.well-known/jwks.json"


def test_production_refuses_the_development_internal_token():
    with pytest.raises(pydantic.ValidationError, match="internal_token"):
        Settings(environment="production")
    assert Settings(environment="production", internal_token="s3cret").internal_token == "s3cret"
