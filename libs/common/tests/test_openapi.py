"""common.openapi: a service's generated document describes the problem+json it answers."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict

from common.errors import NotFound, Unprocessable, error_responses, install_error_handlers
from common.openapi import install_openapi

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
VALIDATION = {
    "application/problem+json": {"schema": {"$ref": "#/components/schemas/ValidationProblem"}}
}


class WidgetCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "lamp", "size": 3}]})

    name: str
    size: int


def _app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/widgets", status_code=201, responses=error_responses(NotFound, Unprocessable))
    async def create(body: WidgetCreate) -> dict[str, Any]:
        """Make a widget."""
        if body.size > 10:
            raise Unprocessable("Too big.")
        return body.model_dump()

    @app.get(
        "/page/{name}", response_class=HTMLResponse, responses={404: {"content": {"text/html": {}}}}
    )
    async def page(name: str) -> str:
        return f"<p>{name}</p>"

    install_openapi(app)
    return app


class TestRefinedDocument:
    def test_errors_are_problem_json_and_422_is_a_validation_problem(self) -> None:
        responses = _app().openapi()["paths"]["/widgets"]["post"]["responses"]
        assert responses["404"]["content"] == PROBLEM
        assert responses["422"]["content"] == VALIDATION
        assert responses["422"]["description"].startswith("validation_error")
        assert responses["400"]["content"] == PROBLEM  # a body that is not JSON

    def test_fastapi_default_validation_schemas_are_replaced(self) -> None:
        schemas = _app().openapi()["components"]["schemas"]
        assert "HTTPValidationError" not in schemas
        assert "ValidationError" not in schemas
        assert "ProblemDetail" not in schemas
        assert schemas["ValidationProblem"]["required"] == [
            "title",
            "status",
            "detail",
            "code",
            "errors",
        ]

    def test_request_body_gets_the_model_example(self) -> None:
        body = _app().openapi()["paths"]["/widgets"]["post"]["requestBody"]
        assert body["content"]["application/json"]["example"] == {"name": "lamp", "size": 3}

    def test_html_error_pages_are_left_alone(self) -> None:
        responses = _app().openapi()["paths"]["/page/{name}"]["get"]["responses"]
        assert responses["404"]["content"] == {"text/html": {}}

    def test_document_is_built_once(self) -> None:
        app = _app()
        assert app.openapi() is app.openapi()


class TestAnswersMatchTheDocument:
    async def test_a_business_422_carries_errors_too(self) -> None:
        transport = httpx.ASGITransport(app=_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.post("/widgets", json={"name": "x", "size": 11})
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"] == []

    async def test_a_validation_422_names_the_field(self) -> None:
        transport = httpx.ASGITransport(app=_app())
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            response = await client.post("/widgets", json={"name": "x", "size": "big"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["loc"] == ["body", "size"]
