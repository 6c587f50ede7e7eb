"""The gateway's operations port: metrics, readiness and an on-demand rebuild of the merged
document, for Prometheus, probes and operators on internal addresses; never the public port.

A small aiohttp server started in the gateway's lifespan, in the same process (so it reports
that process's counters). Several gateway workers share the port (``SO_REUSEPORT``).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web
from starlette.responses import Response

from gateway.ops import Endpoint, OpsContext, healthz, metrics, openapi_json, readyz

OPS_ENDPOINTS: dict[str, Endpoint] = {
    "/healthz": healthz,
    "/readyz": readyz,
    "/metrics": metrics,
    "/openapi.json": openapi_json,  # honours ?refresh=true here only
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _handler(endpoint: Endpoint, context: OpsContext) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        scope = {"query_string": request.query_string.encode("latin-1")}
        response: Response = await endpoint(context, scope)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        return web.Response(body=response.body, status=response.status_code, headers=headers)

    return handle


@contextlib.asynccontextmanager
async def serve_ops(host: str, port: int, context: OpsContext) -> AsyncIterator[None]:
    app = web.Application()
    for path, endpoint in OPS_ENDPOINTS.items():
        app.router.add_get(path, _handler(endpoint, context))
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port, reuse_port=True).start()
        yield
    finally:
        await runner.cleanup()
