"""Routing by prefix, public routes, and what the gateway forwards and answers."""

from __future__ import annotations

import uuid

import pytest

PUBLIC = [
    ("POST", "/api/auth/register"),
    ("POST", "/api/auth/token"),
    ("POST", "/api/auth/token/refresh"),
    ("POST", "/api/auth/password-reset"),
    ("POST", "/api/auth/password-reset/confirm"),
    ("GET", "/api/auth/.well-known/jwks.json"),
    ("GET", "/api/catalog/products"),
    ("GET", f"/api/catalog/products/{uuid.uuid4()}"),
    ("GET", f"/api/payments/checkout/{uuid.uuid4()}"),
    ("POST", f"/api/payments/checkout/{uuid.uuid4()}"),
    ("POST", f"/api/payments/checkout/{uuid.uuid4()}/pay"),
    ("POST", "/api/payments/providers/sandbox/callback"),
    ("GET", "/api/webhooks/event-types"),
]
PRIVATE = [
    ("POST", "/api/catalog/products"),
    ("PATCH", f"/api/catalog/products/{uuid.uuid4()}"),
    ("DELETE", f"/api/catalog/products/{uuid.uuid4()}"),
    ("GET", "/api/auth/me"),
    ("POST", "/api/auth/logout"),
    ("GET", "/api/payments/checkout-sessions"),
    ("POST", "/api/payments/providers/sandbox/refund"),
    ("GET", "/api/orders/cart"),
]


class TestRouting:
    @pytest.mark.parametrize(
        ("path", "service", "seen_path"),
        [
            ("/api/orders/cart", "auth", "/cart"),  # orders points at the auth stand-in
            ("/api/catalog/products/1/stock", "catalog", "/products/1/stock"),
            ("/api/orders", "auth", "/"),
            ("/api/orders/a%20b/c%2Fd", "auth", "/a%20b/c%2Fd"),
        ],
    )
    async def test_prefix_is_stripped(self, client, auth_headers, path, service, seen_path):
        response = await client.get(path, headers=auth_headers)
        assert response.status_code == 200
        assert response.json()["service"] == service
        assert response.json()["headers"]["host"].startswith("127.0.0.1:")
        seen = response.json()["path"]
        assert seen == seen_path.replace("%20", " ").replace("%2F", "/")

    async def test_method_query_and_body_are_forwarded(self, client, auth_headers):
        response = await client.put(
            "/api/orders/x?limit=20&cursor=a%2Bb&tag=1&tag=2",
            content=b"hello",
            headers={**auth_headers, "Content-Type": "text/plain"},
        )
        body = response.json()
        assert (body["method"], body["query"]) == ("PUT", "limit=20&cursor=a%2Bb&tag=1&tag=2")
        assert body["body_size"] == 5
        assert body["headers"]["content-type"] == "text/plain"

    @pytest.mark.parametrize(
        "path",
        [
            "/api/nowhere/x",
            "/api/",
            "/somewhere",
            "/api/auth/internal/api-keys/introspect",
            "/api/auth/%69nternal/api-keys/introspect",
            "/api/auth//internal/api-keys/introspect",
            "/api/auth/internal",
            "/api/orders/%2E%2E/internal/x",
            "/api/orders/%2E/cart",
        ],
    )
    async def test_unknown_internal_or_dotted_path_is_404(
        self, client, auth_headers, auth_upstream, path
    ):
        rid = uuid.uuid4().hex
        response = await client.post(
            path, json={"key": "sk_x"}, headers={**auth_headers, "X-Request-ID": rid}
        )
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "not_found"
        assert response.headers["x-request-id"] == rid
        assert auth_upstream.saw(rid) == []


class TestPublicRoutes:
    @pytest.mark.parametrize(("method", "path"), PUBLIC)
    async def test_public_route_needs_no_token(self, client, method, path):
        response = await client.request(method, path, json={} if method == "POST" else None)
        assert response.status_code == 200  # from the service (the stand-in's echo or JWKS)
        assert "authorization" not in response.json().get("headers", {})

    @pytest.mark.parametrize(("method", "path"), PRIVATE)
    async def test_other_routes_need_a_token(self, client, method, path):
        assert (await client.request(method, path)).status_code == 401

    async def test_head_of_a_public_read(self, client):
        response = await client.head("/api/catalog/products")
        assert response.status_code == 200
        assert response.content == b""
        assert int(response.headers["content-length"]) > 0

    async def test_invalid_token_on_public_route_is_passed_untouched(self, client):
        response = await client.get(
            "/api/catalog/products", headers={"Authorization": "Bearer not-a-jwt"}
        )
        assert response.status_code == 200
        assert response.json()["headers"]["authorization"] == "Bearer not-a-jwt"


class TestForwardedHeaders:
    async def test_forwarding_headers_are_set_and_hop_by_hop_dropped(self, client, auth_headers):
        response = await client.get(
            "/api/orders/cart",
            headers={
                **auth_headers,
                "X-Forwarded-For": "6.6.6.6",
                "X-Forwarded-Host": "evil.example",
                "Connection": "keep-alive, X-Hop",
                "X-Hop": "secret",
                "Keep-Alive": "timeout=5",
                "X-Custom": "kept",
            },
        )
        seen = response.json()["headers"]
        assert seen["x-forwarded-for"] == "127.0.0.1"
        assert seen["x-forwarded-proto"] == "http"
        assert seen["x-forwarded-host"] == client.base_url.netloc.decode()
        assert seen["x-custom"] == "kept"
        assert "x-hop" not in seen
        assert "keep-alive" not in seen

    async def test_request_id_is_made_when_missing(self, client, auth_headers):
        response = await client.get("/api/orders/cart", headers=auth_headers)
        rid = response.headers["x-request-id"]
        assert len(rid) == 32
        assert response.json()["headers"]["x-request-id"] == rid
        assert response.headers.get_list("x-request-id") == [rid]

    async def test_request_id_is_echoed_on_errors(self, client):
        response = await client.get("/api/orders/cart", headers={"X-Request-ID": "abc-123"})
        assert response.status_code == 401
        assert response.headers["x-request-id"] == "abc-123"

    async def test_redirect_into_the_service_points_through_the_gateway(self, client, auth_headers):
        response = await client.get("/api/orders/redirect", headers=auth_headers)
        assert response.status_code == 307
        assert response.headers["location"] == "/api/orders/moved"

    async def test_cookies_are_not_shared_between_callers(self, client, auth_headers):
        await client.get("/api/orders/cookie", headers=auth_headers)
        client.cookies.clear()
        response = await client.get("/api/orders/cookie", headers=auth_headers)
        assert response.json()["cookie"] is None

    async def test_compressed_body_passes_through_untouched(self, client, auth_headers):
        response = await client.get(
            "/api/orders/gzipped",
            headers={**auth_headers, "Accept-Encoding": "gzip"},
        )
        assert response.headers["content-encoding"] == "gzip"
        assert response.json() == {"compressed": True}
