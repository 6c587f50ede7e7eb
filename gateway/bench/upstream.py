"""A minimal service stand-in for the benchmark: raw ASGI, so the upstream costs as little as
possible and the difference between direct and through-gateway calls is the gateway's.

Serves ``/.well-known/jwks.json`` from the file named by ``BENCH_JWKS_FILE`` (the bench's
signing key) and answers everything else with a small JSON body, reading any request body.
"""

from __future__ import annotations

import os
from pathlib import Path

from starlette.types import Receive, Scope, Send

_JWKS = (
    Path(os.environ["BENCH_JWKS_FILE"]).read_bytes() if "BENCH_JWKS_FILE" in os.environ else b"{}"
)
_BODY = (
    b'{"id":"5f0c6a8e-4d0b-4a53-9a3e-2f1c9b8d7e61","name":"Widget","price":1999,"currency":"USD"}'
)
_JSON = [(b"content-type", b"application/json")]


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    body = _JWKS if scope["path"] == "/.well-known/jwks.json" else _BODY
    headers = [*_JSON, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
