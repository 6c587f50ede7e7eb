"""CORS for browser front-ends (issue 12, item 4): allowed origins are a setting, loopback
origins outside production, none in production; preflights pass without a token."""

from __future__ import annotations

from gateway.settings import Settings

PREFLIGHT = {
    "Origin": "http://localhost:5173",
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type, idempotency-key, x-evil",
}


async def test_preflight_from_loopback_passes_without_a_token(client, auth_upstream):
    response = await client.options("/api/orders/items", headers=PREFLIGHT)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "POST" in response.headers["access-control-allow-methods"]
    allowed = response.headers["access-control-allow-headers"]
    assert allowed == "authorization, content-type, idempotency-key"
    assert response.headers["vary"] == "Origin"
    assert not [r for r in auth_upstream.seen if r["method"] == "OPTIONS"]  # never forwarded


async def test_actual_request_carries_the_allow_origin_even_when_refused(client, auth_headers):
    origin = {"Origin": "http://127.0.0.1:3000"}
    ok = await client.get("/api/catalog/products", headers=origin)
    assert ok.headers["access-control-allow-origin"] == "http://127.0.0.1:3000"
    assert "X-Request-ID" in ok.headers["access-control-expose-headers"]
    refused = await client.get("/api/orders/cart", headers=origin)
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == "http://127.0.0.1:3000"


async def test_unknown_origin_gets_no_cors_headers(client):
    response = await client.options(
        "/api/orders/items", headers={**PREFLIGHT, "Origin": "https://evil.example"}
    )
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
    plain = await client.get("/api/catalog/products", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in plain.headers
    lookalike = await client.get(
        "/api/catalog/products", headers={"Origin": "http://localhost.evil.example"}
    )
    assert "access-control-allow-origin" not in lookalike.headers


async def test_configured_origins_replace_the_default(start_gateway):
    async with start_gateway(cors_allow_origins=("https://shop.example",)) as client:
        shop = await client.options(
            "/api/orders/items", headers={**PREFLIGHT, "Origin": "https://shop.example"}
        )
        assert shop.headers["access-control-allow-origin"] == "https://shop.example"
        local = await client.options("/api/orders/items", headers=PREFLIGHT)
        assert local.status_code == 403


def test_production_allows_no_origin_by_default():
    production = Settings(environment="production", internal_token="x" * 32)
    assert production.cors_origins == ()
    assert "http://localhost:*" in Settings(environment="development").cors_origins
