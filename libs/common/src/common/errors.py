"""RFC 9457 problem+json errors: typed service errors and the handlers that render every failure."""

from __future__ import annotations

import re
from typing import Any, ClassVar

import sqlalchemy.exc
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger("common.errors")

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class ServiceError(Exception):
    """An expected failure with its HTTP status; ``code`` is the class name in snake case."""

    status_code: ClassVar[int] = 400
    default_message: ClassVar[str] = "The request could not be processed."
    keeps_changes: ClassVar[bool] = False
    """True when the request fails yet what it wrote must be committed (a revoked token
    family, a counted wrong code): the request's unit of work commits before the error."""

    def __init__(
        self,
        message: str | None = None,
        *,
        headers: dict[str, str] | None = None,
        errors: list[dict[str, Any]] | None = None,
    ) -> None:
        self.message = message or self.default_message
        self.headers = headers
        self.errors = errors
        super().__init__(self.message)

    @classmethod
    def code(cls) -> str:
        return _snake(cls.__name__)


class BadRequest(ServiceError):
    status_code = 400
    default_message = "The request is malformed."


class Unauthorized(ServiceError):
    status_code = 401
    default_message = "Missing or invalid credentials."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(ServiceError):
    status_code = 403
    default_message = "You are not allowed to do this."


class NotFound(ServiceError):
    status_code = 404
    default_message = "Not found."


class Conflict(ServiceError):
    status_code = 409
    default_message = "The request conflicts with the current state."


class Unprocessable(ServiceError):
    status_code = 422
    default_message = "A field is invalid."


class TooManyRequests(ServiceError):
    status_code = 429
    default_message = "Too many requests; retry later."

    def __init__(self, message: str | None = None, *, retry_after: int = 60) -> None:
        super().__init__(message, headers={"Retry-After": str(max(1, retry_after))})


class DependencyUnavailable(ServiceError):
    status_code = 503
    default_message = "A dependency is unavailable; retry later."


class ProblemDetail(BaseModel):
    """The RFC 9457 body every error response carries (documented in OpenAPI)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    code: str
    errors: list[dict[str, Any]] | None = None


def problem_response(
    status: int,
    detail: str,
    code: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def error_responses(*errors: type[ServiceError]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` for a route: each error's status with the problem schema."""
    out: dict[int | str, dict[str, Any]] = {}
    for error in errors:
        entry = out.setdefault(
            error.status_code,
            {"model": ProblemDetail, "description": "", "content": {PROBLEM_JSON: {}}},
        )
        entry["description"] = ", ".join(filter(None, [entry["description"], error.code()]))
    return out


def _validation_errors(exc: RequestValidationError) -> tuple[int, list[dict[str, Any]]]:
    errors = []
    malformed = False
    for err in exc.errors():
        if err.get("type") in {"json_invalid", "json_type"} or (
            err.get("type") == "model_attributes_type" and tuple(err.get("loc", ())) == ("body",)
        ):
            malformed = True
        errors.append({"loc": [str(part) for part in err.get("loc", ())], "msg": err.get("msg")})
    return (400 if malformed else 422), errors


async def _service_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServiceError)
    return problem_response(
        exc.status_code, exc.message, exc.code(), errors=exc.errors, headers=exc.headers
    )


async def _request_validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    status, errors = _validation_errors(exc)
    detail = "The request body is not valid JSON." if status == 400 else "Invalid fields."
    return problem_response(
        status, detail, "malformed_request" if status == 400 else "validation_error", errors=errors
    )


async def _http_exception(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _snake(_TITLES.get(exc.status_code, "Error").replace(" ", ""))
    detail = exc.detail if isinstance(exc.detail, str) else _TITLES.get(exc.status_code, "Error")
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(exc.status_code, detail, code, headers=headers)


_UNAVAILABLE_SQLSTATES = {"53300", "57P03", "08000", "08001", "08003", "08004", "08006"}


def _database_unavailable(exc: Exception) -> bool:
    """Connection-level failures (too many clients, server starting or gone, pool exhausted)
    are an outage to retry, not a bug."""
    if isinstance(exc, sqlalchemy.exc.TimeoutError):
        return True
    if isinstance(exc, sqlalchemy.exc.DBAPIError):
        if exc.connection_invalidated:
            return True
        cause = exc.orig.__cause__ if exc.orig is not None else None
        sqlstate = getattr(cause, "sqlstate", None) or getattr(exc.orig, "sqlstate", None)
        return sqlstate in _UNAVAILABLE_SQLSTATES or isinstance(cause, OSError)
    return isinstance(exc, OSError)


def _value_refused(exc: Exception) -> bool:
    """The database (or its driver) refused a value the request carried: text it cannot store,
    a number out of its column's range, a string too long. Bad input, not a bug: the last line
    of defence behind common.input_guard and the schemas."""
    if not isinstance(exc, sqlalchemy.exc.DBAPIError) or exc.orig is None:
        return False
    cause = exc.orig.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(exc.orig, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate.startswith("22")  # class 22: data exception
    # asyncpg's client-side "invalid input for query argument" (encoding, int64 range)
    return isinstance(cause, ValueError | OverflowError)


async def _database_error(_: Request, exc: Exception) -> JSONResponse:
    if _value_refused(exc):
        log.info("value_refused_by_database", error=repr(exc)[:300])
        return problem_response(422, "A value is out of range or not storable.", "invalid_value")
    if not _database_unavailable(exc):
        raise exc  # a bug, not an outage: the 500 handler logs it
    log.warning("database_unavailable", error=repr(exc))
    return problem_response(
        503,
        "The database is unavailable; retry shortly.",
        "database_unavailable",
        headers={"Retry-After": "1"},
    )


async def _too_deep(_: Request, exc: Exception) -> JSONResponse:
    log.info("recursion_refused", error=repr(exc)[:200])
    return problem_response(400, "The request is nested too deeply.", "malformed_request")


async def _unhandled(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled_error", error=repr(exc))
    # uvicorn closes the connection after an unhandled error: say so, or a keep-alive client
    # (the gateway) would send its next request down a socket about to be reset.
    return problem_response(
        500, "An unexpected error occurred.", "internal_error", headers={"Connection": "close"}
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _service_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    for error in (sqlalchemy.exc.DBAPIError, sqlalchemy.exc.TimeoutError, OSError):
        app.add_exception_handler(error, _database_error)
    app.add_exception_handler(RecursionError, _too_deep)  # deeply nested input, past the guard
    app.add_exception_handler(Exception, _unhandled)
