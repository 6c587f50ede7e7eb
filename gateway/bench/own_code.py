"""The gateway's own per-request work, without any I/O: resolve, authenticate (cached token),
rate-limit, build the upstream headers and URL, and record metrics (and the access log line,
written to /dev/null). Whatever else a proxied request costs is uvicorn, aiohttp and the kernel.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time

from starlette.types import Scope

from common.observability import configure_logging
from common.testing import TokenFactory
from gateway.app import Gateway
from gateway.forward import upstream_headers
from gateway.observability import request_id
from gateway.runtime import open_runtime
from gateway.settings import Settings


async def own_code_microseconds(*, access_log: bool, iterations: int = 20_000) -> float:
    settings = Settings(rate_limit_per_minute=10**9, access_log=access_log)
    tokens = TokenFactory()
    token = tokens.token()
    gateway = Gateway(settings, key_provider=tokens.key_provider())
    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/orders/orders/1",
        "raw_path": b"/api/orders/orders/1",
        "query_string": b"",
        "scheme": "http",
        "client": ("127.0.0.1", 50000),
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"user-agent", b"bench"),
            (b"accept", b"*/*"),
            (b"authorization", f"Bearer {token}".encode()),
        ],
    }
    # Opening /dev/null never blocks.
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):  # noqa: ASYNC230
        configure_logging("INFO", service="gateway")
        async with open_runtime(settings, gateway.routes.upstreams, tokens.key_provider()) as rt:
            await rt.authn.authenticate(f"Bearer {token}".encode())  # warm the token cache
            started = time.process_time()
            for _ in range(iterations):
                rid = request_id(scope)
                target = gateway.routes.resolve(scope["path"], scope["raw_path"])
                assert target is not None
                caller = await gateway._authenticate(scope, rt)
                gateway._rate_limit(scope, caller)
                upstream_headers(scope, request_id=rid, authorization=None)
                target.upstream.url(target.raw_rest, scope["query_string"])
                gateway._access.record(
                    "GET", scope["path"], "/api/orders", 200, time.perf_counter()
                )
            elapsed = time.process_time() - started
    sys.stdout.flush()
    return elapsed / iterations * 1e6
