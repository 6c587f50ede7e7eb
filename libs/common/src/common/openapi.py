"""Makes a service's generated OpenAPI document describe what the service really answers.

FastAPI documents validation failures as its own ``HTTPValidationError`` (``{"detail": [...]}``)
while every error here is RFC 9457 problem+json (:mod:`common.errors`). :func:`install_openapi`
post-processes the generated document once, when it is first asked for:

- every 4xx/5xx JSON response is ``application/problem+json`` with the shared ``Problem``
  schema; 422 uses ``ValidationProblem`` (``errors[]`` required), and FastAPI's default
  validation schemas are removed;
- an operation with a JSON body also documents 400 (a body that is not JSON at all);
- a request body whose schema carries ``examples`` (pydantic ``json_schema_extra``) gets the
  first one as its media-type ``example``, which is what "Try it out" sends.

HTML pages (the hosted checkout) keep their ``text/html`` error pages untouched.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

from common.errors import PROBLEM_JSON

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SCHEMAS = "#/components/schemas/"
_FASTAPI_DEFAULTS = ("HTTPValidationError", "ValidationError", "ProblemDetail")
_JSON_TYPES = ("application/json", PROBLEM_JSON)


class ValidationIssue(BaseModel):
    """One invalid field: where it is (``["body", "price"]``) and what is wrong with it."""

    model_config = ConfigDict(title="ValidationIssue")

    loc: list[str] = Field(examples=[["body", "price"]])
    msg: str = Field(examples=["Input should be greater than 0"])


class Problem(BaseModel):
    """An RFC 9457 problem: ``code`` is stable and machine-readable, ``detail`` is for humans.
    Validation-like failures may name the fields involved in ``errors``."""

    model_config = ConfigDict(
        title="Problem",
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Not Found",
                    "status": 404,
                    "detail": "Product not found.",
                    "code": "product_not_found",
                }
            ]
        },
    )

    type: str = "about:blank"
    title: str
    status: int = Field(ge=100, le=599)
    detail: str
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    errors: list[ValidationIssue] | None = None


class ValidationProblem(Problem):
    """A 422: the request was well-formed but at least one field is invalid."""

    model_config = ConfigDict(
        title="ValidationProblem",
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Unprocessable Content",
                    "status": 422,
                    "detail": "Invalid fields.",
                    "code": "validation_error",
                    "errors": [{"loc": ["body", "price"], "msg": "Input should be greater than 0"}],
                }
            ]
        },
    )

    errors: list[ValidationIssue]  # type: ignore[assignment]


def problem_schemas() -> dict[str, Any]:
    """The JSON schemas of ``Problem``, ``ValidationProblem`` and ``ValidationIssue``."""
    schemas: dict[str, Any] = {}
    for model in (Problem, ValidationProblem):
        schema = model.model_json_schema(ref_template=SCHEMAS + "{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def problem_content(schema: str = "Problem") -> dict[str, Any]:
    return {PROBLEM_JSON: {"schema": {"$ref": f"{SCHEMAS}{schema}"}}}


def refine(document: dict[str, Any]) -> dict[str, Any]:
    """Rewrites ``document`` in place (see the module docstring) and returns it."""
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for item in document.get("paths", {}).values():
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                _refine_operation(operation, components)
    referenced = _refs(document.get("paths", {}))
    for name in _FASTAPI_DEFAULTS:
        if f"{SCHEMAS}{name}" not in referenced:
            components.pop(name, None)
    components.update(problem_schemas())
    return document


def _refine_operation(operation: dict[str, Any], schemas: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    body = operation.get("requestBody", {}).get("content", {})
    if "application/json" in body and "400" not in responses:
        responses["400"] = {"description": "malformed_request: the body is not valid JSON"}
    for status, response in responses.items():
        if status.isdigit() and int(status) >= 400 and "$ref" not in response:
            _problem_response(int(status), response)
    for media in body.values():
        _add_example(media, schemas)


# What the shared input checks (common.input_guard) answer, as problem+json, before any route
# runs: an HTML route documents these beside its own page.
_GUARDED = {400, 422}


def _problem_response(status: int, response: dict[str, Any]) -> None:
    content: dict[str, Any] = response.get("content") or {}
    others = {kind: value for kind, value in content.items() if kind not in _JSON_TYPES}
    if others and status not in _GUARDED:
        return  # an HTML page's own error page (the hosted checkout)
    description = response.get("description", "")
    if status == 422:
        codes = [c for c in description.split(", ") if c and c != "Validation Error"]
        description = ", ".join(["validation_error", *[c for c in codes if c != "unprocessable"]])
        description += ": a field is invalid; `errors[]` names each one"
    response["description"] = description or "problem"
    response["content"] = {
        **problem_content("ValidationProblem" if status == 422 else "Problem"),
        **others,
    }


def _add_example(media: dict[str, Any], schemas: dict[str, Any]) -> None:
    if "example" in media or "examples" in media:
        return
    schema = media.get("schema", {})
    # An optional body is ``anyOf: [{"$ref": ...}, {"type": "null"}]``.
    schema = next((option for option in schema.get("anyOf", []) if "$ref" in option), schema)
    ref = schema.get("$ref", "")
    if ref.startswith(SCHEMAS):
        schema = schemas.get(ref[len(SCHEMAS) :], {})
    examples = schema.get("examples")
    if isinstance(examples, list) and examples:
        media["example"] = examples[0]
        return
    # A form's fields (FastAPI's ``Form(examples=[...])``) each carry their own example.
    fields = {
        name: spec["examples"][0]
        for name, spec in schema.get("properties", {}).items()
        if isinstance(spec, dict) and spec.get("examples")
    }
    if fields and set(schema.get("required", [])) <= set(fields):
        media["example"] = fields


def _refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= _refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(_refs(item) for item in node)) if node else set()
    return set()


def install_openapi(app: FastAPI) -> None:
    """Makes ``app.openapi()`` return the refined document (built once, then cached)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = refine(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
