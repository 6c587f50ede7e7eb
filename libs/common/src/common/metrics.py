"""Prometheus metrics that add up with any number of processes, and the platform's shared metrics.

- An api started with several uvicorn workers keeps its samples in prometheus-client's
  multiprocess mode: ``PROMETHEUS_MULTIPROC_DIR`` is one directory per process group (the
  service and its port), emptied when the group starts, and ``/metrics`` of any worker
  answers the sum over all of them.
- A worker process serves its own ``/metrics`` on a port of its own
  (:func:`start_worker_metrics`): ``<SERVICE>_WORKER_METRICS_PORT``, by default the api's port
  + 1000 (payments 8004 -> 9004); -1 turns it off.
- The metrics below are shared by every service's worker (outbox, relay, consumer) or named
  here so services that are added later (billing's scheduler lag, webhooks' deliveries)
  report under one name.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from wsgiref.simple_server import WSGIServer

import structlog
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    generate_latest,
    start_http_server,
)
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

log = structlog.get_logger("common.metrics")

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
WORKER_METRICS_OFFSET = 1000

# Workers: the bus.
# (The scrape's job label names the service: these carry no service label of their own.)
OUTBOX_BACKLOG = Gauge("outbox_backlog_events", "Outbox events not yet relayed")
OUTBOX_OLDEST_AGE = Gauge(
    "outbox_oldest_unsent_age_seconds", "Age of the oldest unrelayed outbox event"
)
EVENTS_RELAYED = Counter("events_relayed_total", "Events confirmed by the broker", ["event_type"])
RELAY_FAILURES = Counter(
    "events_relay_failures_total", "Events the broker did not confirm", ["event_type"]
)
EVENTS_CONSUMED = Counter(
    "events_consumed_total",
    "Deliveries handled by a consumer, by outcome: handled, duplicate, retried, dead_lettered, "
    "poison",
    ["event_type", "outcome"],
)
DEAD_LETTERS = Gauge("dead_letter_messages", "Messages parked in the service's dead-letter queue")
# Unrouted events: events_unrouted_total{routing_key}, counted by common.messaging.unrouted.

# Hooks for services that report under shared names.
SCHEDULER_LAG = Gauge(
    "scheduler_lag_seconds",
    "How late the oldest due item is (billing: a charge due and not yet requested)",
    ["service", "job"],
)
WEBHOOK_DELIVERIES = Counter(
    "webhook_deliveries_total",
    "Webhook delivery attempts by outcome: delivered, failed, retried, disabled",
    ["outcome"],
)


_PENDING = "metrics_after_commit"
_LISTENING = "metrics_listening"


def after_commit(session: AsyncSession, increment: Callable[[], None]) -> None:
    """Run ``increment`` once ``session`` commits, never if it rolls back: business counters
    (payments by outcome, wallet movements...) count what happened, not what was attempted."""
    session.info.setdefault(_PENDING, []).append(increment)
    if not session.info.get(_LISTENING):
        # Listeners stay for the session's life (removing one while it runs is not allowed).
        session.info[_LISTENING] = True
        event.listen(session.sync_session, "after_commit", _run_pending)
        event.listen(session.sync_session, "after_rollback", _drop_pending)


def _run_pending(session: Session) -> None:
    for increment in session.info.pop(_PENDING, []):
        increment()


def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def multiprocess_dir(service: str, port: int) -> Path:
    return Path(tempfile.gettempdir()) / "shop-metrics" / f"{service}-{port}"


def prepare_multiprocess(service: str, port: int, configured: str = "") -> Path:
    """Point this process and the api workers it starts at a fresh multiprocess directory.

    Must run before the workers import prometheus_client (uvicorn spawns fresh interpreters,
    which read the variable at import). Files left by an earlier run are removed: their counts
    belong to processes that no longer exist.
    """
    directory = Path(configured) if configured else multiprocess_dir(service, port)
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    os.environ[MULTIPROC_ENV] = str(directory)
    return directory


def exposition() -> tuple[bytes, str]:
    """The process group's samples: summed over every worker in multiprocess mode."""
    directory = os.environ.get(MULTIPROC_ENV)
    if directory:
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def worker_metrics_port(api_port: int, configured: int | None) -> int | None:
    """The worker's metrics port: the setting, else the api's port + 1000; None when off."""
    port = api_port + WORKER_METRICS_OFFSET if configured is None else configured
    return port if port > 0 else None


def start_worker_metrics(port: int | None, host: str = "127.0.0.1") -> WSGIServer | None:
    """Serve ``/metrics`` of this worker process on ``port`` (a thread); the server, to shut
    down when the worker stops, or None when off or the port is taken (a second replica on
    the same host: give each its own port)."""
    if port is None:
        return None
    try:
        server, _ = start_http_server(port, addr=host)
    except OSError as exc:
        log.warning("worker_metrics_port_unavailable", port=port, error=repr(exc))
        return None
    log.info("worker_metrics_serving", port=port)
    return server
