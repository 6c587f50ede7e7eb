"""The merged OpenAPI document, the docs UI, health, readiness and metrics."""

from __future__ import annotations

import re

from gateway.openapi import merge

SECURITY = [{"OAuth2PasswordBearer": []}, {"HTTPBearer": []}]


class TestMergedOpenAPI:
    async def test_paths_of_running_services_are_prefixed(self, client):
        document = (await client.ops.get("/openapi.json?refresh=true")).json()
        assert document["openapi"] == "3.1.0"
        assert {"/api/auth/items", "/api/catalog/items", "/api/orders/items"} <= set(
            document["paths"]
        )
        assert not [path for path in document["paths"] if "/internal" in path]
        assert not [path for path in document["paths"] if path.startswith("/api/billing")]

    async def test_schemas_are_namespaced_and_refs_rewritten(self, client):
        document = (await client.get("/openapi.json")).json()
        schemas = document["components"]["schemas"]
        assert {"auth.Item", "catalog.Item", "catalog.ItemPage"} <= set(schemas)
        assert "Item" not in schemas
        create = document["paths"]["/api/catalog/items"]["post"]
        body_schema = create["requestBody"]["content"]["application/json"]["schema"]
        assert body_schema == {"$ref": "#/components/schemas/catalog.Item"}
        page = schemas["catalog.ItemPage"]["properties"]["items"]["items"]
        assert page == {"$ref": "#/components/schemas/catalog.Item"}

    async def test_security_scheme_logs_in_at_the_auth_token_route(self, client):
        document = (await client.get("/openapi.json")).json()
        schemes = document["components"]["securitySchemes"]
        assert schemes["OAuth2PasswordBearer"]["flows"]["password"]["tokenUrl"] == (
            "/api/auth/token"
        )
        assert schemes["HTTPBearer"] == {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": "An access token, or an API key (`sk_...`).",
        }
        assert document["paths"]["/api/catalog/items"]["post"]["security"] == SECURITY

    async def test_operations_are_tagged_by_service_with_unique_ids(self, client):
        document = (await client.get("/openapi.json")).json()
        operations = [
            op for item in document["paths"].values() for op in item.values() if "tags" in op
        ]
        assert {tag["name"] for tag in document["tags"]} >= {"auth", "catalog", "orders"}
        assert document["paths"]["/api/orders/items"]["get"]["tags"] == ["orders"]
        ids = [op["operationId"] for op in operations]
        assert len(ids) == len(set(ids))

    async def test_down_service_is_listed_as_unavailable(self, client):
        document = (await client.get("/openapi.json")).json()
        assert "Unavailable" in document["info"]["description"]
        assert "billing" in document["info"]["description"]


class TestMerge:
    def test_public_operations_carry_no_security(self):
        service = {
            "paths": {
                "/products": {"get": {"operationId": "list"}, "post": {"operationId": "create"}},
                "/internal/stock": {"post": {"operationId": "hidden"}},
            }
        }
        merged = merge({"catalog": service})
        assert merged["paths"]["/api/catalog/products"]["get"]["security"] == []
        assert merged["paths"]["/api/catalog/products"]["post"]["security"] == SECURITY
        assert merged["security"] == SECURITY
        assert "/api/catalog/internal/stock" not in merged["paths"]

    def test_gateway_answers_are_documented_where_they_apply(self):
        service = {
            "paths": {
                "/products": {
                    "get": {"responses": {"200": {"description": "ok"}}},
                    "post": {"requestBody": {"content": {}}, "responses": {}},
                },
                "/products/{id}": {"delete": {"responses": {"503": {"description": "own"}}}},
            }
        }
        paths = merge({"catalog": service})["paths"]
        public = paths["/api/catalog/products"]["get"]["responses"]
        assert set(public) == {"200", "429", "502", "503", "504"}
        create = paths["/api/catalog/products"]["post"]["responses"]
        assert create["401"] == {"$ref": "#/components/responses/Unauthorized"}
        assert create["413"] == {"$ref": "#/components/responses/ContentTooLarge"}
        delete = paths["/api/catalog/products/{id}"]["delete"]["responses"]
        assert delete["404"] == {"$ref": "#/components/responses/NotFound"}
        assert delete["503"] == {"description": "own"}

    def test_problem_schemas_are_shared_not_namespaced(self):
        problem = {"$ref": "#/components/schemas/Problem"}
        service = {
            "paths": {
                "/x": {"get": {"responses": {"404": {"content": {"a": {"schema": problem}}}}}}
            },
            "components": {"schemas": {"Problem": {"type": "object"}, "Thing": {}}},
        }
        merged = merge({"catalog": service, "orders": service})
        schemas = merged["components"]["schemas"]
        assert "Problem" in schemas
        assert "catalog.Problem" not in schemas
        assert {"catalog.Thing", "orders.Thing"} <= set(schemas)
        response = merged["paths"]["/api/catalog/x"]["get"]["responses"]["404"]
        assert response["content"]["a"]["schema"] == problem

    def test_every_kind_of_component_ref_is_namespaced(self):
        service = {
            "paths": {
                "/pay": {
                    "post": {
                        "parameters": [{"$ref": "#/components/parameters/Key"}],
                        "responses": {"409": {"$ref": "#/components/responses/Conflict"}},
                    }
                }
            },
            "components": {
                "parameters": {"Key": {"name": "Idempotency-Key", "in": "header"}},
                "responses": {"Conflict": {"description": "conflict"}},
                "schemas": {
                    "Method": {
                        "oneOf": [{"$ref": "#/components/schemas/Card"}],
                        "discriminator": {
                            "propertyName": "type",
                            "mapping": {"card": "#/components/schemas/Card"},
                        },
                    },
                    "Card": {"type": "object"},
                },
                "securitySchemes": {"OAuth2PasswordBearer": {"type": "oauth2"}},
            },
        }
        merged = merge({"payments": service, "billing": None})
        operation = merged["paths"]["/api/payments/pay"]["post"]
        assert operation["parameters"] == [{"$ref": "#/components/parameters/payments.Key"}]
        assert operation["responses"]["409"] == {"$ref": "#/components/responses/payments.Conflict"}
        method = merged["components"]["schemas"]["payments.Method"]
        assert method["oneOf"] == [{"$ref": "#/components/schemas/payments.Card"}]
        assert method["discriminator"]["mapping"] == {"card": "#/components/schemas/payments.Card"}
        assert method["discriminator"]["propertyName"] == "type"
        assert set(merged["components"]["securitySchemes"]) == {
            "OAuth2PasswordBearer",
            "HTTPBearer",
        }
        assert "billing" in merged["info"]["description"]


class TestOps:
    async def test_docs_page_loads_the_merged_document(self, client):
        response = await client.get("/docs")
        assert response.status_code == 200
        assert 'id="swagger-ui"' in response.text
        init = await client.get("/docs/static/swagger-init.js")
        assert '"/openapi.json"' in init.text
        assert (await client.get("/docs/oauth2-redirect")).status_code == 200
        redirect_script = await client.get("/docs/static/oauth2-redirect.js")
        assert "swaggerUIRedirectOauth2" in redirect_script.text

    async def test_redoc_page_loads_the_merged_document(self, client):
        response = await client.get("/redoc")
        assert response.status_code == 200
        assert '<redoc spec-url="/openapi.json">' in response.text
        script = await client.get("/docs/static/redoc.standalone.js")
        assert "cdn.redoc.ly" not in script.text  # the footer logo is served inline

    async def test_docs_pages_reference_only_local_assets_that_answer(self, client):
        for page in ("/docs", "/redoc", "/docs/oauth2-redirect"):
            response = await client.get(page)
            assets = re.findall(r'(?:src|href)="([^"]+)"', response.text)
            assert assets, page
            for asset in assets:
                assert asset.startswith("/docs/static/"), (page, asset)
                loaded = await client.get(asset)
                assert loaded.status_code == 200, asset
                assert len(loaded.content) > 0
            assert "<script>" not in response.text  # nothing inline: the CSP forbids it

    async def test_docs_pages_are_served_under_a_strict_csp(self, client):
        for page in ("/docs", "/redoc", "/docs/oauth2-redirect"):
            policy = (await client.get(page)).headers["content-security-policy"]
            assert "default-src 'none'" in policy
            assert "script-src 'self';" in policy
            assert "unsafe-eval" not in policy
            assert "http" not in policy

    async def test_static_assets_have_their_content_types(self, client):
        js = await client.get("/docs/static/swagger-ui-bundle.js")
        assert js.headers["content-type"].startswith("text/javascript")
        css = await client.get("/docs/static/swagger-ui.css")
        assert css.headers["content-type"].startswith("text/css")
        assert (await client.get("/docs/static/nope.js")).status_code == 404

    async def test_asyncapi_document_is_served(self, client):
        response = await client.get("/asyncapi.json")
        assert response.status_code == 200
        document = response.json()
        assert document["asyncapi"] == "3.0.0"
        assert "orders.order.placed" in document["channels"]

    async def test_healthz(self, client):
        response = await client.get("/healthz")
        assert response.json() == {"status": "ok"}
        assert "x-request-id" in response.headers

    async def test_readyz_lists_which_services_answer(self, client):
        response = await client.ops.get("/readyz")
        assert response.status_code == 200
        checks = response.json()["checks"]
        assert checks["redis"] is True
        assert checks["upstreams"]["auth"] is True
        assert checks["upstreams"]["catalog"] is True
        assert checks["upstreams"]["billing"] is False

    async def test_readyz_is_503_without_redis(self, start_gateway, down_url):
        redis_url = down_url.replace("http://", "redis://") + "/0"
        async with start_gateway(redis_url=redis_url) as client:
            response = await client.ops.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"]["redis"] is False

    async def test_metrics_count_proxied_and_rejected_requests(self, client, auth_headers):
        await client.get("/api/orders/cart", headers=auth_headers)
        await client.get("/api/orders/cart")
        text = (await client.ops.get("/metrics")).text
        assert (
            'http_requests_total{method="GET",route="/api/orders",service="gateway",status="200"}'
            in text
        )
        assert 'gateway_rejected_requests_total{code="unauthorized",status="401"}' in text

    async def test_ops_endpoints_are_get_only(self, client):
        response = await client.post("/healthz")
        assert response.status_code == 405
        assert response.headers["content-type"] == "application/problem+json"
