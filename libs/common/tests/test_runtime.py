"""The typed runtime: what a lifespan installs is what the one dependency returns."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI

from common.runtime import install_runtime, runtime_dependency


@dataclass(frozen=True)
class Runtime:
    greeting: str


@dataclass(frozen=True)
class OtherRuntime:
    greeting: str


RuntimeDep = Annotated[Runtime, Depends(runtime_dependency(Runtime))]


def _app(installed: object | None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if installed is not None:
            install_runtime(app, installed)
        yield

    app = FastAPI(lifespan=lifespan)

    @app.get("/greeting")
    async def greeting(runtime: RuntimeDep) -> str:
        return runtime.greeting

    return app


async def _get(app: FastAPI) -> httpx.Response:
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=True)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/greeting")


class TestRuntime:
    async def test_the_dependency_returns_what_the_lifespan_installed(self):
        response = await _get(_app(Runtime("hello")))
        assert response.json() == "hello"

    async def test_no_runtime_installed_is_a_clear_error(self):
        with pytest.raises(RuntimeError, match="installed no Runtime"):
            await _get(_app(None))

    async def test_a_runtime_of_another_type_is_refused(self):
        with pytest.raises(RuntimeError, match="installed no Runtime"):
            await _get(_app(OtherRuntime("hello")))
