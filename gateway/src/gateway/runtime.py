"""What the gateway holds while it runs, built in its lifespan: the shared upstream pool, the
JWKS client, Redis, the authenticator and the merged-docs source."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import httpx
from redis.asyncio import Redis

from common.auth import JWKSKeyProvider, KeyProvider, TokenVerifier
from gateway.authn import Authenticator
from gateway.openapi import OpenAPISource
from gateway.ops import OpsContext
from gateway.ops_server import serve_ops
from gateway.routes import Upstream
from gateway.settings import Settings


@dataclass(frozen=True, slots=True)
class Runtime:
    http: aiohttp.ClientSession
    authn: Authenticator
    ops: OpsContext


def upstream_session(settings: Settings) -> aiohttp.ClientSession:
    """ONE pooled client for every upstream: keep-alive connections, capped per host."""
    connector = aiohttp.TCPConnector(
        limit=0,
        limit_per_host=settings.upstream_connections_per_host,
        keepalive_timeout=settings.upstream_keepalive_seconds,
    )
    return aiohttp.ClientSession(
        connector=connector,
        timeout=aiohttp.ClientTimeout(
            total=None,
            connect=settings.read_timeout_seconds,  # includes waiting for a pooled connection
            sock_connect=settings.connect_timeout_seconds,
            sock_read=settings.read_timeout_seconds,
        ),
        auto_decompress=False,  # bodies pass through exactly as the service encoded them
        cookie_jar=aiohttp.DummyCookieJar(),  # never carry one caller's cookies to another
        skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
        trust_env=False,
    )


@contextlib.asynccontextmanager
async def open_runtime(
    settings: Settings, upstreams: dict[str, Upstream], key_provider: KeyProvider | None
) -> AsyncIterator[Runtime]:
    async with contextlib.AsyncExitStack() as stack:
        http = upstream_session(settings)
        stack.push_async_callback(http.close)
        redis = Redis.from_url(settings.redis_url, socket_connect_timeout=2.0, socket_timeout=2.0)
        stack.push_async_callback(redis.aclose)
        keys = key_provider
        if keys is None:
            jwks_http = httpx.AsyncClient(timeout=5.0)  # rarely used: JWKS (re)fetches only
            stack.push_async_callback(jwks_http.aclose)
            keys = JWKSKeyProvider(settings.jwks_url, jwks_http, ttl=settings.jwks_cache_seconds)
        verifier = TokenVerifier(keys, issuer=settings.jwt_issuer, audience=settings.jwt_audience)
        openapi = OpenAPISource(
            http,
            upstreams,
            cache_seconds=settings.openapi_cache_seconds,
            fetch_timeout=settings.openapi_fetch_timeout_seconds,
        )
        ops = OpsContext(http, redis, upstreams, openapi)
        await stack.enter_async_context(serve_ops(settings.ops_host, settings.ops_port, ops))
        warm = asyncio.create_task(openapi.document())  # services may well start after us
        try:
            yield Runtime(
                http=http,
                authn=Authenticator(settings, verifier=verifier, redis=redis, http=http),
                ops=ops,
            )
        finally:
            warm.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await warm
