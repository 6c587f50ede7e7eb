"""The gateway as a plain ASGI callable: resolve the service, authenticate, rate-limit, forward.

No framework routing runs per request: the gateway's own endpoints are a dict lookup and
everything under ``/api/`` goes straight to :func:`gateway.forward.forward`.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator

import aiohttp
import httpx
import structlog
from prometheus_client import Counter
from redis.asyncio import Redis
from starlette.types import Receive, Scope, Send

from common.auth import JWKSKeyProvider, KeyProvider, TokenVerifier
from common.errors import ServiceError, TooManyRequests, Unauthorized, problem_response
from common.messaging.context import correlation_id
from gateway.authn import Authenticator, Caller
from gateway.forward import BodyTooLarge, UpstreamError, forward
from gateway.openapi import OpenAPISource
from gateway.ops import ENDPOINTS, OpsContext
from gateway.ratelimit import RateLimiter
from gateway.routes import RouteLabel, RouteTable, is_login, is_public
from gateway.settings import Settings

log = structlog.get_logger("gateway")
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
REJECTED = Counter(
    "gateway_rejected_requests_total", "Requests the gateway answered itself", ["status", "code"]
)


class Gateway:
    """The ASGI app (wrapped by the request-id/logging middleware in :func:`create_app`)."""

    def __init__(self, settings: Settings, *, key_provider: KeyProvider | None = None) -> None:
        self.settings = settings
        self.routes = RouteTable(settings.services)
        self.login_limiter = RateLimiter(settings.login_rate_limit_per_minute)
        self.limiter = RateLimiter(settings.rate_limit_per_minute)
        self._key_provider = key_provider
        self._http: aiohttp.ClientSession | None = None
        self._authn: Authenticator | None = None
        self._ops: OpsContext | None = None
        self._labels = {path: RouteLabel(path) for path in ENDPOINTS}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            endpoint = ENDPOINTS.get(scope["path"])
            if endpoint is None:
                await self._proxy(scope, receive, send)
                return
            scope["route"] = self._labels[scope["path"]]
            if scope["method"] not in {"GET", "HEAD"}:
                await _problem(
                    scope, receive, send, 405, "Only GET is allowed here.", "method_not_allowed"
                )
                return
            assert self._ops is not None, "the gateway runs only with its lifespan"
            response = await endpoint(self._ops, scope)
            await response(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1000})

    async def _proxy(self, scope: Scope, receive: Receive, send: Send) -> None:
        target = self.routes.resolve(scope["path"], scope.get("raw_path"))
        if target is None:
            await _problem(
                scope, receive, send, 404, "No service answers at this path.", "not_found"
            )
            return
        scope["route"] = target.upstream.label
        assert self._http is not None, "the gateway runs only with its lifespan"
        try:
            caller = await self._authenticate(scope)
            self._rate_limit(scope, caller)
            await forward(
                self._http,
                target,
                scope,
                receive,
                send,
                request_id=correlation_id.get() or uuid.uuid4().hex,
                authorization=caller.authorization if caller is not None else None,
                max_body_bytes=self.settings.max_body_bytes,
            )
            if target.upstream.name == "auth" and scope["method"] not in _SAFE_METHODS:
                assert self._authn is not None
                self._authn.accounts_changed()
        except ServiceError as exc:
            await _problem(
                scope, receive, send, exc.status_code, exc.message, exc.code(), exc.headers
            )
        except BodyTooLarge:
            limit = self.settings.max_body_bytes
            detail = f"The request body is larger than {limit} bytes."
            await _problem(scope, receive, send, 413, detail, "content_too_large")
        except UpstreamError as exc:
            log.warning(
                "upstream_failed",
                upstream=target.upstream.name,
                status=exc.status,
                error=repr(exc.__cause__),
            )
            await _problem(scope, receive, send, exc.status, exc.detail, exc.code)

    async def _authenticate(self, scope: Scope) -> Caller | None:
        """The verified caller; None on a public route (whose credentials, if any and not
        verifiable here, are forwarded untouched for the service to judge)."""
        authorization = next((v for n, v in scope["headers"] if n == b"authorization"), None)
        public = is_public(scope["method"], scope["path"])
        if authorization is None:
            if public:
                return None
            raise Unauthorized()
        assert self._authn is not None
        try:
            return await self._authn.authenticate(authorization)
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
        stack = contextlib.AsyncExitStack()
        try:
            await stack.enter_async_context(self._resources())
        except Exception as exc:
            log.exception("gateway_startup_failed")
            await send({"type": "lifespan.startup.failed", "message": repr(exc)})
            return
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        await stack.aclose()
        await send({"type": "lifespan.shutdown.complete"})

    @contextlib.asynccontextmanager
    async def _resources(self) -> AsyncIterator[None]:
        settings = self.settings
        connector = aiohttp.TCPConnector(
            limit=0,
            limit_per_host=settings.upstream_connections_per_host,
            keepalive_timeout=settings.upstream_keepalive_seconds,
        )
        http = aiohttp.ClientSession(
            connector=connector,
            timeout=aiohttp.ClientTimeout(
                total=None,
                connect=settings.read_timeout_seconds,  # waiting for a pooled connection
                sock_connect=settings.connect_timeout_seconds,
                sock_read=settings.read_timeout_seconds,
            ),
            auto_decompress=False,  # bodies pass through as the service encoded them
            cookie_jar=aiohttp.DummyCookieJar(),  # never carry one caller's cookies to another
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
            trust_env=False,
        )
        jwks_http = httpx.AsyncClient(timeout=5.0)
        redis = Redis.from_url(settings.redis_url, socket_connect_timeout=2.0, socket_timeout=2.0)
        openapi = OpenAPISource(
            http,
            self.routes.upstreams,
            cache_seconds=settings.openapi_cache_seconds,
            fetch_timeout=settings.openapi_fetch_timeout_seconds,
        )
        keys = self._key_provider or JWKSKeyProvider(
            settings.jwks_url, jwks_http, ttl=settings.jwks_cache_seconds
        )
        verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        self._authn = Authenticator(settings, verifier=verifier, redis=redis, http=http)
        self._ops = OpsContext(http, redis, self.routes.upstreams, openapi)
        self._http = http
        warm = asyncio.create_task(openapi.rebuild())  # services may start after the gateway
        try:
            yield
        finally:
            warm.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await warm
            await http.close()
            await jwks_http.aclose()
            await redis.aclose()


async def _problem(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    detail: str,
    code: str,
    headers: dict[str, str] | None = None,
) -> None:
    REJECTED.labels(str(status), code).inc()
    await problem_response(status, detail, code, headers=headers)(scope, receive, send)
