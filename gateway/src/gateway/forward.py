"""Forwarding one request to its service over the shared aiohttp pool, streaming both ways.

Raises :class:`UpstreamError` (mapped to 413/502/503/504 by the caller) only before the
response has started; a failure mid-stream aborts the response (the client sees it cut short).
"""

from __future__ import annotations

import errno
from collections.abc import AsyncIterator

import aiohttp
import structlog
from prometheus_client import Counter
from starlette.types import Receive, Scope, Send
from yarl import URL

from common import tracing
from common.errors import BadRequest
from common.observability import ROUTE_TEMPLATE_HEADER
from gateway.observability import note_upstream_route
from gateway.routes import Target

log = structlog.get_logger("gateway.forward")

HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"proxy-connection",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
    }
)
# Replaced by the gateway's own values, or meaningless past it.
_REQUEST_DROP = HOP_BY_HOP | {
    b"host",
    b"expect",
    b"forwarded",
    b"x-forwarded-for",
    b"x-forwarded-proto",
    b"x-forwarded-host",
    b"x-request-id",
    b"traceparent",
    b"tracestate",
}
# The request middleware sets X-Request-ID and uvicorn its own Date and Server.
_RESPONSE_DROP = HOP_BY_HOP | {b"x-request-id", b"date", b"server"}


_MAX_RESENDS = 2  # several pooled connections may have been reset at once
_NOT_SENT_ERRNOS = frozenset({errno.ECONNRESET, errno.EPIPE})
RETRIED = Counter(
    "gateway_upstream_retries_total",
    "Requests sent again on a new connection because the service reset the pooled one unread",
)

CLIENT_CLOSED = 499  # logged status when the client went away before the response


class UpstreamError(Exception):
    """The service could not be reached or answered badly, before any response was sent."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


class BodyTooLarge(Exception):
    pass


class _ClientGone(Exception):
    pass


class _StreamedBody:
    """Relays the client's body to the service chunk by chunk, counting it against the cap."""

    def __init__(self, receive: Receive, first: bytes, received: int, limit: int) -> None:
        self._receive = receive
        self._first = first
        self.received = received
        self._limit = limit
        self.too_large = False

    async def chunks(self) -> AsyncIterator[bytes]:
        yield self._first
        while True:
            message = await self._receive()
            if message["type"] == "http.disconnect":
                raise _ClientGone
            chunk: bytes = message.get("body", b"")
            self.received += len(chunk)
            if self.received > self._limit:
                self.too_large = True
                raise BodyTooLarge
            if chunk:
                yield chunk
            if not message.get("more_body", False):
                return


def _client_host(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else ""


def upstream_headers(
    scope: Scope, *, request_id: str, authorization: bytes | None
) -> tuple[list[tuple[str, str]], int | None, bool]:
    """Headers for the service, the declared Content-Length, and whether the body is chunked."""
    headers: list[tuple[str, str]] = []
    content_length: int | None = None
    chunked = False
    host = ""
    listed: set[bytes] = set()
    for name, value in scope["headers"]:
        if name in _REQUEST_DROP:
            if name == b"host":
                host = value.decode("latin-1")
            elif name == b"transfer-encoding":
                chunked = True
            elif name == b"connection":
                listed.update(token.strip().lower() for token in value.split(b","))
            continue
        if name == b"content-length":
            try:
                content_length = int(value)
            except ValueError as exc:  # the HTTP server normally refuses these first
                raise BadRequest("The Content-Length header is not a number.") from exc
        elif name == b"authorization" and authorization is not None:
            value = authorization
        headers.append((name.decode("latin-1"), value.decode("latin-1")))
    if listed - {b"keep-alive", b"close"}:
        drop = {token.decode("latin-1") for token in listed}
        headers = [(name, value) for name, value in headers if name.lower() not in drop]
    headers.append(("x-forwarded-for", _client_host(scope)))
    headers.append(("x-forwarded-proto", scope.get("scheme", "http")))
    if host:
        headers.append(("x-forwarded-host", host))
    headers.append(("x-request-id", request_id))
    if tracing.enabled():
        headers.append((tracing.TRACEPARENT, tracing.traceparent() or ""))
    return headers, content_length, chunked


async def forward(
    http: aiohttp.ClientSession,
    target: Target,
    scope: Scope,
    receive: Receive,
    send: Send,
    *,
    request_id: str,
    authorization: bytes | None,
    max_body_bytes: int,
) -> int:
    """Relays the request and the response; returns the status sent to the client."""
    upstream = target.upstream
    headers, content_length, chunked = upstream_headers(
        scope, request_id=request_id, authorization=authorization
    )
    if content_length is not None and content_length > max_body_bytes:
        raise BodyTooLarge
    data: bytes | AsyncIterator[bytes] | None = None
    streamed: _StreamedBody | None = None
    if chunked or content_length:
        message = await receive()
        if message["type"] == "http.disconnect":
            return CLIENT_CLOSED
        first: bytes = message.get("body", b"")
        if len(first) > max_body_bytes:
            raise BodyTooLarge
        if message.get("more_body", False):
            streamed = _StreamedBody(receive, first, len(first), max_body_bytes)
            data = streamed.chunks()
        else:
            data = first
    url = upstream.url(target.raw_rest, scope["query_string"])
    try:
        retryable = streamed is None
        response = await _send(http, scope["method"], url, headers, data, retryable=retryable)
    except aiohttp.ClientConnectorError as exc:
        raise UpstreamError(
            503, "service_unavailable", f"The {upstream.name} service is unavailable."
        ) from exc
    except TimeoutError as exc:  # aiohttp's connect and read timeouts subclass it
        raise UpstreamError(
            504, "gateway_timeout", f"The {upstream.name} service did not answer in time."
        ) from exc
    except aiohttp.ClientError as exc:
        if streamed is not None and streamed.too_large:
            raise BodyTooLarge from exc
        if isinstance(exc.__cause__, _ClientGone):
            return CLIENT_CLOSED
        raise UpstreamError(
            502, "bad_gateway", f"The {upstream.name} service closed the connection."
        ) from exc
    try:
        await _relay_response(response, target, send, request_id)
    finally:
        response.release()
    return response.status


def _never_read(exc: aiohttp.ClientError) -> bool:
    """True when the service did not read the request: its socket was reset (a peer that
    closes with bytes still unread sends RST, not FIN) or was already closed when we wrote
    (EPIPE). The gateway never pipelines, so the unread bytes are this request's.

    That is the reused keep-alive connection whose service was closing it (after a 500, or at
    its idle timeout) when this request went out: resending it on a new connection cannot run
    it twice. A plain end of stream (``ServerDisconnectedError``) is not proof: the service may
    have read the request and died while handling it, so that is never retried.
    """
    return isinstance(exc, aiohttp.ClientOSError) and exc.errno in _NOT_SENT_ERRNOS


async def _send(
    http: aiohttp.ClientSession,
    method: str,
    url: URL,
    headers: list[tuple[str, str]],
    data: bytes | AsyncIterator[bytes] | None,
    *,
    retryable: bool,
) -> aiohttp.ClientResponse:
    """Sends the request, again (on another connection) while the service resets it unread;
    only a buffered body can be sent twice."""
    for _ in range(_MAX_RESENDS):
        try:
            return await http.request(
                method, url, headers=headers, data=data, allow_redirects=False
            )
        except aiohttp.ClientOSError as exc:
            if not (retryable and _never_read(exc)):
                raise
            RETRIED.inc()
            log.info("upstream_resent", url=str(url.origin()), error=repr(exc))
    return await http.request(method, url, headers=headers, data=data, allow_redirects=False)


async def _relay_response(
    response: aiohttp.ClientResponse, target: Target, send: Send, request_id: str
) -> None:
    headers: list[tuple[bytes, bytes]] = [(b"x-request-id", request_id.encode("latin-1"))]
    for name, value in response.raw_headers:
        lowered = name.lower()
        if lowered in _RESPONSE_DROP:
            continue
        if lowered == ROUTE_TEMPLATE_HEADER:
            note_upstream_route(target.upstream.prefix, value)
            continue
        if lowered == b"location":
            value = target.upstream.public_location(value.decode("latin-1")).encode("latin-1")
        headers.append((lowered, value))
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    content = response.content
    try:
        while True:
            chunk = await content.readany()
            more = bool(chunk) and not content.at_eof()
            await send({"type": "http.response.body", "body": chunk, "more_body": more})
            if not more:
                return
    except (aiohttp.ClientError, TimeoutError) as exc:
        # The status line is already out: all we can do is cut the response short (returning
        # unfinished makes the server close the connection, so the client sees the truncation).
        log.warning("upstream_stream_broken", upstream=target.upstream.name, error=repr(exc))
        response.close()
