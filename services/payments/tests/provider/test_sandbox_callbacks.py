"""Callbacks from the real sandbox reach a receiver and verify; forged or stale ones do not."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any

import httpx
import pytest

from common.testing import wait_for
from payments.provider.base import CallbackNotice
from payments.provider.sandbox import InvalidCallback, SandboxProvider

WEBHOOK_SECRET = "whsec_adapter_tests"


def signed(
    body: bytes, *, timestamp: int | None = None, secret: str = WEBHOOK_SECRET
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {"Sandbox-Timestamp": stamp, "Sandbox-Signature": f"v1={digest}"}


BODY = json.dumps(
    {"id": "evt_1", "type": "charge.updated", "reference": "pay-1", "charge_id": "ch_1"}
).encode()


class TestCallbacksArrive:
    async def test_a_real_callback_arrives_and_verifies(
        self, provider: SandboxProvider, callback_receiver: Any
    ) -> None:
        card = await provider.tokenize(
            number="4242424242424242", exp_month=1, exp_year=2033, cvc="123", holder_name=None
        )
        reference = f"pay-{uuid.uuid4()}"
        charge = await provider.authorize(
            reference=reference, token=card.token, amount=100, currency="USD", capture=False
        )
        await provider.capture(reference=reference, provider_ref=charge.provider_ref, amount=100)

        async def both_arrived() -> list[CallbackNotice]:
            notices = [
                notice
                for headers, body in callback_receiver.received
                for notice in provider.verify_callbacks(headers=headers, body=body)
            ]
            mine = [notice for notice in notices if notice.reference == reference]
            return mine if len(mine) == 2 else []

        notices = await wait_for(both_arrived, timeout=10)
        assert {(n.provider_ref, n.event) for n in notices} == {
            (charge.provider_ref, "charge.updated")
        }
        assert sorted(n.status or "" for n in notices) == ["authorized", "captured"]


class TestBatchVerification:
    def test_a_signed_batch_gives_every_notice(self, provider: SandboxProvider) -> None:
        notices = [
            {"id": f"evt_{i}", "type": "charge.updated", "reference": f"pay-{i}",
             "charge_id": f"ch_{i}", "status": "captured"}
            for i in range(3)
        ]  # fmt: skip
        body = json.dumps({"id": "evt_b", "type": "batch", "data": notices}).encode()
        verified = provider.verify_callbacks(headers=signed(body), body=body)
        assert [(n.reference, n.provider_ref, n.status) for n in verified] == [
            (f"pay-{i}", f"ch_{i}", "captured") for i in range(3)
        ]

    def test_a_single_notice_is_a_list_of_one(self, provider: SandboxProvider) -> None:
        assert provider.verify_callbacks(headers=signed(BODY), body=BODY) == [
            CallbackNotice(reference="pay-1", provider_ref="ch_1", event="charge.updated")
        ]

    @pytest.mark.parametrize(
        "body",
        [
            {"id": "evt_b", "type": "batch", "data": []},
            {"id": "evt_b", "type": "batch", "data": [{"reference": "pay-1"}]},
            {"id": "evt_b", "type": "batch", "data": ["x"]},
        ],
        ids=["empty", "incomplete-notice", "not-an-object"],
    )
    def test_malformed_batches_are_refused(
        self, provider: SandboxProvider, body: dict[str, Any]
    ) -> None:
        raw = json.dumps(body).encode()
        with pytest.raises(InvalidCallback):
            provider.verify_callbacks(headers=signed(raw), body=raw)

    def test_a_tampered_batch_is_refused(self, provider: SandboxProvider) -> None:
        notice = {"type": "charge.updated", "reference": "pay-1", "charge_id": "ch_1"}
        body = json.dumps({"type": "batch", "data": [notice]}).encode()
        with pytest.raises(InvalidCallback):
            provider.verify_callbacks(headers=signed(body), body=body.replace(b"pay-1", b"pay-2"))


class TestVerification:
    def test_a_good_signature_gives_the_notice(self, provider: SandboxProvider) -> None:
        notice = provider.verify_callback(headers=signed(BODY), body=BODY)
        assert notice == CallbackNotice(
            reference="pay-1", provider_ref="ch_1", event="charge.updated"
        )

    def test_header_names_are_case_insensitive(self, provider: SandboxProvider) -> None:
        headers = {name.lower(): value for name, value in signed(BODY).items()}
        assert provider.verify_callback(headers=headers, body=BODY).reference == "pay-1"

    def test_a_second_signature_for_a_rotated_secret_is_accepted(
        self, provider: SandboxProvider
    ) -> None:
        headers = signed(BODY)
        old = signed(BODY, timestamp=int(headers["Sandbox-Timestamp"]), secret="whsec_old")
        headers["Sandbox-Signature"] = f"{old['Sandbox-Signature']}, {headers['Sandbox-Signature']}"
        assert provider.verify_callback(headers=headers, body=BODY).provider_ref == "ch_1"

    @pytest.mark.parametrize(
        ("headers", "body"),
        [
            (signed(BODY, secret="whsec_forged"), BODY),
            (signed(BODY), BODY.replace(b"pay-1", b"pay-2")),
            ({"Sandbox-Timestamp": str(int(time.time()))}, BODY),
            ({"Sandbox-Signature": signed(BODY)["Sandbox-Signature"]}, BODY),
            ({**signed(BODY), "Sandbox-Timestamp": "soon"}, BODY),
            ({**signed(BODY), "Sandbox-Signature": "v1=00"}, BODY),
            (signed(b"[]"), b"[]"),
            (signed(b"not json"), b"not json"),
            (signed(b'{"reference": "pay-1"}'), b'{"reference": "pay-1"}'),
        ],
        ids=[
            "wrong-secret",
            "tampered-body",
            "no-signature",
            "no-timestamp",
            "bad-timestamp",
            "bad-signature",
            "not-an-object",
            "not-json",
            "missing-fields",
        ],
    )
    def test_forged_or_malformed_callbacks_are_refused(
        self, provider: SandboxProvider, headers: dict[str, str], body: bytes
    ) -> None:
        with pytest.raises(InvalidCallback):
            provider.verify_callback(headers=headers, body=body)

    def test_a_callback_older_than_five_minutes_is_refused_as_a_replay(
        self, http: httpx.AsyncClient
    ) -> None:
        headers = signed(BODY, timestamp=1_800_000_000)
        fresh = _provider(http, now=1_800_000_000 + 300)
        assert fresh.verify_callback(headers=headers, body=BODY).reference == "pay-1"
        stale = _provider(http, now=1_800_000_000 + 301)
        with pytest.raises(InvalidCallback, match="too old"):
            stale.verify_callback(headers=headers, body=BODY)

    def test_a_callback_from_more_than_five_minutes_ahead_is_refused(
        self, http: httpx.AsyncClient
    ) -> None:
        headers = signed(BODY, timestamp=1_800_000_000)
        with pytest.raises(InvalidCallback, match="future"):
            _provider(http, now=1_800_000_000 - 301).verify_callback(headers=headers, body=BODY)

    def test_invalid_callback_is_a_value_error(self) -> None:
        assert issubclass(InvalidCallback, ValueError)


def _provider(http: httpx.AsyncClient, *, now: float) -> SandboxProvider:
    return SandboxProvider(
        http,
        base_url="http://127.0.0.1:9",
        api_key="k",
        webhook_secret=WEBHOOK_SECRET,
        clock=lambda: now,
    )
