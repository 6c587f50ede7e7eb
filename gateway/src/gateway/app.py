"""The gateway as a plain ASGI callable: resolve the service, authenticate, rate-limit, forward.

No framework routing or middleware stack runs per request: the gateway's own endpoints are a
dict lookup and everything under ``/api/`` goes straight to :func:`gateway.forward.forward`.
Every response, errors included, carries the request's X-Request-ID.
"""

from __future__ import annotations

import contextlib
import time

import structlog
from starlette.types import Receive, Scope, Send

from common.auth import KeyProvider
from common.errors import ServiceError, TooManyRequests, Unauthorized, problem_response
from common.messaging.context import correlation_id
from common.observability import current_request_id, request_id
from gateway.authn import Caller
from gateway.cors import CorsPolicy, is_preflight, origin_of
from gateway.forward import BodyTooLarge, UpstreamError, forward
from gateway.observability import (
    REJECTED,
    AccessRecorder,
    finish_span,
    traced_request,
    upstream_route,
)
from gateway.ops import ENDPOINTS
from gateway.ratelimit import RateLimiter
from gateway.routes import RouteTable, Target, is_login, is_public
from gateway.runtime import Runtime, open_runtime
from gateway.settings import Settings

log = structlog.get_logger("gateway")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Gateway:
    def __init__(self, settings: Settings, *, key_provider: KeyProvider | None = None) -> None:
        self.settings = settings
        self.routes = RouteTable(settings.services)
        self.login_limiter = RateLimiter(settings.login_rate_limit_per_minute)
        self.limiter = RateLimiter(settings.rate_limit_per_minute)
        self._key_provider = key_provider
        self._runtime: Runtime | None = None
        self.cors = CorsPolicy(settings.cors_origins)
        self._access = AccessRecorder(settings.service_name, access_log=settings.access_log)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            rid = request_id(scope)
            token = correlation_id.set(rid)
            rid_token = current_request_id.set(rid)
            started = time.perf_counter()
            route, status = "unmatched", 500
            origin = origin_of(scope)
            with traced_request(scope) as server_span:
                try:
                    if origin is not None:
                        if is_preflight(scope):
                            route = "preflight"
                            status = await self._preflight(scope, send, origin, rid)
                            return
                        if self.cors.allows(origin.decode("latin-1")):
                            send = CorsPolicy.wrap(send, origin)
                    route, status = await self._handle(scope, receive, send, rid)
                except Exception:
                    log.exception("unhandled_error")
                    with contextlib.suppress(Exception):  # fails if the response had started
                        await _problem(
                            send, rid, 500, "An unexpected error occurred.", "internal_error"
                        )
                finally:
                    route = upstream_route(route)
                    finish_span(server_span, scope, route, status)
                    self._access.record(scope["method"], scope["path"], route, status, started)
                    current_request_id.reset(rid_token)
                    correlation_id.reset(token)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1000})

    async def _preflight(self, scope: Scope, send: Send, origin: bytes, rid: str) -> int:
        """Answers a CORS preflight here, without a token and without the service."""
        if not self.cors.allows(origin.decode("latin-1")):
            detail = "This origin may not call the API from a browser."
            return await _problem(send, rid, 403, detail, "cors_origin_not_allowed")
        requested = next(
            (v for n, v in scope["headers"] if n == b"access-control-request-headers"), None
        )
        headers = self.cors.preflight_headers(origin, requested)
        headers.append((b"x-request-id", rid.encode("latin-1")))
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return 204

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, rid: str
    ) -> tuple[str, int]:
        """Answers the request; returns (route label for metrics, status)."""
        path = scope["path"]
        runtime = self._runtime
        if runtime is None:
            detail = "The gateway is starting or stopping."
            return "unmatched", await _problem(send, rid, 503, detail, "service_unavailable")
        endpoint = ENDPOINTS.get(path)
        if endpoint is not None:
            if scope["method"] not in _SAFE_METHODS:
                detail = "Only GET is allowed here."
                return path, await _problem(send, rid, 405, detail, "method_not_allowed")
            response = await endpoint(runtime.ops, scope)
            response.headers["x-request-id"] = rid
            await response(scope, receive, send)
            return path, response.status_code
        target = self.routes.resolve(path, scope.get("raw_path"))
        if target is None:
            detail = "No service answers at this path."
            return "unmatched", await _problem(send, rid, 404, detail, "not_found")
        return target.upstream.prefix, await self._proxy(scope, receive, send, rid, target, runtime)

    async def _proxy(
        self, scope: Scope, receive: Receive, send: Send, rid: str, target: Target, runtime: Runtime
    ) -> int:
        try:
            caller = await self._authenticate(scope, runtime)
            self._rate_limit(scope, caller)
            status = await forward(
                runtime.http,
                target,
                scope,
                receive,
                send,
                request_id=rid,
                authorization=caller.authorization if caller is not None else None,
                max_body_bytes=self.settings.max_body_bytes,
            )
        except ServiceError as exc:
            return await _problem(send, rid, exc.status_code, exc.message, exc.code(), exc.headers)
        except BodyTooLarge:
            detail = f"The request body is larger than {self.settings.max_body_bytes} bytes."
            return await _problem(send, rid, 413, detail, "content_too_large")
        except UpstreamError as exc:
            log.warning("upstream_failed", upstream=target.upstream.name, error=repr(exc.__cause__))
            return await _problem(send, rid, exc.status, exc.detail, exc.code)
        if target.upstream.name == "auth" and scope["method"] not in _SAFE_METHODS:
            runtime.authn.accounts_changed()  # e.g. a deleted account: re-check revocation
        return status

    async def _authenticate(self, scope: Scope, runtime: Runtime) -> Caller | None:
        """The verified caller; None on a public route (whose credentials, if any and not
        verifiable here, are forwarded untouched for the service to judge)."""
        authorization = next((v for n, v in scope["headers"] if n == b"authorization"), None)
        public = is_public(scope["method"], scope["path"])
        if authorization is None:
            if public:
                return None
            raise Unauthorized()
        try:
            return await runtime.authn.authenticate(authorization)
        except ServiceError:
            if public:
                return None
            raise

    def _rate_limit(self, scope: Scope, caller: Caller | None) -> None:
        client = scope.get("client")
        ip = client[0] if client else "unknown"
        if is_login(scope["method"], scope["path"]):
            wait = self.login_limiter.hit(ip)
        else:
            wait = self.limiter.hit(caller.user_id if caller is not None else f"ip:{ip}")
        if wait:
            raise TooManyRequests(f"Rate limit exceeded; retry in {wait} s.", retry_after=wait)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        await receive()  # lifespan.startup
        async with contextlib.AsyncExitStack() as stack:
            try:
                self._runtime = await stack.enter_async_context(
                    open_runtime(self.settings, self.routes.upstreams, self._key_provider)
                )
            except Exception as exc:
                log.exception("gateway_startup_failed")
                await send({"type": "lifespan.startup.failed", "message": repr(exc)})
                return
            await send({"type": "lifespan.startup.complete"})
            await receive()  # lifespan.shutdown
            self._runtime = None
        await send({"type": "lifespan.shutdown.complete"})


async def _problem(
    send: Send,
    rid: str,
    status: int,
    detail: str,
    code: str,
    headers: dict[str, str] | None = None,
) -> int:
    """Sends an RFC 9457 problem+json response (with the request id); returns its status."""
    REJECTED.labels(str(status), code).inc()
    response = problem_response(
        status, detail, code, headers={**(headers or {}), "X-Request-ID": rid}
    )
    await send({"type": "http.response.start", "status": status, "headers": response.raw_headers})
    await send({"type": "http.response.body", "body": response.body})
    return status
