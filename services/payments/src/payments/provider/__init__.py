"""Card acquirers behind one interface (:mod:`payments.provider.base`), chosen by name."""

from __future__ import annotations

import httpx

from payments.provider.base import PaymentProvider
from payments.provider.sandbox import SandboxProvider

PROVIDERS = ("sandbox",)


def get_provider(
    name: str,
    *,
    http: httpx.AsyncClient,
    base_url: str,
    api_key: str,
    webhook_secret: str,
    timeout: float = 10.0,
) -> PaymentProvider:
    """The adapter called ``name``, talking through the shared ``http`` client.

    ``base_url``, ``api_key`` and ``webhook_secret`` come from the payments settings;
    ``timeout`` bounds each call (a timeout is a retryable ``provider_timeout``).
    """
    if name == "sandbox":
        return SandboxProvider(
            http,
            base_url=base_url,
            api_key=api_key,
            webhook_secret=webhook_secret,
            timeout=timeout,
        )
    raise ValueError(f"unknown payment provider {name!r}; known: {', '.join(PROVIDERS)}")
