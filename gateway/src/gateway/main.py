"""Entry points: ``create_app`` (the ASGI app, for uvicorn and tests) and ``run`` (the
``gateway`` console script)."""

from __future__ import annotations

from starlette.types import ASGIApp

from common.auth import KeyProvider
from common.metrics import prepare_multiprocess
from common.observability import configure_logging
from gateway.app import Gateway
from gateway.settings import Settings, get_settings


def create_app(
    settings: Settings | None = None, *, key_provider: KeyProvider | None = None
) -> ASGIApp:
    """The gateway ASGI app. ``key_provider`` replaces the JWKS fetched from the auth
    service (tests pass their own)."""
    settings = settings or get_settings()
    configure_logging(settings.log_level, service=settings.service_name)
    return Gateway(settings, key_provider=key_provider)


def run() -> None:
    """``gateway``: uvicorn on settings.host:port, without uvicorn's access log (the app logs)."""
    import uvicorn

    settings = get_settings()
    if settings.workers > 1:
        prepare_multiprocess(settings.service_name, settings.port)
    trusted = settings.forwarded_allow_ips
    uvicorn.run(
        "gateway.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        access_log=False,
        log_level=settings.log_level.lower(),
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        timeout_keep_alive=5,
    )
