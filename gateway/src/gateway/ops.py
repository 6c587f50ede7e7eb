"""The gateway's own endpoints: health, readiness, metrics, the merged OpenAPI, its docs UIs
and the AsyncAPI document of the bus events."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from redis.asyncio import Redis
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from common.events.asyncapi import asyncapi_document
from common.metrics import exposition
from gateway import docs_ui
from gateway.openapi import OpenAPISource
from gateway.routes import Upstream

_PROBE_TIMEOUT = aiohttp.ClientTimeout(total=2.0)


@dataclass(frozen=True, slots=True)
class OpsContext:
    http: aiohttp.ClientSession
    redis: Redis
    upstreams: dict[str, Upstream]
    openapi: OpenAPISource


Endpoint = Callable[[OpsContext, Scope], Awaitable[Response]]


async def healthz(_: OpsContext, __: Scope) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(context: OpsContext, _: Scope) -> Response:
    """Ready while Redis (token revocation) answers; lists which services answer their
    /healthz. A service being down does not make the gateway unready: the others still work."""
    names = list(context.upstreams)
    redis_ok, *answers = await asyncio.gather(
        _redis_ok(context.redis),
        *(_upstream_ok(context.http, context.upstreams[name]) for name in names),
    )
    body: dict[str, Any] = {
        "status": "ready" if redis_ok else "unavailable",
        "checks": {"redis": redis_ok, "upstreams": dict(zip(names, answers, strict=True))},
    }
    return JSONResponse(body, status_code=200 if redis_ok else 503)


async def _redis_ok(redis: Redis) -> bool:
    try:
        await asyncio.wait_for(redis.ping(), 2.0)
    except Exception:
        return False
    return True


async def _upstream_ok(http: aiohttp.ClientSession, upstream: Upstream) -> bool:
    try:
        async with http.get(f"{upstream.origin}/healthz", timeout=_PROBE_TIMEOUT) as response:
            return response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False


async def metrics(_: OpsContext, __: Scope) -> Response:
    body, media_type = exposition()
    return Response(body, media_type=media_type)


async def openapi_json(context: OpsContext, scope: Scope) -> Response:
    """The merged document; ``?refresh=true`` rebuilds it now instead of within the cache period
    (served on the operations port only: see gateway.ops_server)."""
    query = parse_qs(scope["query_string"].decode("latin-1"))
    refresh = query.get("refresh", ["false"])[0].lower() in {"1", "true", "yes"}
    return Response(await context.openapi.document(refresh=refresh), media_type="application/json")


async def public_openapi_json(context: OpsContext, _: Scope) -> Response:
    """The merged document as cached: anyone may read it, nobody may make the gateway refetch
    every service's document on demand."""
    return Response(await context.openapi.document(), media_type="application/json")


async def docs(_: OpsContext, __: Scope) -> Response:
    return docs_ui.swagger_page()


async def redoc(_: OpsContext, __: Scope) -> Response:
    return docs_ui.redoc_page()


async def docs_oauth2_redirect(_: OpsContext, __: Scope) -> Response:
    return docs_ui.oauth2_redirect_page()


@lru_cache(maxsize=1)
def _asyncapi_body() -> bytes:
    return json.dumps(asyncapi_document(), separators=(",", ":")).encode()


async def asyncapi_json(_: OpsContext, __: Scope) -> Response:
    """The AsyncAPI 3 document of the events on the bus, built from the typed event catalog."""
    return Response(_asyncapi_body(), media_type="application/json")


def _static(name: str) -> Endpoint:
    async def serve(_: OpsContext, __: Scope) -> Response:
        return docs_ui.asset(name)

    return serve


# The public port's own endpoints. /metrics, /readyz and a forced rebuild of the document are
# on the operations port (gateway.ops_server).
ENDPOINTS: dict[str, Endpoint] = {
    "/healthz": healthz,
    "/openapi.json": public_openapi_json,
    "/asyncapi.json": asyncapi_json,
    "/docs": docs,
    "/redoc": redoc,
    "/docs/oauth2-redirect": docs_oauth2_redirect,
    **{docs_ui.STATIC_PREFIX + name: _static(name) for name in docs_ui.ASSET_NAMES},
}
