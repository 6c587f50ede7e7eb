"""A tiny service run as real uvicorn processes by test_observability.py (``python -m obsapp``)."""

from __future__ import annotations

import logging
import os

from fastapi import APIRouter, FastAPI
from prometheus_client import Counter
from pydantic_settings import SettingsConfigDict

from common.app import create_service_app, run_api
from common.settings import ServiceSettings

HITS = Counter("obsapp_hits_total", "Hits of POST /hits")
router = APIRouter()


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OBSAPP_", extra="ignore", frozen=True)
    service_name: str = "obsapp"


@router.post("/hits")
async def hit() -> dict[str, int]:
    HITS.inc()
    return {"pid": os.getpid()}


@router.get("/items/{item_id}")
async def item(item_id: int) -> dict[str, int]:
    logging.getLogger("thirdparty.lib").warning("plain stdlib line for %s", item_id)
    return {"id": item_id}


@router.get("/boom")
async def boom() -> None:
    raise RuntimeError("boom")


def create_app() -> FastAPI:
    return create_service_app(Settings(), title="obsapp", routers=[router])


def main() -> None:
    run_api(create_app, Settings())
