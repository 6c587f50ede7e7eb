"""Endpoint secrets and Standard Webhooks signatures (made by the ``standardwebhooks`` library).

A secret is ``whsec_`` + base64 of 32 random bytes, the form every Standard Webhooks verifier
accepts. While a rotated-out secret is still valid, a delivery carries one ``v1,`` signature
per secret, separated by a space, so receivers verify with either.
"""

from __future__ import annotations

import base64
import datetime as dt
import secrets
from collections.abc import Sequence
from functools import lru_cache

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


@lru_cache(maxsize=4096)
def _signer(secret: str) -> Webhook:
    """Decoding a secret costs more than signing with it; endpoints sign many deliveries."""
    return Webhook(secret)


def signature_header(
    secrets_: Sequence[str], *, webhook_id: str, timestamp: dt.datetime, body: str
) -> str:
    """The ``webhook-signature`` value: one ``v1,<base64>`` per secret."""
    return " ".join(
        _signer(secret).sign(msg_id=webhook_id, timestamp=timestamp, data=body)
        for secret in secrets_
    )


def headers(
    secrets_: Sequence[str], *, webhook_id: str, timestamp: dt.datetime, body: str
) -> dict[str, str]:
    """The Standard Webhooks headers of one attempt."""
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(timestamp.timestamp())),
        "webhook-signature": signature_header(
            secrets_, webhook_id=webhook_id, timestamp=timestamp, body=body
        ),
        "content-type": "application/json",
        "user-agent": "shop-webhooks/1.0",
    }
