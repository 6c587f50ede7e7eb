"""Which card acquirer the service talks to: the adapter named by the settings, or one given by
the caller (tests pass an in-process provider)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from payments.provider import get_provider
from payments.provider.base import PaymentProvider
from payments.settings import Settings


@asynccontextmanager
async def open_provider(
    settings: Settings, override: PaymentProvider | None = None
) -> AsyncIterator[PaymentProvider]:
    """The provider for the lifetime of an app or worker, with its own HTTP client."""
    if override is not None:
        yield override
        return
    async with httpx.AsyncClient(timeout=settings.provider_timeout) as client:
        yield get_provider(
            settings.provider_name,
            http=client,
            base_url=settings.provider_url,
            api_key=settings.provider_api_key,
            webhook_secret=settings.provider_webhook_secret,
            timeout=settings.provider_timeout,
        )
