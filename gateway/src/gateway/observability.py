"""Request ids, the access log line and the request metrics, done inline by the gateway.

Same log shape and metric names as common.observability's middleware (``http_requests_total``,
``http_request_duration_seconds``, one ``request`` JSON line), without a middleware layer and
with the same request ids.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import Any

import structlog
from opentelemetry.trace import Span
from prometheus_client import Counter
from starlette.types import Scope

from common import tracing
from common.observability import LATENCY, REQUESTS

REJECTED = Counter(
    "gateway_rejected_requests_total", "Requests the gateway answered itself", ["status", "code"]
)
_QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})
_upstream_route: ContextVar[str | None] = ContextVar("upstream_route", default=None)


def note_upstream_route(prefix: str, template: bytes) -> None:
    """The service's matched route (its X-Route-Template), as the request's metrics label:
    ``/api/payments`` + ``/payments/{payment_id}`` -> ``/api/payments/payments/{payment_id}``."""
    _upstream_route.set(prefix + template.decode("latin-1"))


def upstream_route(fallback: str) -> str:
    """The route template the service reported for this request, else ``fallback``."""
    return _upstream_route.get() or fallback


def traced_request(scope: Scope) -> AbstractContextManager[Span | None]:
    """The gateway's server span, continuing the client's ``traceparent`` (tracing on only)."""
    return tracing.server_span(scope, "gateway")


def finish_span(span: Span | None, scope: Scope, route: str, status: int) -> None:
    if span is not None:
        span.update_name(f"{scope['method']} {route}")
        span.set_attribute("http.route", route)
        span.set_attribute("http.response.status_code", status)


class AccessRecorder:
    """Counts, times and logs each request (metric children cached per label set)."""

    def __init__(self, service: str, *, access_log: bool) -> None:
        self._service = service
        self._access_log = access_log
        self._log = structlog.get_logger("access")
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def record(self, method: str, path: str, route: str, status: int, started: float) -> None:
        elapsed = time.perf_counter() - started
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = (
                REQUESTS.labels(self._service, method, route, str(status)),
                LATENCY.labels(self._service, method, route),
            )
            self._children[key] = children
        children[0].inc()
        children[1].observe(elapsed)
        if self._access_log and route not in _QUIET_ROUTES:
            self._log.info(
                "request", method=method, path=path, status=status, ms=round(elapsed * 1000, 2)
            )
