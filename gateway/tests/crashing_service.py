"""A service stand-in run as its own process by test_upstream_resets.py.

``POST /crash`` fails the way a service's unhandled error does under uvicorn: the 500 goes out
on a keep-alive connection, then uvicorn logs the exception and closes the socket. A real
service's traceback takes a while to format and log; this stand-in holds its event loop for
``CLOSE_DELAY`` so that window is wide and the next request on the connection is reset unread.
"""

from __future__ import annotations

import time

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

CLOSE_DELAY = 0.2

_app = FastAPI()


@_app.post("/crash")
async def crash() -> None:
    raise RuntimeError("a bug in the service")


@_app.post("/items", status_code=201)
async def create_item(body: dict[str, object]) -> dict[str, object]:
    return body


@_app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    try:
        await _app(scope, receive, send)
    except Exception:
        time.sleep(CLOSE_DELAY)  # noqa: ASYNC251  # blocks the loop, as logging a long traceback does
        raise
