"""Only public routes are reachable through the gateway (issue 8, item 13): a service's own
operations endpoints and internal routes are not, and neither are the gateway's metrics,
readiness or an on-demand rebuild of the merged document, which live on the operations port."""

from __future__ import annotations

import pytest

SERVICE_PRIVATE_PATHS = [
    "/metrics",
    "/readyz",
    "/healthz",
    "/docs",
    "/docs/oauth2-redirect",
    "/redoc",
    "/openapi.json",
    "/internal/api-keys/introspect",
    "/metrics/",
]


@pytest.mark.parametrize("service", ["auth", "catalog", "orders"])
@pytest.mark.parametrize("path", SERVICE_PRIVATE_PATHS)
async def test_service_operations_and_internal_routes_are_not_forwarded(
    client, auth_headers, auth_upstream, catalog_upstream, service, path
):
    rid = f"exposure-{service}-{path}"
    response = await client.get(
        f"/api/{service}{path}", headers={**auth_headers, "X-Request-ID": rid}
    )
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert auth_upstream.saw(rid) == catalog_upstream.saw(rid) == []


async def test_public_routes_still_pass(client, auth_headers):
    response = await client.get("/api/catalog/products")
    assert response.status_code == 200
    assert (await client.get("/api/orders/metrics-report", headers=auth_headers)).status_code == 200


@pytest.mark.parametrize("path", ["/metrics", "/readyz"])
async def test_gateway_metrics_and_readiness_are_on_the_operations_port_only(client, path):
    assert (await client.get(path)).status_code == 404
    assert (await client.ops.get(path)).status_code == 200


async def test_only_the_operations_port_rebuilds_the_document_on_demand(client, monkeypatch):
    from gateway.openapi import OpenAPISource

    asked: list[bool] = []
    original = OpenAPISource.document

    async def spy(self, *, refresh=False):
        asked.append(refresh)
        return await original(self, refresh=refresh)

    monkeypatch.setattr(OpenAPISource, "document", spy)
    assert (await client.get("/openapi.json?refresh=true")).status_code == 200
    assert (await client.ops.get("/openapi.json?refresh=true")).status_code == 200
    assert asked == [False, True]
