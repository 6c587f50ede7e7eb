"""OpenTelemetry tracing: off by default, and then nothing but a ``None`` check per span.

Turned on per process by the environment (the same variables for every service, the gateway,
workers and the acquirer)::

    OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318   # OTLP/HTTP collector (Jaeger, Tempo...)
    SHOP_TRACE_FILE=/tmp/spans.jsonl                     # or/and: one JSON line per span (tests)

Context travels as W3C ``traceparent``: in HTTP headers (gateway -> service, payments ->
acquirer, acquirer -> payments callback) and in AMQP message headers (the relay copies it from
the outbox envelope; the consumer continues it), so one order is one trace.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Literal

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.propagate import extract, inject
from pydantic_settings import BaseSettings, SettingsConfigDict

SpanKind = Literal["server", "client", "producer", "consumer", "internal"]
_KINDS: dict[str, trace.SpanKind] = {
    "server": trace.SpanKind.SERVER,
    "client": trace.SpanKind.CLIENT,
    "producer": trace.SpanKind.PRODUCER,
    "consumer": trace.SpanKind.CONSUMER,
    "internal": trace.SpanKind.INTERNAL,
}
TRACEPARENT = "traceparent"

_tracer: trace.Tracer | None = None


class TracingSettings(BaseSettings):
    """Read without a service prefix: one setting turns tracing on for the whole platform."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    otel_exporter_otlp_endpoint: str = ""
    shop_trace_file: str = ""

    @property
    def enabled(self) -> bool:
        return bool(self.otel_exporter_otlp_endpoint or self.shop_trace_file)


def configure_tracing(service: str, settings: TracingSettings | None = None) -> bool:
    """Install the SDK's tracer provider if an exporter is configured; True when tracing is on.

    Called once per process (later calls are ignored); the SDK is imported only when on.
    """
    global _tracer
    settings = settings or TracingSettings()
    if _tracer is not None or not settings.enabled:
        return _tracer is not None
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(resource=Resource.create({"service.name": service}))
    if settings.otel_exporter_otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        endpoint = settings.otel_exporter_otlp_endpoint.rstrip("/") + "/v1/traces"
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
    if settings.shop_trace_file:
        exporter = _json_lines_exporter(settings.shop_trace_file)
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    _tracer = provider.get_tracer("shop")
    return True


def enabled() -> bool:
    return _tracer is not None


@contextmanager
def span(
    name: str,
    *,
    kind: SpanKind = "internal",
    carrier: Mapping[str, Any] | None = None,
    attributes: Mapping[str, str | int] | None = None,
) -> Iterator[trace.Span | None]:
    """A span (None when tracing is off), a child of ``carrier``'s ``traceparent`` if given,
    else of the current span."""
    if _tracer is None:
        yield None
        return
    parent = extract(_text_carrier(carrier)) if carrier else None
    with _tracer.start_as_current_span(
        name, context=parent, kind=_KINDS[kind], attributes=dict(attributes or {})
    ) as current:
        yield current


_OFF: AbstractContextManager[None] = nullcontext(None)


def server_span(scope: Mapping[str, Any], service: str) -> AbstractContextManager[Any]:
    """The span of one HTTP request, continuing the caller's ``traceparent``; when tracing is
    off, a shared no-op context (no header scan, no allocation)."""
    if _tracer is None:
        return _OFF
    return span(
        f"{scope['method']} {scope['path']}",
        kind="server",
        carrier=asgi_carrier(scope),
        attributes={"http.request.method": scope["method"], "service": service},
    )


@contextmanager
def continued(traceparent: str | None) -> Iterator[None]:
    """Make ``traceparent`` the current context (no span of its own): work done inside, such as
    publishing an event, joins that trace."""
    if _tracer is None or not traceparent:
        yield
        return
    token = otel_context.attach(extract({TRACEPARENT: traceparent}))
    try:
        yield
    finally:
        otel_context.detach(token)


@contextmanager
def joined(traceparent: str | None) -> Iterator[None]:
    """Like :func:`continued`, unless the current span already belongs to that trace (a
    callback that carried it): then its own, more precise, parent is kept."""
    if _tracer is None or not traceparent:
        yield
        return
    current = trace.get_current_span().get_span_context()
    if current.is_valid and traceparent[3:35] == f"{current.trace_id:032x}":
        yield
        return
    with continued(traceparent):
        yield


def traceparent() -> str | None:
    """The current span's W3C ``traceparent``, or None when tracing is off or no span is open."""
    if _tracer is None:
        return None
    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier.get(TRACEPARENT)


def inject_headers(headers: MutableMapping[str, str]) -> None:
    """Add ``traceparent`` to outgoing HTTP headers (nothing when off)."""
    if _tracer is not None:
        inject(headers)


def with_traceparent(headers: dict[str, str]) -> dict[str, str]:
    """``headers`` itself when tracing is off, else a copy with the current ``traceparent``."""
    if _tracer is None:
        return headers
    copy = dict(headers)
    inject(copy)
    return copy


def ids() -> tuple[str, str] | None:
    """(trace id, span id) in hex for log lines, or None."""
    if _tracer is None:
        return None
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return f"{context.trace_id:032x}", f"{context.span_id:016x}"


def _text_carrier(carrier: Mapping[str, Any]) -> dict[str, str]:
    value = carrier.get(TRACEPARENT)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    return {TRACEPARENT: value} if isinstance(value, str) else {}


def asgi_carrier(scope: Mapping[str, Any]) -> dict[str, str]:
    for name, value in scope.get("headers", ()):
        if name == b"traceparent":
            return {TRACEPARENT: value.decode("latin-1")}
    return {}


def _json_lines_exporter(path: str) -> Any:
    """A span exporter appending each finished span as one JSON line to ``path``."""
    from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult

    lock = threading.Lock()

    class JsonLinesExporter(SpanExporter):
        def export(self, spans: Sequence[Any]) -> SpanExportResult:
            lines = "".join(json.dumps(_span_dict(s)) + "\n" for s in spans)
            with lock:
                # O_APPEND and one write per batch: lines of several processes never interleave.
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, lines.encode())
                finally:
                    os.close(fd)
            return SpanExportResult.SUCCESS

    return JsonLinesExporter()


def _span_dict(finished: Any) -> dict[str, Any]:
    context = finished.get_span_context()
    parent = finished.parent
    return {
        "name": finished.name,
        "service": finished.resource.attributes.get("service.name"),
        "kind": finished.kind.name.lower(),
        "trace_id": f"{context.trace_id:032x}",
        "span_id": f"{context.span_id:016x}",
        "parent_id": f"{parent.span_id:016x}" if parent is not None else None,
        "start_ns": finished.start_time,
        "end_ns": finished.end_time,
        "attributes": dict(finished.attributes or {}),
    }
