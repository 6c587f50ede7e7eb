"""JSON logs with the request, correlation and trace ids, the X-Request-ID middleware (with its
server span) and the HTTP metrics."""

from __future__ import annotations

import logging
import random
import sys
import time
from contextvars import ContextVar
from typing import Any

import structlog
from prometheus_client import Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from common import tracing
from common.messaging.context import correlation_id

REQUEST_ID_HEADER = b"x-request-id"
ROUTE_TEMPLATE_HEADER = b"x-route-template"
"""The matched route (``/payments/{payment_id}``), so the gateway labels its metrics with it."""
_random = random.Random()  # seeded from os.urandom once; ids need uniqueness, not secrecy

REQUESTS = Counter("http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
LATENCY = Histogram(
    "http_request_duration_seconds",
    "HTTP request latency",
    ["service", "method", "route"],
    buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)


def _add_ids(_: Any, __: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    rid = current_request_id.get()
    if rid is not None:
        event_dict.setdefault("request_id", rid)
    cid = correlation_id.get()
    if cid is not None:
        event_dict.setdefault("correlation_id", cid)
    ids = tracing.ids()
    if ids is not None:
        event_dict.setdefault("trace_id", ids[0])
        event_dict.setdefault("span_id", ids[1])
    return event_dict


def configure_logging(level: str = "INFO", *, service: str = "service") -> None:
    """Every log line JSON on stdout: structlog's, and the standard library's (uvicorn's
    "Exception in ASGI application" included) through the same processors.

    Also turns tracing on when configured (:mod:`common.tracing`): every process calls this.
    """
    tracing.configure_tracing(service)
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        _add_ids,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    structlog.configure(
        processors=[
            *shared,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    # uvicorn's own handlers print plain text: its records go to the root handler instead.
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers = []
        logger.propagate = True
    for noisy in ("uvicorn.access", "aiormq", "aio_pika", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class RequestContextMiddleware:
    """Pure ASGI: takes or makes X-Request-ID, echoes it (with X-Route-Template), opens the
    server span (continuing the caller's ``traceparent``), logs one line and records metrics."""

    def __init__(self, app: ASGIApp, *, service: str, access_log: bool = True) -> None:
        self.app = app
        self.service = service
        self.access_log = access_log
        self.log = structlog.get_logger("access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        token = correlation_id.set(rid)
        rid_token = current_request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((REQUEST_ID_HEADER, rid.encode()))
                template = _route_template(scope)
                if template is not None:
                    headers.append((ROUTE_TEMPLATE_HEADER, template.encode()))
                message["headers"] = headers
            await send(message)

        with tracing.server_span(scope, self.service) as server_span:
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                path = _route_template(scope) or "unmatched"
                if server_span is not None:
                    server_span.update_name(f"{scope['method']} {path}")
                    server_span.set_attribute("http.route", path)
                    server_span.set_attribute("http.response.status_code", status)
                self._record(scope, path, status, started)
        # Reset only after a normal return: an exception propagates to the outer error
        # middleware and uvicorn, whose log lines must still carry the request's ids (the
        # server runs each request in a task of its own, so nothing leaks to the next one).
        current_request_id.reset(rid_token)
        correlation_id.reset(token)

    def _record(self, scope: Scope, path: str, status: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        REQUESTS.labels(self.service, scope["method"], path, str(status)).inc()
        LATENCY.labels(self.service, scope["method"], path).observe(elapsed)
        if self.access_log and path not in {"/healthz", "/readyz", "/metrics"}:
            self.log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                status=status,
                ms=round(elapsed * 1000, 2),
            )


def _route_template(scope: Scope) -> str | None:
    route = scope.get("route")
    path: str | None = getattr(route, "path", None)
    return path


def request_id(scope: Scope) -> str:
    """The caller's X-Request-ID if usable, else a new random 128-bit hex id."""
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID_HEADER:
            candidate: str = value.decode("latin-1")[:128]
            if candidate and candidate.isprintable():
                return candidate
            break
    return f"{_random.getrandbits(128):032x}"
