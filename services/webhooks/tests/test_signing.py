"""Signatures: verified by the standardwebhooks library and by hand (HMAC-SHA256 over
``id.timestamp.body``); a tampered body, another secret or a stale timestamp fail."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from webhooks import signing

BODY = '{"type":"orders.order.paid","timestamp":"2026-12-01T12:00:00Z","data":{},"sequence":1}'


def _headers(*secrets: str, at: dt.datetime | None = None) -> dict[str, str]:
    return signing.headers(
        secrets, webhook_id="msg_1", timestamp=at or dt.datetime.now(dt.UTC), body=BODY
    )


def _by_hand(secret: str, headers: dict[str, str], body: str) -> bool:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    given = [part.split(",", 1)[1] for part in headers["webhook-signature"].split(" ")]
    return any(hmac.compare_digest(expected, sig) for sig in given)


def test_secrets_are_whsec_with_32_random_bytes():
    secret = signing.new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert secret != signing.new_secret()


def test_the_library_verifies_a_signed_delivery():
    secret = signing.new_secret()
    assert Webhook(secret).verify(BODY, _headers(secret))["type"] == "orders.order.paid"


def test_verified_by_hand():
    secret = signing.new_secret()
    headers = _headers(secret)
    assert headers["webhook-signature"].startswith("v1,")
    assert _by_hand(secret, headers, BODY)


def test_a_tampered_body_fails():
    secret = signing.new_secret()
    headers = _headers(secret)
    tampered = BODY.replace('"sequence":1', '"sequence":2')
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(tampered, headers)
    assert not _by_hand(secret, headers, tampered)


def test_another_secret_fails():
    headers = _headers(signing.new_secret())
    other = signing.new_secret()
    with pytest.raises(WebhookVerificationError):
        Webhook(other).verify(BODY, headers)
    assert not _by_hand(other, headers, BODY)


def test_a_stale_timestamp_fails():
    secret = signing.new_secret()
    old = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)
    with pytest.raises(WebhookVerificationError, match="too old"):
        Webhook(secret).verify(BODY, _headers(secret, at=old))


def test_during_a_rotation_both_secrets_sign():
    old, new = signing.new_secret(), signing.new_secret()
    headers = _headers(new, old)
    assert len(headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        Webhook(secret).verify(BODY, headers)
        assert _by_hand(secret, headers, BODY)
