"""Request ids, the access log line and the request metrics, done inline by the gateway.

Same log shape and metric names as common.observability's middleware (``http_requests_total``,
``http_request_duration_seconds``, one ``request`` JSON line), without a middleware layer and
with the same request ids.
"""

from __future__ import annotations

import time
from typing import Any

import structlog
from prometheus_client import Counter

from common.observability import LATENCY, REQUESTS

REJECTED = Counter(
    "gateway_rejected_requests_total", "Requests the gateway answered itself", ["status", "code"]
)
_QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})


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
