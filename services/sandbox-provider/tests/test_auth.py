"""The secret key guards every /v1 route; production refuses the published keys."""

from __future__ import annotations

import httpx
import pytest

from sandbox_provider.main import create_app
from sandbox_provider.settings import Settings


class TestSecretKey:
    @pytest.mark.parametrize(
        "headers",
        [
            {},
            {"Authorization": "Bearer sk_wrong"},
            {"Authorization": "Basic sk_sandbox_dev"},
            {"Authorization": "sk_sandbox_dev"},
        ],
    )
    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("POST", "/v1/tokens"),
            ("POST", "/v1/charges"),
            ("GET", "/v1/charges/ch_x"),
            ("POST", "/v1/refunds"),
            ("POST", "/v1/test/behaviour"),
        ],
    )
    async def test_missing_or_wrong_key_is_401_invalid_api_key(
        self, client: httpx.AsyncClient, headers: dict[str, str], method: str, path: str
    ) -> None:
        response = await client.request(method, path, json={}, headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "invalid_api_key"
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_the_right_key_passes(self, client: httpx.AsyncClient) -> None:
        response = await client.get(
            "/v1/charges/ch_x", headers={"Authorization": "Bearer sk_sandbox_dev"}
        )
        assert response.status_code == 404


class TestProductionSecrets:
    def test_production_refuses_the_development_keys(self) -> None:
        with pytest.raises(RuntimeError, match="api_key"):
            create_app(Settings(environment="production", webhook_secret="w"))

    def test_production_starts_with_its_own_keys(self) -> None:
        settings = Settings(
            environment="production", api_key="k", webhook_secret="w", fingerprint_secret="f"
        )
        assert create_app(settings).title == "Sandbox card acquirer"
