"""The merged OpenAPI document of the real services, as the gateway publishes it, is exact:
a valid OpenAPI 3.1 document in which every error is a problem+json schema, every operation
says who may call it, every request body has an example, and public routes are marked public.

The services' apps are built in-process (building one does no I/O) and merged as the gateway
merges their ``/openapi.json``; ``tests/e2e/test_api_fuzzing.py`` then checks the live answers
against the same document.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from openapi_spec_validator import validate

from common.errors import PROBLEM_JSON
from gateway.openapi import HTTP_METHODS, merge
from gateway.routes import PUBLIC_ROUTES, is_public

SERVICES = {
    "auth": "auth.main",
    "catalog": "catalog.main",
    "orders": "orders.main",
    "payments": "payments.main",
    "billing": "billing.main",
    "webhooks": "webhooks.main",
}


def _service_documents() -> dict[str, dict[str, Any] | None]:
    documents: dict[str, dict[str, Any] | None] = {}
    for name, module_name in SERVICES.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue  # a service not in this checkout
        documents[name] = module.create_app().openapi()
    return documents


DOCUMENTS = _service_documents()
MERGED = merge(DOCUMENTS)
OPERATIONS = [
    (method.upper(), path, operation)
    for path, item in MERGED["paths"].items()
    for method, operation in item.items()
    if method in HTTP_METHODS
]


def _resolve(ref: str) -> Any:
    node: Any = MERGED
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _response(response: dict[str, Any]) -> dict[str, Any]:
    return _resolve(response["$ref"]) if "$ref" in response else response


def _ids(operations: list[tuple[str, str, Any]]) -> list[str]:
    return [f"{method} {path}" for method, path, _ in operations]


def test_the_merged_document_is_valid_openapi_3_1() -> None:
    validate(MERGED)


def test_every_service_document_is_valid_on_its_own() -> None:
    for document in DOCUMENTS.values():
        assert document is not None
        validate(document)


def test_fastapi_default_validation_schema_is_gone() -> None:
    schemas = MERGED["components"]["schemas"]
    assert not [name for name in schemas if "HTTPValidationError" in name]
    assert not [name for name in schemas if name.endswith(".ValidationError")]
    assert {"Problem", "ValidationProblem", "ValidationIssue"} <= set(schemas)
    assert "errors" in schemas["ValidationProblem"]["required"]


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=_ids(OPERATIONS))
class TestEveryOperation:
    def test_errors_are_problem_json_with_a_schema(
        self, method: str, path: str, operation: dict[str, Any]
    ) -> None:
        for status, response in operation["responses"].items():
            if not status.isdigit() or int(status) < 400:
                continue
            content = _response(response).get("content", {})
            if "text/html" in content:
                continue  # the hosted checkout page's own error pages
            assert set(content) == {PROBLEM_JSON}, (status, content)
            expected = "ValidationProblem" if status == "422" else "Problem"
            assert content[PROBLEM_JSON]["schema"] == {"$ref": f"#/components/schemas/{expected}"}

    def test_has_a_description(self, method: str, path: str, operation: dict[str, Any]) -> None:
        assert len(operation.get("description", "")) >= 30

    def test_request_body_has_an_example(
        self, method: str, path: str, operation: dict[str, Any]
    ) -> None:
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            assert "example" in media or "examples" in media, media_type

    def test_security_is_declared_and_public_routes_are_public(
        self, method: str, path: str, operation: dict[str, Any]
    ) -> None:
        if is_public(method, path.replace("{", "x").replace("}", "")):
            assert operation["security"] == []
        else:
            assert operation["security"] == MERGED["security"] != []
            assert "401" in operation["responses"]

    def test_gateway_answers_are_documented(
        self, method: str, path: str, operation: dict[str, Any]
    ) -> None:
        assert {"429", "502", "503", "504"} <= set(operation["responses"])
        body = operation.get("requestBody", {}).get("content", {})
        if body:
            assert "413" in operation["responses"]
        if "application/json" in body:
            assert "400" in operation["responses"]  # not JSON at all


def test_every_public_route_of_the_gateway_is_documented() -> None:
    documented = {(method, path) for method, path, _ in OPERATIONS}
    for route in PUBLIC_ROUTES:
        if route.template.split("/")[2] not in DOCUMENTS or ":path}" in route.template:
            continue
        template = route.template.replace("{provider}", "{provider_name}")
        for method in route.methods - {"HEAD"}:
            assert (method, template) in documented, (method, route.template)


def test_create_product_example_is_sensible() -> None:
    operation = MERGED["paths"]["/api/catalog/products"]["post"]
    example = operation["requestBody"]["content"]["application/json"]["example"]
    assert example["name"] != "string"
    assert 0 < example["price"] < 1_000_000
    assert 0 <= example["stock"] < 10_000
    assert len(example["currency"]) == 3


def test_fields_with_fixed_values_are_enums() -> None:
    schemas = MERGED["components"]["schemas"]

    def values(schema: str, field: str) -> set[str]:
        spec = schemas[schema]["properties"][field]
        if "$ref" in spec:
            spec = _resolve(spec["$ref"])
        return set(spec["enum"])

    assert "succeeded" in values("payments.PaymentRead", "status")
    assert values("payments.RefundRead", "status") == {"pending", "succeeded", "failed"}
    assert values("payments.PaymentRead", "capture") == {"automatic", "manual"}
    assert "awaiting_payment" in values("orders.OrderRead", "status")
    assert values("auth.UserRead", "role") == {"buyer", "seller", "admin"}


def test_the_description_explains_the_conventions() -> None:
    description = MERGED["info"]["description"]
    for heading in ("Roles", "Money", "Idempotency", "Pagination", "Errors", "Events"):
        assert f"## {heading}" in description
