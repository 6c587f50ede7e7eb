"""A service's runtime: the one typed object (settings, clients, helpers) its lifespan builds
per process, stored on the app and read back by one typed dependency, so no route reaches
into the untyped ``app.state``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import FastAPI, Request

R = TypeVar("R")


def install_runtime(app: FastAPI, runtime: object) -> None:
    """Called once by the service's lifespan, before it yields."""
    app.state.runtime = runtime


def runtime_dependency(kind: type[R]) -> Callable[[Request], Awaitable[R]]:
    """The dependency returning the app's runtime, checked to be a ``kind``."""

    # async: FastAPI would run a plain function in its thread pool
    async def runtime(request: Request) -> R:
        value = getattr(request.app.state, "runtime", None)
        if not isinstance(value, kind):
            raise RuntimeError(f"the app's lifespan installed no {kind.__name__}")
        return value

    return runtime
